/**
 * The one checkpoint of a fit for abort and progress. Passes call `chunk` after every chunk;
 * the runner awaits every promise through `race`, so an abort settles the fit within one chunk
 * or one await — also when a source's next() never resolves.
 */
import { FitError, describe } from '../errors.ts';
import type { RunOptions } from '../options/options.ts';

export class Checkpoint {
  /** Passes completed. */
  passes = 0;
  readonly #signal: AbortSignal | undefined;
  readonly #onProgress: RunOptions['onProgress'];
  #solver: { iterations: number; cost: number } | undefined;

  constructor(run: RunOptions) {
    this.#signal = run.signal;
    this.#onProgress = run.onProgress;
  }

  /** The solver whose iteration and cost the progress reports. */
  watch(solver: { iterations: number; cost: number }): void {
    this.#solver = solver;
  }

  /** Throws FitError ABORTED once the signal has fired. */
  check(): void {
    if (this.#signal?.aborted) throw aborted(this.#signal);
  }

  /** After a chunk: `rows` folded so far in this pass. */
  chunk(rows: number): void {
    this.check();
    const onProgress = this.#onProgress;
    if (!onProgress) return;
    const solver = this.#solver;
    const progress = { pass: this.passes, iteration: solver?.iterations ?? 0, rows, cost: this.passes > 0 && solver ? solver.cost : NaN };
    try {
      onProgress(progress);
    } catch (error) {
      throw progressError(error);
    }
  }

  /** Awaits `wait`, or rejects with ABORTED as soon as the signal fires. */
  race<T>(wait: Promise<T>): Promise<T> {
    const signal = this.#signal;
    if (!signal) return wait;
    if (signal.aborted) {
      wait.catch(() => undefined);
      return Promise.reject(aborted(signal));
    }
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => reject(aborted(signal));
      signal.addEventListener('abort', onAbort, { once: true });
      wait.then(
        (value) => {
          signal.removeEventListener('abort', onAbort);
          resolve(value);
        },
        (error) => {
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      );
    });
  }
}

/** An onProgress that threw: the caller's callback failing. */
export function progressError(error: unknown): FitError {
  return new FitError('CALLBACK_ERROR', `options.onProgress threw: ${error instanceof Error ? error.message : describe(error)}; expected it to return`, { cause: error });
}

export function aborted(signal: AbortSignal): FitError {
  return new FitError('ABORTED', 'the fit was aborted by its AbortSignal; the engine is ready for the next fit', { cause: signal.reason });
}
