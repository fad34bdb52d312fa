/**
 * The arena window, seen by the passes: where a chunk's rows are copied (ChunkTargets), and
 * what happens to them there — the data scan, a callback model's values, the fold.
 *
 * The data are checked on every pass: a source may give NaN or sigma 0 on its second pass, and
 * that is the same FitError as on the first, naming the row. The first pass scans every chunk;
 * later ones check sigma, and scan the rest only when the fold meets a non-finite value (a NaN or
 * infinite datum makes the residual or the model non-finite). Rows already in the window
 * (resident data) are folded again without a check: they cannot change.
 */
import { SCAN_CHECK, SCAN_CONTINUE, SCAN_OK, SCAN_SIGMA, SCAN_START } from '../wasm/abi.ts';
import type { Evaluator } from '../wasm/evaluator.ts';
import type { Staging } from '../wasm/instance.ts';
import type { CallbackEvaluator } from '../models/callback.ts';
import { copyColumn, type ChunkTargets, type NumericArray, type RowStream } from '../sources/rows.ts';
import { checkFinite, dataError, scannedValue, type DataNames } from './data-errors.ts';

export class Window {
  readonly evaluator: Evaluator;
  readonly rows: RowStream;
  /** Where the rows go: the window's columns (JS scratch for x with a callback model). */
  readonly targets: ChunkTargets;
  readonly chunkRows: number;
  readonly #callback: CallbackEvaluator | undefined;
  readonly #parameters: number;
  /** How messages name the data's columns: the stream's own names, or a global fit's dataset's. */
  readonly #names: DataNames;
  /** Row of its pass where the last chunk folded starts (for NON_FINITE_MODEL). */
  #chunkStart = 0;

  constructor(evaluator: Evaluator, rows: RowStream, chunkRows: number, staging: Staging | undefined, callback: CallbackEvaluator | undefined, parameters: number, names: DataNames = rows) {
    this.evaluator = evaluator;
    this.#names = names;
    this.rows = rows;
    this.chunkRows = chunkRows;
    this.#callback = callback;
    this.#parameters = parameters;
    const windowBuffer = evaluator.windowY.buffer;
    this.targets = {
      // A callback model reads x from JS scratch and writes its value and derivatives into the window.
      x: callback ? [new Float64Array(chunkRows)] : evaluator.windowX,
      y: evaluator.windowY,
      sigma: evaluator.windowSigma,
      copy(target: Float64Array, offset: number, column: NumericArray, start: number, n: number) {
        // Float32 columns are staged as they are and widened inside WASM (assembly/linalg/widen.ts).
        if (column instanceof Float32Array && staging && target.buffer === windowBuffer) {
          staging.view.set(column.subarray(start, start + n));
          staging.widen(target, offset, n);
        } else {
          copyColumn(target, offset, column, start, n);
        }
      },
    };
  }

  /**
   * Folds the n rows just filled, which start at row `start` of their pass: checked (on the
   * first pass the statistics of y are summed too), evaluated by a callback model, folded.
   * Returns whether every value of the model and the residuals was finite. The statistics start
   * afresh at row 0 of the pass, or where `restart` says (a global fit's datasets: passes/global.ts).
   */
  fold(n: number, start: number, firstPass: boolean, restart = start === 0): boolean {
    const { evaluator, rows } = this;
    const callback = this.#callback;
    const xColumns = callback ? 0 : evaluator.windowX.length;
    // The first pass scans every chunk before folding it; a later pass checks sigma (a sigma ≤ 0
    // keeps the fold finite), and the rest only when the fold met a non-finite value.
    if (firstPass) this.#check(n, restart ? SCAN_START : SCAN_CONTINUE, xColumns);
    else if (rows.hasSigma) this.#check(n, SCAN_SIGMA, 0);
    if (callback) {
      const x = this.targets.x[0];
      checkFinite(x, n, this.#names, (i) => rows.sourceRow(i));
      callback.evaluate(x, n, evaluator.scalars.subarray(0, this.#parameters), evaluator.windowX);
    }
    this.#chunkStart = start;
    const finite = evaluator.fold(n);
    if (!finite && !firstPass) this.#check(n, SCAN_CHECK, xColumns);
    return finite;
  }

  // Throws the data error a scan of the window's first n rows finds, naming the source row.
  #check(n: number, mode: number, xColumns: number): void {
    const { evaluator, rows } = this;
    const column = evaluator.scan(n, mode, xColumns);
    if (column !== SCAN_OK) {
      const i = evaluator.scanRow;
      throw dataError(this.#names, column, rows.sourceRow(i), scannedValue(this.targets, column, i));
    }
  }

  /** Folds again rows that stay in the window (resident data): no scan, no copy. */
  refold(n: number): boolean {
    const callback = this.#callback;
    if (callback) callback.evaluate(this.targets.x[0], n, this.evaluator.scalars.subarray(0, this.#parameters), this.evaluator.windowX);
    this.#chunkStart = 0;
    return this.evaluator.fold(n);
  }

  /** Where the last chunk folded first met a non-finite model value: its source row, and x there. */
  badRow(): { row: number; x: number | undefined } {
    const i = this.evaluator.badRow - this.#chunkStart; // the row within the last chunk filled
    return { row: this.rows.sourceRow(i), x: this.rows.variables.length > 1 ? undefined : this.targets.x[0][i] };
  }
}
