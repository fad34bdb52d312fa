// Types of minpack-reference.mjs (a plain module, for bench/mgh.mjs on Node 20 as well).
import type { FitOptions } from '../../../src/index.ts';

/** One row of a MINPACK driver's summary table, with the call's initial norm. */
export interface MinpackResult {
  /** MINPACK's problem number and the case's dimensions, as the driver printed them. */
  readonly nprob: number;
  readonly n: number;
  readonly m: number;
  /** Evaluations of f (for lmdif1, without those spent on differences). */
  readonly nfev: number;
  /** Evaluations of the Jacobian (for lmdif1, difference Jacobians). */
  readonly njev: number;
  /** MINPACK's exit parameter: 1 ftol, 2 xtol, 3 both, 4 gtol, 5 maxfev. */
  readonly info: number;
  /** Final ‖f‖, to the 7 digits printed. */
  readonly norm: number;
  /** ‖f(x0)‖, to the 7 digits printed. */
  readonly initialNorm: number;
  /** Why MINPACK's final point is not a minimum, where it is not. */
  readonly notAMinimum: string | undefined;
}

export const lmder1: readonly MinpackResult[];
export const lmdif1: readonly MinpackResult[];
export function lmder1Options(n: number): Pick<FitOptions, 'ftol' | 'xtol' | 'gtol' | 'maxIterations'>;
