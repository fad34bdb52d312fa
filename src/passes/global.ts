/**
 * The global pass (api/global.ts): several datasets, each with its own model, one after another
 * through the one window and the one evaluator into one factor R̃ — one pass over all their rows,
 * as the streaming pass makes one over a source's. Nothing is carved per dataset: memory is one
 * window, R̃ and at most one more (P+1)² block, whatever the number of datasets or rows.
 *
 * For each dataset in turn its program is loaded into the carved workspace (driver/
 * global-program.ts: code, outputs, constants — θ stays in its slots) and its rows stream through
 * the window, checked and named as `datasets[d].y[5]`, and folded. The datasets fold in
 * *segments*: a segment begins with a fresh R̃ (the evaluator's begin: θ from the solver's point,
 * R̃ and the sums at 0), and when it ends its R̃ is merged with the segments' before it — a QR of
 * the two stacked, TSQR's reduction step, as the parallel pass merges its workers' — through one
 * (P+1)² block carved beside the factor. Why: a dataset's Jacobian is zero in the columns of the
 * parameters its model does not read, and folded into a fresh R̃ those columns stay zero, which
 * the fold's sweeps run through at half the cost (≈ 1.5× faster per row than folding into an R̃
 * full from other datasets); the merge costs about (P+1)³ flops, as much as folding P+1 rows.
 * So a dataset of many rows (≥ 2(P+1), or a chunk source's, whose rows are unknown when the fit
 * is carved) has a segment of its own, and consecutive small ones share one (driver/global-run.ts).
 *
 * Each dataset's χ² and objective are the growth of its segment's sums over its rows (exact for
 * the first dataset of a segment); its statistics of y (for its R²) are its own, started afresh
 * at its first row.
 */
import { FitError } from '../errors.ts';
import type { DatasetProgram, Evaluator } from '../wasm/evaluator.ts';
import type { RowStream, Wait } from '../sources/rows.ts';
import type { Checkpoint } from './checkpoint.ts';
import type { Folded, Pass, Steps } from './pass.ts';
import type { Window } from './window.ts';

export interface GlobalDatasetWindow {
  window: Window;
  program: DatasetProgram;
}

export class GlobalPass implements Pass {
  readonly #evaluator: Evaluator;
  readonly #datasets: GlobalDatasetWindow[];
  /** The first dataset of each segment, and the number of datasets (where the last ends). */
  readonly #segments: number[];
  /** Loaded when a segment of several datasets begins: every output a scalar, so that no column is folded in place. */
  readonly #idle: DatasetProgram;
  readonly #constantsAt: number;
  readonly #checkpoint: Checkpoint;
  /** R̃ of the segments folded so far in this pass, while the next one folds (with more than one segment). */
  readonly #saved: number;
  readonly #savedView: Float64Array | undefined;
  readonly #factor: Float64Array;
  /** Per dataset, in the last pass: χ² and the objective Σc²ρ (of the residuals as the solver scales them). */
  readonly chi2: Float64Array;
  readonly objective: Float64Array;
  /** Per dataset, from its first complete pass: the statistics of y (shift, Σw, Σw(y − shift), Σw(y − shift)²). */
  readonly statistics: (Float64Array | undefined)[];
  /** The dataset the last pass stopped in (a value not finite), or −1. */
  #bad = -1;

  /**
   * `segments`: the first dataset of each segment, in order, from 0. `saved`: a pointer to (P+1)²
   * f64 in the arena (needed with more than one segment).
   */
  constructor(evaluator: Evaluator, datasets: GlobalDatasetWindow[], segments: number[], idle: DatasetProgram, constantsAt: number, saved: number, checkpoint: Checkpoint) {
    this.#evaluator = evaluator;
    this.#datasets = datasets;
    this.#segments = [...segments, datasets.length];
    this.#idle = idle;
    this.#constantsAt = constantsAt;
    this.#checkpoint = checkpoint;
    const n1 = evaluator.p + 1;
    const buffer = evaluator.scalars.buffer;
    this.#saved = saved;
    this.#savedView = saved ? new Float64Array(buffer, saved, n1 * n1) : undefined;
    this.#factor = new Float64Array(buffer, evaluator.factor, n1 * n1);
    this.chi2 = new Float64Array(datasets.length);
    this.objective = new Float64Array(datasets.length);
    this.statistics = datasets.map(() => undefined);
  }

  *run(at: number): Steps<Folded> {
    const evaluator = this.#evaluator;
    const checkpoint = this.#checkpoint;
    const datasets = this.#datasets;
    const segments = this.#segments;
    const sigma = evaluator.windowSigma;
    let objective = 0;
    let chi2 = 0;
    let done = 0; // rows of the datasets before this one, in this pass
    this.#bad = -1;
    for (let s = 0; s + 1 < segments.length; s++) {
      const first = segments[s];
      const end = segments[s + 1];
      // The in-place flags are set as the segment begins, from the outputs loaded then: with one
      // dataset its own; with several, none (each program's registers are its own).
      evaluator.load(end - first === 1 ? datasets[first].program : this.#idle, this.#constantsAt);
      evaluator.begin(at);
      let folded = 0; // rows of this segment before this dataset
      for (let d = first; d < end; d++) {
        const { window, program } = datasets[d];
        const { rows, targets, chunkRows } = window;
        evaluator.load(program, this.#constantsAt);
        // A dataset without sigma in a window that has a sigma column: every weight 1.
        if (sigma && !rows.hasSigma) sigma.fill(1);
        const chi2Before = evaluator.chi2;
        const objectiveBefore = evaluator.objective;
        // Until this dataset has been read to its end once, its chunks are scanned and its statistics of y summed.
        const firstPass = rows.rows < 0;
        inDataset(d, () => rows.begin());
        let start = 0;
        let finite = true;
        for (let n = yield* fill(d, rows, targets, chunkRows); n > 0; n = yield* fill(d, rows, targets, chunkRows)) {
          finite = window.fold(n, folded + start, firstPass, start === 0);
          start += n;
          checkpoint.chunk(done + start);
          yield;
          checkpoint.check();
          if (!finite) break;
        }
        if (!finite) {
          inDataset(d, () => rows.abandon());
          this.#bad = d;
          return { finite: false, overflow: evaluator.overflow, objective: objective + evaluator.objective, chi2: chi2 + evaluator.chi2 };
        }
        inDataset(d, () => rows.end());
        if (firstPass) this.statistics[d] = start > 0 ? evaluator.statistics() : new Float64Array(4);
        this.chi2[d] = evaluator.chi2 - chi2Before;
        this.objective[d] = evaluator.objective - objectiveBefore;
        folded += start;
        done += start;
      }
      objective += evaluator.objective;
      chi2 += evaluator.chi2;
      // R̃ of the segments before this one joins this one's; kept aside while the next one folds.
      if (s > 0) evaluator.mergeFactorAt(this.#saved);
      if (s + 2 < segments.length) this.#savedView!.set(this.#factor);
    }
    return { finite: true, overflow: false, objective, chi2 };
  }

  /** The dataset the last pass stopped in, and where: its source row, and x there when known. */
  badRow() {
    const d = Math.max(this.#bad, 0);
    return { dataset: d, ...this.#datasets[d].window.badRow() };
  }

  close(): void {}
}

// A dataset's rows: what its stream throws names the dataset (an abort is the fit's, not the dataset's).
function* fill(d: number, rows: RowStream, targets: Window['targets'], max: number): Generator<Wait, number, unknown> {
  try {
    return yield* rows.fill(targets, max);
  } catch (error) {
    throw namedError(d, error);
  }
}

/** Runs `run`; what it throws about dataset d names the dataset (namedError). */
export function inDataset<T>(d: number, run: () => T): T {
  try {
    return run();
  } catch (error) {
    throw namedError(d, error);
  }
}

/**
 * Puts `datasets[d]: ` before the message of a FitError about dataset d (not an abort, which is
 * the fit's, nor a message that already names a value of the dataset, `datasets[d].y[5]`).
 */
export function namedError(d: number, error: unknown): unknown {
  if (error instanceof FitError && error.code !== 'ABORTED' && !error.message.startsWith('datasets[')) {
    error.message = `datasets[${d}]: ${error.message}`;
  }
  return error;
}
