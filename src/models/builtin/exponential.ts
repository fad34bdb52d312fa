// Exponential decays with an offset, guessed by the integral method (Jacquelin, "Régressions et
// équations intégrales", 2009): a sum of exponentials solves a linear ODE, and integrating that ODE
// turns the decay rates into coefficients of a LINEAR regression on running integrals of the data.
// Integrals average the noise instead of amplifying it as differences would, and no offset has to
// be known in advance (unlike log-linear regression). Given the rates, the amplitudes and the
// offset are a linear least-squares solve.
import type { BuiltinModel } from './builtin-model.ts';
import { leastSquares } from './least-squares.ts';
import { BaselineSums } from './on-baseline.ts';
import { column, cumulativeIntegral, finiteOr, meanY, sortedPoints, span, type Points } from './points.ts';

interface Decays {
  rates: number[];
  amplitudes: number[]; // of exp(−rate·x), i.e. referred to x = 0
  offset: number;
  rss: number;
}

/**
 * Amplitudes and offset for one or two given rates, by least squares. The exponentials are taken
 * from x[0], where they are 1, so they cannot overflow inside the data.
 */
function solveAmplitudes(p: Points, rates: number[]): Decays {
  const x0 = p.x[0];
  const [r1, r2] = rates;
  const sums = new BaselineSums();
  for (let i = 0; i < p.n; i++) {
    const t = p.x[i] - x0;
    sums.add(Math.exp(-r1 * t), r2 === undefined ? 0 : Math.exp(-r2 * t), p.y[i]);
  }
  const fit = sums.solve(true, r2 !== undefined);
  return { rates, amplitudes: rates.map((r, j) => (j === 0 ? fit.w1 : fit.w2) * Math.exp(r * x0)), offset: fit.c, rss: fit.rss };
}

/**
 * One decay: y' = −b·(y − c) integrates to y = −b·S + b·c·t + const, with S = ∫y dt and
 * t = x − x[0]; regress y on (S, t, 1) and read b off the first coefficient.
 */
function singleRate(p: Points): number {
  const t = column(p.x, (v) => v - p.x[0]);
  const S = cumulativeIntegral(p.x, p.y);
  const b = -leastSquares([S, t, column(t, () => 1)], p.y).coefficients[0];
  // A straight line (b ≈ 0) has no rate to find: start with one e-fold over the data.
  return Number.isFinite(b) && Math.abs(b) * span(p) > 1e-3 ? b : 1 / span(p);
}

/**
 * Two decays: y'' + P·y' + Q·(y − c) = 0 with P = b₁ + b₂, Q = b₁·b₂ integrates twice to
 * y = −Q·SS − P·S + (Q·c/2)·t² + α·t + β; regress y on (SS, S, t², t, 1) and take b₁, b₂ as the
 * roots of b² − P·b + Q = 0 — undefined when noise makes them complex.
 */
function integralRates(p: Points): number[] | undefined {
  const t = column(p.x, (v) => v - p.x[0]);
  const S = cumulativeIntegral(p.x, p.y);
  const SS = cumulativeIntegral(p.x, S);
  const c = leastSquares([SS, S, column(t, (v) => v * v), t, column(t, () => 1)], p.y).coefficients;
  const P = -c[1];
  const Q = -c[0];
  const root = Math.sqrt(P * P - 4 * Q);
  return Number.isFinite(root) && root > 0 ? [(P + root) / 2, (P - root) / 2] : undefined;
}

/**
 * Decay rates tried besides the integral estimate, in e-folds over the x span. The double
 * integral is noisy (the rates come from a quadratic whose roots are close when the rates are),
 * so the integral rates compete with a coarse grid of pairs at least a factor 2 apart; each
 * candidate's amplitudes are solved by least squares and the least residual wins.
 */
const GRID_EFOLDS = [0.25, 0.5, 1, 2, 4, 8, 16, 32, 64];

function doubleRates(p: Points): Decays {
  const L = span(p);
  const candidates: number[][] = [];
  const integral = integralRates(p);
  if (integral) candidates.push(integral);
  for (let i = 0; i < GRID_EFOLDS.length; i++) {
    for (let j = i + 1; j < GRID_EFOLDS.length; j++) candidates.push([GRID_EFOLDS[j] / L, GRID_EFOLDS[i] / L]);
  }
  let best = solveAmplitudes(p, candidates[0]);
  for (const rates of candidates.slice(1)) {
    const fit = solveAmplitudes(p, rates);
    if (fit.rss < best.rss) best = fit;
  }
  return best;
}

/** One e-fold over the data from the first value to the last: the start when the data say nothing better. */
function fallbackDecay(p: Points) {
  const first = meanY(p, 0, 1);
  const last = meanY(p, p.n - 1);
  return { a: (first - last) * Math.exp(finiteOr(p.x[0], 0) / span(p)), b: 1 / span(p), c: last };
}

export const exponential: BuiltinModel = {
  name: 'exponential',
  expression: 'a*exp(-b*x) + c',
  offset: 'c',
  description: 'exponential decay (b > 0) or growth (b < 0) towards an offset c',
  guess(x, y) {
    const p = sortedPoints(x, y);
    const fallback = fallbackDecay(p);
    if (p.n < 3) return fallback;
    const fit = solveAmplitudes(p, [singleRate(p)]);
    return {
      a: finiteOr(fit.amplitudes[0], fallback.a),
      b: finiteOr(fit.rates[0], fallback.b),
      c: finiteOr(fit.offset, fallback.c),
    };
  },
};

export const doubleExponential: BuiltinModel = {
  name: 'doubleExponential',
  expression: 'a1*exp(-b1*x) + a2*exp(-b2*x) + c',
  offset: 'c',
  description: 'sum of two exponential decays and an offset; the guess puts the faster rate in b1',
  guess(x, y) {
    const p = sortedPoints(x, y);
    const f = fallbackDecay(p);
    if (p.n < 5) return { a1: f.a / 2, b1: 3 * f.b, a2: f.a / 2, b2: f.b, c: f.c };
    const fit = doubleRates(p);
    return {
      a1: finiteOr(fit.amplitudes[0], f.a / 2),
      b1: finiteOr(fit.rates[0], 3 * f.b),
      a2: finiteOr(fit.amplitudes[1], f.a / 2),
      b2: finiteOr(fit.rates[1], f.b),
      c: finiteOr(fit.offset, f.c),
    };
  },
};
