// What every handle of src/wasm/ shares: copies out of linear memory, and the error for a
// workspace that did not fit after all (a bug: the layout was planned to fit).
import { FitError } from '../errors.ts';

// view[start, start + n) into a plain array: a Float64Array of more than 64 bytes has its own
// backing store, which V8 allocates at ~0.8 µs (against 0.05 µs) — a few percent of a small fit.
export function plain(view: Float64Array, start: number, n: number): number[] {
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) out[i] = view[start + i];
  return out;
}

export function internalError(what: string): FitError {
  return new FitError('INTERNAL', `${what} (please report this)`);
}
