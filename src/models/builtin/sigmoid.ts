// Sigmoids: the logistic in x, and the Hill equation, which is the same logistic in ln x
// ((K/x)^n = exp(−n·(ln x − ln K))), so both share one guess.
//
// The plateaus come from the mean y at either end; the midpoint x0 and the steepness k from areas,
// which average the noise where a half-way crossing would pick one noisy point. With
// z = (y − left)/(right − left) rising from 0 to 1, a curve point-symmetric about x0 that reaches
// its plateaus inside the data has
//   ∫ (1 − z) dx = x0 − x_first            (what the step lacks left of x0 it has in excess right of it)
//   ∫ min(z, 1 − z) dx = 2·ln 2 / k         (for the logistic z = 1/(1 + exp(−k(x − x0))))
// Noise on the plateaus biases the second area up, so k comes out low — the safe side: a step too
// steep has no gradient to follow. A scan of k by factors of 2, with the plateaus re-solved by
// linear least squares each time (the model is linear in bottom and top), picks the best start.
import type { BuiltinModel } from './builtin-model.ts';
import { BaselineSums } from './on-baseline.ts';
import { column, finiteOr, meanY, sortedPoints, span, type Points } from './points.ts';

interface Sigmoid {
  bottom: number; // the level as x → −∞
  top: number; // the level as x → +∞
  k: number;
  x0: number;
}

/** Steepness tried around the area estimate, which noise biases low. */
const RATE_FACTORS = [0.5, 1, 2, 4];

/** The fraction of points at either end whose mean stands for a plateau. */
const END_FRACTION = 0.1;

function logisticGuess(p: Points): Sigmoid {
  const w = span(p);
  const fallback = { bottom: meanY(p), top: meanY(p), k: 4 / w, x0: p.n > 0 ? (p.x[0] + p.x[p.n - 1]) / 2 : 0 };
  if (p.n < 4) return fallback;
  const m = Math.max(1, Math.round(END_FRACTION * p.n));
  const left = meanY(p, 0, m);
  const right = meanY(p, p.n - m);
  const z = column(p.y, (v) => (v - left) / (right - left));
  const below = area(p, z, (v) => 1 - v);
  const transition = area(p, z, (v) => Math.max(0, Math.min(v, 1 - v)));
  const x0 = Math.min(p.x[p.n - 1], Math.max(p.x[0], finiteOr(p.x[0] + below, fallback.x0)));
  // At least one mean sample spacing for the transition, at most the span.
  const spacing = w / (p.n - 1);
  const k0 = (2 * Math.LN2) / Math.min(w, Math.max(spacing, finiteOr(transition, w)));

  let best = fallback;
  let bestRss = Infinity;
  for (const factor of RATE_FACTORS) {
    const k = k0 * factor;
    // bottom + (top − bottom)·σ: the baseline is bottom, the weight of σ is top − bottom.
    const sums = new BaselineSums();
    for (let i = 0; i < p.n; i++) sums.add(1 / (1 + Math.exp(-k * (p.x[i] - x0))), 0, p.y[i]);
    const fit = sums.solve(true, false);
    if (fit.rss < bestRss) {
      bestRss = fit.rss;
      best = { bottom: fit.c, top: fit.c + fit.w1, k, x0 };
    }
  }
  return best;
}

/** ∫ g(z) dx over the data by the trapezoid rule. */
function area(p: Points, z: Float64Array, g: (z: number) => number): number {
  let area = 0;
  for (let i = 1; i < p.n; i++) area += 0.5 * (g(z[i]) + g(z[i - 1])) * (p.x[i] - p.x[i - 1]);
  return area;
}

export const logistic: BuiltinModel = {
  name: 'logistic',
  expression: 'bottom + (top - bottom)/(1 + exp(-k*(x - x0)))',
  offset: 'bottom',
  description: 'four-parameter logistic sigmoid from bottom (x → −∞) to top (x → +∞), steepness k, midpoint x0',
  guess(x, y) {
    const p = sortedPoints(x, y);
    const s = logisticGuess(p);
    return {
      bottom: finiteOr(s.bottom, 0),
      top: finiteOr(s.top, 1),
      k: finiteOr(s.k, 1 / span(p)),
      x0: finiteOr(s.x0, 0),
    };
  },
};

export const hill: BuiltinModel = {
  name: 'hill',
  expression: 'bottom + (top - bottom)/(1 + (K/x)^n)',
  offset: 'bottom',
  description: 'Hill equation (x > 0): from bottom to top, half effect at x = K, Hill coefficient n',
  guess(x, y) {
    // Only x > 0 is in the model's domain; the guess works on ln x.
    const p = sortedPoints(x, y, (v) => v > 0);
    const s = logisticGuess({ x: column(p.x, Math.log), y: p.y, n: p.n }); // ln keeps the order
    return {
      bottom: finiteOr(s.bottom, 0),
      top: finiteOr(s.top, 1),
      K: finiteOr(Math.exp(s.x0), 1),
      n: finiteOr(s.k, 1),
    };
  },
};
