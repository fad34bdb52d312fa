/**
 * The streaming pass: every row read from the source again on every pass, a window's worth
 * at a time — a chunk source, or arrays larger than the window. It yields after every chunk
 * (the async runner may let the event loop in) and yields the promises of an async source.
 */
import type { Checkpoint } from './checkpoint.ts';
import type { Folded, Pass, Steps } from './pass.ts';
import type { Window } from './window.ts';

export class StreamingPass implements Pass {
  readonly #window: Window;
  readonly #checkpoint: Checkpoint;

  constructor(window: Window, checkpoint: Checkpoint) {
    this.#window = window;
    this.#checkpoint = checkpoint;
  }

  *run(at: number): Steps<Folded> {
    const window = this.#window;
    const { evaluator, rows, targets, chunkRows } = window;
    // Until one pass has read every row, each pass scans and sums the statistics of y (the solver's
    // calibration may end the first pass early, on an overflow, and ask for it again).
    const firstPass = rows.rows < 0;
    evaluator.begin(at);
    rows.begin();
    let start = 0;
    let finite = true;
    for (let n = yield* rows.fill(targets, chunkRows); n > 0; n = yield* rows.fill(targets, chunkRows)) {
      finite = window.fold(n, start, firstPass);
      start += n;
      this.#checkpoint.chunk(start);
      yield;
      this.#checkpoint.check();
      if (!finite) break;
    }
    if (finite) rows.end();
    else rows.abandon();
    return { finite, overflow: evaluator.overflow, objective: evaluator.objective, chi2: evaluator.chi2 };
  }

  badRow() {
    return this.#window.badRow();
  }

  close(): void {}
}
