/**
 * The parallel pass (`workers: k`): this thread and k − 1 pass workers take the chunks in turn.
 * This thread folds its own into the window as usual; the workers get copies (their buffers
 * transferred, and handed back for reuse) and fold into partial factors R̃ₖ, merged into this
 * evaluator's R̃ — a QR of the stacked factors, TSQR's reduction step.
 */
import type { Checkpoint } from './checkpoint.ts';
import { dataError } from './data-errors.ts';
import type { Folded, Pass, Steps } from './pass.ts';
import type { PassResult } from './protocol.ts';
import type { PassWorker, PassWorkers } from './pass-workers.ts';
import type { Window } from './window.ts';
import { poolStatistics } from './statistics.ts';

export class ParallelPass implements Pass {
  readonly #window: Window;
  readonly #checkpoint: Checkpoint;
  readonly #pool: PassWorkers;
  readonly #workers: PassWorker[];
  readonly #omitting: boolean;
  #badRow = -1;

  /** `workers` come from pool.acquire() and have been set up with this fit's evaluator. */
  constructor(window: Window, checkpoint: Checkpoint, pool: PassWorkers, workers: PassWorker[], omitting: boolean) {
    this.#window = window;
    this.#checkpoint = checkpoint;
    this.#pool = pool;
    this.#workers = workers;
    this.#omitting = omitting;
  }

  *run(at: number): Steps<Folded> {
    const window = this.#window;
    const { evaluator, rows, targets, chunkRows } = window;
    const workers = this.#workers;
    const first = rows.rows < 0; // until a pass is complete (the calibration may ask for the first again)
    const v = evaluator.windowX.length;
    evaluator.begin(at);
    const point = evaluator.pointCopy(at);
    for (const w of workers) w.post({ type: 'begin', point, first });
    rows.begin();
    let turn = 0;
    let start = 0;
    let local = 0; // rows this thread folded in this pass
    let localFinite = true;
    this.#badRow = -1;
    for (;;) {
      const slot = turn++ % (workers.length + 1);
      const worker = slot === 0 ? undefined : workers[slot - 1];
      if (worker) {
        const room = worker.room();
        if (room) yield room;
      }
      const into = worker ? { ...worker.columns(v, rows.hasSigma, chunkRows), copy: targets.copy } : targets;
      const n = yield* rows.fill(into, chunkRows);
      if (n === 0) break;
      if (worker) {
        // Where the rows come from, for messages: the first row (rows are consecutive), or each
        // row's when NaN rows were skipped.
        const sourceRows = this.#omitting ? Float64Array.from({ length: n }, (_, i) => rows.sourceRow(i)) : undefined;
        worker.send({ x: into.x, y: into.y, sigma: into.sigma, rows: n, firstRow: rows.sourceRow(0), sourceRows });
      } else if (localFinite) {
        // window.fold scans (every pass) and folds; its bad row is relative to this thread's rows.
        localFinite = window.fold(n, local, first);
        if (!localFinite) this.#badRow = rows.sourceRow(evaluator.badRow - local);
        local += n;
      }
      start += n;
      this.#checkpoint.chunk(start);
      yield;
      this.#checkpoint.check();
    }
    const results = (yield this.#pool.end(workers)) as PassResult[];
    const scan = results.find((r) => r.scanError)?.scanError;
    if (scan) throw dataError(rows, scan.column, scan.row, scan.value);
    if (first) mergeStatistics(evaluator, results.map((r) => r.statistics));
    const finite = localFinite && results.every((r) => r.finite);
    // An overflow (a matter of scale) only when no part met a model that was not finite.
    const overflow = !finite && (localFinite || evaluator.overflow) && results.every((r) => r.finite || r.overflow);
    const folded: Folded = { finite, overflow, objective: evaluator.objective, chi2: evaluator.chi2 };
    for (const r of results) {
      folded.objective += r.objective;
      folded.chi2 += r.chi2;
      if (r.badRow >= 0 && (this.#badRow < 0 || r.badRow < this.#badRow)) this.#badRow = r.badRow;
    }
    if (folded.finite) {
      for (const r of results) evaluator.mergeFactor(r.factor);
      rows.end();
    } else {
      rows.abandon();
    }
    return folded;
  }

  badRow() {
    return { row: this.#badRow, x: undefined };
  }

  close(): void {
    this.#pool.release(this.#workers);
  }
}

// The statistics of y from several workers, brought to one shift (statistics.ts).
function mergeStatistics(evaluator: Window['evaluator'], parts: Float64Array[]): void {
  const pooled = poolStatistics([evaluator.statistics(), ...parts]);
  if (pooled) evaluator.setStatistics(...pooled);
}
