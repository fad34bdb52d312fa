// Exponential decays with an offset, guessed by the integral method (Jacquelin, "Régressions et
// équations intégrales", 2009): a sum of exponentials solves a linear ODE, and integrating that ODE
// turns the decay rates into coefficients of a LINEAR regression on running integrals of the data.
// Integrals average the noise instead of amplifying it as differences would, and no offset has to
// be known in advance (unlike log-linear regression). Given the rates, the amplitudes and the
// offset are a linear least-squares solve.
import type { BuiltinModel } from './index.ts';
import { leastSquares } from './least-squares.ts';
import { column, cumulativeIntegral, finiteOr, meanY, sortedPoints, span, type Points } from './points.ts';

interface Decays {
  rates: number[];
  amplitudes: number[]; // of exp(−rate·x), i.e. referred to x = 0
  offset: number;
  rss: number;
}

/** Amplitudes and offset for given rates by least squares, exponentials taken from x[0] so they cannot overflow early. */
function solveAmplitudes(p: Points, rates: number[]): Decays {
  const x0 = p.x[0];
  const columns = rates.map((rate) => column(p.x, (v) => Math.exp(-rate * (v - x0))));
  const { coefficients, rss } = leastSquares([...columns, column(p.x, () => 1)], p.y);
  return {
    rates,
    amplitudes: rates.map((rate, j) => coefficients[j] * Math.exp(rate * x0)),
    offset: coefficients[rates.length],
    rss,
  };
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
 * roots of b² − P·b + Q = 0. Complex roots (noise) fall back to rates a factor 4 apart around P/2.
 */
function doubleRates(p: Points): number[] {
  const t = column(p.x, (v) => v - p.x[0]);
  const S = cumulativeIntegral(p.x, p.y);
  const SS = cumulativeIntegral(p.x, S);
  const c = leastSquares([SS, S, column(t, (v) => v * v), t, column(t, () => 1)], p.y).coefficients;
  const P = -c[1];
  const Q = -c[0];
  const root = Math.sqrt(P * P - 4 * Q);
  if (Number.isFinite(root) && P * P - 4 * Q > 0 && root < Math.abs(P)) return [(P + root) / 2, (P - root) / 2];
  const mean = finiteOr(P / 2, 1 / span(p));
  return [mean * 2, mean / 2];
}

function fallbackDecay(p: Points) {
  const first = meanY(p, 0, 1);
  const last = meanY(p, p.n - 1);
  return { b: 1 / span(p), c: last, a: (first - last) * Math.exp(finiteOr(p.x[0], 0) / span(p)) };
}

export const exponential: BuiltinModel = {
  name: 'exponential',
  expression: 'a*exp(-b*x) + c',
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
  description: 'sum of two exponential decays and an offset (b1 the faster rate)',
  guess(x, y) {
    const p = sortedPoints(x, y);
    const f = fallbackDecay(p);
    if (p.n < 5) return { a1: f.a / 2, b1: 3 * f.b, a2: f.a / 2, b2: f.b, c: f.c };
    const fit = solveAmplitudes(p, doubleRates(p));
    return {
      a1: finiteOr(fit.amplitudes[0], f.a / 2),
      b1: finiteOr(fit.rates[0], 3 * f.b),
      a2: finiteOr(fit.amplitudes[1], f.a / 2),
      b2: finiteOr(fit.rates[1], f.b),
      c: finiteOr(fit.offset, f.c),
    };
  },
};
