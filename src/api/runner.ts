/**
 * Runs a fit's steps (a generator that yields after every chunk: undefined, or a promise to
 * await) — to the end on the calling thread (curveFitSync), or awaiting and yielding to the
 * event loop (curveFit). Either way a fit that fails is unwound through its own `finally`
 * (the arena released to its mark) before the error reaches the caller.
 */
import { FitError } from '../errors.ts';
import type { Checkpoint } from '../passes/checkpoint.ts';
import type { Steps } from '../passes/pass.ts';

/** Runs steps that must never wait; an async source is refused, and the fit unwound. */
export function drain<T>(steps: Steps<T>): T {
  let step = steps.next();
  while (!step.done) {
    if (step.value === undefined) {
      step = steps.next();
      continue;
    }
    step.value.catch(() => undefined);
    step = steps.throw(new FitError('ASYNC_SOURCE', 'curveFitSync was given a source whose chunks() is async (a next() returned a promise); expected a synchronous Iterable, or use curveFit'));
  }
  return step.value;
}

/** Runs steps, awaiting every promise raced against the fit's abort, yielding every ~10 ms. */
export async function drive<T>(steps: Steps<T>, checkpoint: Checkpoint): Promise<T> {
  let lastYield = now();
  let advance = () => steps.next();
  for (;;) {
    const step = advance();
    if (step.done) return step.value;
    if (step.value !== undefined) {
      try {
        const value = await checkpoint.race(step.value);
        advance = () => steps.next(value);
      } catch (error) {
        advance = () => steps.throw(error); // unwinds the driver's finally, then rethrows
      }
      lastYield = now();
    } else {
      advance = () => steps.next();
      if (now() - lastYield > 10) {
        await yieldToEventLoop();
        lastYield = now();
      }
    }
  }
}

const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof setImmediate === 'function') setImmediate(resolve);
    else setTimeout(resolve, 0);
  });
}
