// Peak shapes on a constant baseline. Each is parametrised by centre and width in the units of x
// and by its height above the baseline, so a guess reads straight off the data (see peak.ts).
import type { BuiltinModel } from './builtin-model.ts';
import { bestPeak } from './peak.ts';
import { finiteOr, meanY, sortedPoints, span } from './points.ts';

/** HWHM = σ·√(2 ln 2) for a gaussian. */
export const HWHM_PER_SIGMA = Math.sqrt(2 * Math.LN2);

/** Unit-height shapes of u = (x − centre)/HWHM: both have their half maximum at u = ±1. */
export const gaussianShape = (u: number) => Math.exp(-Math.LN2 * u * u);
export const lorentzianShape = (u: number) => 1 / (1 + u * u);

export const gaussian: BuiltinModel = {
  name: 'gaussian',
  expression: 'A*exp(-(x - mu)^2/(2*sigma^2)) + c',
  offset: 'c',
  description: 'gaussian peak (A < 0: a dip) of centre mu and standard deviation sigma on a constant baseline c',
  guess(x, y) {
    const p = sortedPoints(x, y);
    const peak = bestPeak(p, [gaussianShape]);
    return {
      A: finiteOr(peak.coefficients[0], 1),
      mu: finiteOr(peak.centre, 0),
      sigma: finiteOr(peak.hwhm / HWHM_PER_SIGMA, span(p) / 4),
      c: finiteOr(peak.coefficients[1], meanY(p)),
    };
  },
};

export const lorentzian: BuiltinModel = {
  name: 'lorentzian',
  expression: 'A/(1 + ((x - x0)/gamma)^2) + c',
  offset: 'c',
  description: 'lorentzian (Cauchy) peak of height A, centre x0 and half width at half maximum gamma on a constant baseline c',
  guess(x, y) {
    const p = sortedPoints(x, y);
    const peak = bestPeak(p, [lorentzianShape]);
    return {
      A: finiteOr(peak.coefficients[0], 1),
      x0: finiteOr(peak.centre, 0),
      gamma: finiteOr(peak.hwhm, span(p) / 4),
      c: finiteOr(peak.coefficients[1], meanY(p)),
    };
  },
};

export const pseudoVoigt: BuiltinModel = {
  name: 'pseudoVoigt',
  expression: 'A*(exp(-log(2)*((x - x0)/gamma)^2)*(1 - eta) + eta/(1 + ((x - x0)/gamma)^2)) + c',
  offset: 'c',
  description:
    'pseudo-Voigt peak: height A, centre x0, common half width at half maximum gamma, lorentzian fraction eta, baseline c',
  guess(x, y) {
    const p = sortedPoints(x, y);
    // With centre and width fixed the model is linear in A·(1 − eta), A·eta and c: one solve splits
    // the mix, and bestPeak mixes only weights of one sign, so eta is in [0, 1].
    const peak = bestPeak(p, [gaussianShape, lorentzianShape]);
    const [g, l] = peak.coefficients;
    const eta = l / (g + l);
    return {
      A: finiteOr(g + l, 1),
      x0: finiteOr(peak.centre, 0),
      gamma: finiteOr(peak.hwhm, span(p) / 4),
      eta: finiteOr(eta, 0.5),
      c: finiteOr(peak.coefficients[2], meanY(p)),
    };
  },
};
