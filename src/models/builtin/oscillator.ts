// The amplitude response of a damped harmonic oscillator driven at frequency x, on a constant
// baseline c: lmfit's DampedOscillatorModel (lineshape `damped_oscillator`) plus an offset,
//
//   A/√((1 − (x/mu)²)² + (2·sigma·x/mu)²) + c,
//
// resonance frequency mu, damping ratio sigma: A at x = 0, a peak of A/(2·sigma·√(1 − sigma²)) at
// x = mu·√(1 − 2sigma²) when sigma < 1/√2, of half width ≈ sigma·mu when sigma is small. Names:
// lmfit's amplitude, center, sigma are A, mu, sigma here.
//
// Guess: near a sharp resonance the response is a lorentzian of half width sigma·mu (peak.ts fits
// one, with its baseline); from that start a compass search on (ln mu, ln sigma) — A and c by
// least squares at each trial, the model being linear in them — fits the shape itself, which is
// not a lorentzian's once the damping is broad.
import type { BuiltinModel } from './builtin-model.ts';
import { BaselineSums, type BaselineFit } from './on-baseline.ts';
import { bestPeak } from './peak.ts';
import { lorentzianShape } from './peaks.ts';
import { finiteOr, meanY, sortedPoints, span, type Points } from './points.ts';

/** A and c by least squares for the response of resonance mu and damping sigma. */
function response(p: Points, mu: number, sigma: number): BaselineFit {
  const sums = new BaselineSums();
  for (let i = 0; i < p.n; i++) {
    const v = p.x[i] / mu;
    sums.add(1 / Math.sqrt((1 - v * v) ** 2 + (2 * sigma * v) ** 2), 0, p.y[i]);
  }
  return sums.solve(true, false);
}

/** Compass search on (ln mu, ln sigma): steps of 1/4 and 1/2 in the logarithms, halved 5 times (at most 50 moves). */
function refine(p: Points, mu: number, sigma: number): { mu: number; sigma: number; fit: BaselineFit } {
  let best = { mu, sigma, fit: response(p, mu, sigma) };
  let steps = [0.25, 0.5];
  for (let halvings = 0, rounds = 0; halvings < 5 && rounds < 50; rounds++) {
    let moved = false;
    for (const [dm, ds] of [[1, 0], [-1, 0], [0, 1], [0, -1]]) {
      const m = best.mu * Math.exp(dm * steps[0]);
      const s = best.sigma * Math.exp(ds * steps[1]);
      const fit = response(p, m, s);
      if (fit.rss < best.fit.rss) {
        best = { mu: m, sigma: s, fit };
        moved = true;
      }
    }
    if (!moved) {
      steps = steps.map((h) => h / 2);
      halvings++;
    }
  }
  return best;
}

export const dampedOscillator: BuiltinModel = {
  name: 'dampedOscillator',
  expression: 'A/sqrt((1 - (x/mu)^2)^2 + (2*sigma*x/mu)^2) + c',
  offset: 'c',
  description: 'damped harmonic oscillator: amplitude response A/√((1 − (x/mu)²)² + (2·sigma·x/mu)²) of resonance mu, damping ratio sigma, on a baseline c',
  guess(x, y) {
    const p = sortedPoints(x, y);
    const peak = bestPeak(p, [lorentzianShape]);
    const mu = Math.abs(peak.centre) || span(p) / 2;
    const { fit, ...best } = refine(p, mu, Math.min(1, Math.max(1e-3, peak.hwhm / mu)));
    return {
      A: finiteOr(fit.w1, 1),
      mu: finiteOr(best.mu, 1),
      sigma: finiteOr(best.sigma, 0.1),
      c: finiteOr(fit.c, meanY(p)),
    };
  },
};
