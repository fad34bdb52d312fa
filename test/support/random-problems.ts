// Random well-posed fitting problems for the guesses of the built-in models (test/models/
// builtin.test.ts, lineshapes.test.ts): the draws, one noisy shuffled case, and the count of
// cases whose fit from the guess reaches the minimum of the fit from the truth (the oracle:
// the true parameters as the start), and that rate per model.
import { curveFitSync, FitError, model } from '../../src/index.ts';
import { normal, uniform } from './synthetic.ts';

export type Params = Record<string, number>;

export const between = (u: () => number, lo: number, hi: number) => lo + (hi - lo) * u();
export const logBetween = (u: () => number, lo: number, hi: number) => lo * (hi / lo) ** u();
export const sign = (u: () => number) => (u() < 0.5 ? -1 : 1);
export const grid = (n: number, lo: number, hi: number) => Float64Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));

/** A window [lo, lo + L] anywhere: guesses must not depend on where x starts or on its scale. */
export function window(u: () => number, n: number) {
  const L = logBetween(u, 1, 100);
  const lo = between(u, -L, L);
  return { x: grid(n, lo, lo + L), lo, L, spacing: L / (n - 1) };
}

export interface Draw {
  /** One random well-posed problem: the x grid and the true parameters. */
  draw(u: () => number, n: number): { x: Float64Array; truth: Params };
}

/** One seeded case: N ∈ [100, 300], noise 1–2% of the signal's range, rows shuffled. */
export function noisyCase(problem: Draw, values: (x: Float64Array, truth: Params) => Float64Array, u: () => number, g: () => number) {
  const n = 100 + Math.floor(201 * u());
  const { x, truth } = problem.draw(u, n);
  const clean = values(x, truth);
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of clean) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  const noise = between(u, 0.01, 0.02) * (hi - lo);
  const y = clean.map((v) => v + noise * g());
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(u() * (i + 1));
    [x[i], x[j]] = [x[j], x[i]];
    [y[i], y[j]] = [y[j], y[i]];
  }
  return { x, y, truth, clean };
}

/**
 * How many of `cases` cases a fit started at the guess ends at or below the χ² of the fit
 * started at the truth (to 1e-7); a guess where the model is not finite (say x^b at x ≤ 0) is a
 * failed guess.
 */
export function guessSuccesses(
  model: { expression: string; guess(x: ArrayLike<number>, y: ArrayLike<number>): Params },
  makeCase: () => { x: Float64Array; y: Float64Array; truth: Params },
  cases: number,
): number {
  let successes = 0;
  for (let k = 0; k < cases; k++) {
    const { x, y, truth } = makeCase();
    const reference = curveFitSync(model.expression, x, y, { p0: truth }).chi2;
    let chi2 = Infinity;
    try {
      chi2 = curveFitSync(model.expression, x, y, { p0: model.guess(x, y) }).chi2;
    } catch (error) {
      if (!(error instanceof FitError && error.code === 'NON_FINITE_MODEL')) throw error;
    }
    if (chi2 <= reference * (1 + 1e-7)) successes++;
  }
  return successes;
}

/**
 * Each problem's rate of successes (guessSuccesses) over `cases` cases drawn from uniform(seed +
 * k) and normal(seed + 1000 + k) for the k-th problem, printed as a table.
 */
export function guessRates<P extends Draw & { model: string }>(
  problems: P[],
  makeCase: (problem: P, u: () => number, g: () => number) => { x: Float64Array; y: Float64Array; truth: Params },
  cases: number,
  seed: number,
): Map<string, number> {
  const rates = new Map<string, number>();
  const width = Math.max(...problems.map((p) => p.model.length)) + 2;
  const rows = [`${'model'.padEnd(width)} successes  rate`];
  for (const [k, problem] of problems.entries()) {
    const u = uniform(seed + k);
    const g = normal(seed + 1000 + k);
    const successes = guessSuccesses(model(problem.model), () => makeCase(problem, u, g), cases);
    rates.set(problem.model, successes / cases);
    rows.push(`${problem.model.padEnd(width)} ${String(successes).padStart(4)}/${cases}  ${(successes / cases).toFixed(3)}`);
  }
  console.log(rows.join('\n'));
  return rates;
}
