/**
 * The one call decoder: `(model, x, y, options)` or `(model, source, options)`, sorted and
 * checked at the door — by engines and by the worker fitter alike, so both refuse the same
 * calls with the same FitError before anything runs or is posted to a worker.
 */
import { FitError, describe, readArgument } from '../errors.ts';
import type { FitCall } from '../driver/prepare.ts';
import { isCallbackModel } from '../models/callback.ts';
import { resolveOptions, runOptions } from '../options/options.ts';
import type { RunOptions } from '../options/options.ts';
import { arraySource, isChunkSource } from '../sources/rows.ts';

export interface DecodedCall extends FitCall {
  run: RunOptions;
}

export function decodeCall(model: unknown, data: unknown, yOrOptions: unknown, maybeOptions: unknown): DecodedCall {
  return readArgument('an argument of curveFit', () => decode(model, data, yOrOptions, maybeOptions));
}

function decode(model: unknown, data: unknown, yOrOptions: unknown, maybeOptions: unknown): DecodedCall {
  const fromSource = isChunkSource(data);
  const given = fromSource ? yOrOptions : maybeOptions;
  const options = resolveOptions(given);
  const run = runOptions(given);
  if (typeof model !== 'string' && !isCallbackModel(model)) {
    throw new FitError('INVALID_ARGUMENT', `model is ${describe(model)}; expected an expression such as 'a*exp(-b*x) + c', a built-in model name, or a callback (x, p) => number`);
  }
  if (fromSource) {
    if (options.sigma !== undefined) {
      throw new FitError('INVALID_OPTION', 'options.sigma was given with a chunk source; expected sigma in the chunks, { x, y, sigma }');
    }
  } else {
    const isColumnLike = (v: unknown) => Array.isArray(v) || ArrayBuffer.isView(v);
    if (data !== null && typeof data === 'object' && !isColumnLike(data) && !isColumnLike(yOrOptions)) {
      throw new FitError('INVALID_SOURCE', `the data argument is ${describe(data)} without a chunks() method, and y is ${describe(yOrOptions)}; expected a chunk source { chunks() }, or x (an array or named columns) and y`);
    }
    if (isChunkSource(yOrOptions)) {
      throw new FitError('INVALID_ARGUMENT', `y is ${describe(yOrOptions)}; a chunk source goes in place of x: curveFit(model, source, options)`);
    }
    // The arrays' shapes and lengths are checked as the RowStream opens them (prepareFit), on
    // this thread for the worker fitter too: once, not twice.
  }
  if (run.signal?.aborted) throw new FitError('ABORTED', 'the fit was aborted by its AbortSignal before it started', { cause: run.signal.reason });
  return {
    model,
    source: fromSource ? data : arraySource(data, yOrOptions, options.sigma),
    isArrays: !fromSource,
    options,
    run,
  };
}
