/**
 * Fit options: their defaults, and their validation — once, at the door.
 */
import { FitError, describe } from './errors.ts';

/** Options of {@link curveFit}; every one is optional. */
export interface FitOptions {
  /**
   * Starting values by parameter name, or an array in the model's parameter order. A parameter
   * missing from an object starts at 1. Example: `{ a: 2, b: 0.5 }`.
   */
  p0?: Record<string, number> | ArrayLike<number>;
  /**
   * Standard deviations of y, one per row (`curve_fit`'s sigma): residuals are divided by them.
   * Default: none (every row weighs the same).
   */
  sigma?: ArrayLike<number>;
  /**
   * Stop when both the actual and the predicted relative reductions of the cost are at most
   * this. Default 1e-14. Measured on the 52 single-variable NIST StRD cases with these defaults
   * otherwise: 39 reach 6 correct digits at SciPy's 1.49e-8, 44 at 1e-10, 48 at 1e-12 and 50 at
   * 1e-14 (the other two are Lanczos1's standard errors, beyond float64), for 29% more passes
   * over the data in sum than at 1.49e-8.
   */
  ftol?: number;
  /** Stop when the trust region is at most xtol times the scaled parameters' norm. Default 1e-14. */
  xtol?: number;
  /**
   * Stop when the cosine between the residuals and every Jacobian column is at most this.
   * Default 0 (off, as in SciPy): the other two tests decide.
   */
  gtol?: number;
  /** Most trial steps (each one pass over the data). Default 200·(P + 1). */
  maxIterations?: number;
  /** The initial trust-region radius is factor·‖diag·p0‖ (MINPACK `factor`). Default 100. */
  factor?: number;
  /**
   * Rows per chunk copied into the arena window. Default: as many as the arena holds, at most
   * 65,536. Results do not depend on it beyond rounding; smaller chunks only cost speed.
   */
  chunkRows?: number;
}

export interface ResolvedOptions {
  p0: FitOptions['p0'];
  sigma: ArrayLike<number> | undefined;
  ftol: number;
  xtol: number;
  gtol: number;
  maxIterations: number | undefined;
  factor: number;
  chunkRows: number | undefined;
}

const KNOWN = ['p0', 'sigma', 'ftol', 'xtol', 'gtol', 'maxIterations', 'factor', 'chunkRows'];

function tolerance(options: FitOptions, name: 'ftol' | 'xtol' | 'gtol', fallback: number): number {
  const value = options[name];
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !(value >= 0) || !Number.isFinite(value)) {
    throw new FitError('INVALID_OPTION', `options.${name} is ${describe(value)}; expected a finite number ≥ 0`);
  }
  return value;
}

function positiveInteger(options: FitOptions, name: 'maxIterations' | 'chunkRows'): number | undefined {
  const value = options[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 2 ** 31 - 1) {
    throw new FitError('INVALID_OPTION', `options.${name} is ${describe(value)}; expected an integer from 1 to 2147483647`);
  }
  return value;
}

export function resolveOptions(options: unknown): ResolvedOptions {
  if (options === undefined || options === null) options = {};
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw new FitError('INVALID_ARGUMENT', `options is ${describe(options)}; expected an object such as { p0: { a: 1 } }`);
  }
  const o = options as FitOptions;
  for (const key of Object.keys(o)) {
    if (!KNOWN.includes(key)) {
      throw new FitError('INVALID_OPTION', `options.${key} is not an option; expected one of ${KNOWN.join(', ')}`);
    }
  }
  const factor = o.factor ?? 100;
  if (typeof factor !== 'number' || !(factor > 0) || !Number.isFinite(factor)) {
    throw new FitError('INVALID_OPTION', `options.factor is ${describe(factor)}; expected a finite number > 0`);
  }
  return {
    p0: o.p0,
    sigma: o.sigma,
    ftol: tolerance(o, 'ftol', 1e-14),
    xtol: tolerance(o, 'xtol', 1e-14),
    gtol: tolerance(o, 'gtol', 0),
    maxIterations: positiveInteger(o, 'maxIterations'),
    factor,
    chunkRows: positiveInteger(o, 'chunkRows'),
  };
}
