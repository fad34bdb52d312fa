/**
 * The resident pass: in-memory arrays that fit the window whole. The first pass fills the window
 * and the data stay there — later passes fold the window again without copying or scanning (the
 * fold never writes to it). Nothing waits, so a pass is a plain call, not a generator: the hot
 * path of many small fits (a generator per pass costs a quarter of their time).
 */
import { FitError } from '../errors.ts';
import type { Wait } from '../sources/rows.ts';
import type { Checkpoint } from './checkpoint.ts';
import type { Folded, Pass } from './pass.ts';
import type { Window } from './window.ts';

export class ResidentPass implements Pass {
  readonly #window: Window;
  readonly #checkpoint: Checkpoint;
  /** Rows in the window to stay, once the first pass has filled it. */
  #resident = 0;

  constructor(window: Window, checkpoint: Checkpoint) {
    this.#window = window;
    this.#checkpoint = checkpoint;
  }

  run(at: number): Folded {
    const window = this.#window;
    const { evaluator, rows } = window;
    evaluator.begin(at);
    let n = this.#resident;
    let finite: boolean;
    if (n > 0) {
      finite = window.refold(n);
    } else {
      rows.begin();
      n = synchronously(rows.fill(window.targets, window.chunkRows));
      finite = n === 0 || window.fold(n, 0, true);
      if (finite) {
        synchronously(rows.fill(window.targets, window.chunkRows)); // 0: the end of the pass
        rows.end();
        this.#resident = rows.rows;
      } else {
        rows.abandon();
      }
    }
    this.#checkpoint.chunk(n);
    return { finite, overflow: evaluator.overflow, objective: evaluator.objective, chi2: evaluator.chi2 };
  }

  badRow() {
    return this.#window.badRow();
  }

  close(): void {}
}

// Runs steps that never wait — a fill from in-memory arrays — to their end.
function synchronously<T>(steps: Generator<Wait, T, unknown>): T {
  const step = steps.next();
  if (!step.done) throw new FitError('INTERNAL', 'a fill from in-memory arrays waited (please report this)');
  return step.value;
}
