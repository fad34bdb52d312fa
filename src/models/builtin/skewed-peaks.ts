// Peaks with a tail on one side, area-normalised as lmfit's lineshapes are, on a constant baseline c.
// Names: lmfit's amplitude, center, sigma, gamma are A, mu, sigma, gamma here.
//
//   skewedGaussian        lmfit's SkewedGaussianModel (skewed_gaussian), the skew normal density:
//                         A/(sigma·√(2π))·exp(−s²/2)·(1 + erf(gamma·s/√2)) + c,  s = (x − mu)/sigma
//   exponentialGaussian   lmfit's ExponentialGaussianModel (expgaussian), a gaussian convolved with
//                         an exponential decay of rate gamma (a tail to the right):
//                         A·(gamma/2)·exp(gamma·(mu − x + gamma·sigma²/2))·erfc((mu − x + gamma·sigma²)/(sigma·√2)) + c
//
// lmfit multiplies exp(·) and erfc(·), which gives ∞·0 = NaN once gamma·sigma exceeds ~37 (where
// the peak is a gaussian) or far to the left of the peak; here their product is exp(· + logerfc(·)),
// whose logerfc(t) = ln erfc(t) = ln erfcx(t) − t² never overflows, so the model is finite
// wherever the function is (test/models/lineshapes.test.ts: SciPy's erfcx where lmfit overflows).
//
// Guess: each is a family of shapes in s with one parameter k (gamma for the skew normal,
// λ = gamma·sigma for the exponential's), scanned over a few members by shaped-peak.ts; the
// winner's position, width and height give mu, sigma and A.
import type { BuiltinModel } from './builtin-model.ts';
import { erf, logerfc } from '../expression/erf.ts';
import { finiteOr, meanY, sortedPoints, span } from './points.ts';
import { bestShapedPeak } from './shaped-peak.ts';

const SQRT_2PI = Math.sqrt(2 * Math.PI);

/** Skewness gamma tried: tails either way, from none to one that halves the peak's far side. */
const SKEWS = [-4, -2, -1, 0, 1, 2, 4];

/** λ = gamma·sigma tried: from a long tail (an exponential with a rounded start) to nearly a gaussian. */
const TAILS = [0.2, 0.4, 0.8, 1.6, 3.2];

export const skewedGaussian: BuiltinModel = {
  name: 'skewedGaussian',
  expression: 'A*exp(-(x - mu)^2/(2*sigma^2))*(1 + erf(gamma*(x - mu)/(sigma*sqrt(2))))/(sigma*sqrt(2*pi)) + c',
  offset: 'c',
  description: 'skewed gaussian peak (skew normal) of area A, centre mu, width sigma and skewness gamma on a constant baseline c',
  guess(x, y) {
    const p = sortedPoints(x, y);
    const peak = bestShapedPeak(p, (k) => ({ f: (s) => Math.exp(-s * s / 2) * (1 + erf(k * s / Math.SQRT2)), lo: -6, hi: 6 }), SKEWS);
    return {
      A: finiteOr(peak.coefficients[0] * peak.width * SQRT_2PI / peak.height, 1),
      mu: finiteOr(peak.centre - peak.mode * peak.width, 0),
      sigma: finiteOr(peak.width, span(p) / 4),
      gamma: peak.k,
      c: finiteOr(peak.coefficients[1], meanY(p)),
    };
  },
};

export const exponentialGaussian: BuiltinModel = {
  name: 'exponentialGaussian',
  expression: 'A*exp(((mu - x) + sigma^2*gamma/2)*gamma + logerfc((mu - x + sigma^2*gamma)/(sigma*sqrt(2))))*gamma/2 + c',
  offset: 'c',
  description: 'exponentially modified gaussian peak of area A, centre mu, width sigma and decay rate gamma on a constant baseline c',
  guess(x, y) {
    const p = sortedPoints(x, y);
    // In s = (x − mu)/sigma the peak is (λ/2)·exp(λ²/2 − λs)·erfc((λ − s)/√2), per unit of A/sigma.
    const peak = bestShapedPeak(
      p,
      (k) => ({ f: (s) => (k / 2) * Math.exp(k * (k / 2 - s) + logerfc((k - s) / Math.SQRT2)), lo: -6, hi: 6 + 20 / k }),
      TAILS,
    );
    return {
      A: finiteOr(peak.coefficients[0] * peak.width / peak.height, 1),
      mu: finiteOr(peak.centre - peak.mode * peak.width, 0),
      sigma: finiteOr(peak.width, span(p) / 4),
      gamma: finiteOr(peak.k / peak.width, 1),
      c: finiteOr(peak.coefficients[1], meanY(p)),
    };
  },
};
