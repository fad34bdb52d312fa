/**
 * curveFit and curveFitSync on a shared default engine, created on first use.
 *
 * The default engine has a 4 MiB arena (DEFAULT_ARENA_BYTES). Fits that need a bigger one,
 * or callers who want their own memory figures, use createEngine.
 */
import { createEngine, type Engine } from './engine.ts';
import type { FitOptions } from '../options/options.ts';
import type { FitResult } from '../result/fit-result.ts';
import type { ModelSpec } from '../models/index.ts';
import type { ChunkSource, NumericArray, XInput } from '../sources/rows.ts';
import type { GlobalDataset, GlobalFitOptions, GlobalFitResult } from './global.ts';

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
export function curveFit(model: ModelSpec, x: XInput, y: NumericArray, options?: FitOptions): Promise<FitResult>;
/** Fits `model` to the rows of a chunk source, `{ chunks() }`, read once per pass (sync or async). */
export function curveFit(model: ModelSpec, source: ChunkSource, options?: FitOptions): Promise<FitResult>;
export function curveFit(model: ModelSpec, data: XInput | ChunkSource, yOrOptions?: NumericArray | FitOptions, options?: FitOptions): Promise<FitResult> {
  try {
    return defaultEngine().curveFit(model, data as XInput, yOrOptions as NumericArray, options);
  } catch (error) {
    return Promise.reject(error);
  }
}

/** The same fit as {@link curveFit}, synchronously, start to finish on the calling thread. */
export function curveFitSync(model: ModelSpec, x: XInput, y: NumericArray, options?: FitOptions): FitResult;
/** Fits `model` to the rows of a synchronous chunk source, on the calling thread. */
export function curveFitSync(model: ModelSpec, source: ChunkSource, options?: FitOptions): FitResult;
export function curveFitSync(model: ModelSpec, data: XInput | ChunkSource, yOrOptions?: NumericArray | FitOptions, options?: FitOptions): FitResult {
  return defaultEngine().curveFitSync(model, data as XInput, yOrOptions as NumericArray, options);
}

/**
 * Fits several datasets at once, each with its own model, parameters shared by name: one
 * Levenberg–Marquardt fit of all their residuals, as SciPy's least_squares of the concatenated
 * residual vectors (api/global.ts). Yields to the event loop between chunks of rows.
 *
 * @example
 * const r = await curveFitGlobal([
 *   { model: 'a1*exp(-k*x) + c1', x: x1, y: y1 },
 *   { model: 'a2*exp(-k*x) + c2', x: x2, y: y2, sigma: s2 },
 *   { model: 'a3*exp(-k*x) + c3', source: fromCsvFile('run3.csv') },
 * ], { p0: { k: 0.5 } });
 * r.params.k; r.errors.k; r.datasets[1].chi2;
 */
export function curveFitGlobal(datasets: readonly GlobalDataset[], options?: GlobalFitOptions): Promise<GlobalFitResult> {
  try {
    return defaultEngine().curveFitGlobal(datasets, options);
  } catch (error) {
    return Promise.reject(error);
  }
}

/** The same global fit as {@link curveFitGlobal}, synchronously, on the calling thread (synchronous sources only). */
export function curveFitGlobalSync(datasets: readonly GlobalDataset[], options?: GlobalFitOptions): GlobalFitResult {
  return defaultEngine().curveFitGlobalSync(datasets, options);
}
