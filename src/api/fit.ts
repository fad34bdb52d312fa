/**
 * curveFit and curveFitSync on a shared default engine, created on first use.
 *
 * The default engine has a 4 MiB arena (DEFAULT_ARENA_BYTES). Fits that need a bigger one,
 * or callers who want their own memory figures, use createEngine.
 */
import { createEngine, type Engine } from './engine.ts';
import type { FitOptions } from '../options/options.ts';
import type { FitResult } from '../result/fit-result.ts';
import type { Model } from '../models/index.ts';
import type { ChunkSource, NumericArray, XInput } from '../sources/rows.ts';

let shared: Engine | undefined;

function defaultEngine(): Engine {
  shared ??= createEngine();
  return shared;
}

/**
 * Fits `model` to the points (x, y) by nonlinear least squares (Levenberg–Marquardt), in
 * WebAssembly, with memory bounded by the engine's arena whatever the number of points.
 * Yields to the event loop between chunks of rows.
 *
 * @example
 * const r = await curveFit('a*exp(-b*x) + c', x, y, { p0: { a: 1, b: 1, c: 0 } });
 * console.log(r.params.b, '±', r.errors.b);
 */
export function curveFit(model: Model, x: XInput, y: NumericArray, options?: FitOptions): Promise<FitResult>;
/** Fits `model` to the rows of a chunk source, `{ chunks() }`, read once per pass (sync or async). */
export function curveFit(model: Model, source: ChunkSource, options?: FitOptions): Promise<FitResult>;
export function curveFit(model: Model, data: XInput | ChunkSource, yOrOptions?: NumericArray | FitOptions, options?: FitOptions): Promise<FitResult> {
  try {
    return defaultEngine().curveFit(model, data as XInput, yOrOptions as NumericArray, options);
  } catch (error) {
    return Promise.reject(error);
  }
}

/** The same fit as {@link curveFit}, synchronously, start to finish on the calling thread. */
export function curveFitSync(model: Model, x: XInput, y: NumericArray, options?: FitOptions): FitResult;
/** Fits `model` to the rows of a synchronous chunk source, on the calling thread. */
export function curveFitSync(model: Model, source: ChunkSource, options?: FitOptions): FitResult;
export function curveFitSync(model: Model, data: XInput | ChunkSource, yOrOptions?: NumericArray | FitOptions, options?: FitOptions): FitResult {
  return defaultEngine().curveFitSync(model, data as XInput, yOrOptions as NumericArray, options);
}
