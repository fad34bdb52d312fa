// Types of problems.mjs (a plain module so that Node 20 can run bench/mgh.mjs on it; the
// project's TypeScript does not read JavaScript, so its types are declared here).
import type { VectorModel } from '../../../src/index.ts';

/** One of MINPACK-1's 18 least-squares problems, for any n and m the driver uses it with. */
export interface Problem {
  /** MINPACK's problem number, nprob (1–18). */
  readonly id: number;
  readonly name: string;
  /** The standard start x0 for n variables (MINPACK initpt with factor 1). */
  start(n: number): Float64Array;
  /** The m residuals f(x). */
  residuals(x: ArrayLike<number>, m: number): Float64Array;
  /** The m×n Jacobian by column: jacobian(x, m)[j][i] = ∂f_i/∂x_j. */
  jacobian(x: ArrayLike<number>, m: number): Float64Array[];
}

/** One call of the lmder driver: a problem, its dimensions and its start. */
export interface MghCase {
  /** 1–53, the row of the driver's summary table. */
  readonly number: number;
  readonly problem: Problem;
  readonly n: number;
  readonly m: number;
  /** The start is factor·x0 (1, 10 or 100; see startingPoint for Watson's). */
  readonly factor: number;
  readonly x0: Float64Array;
  /** e.g. "Meyer (n 3, m 16) from 10·x0". */
  readonly label: string;
}

export const problems: readonly Problem[];
export const cases: readonly MghCase[];
export function vectorModel(c: MghCase, jacobian: 'analytic' | 'forward'): VectorModel;
export function norm(v: ArrayLike<number>): number;
