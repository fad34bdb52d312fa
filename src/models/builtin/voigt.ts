// The Voigt profile — a gaussian of standard deviation sigma convolved with a lorentzian of half
// width gamma — on a constant baseline: lmfit's VoigtModel (lineshape `voigt`) plus an offset c,
// area-normalised as lmfit's is,
//
//   A·Re w(z)/(sigma·√(2π)) + c,   z = (x − mu + i·gamma)/(sigma·√2),   w the Faddeeva function,
//
// with gamma free (lmfit ties it to sigma unless told otherwise). Names: lmfit's amplitude, center,
// sigma, gamma are A, mu, sigma, gamma here.
//
// Guess: the pseudo-Voigt mix that fits best (peak.ts, gaussian and lorentzian of one half width,
// weights by least squares) is read as a Voigt: its lorentzian fraction η gives the lorentzian's
// share ρ = f_L/f of the full width f by inverting η = 1.36603ρ − 0.47719ρ² + 0.11116ρ³
// (Thompson, Cox & Hastings, J. Appl. Cryst. 20 (1987) 79), and f = 0.5346 f_L + √(0.2166 f_L² + f_G²)
// (Olivero & Longbothum, JQSRT 17 (1977) 233, within 0.02%) gives the gaussian's f_G. The area
// is the mix's.
import type { BuiltinModel } from './builtin-model.ts';
import { bestPeak } from './peak.ts';
import { gaussianShape, HWHM_PER_SIGMA, lorentzianShape } from './peaks.ts';
import { finiteOr, meanY, sortedPoints, span } from './points.ts';

/** ρ ∈ [0, 1] with 1.36603ρ − 0.47719ρ² + 0.11116ρ³ = η (increasing on [0, 1], from 0 to 1), by bisection. */
function lorentzianShare(eta: number): number {
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 40; i++) {
    const rho = (lo + hi) / 2;
    if (rho * (1.36603 - rho * (0.47719 - rho * 0.11116)) < eta) lo = rho;
    else hi = rho;
  }
  return (lo + hi) / 2;
}

export const voigt: BuiltinModel = {
  name: 'voigt',
  expression: 'A*faddeevaRe((x - mu)/(sigma*sqrt(2)), gamma/(sigma*sqrt(2)))/(sigma*sqrt(2*pi)) + c',
  offset: 'c',
  description: 'Voigt peak of area A, centre mu, gaussian sigma and lorentzian half width gamma on a constant baseline c',
  guess(x, y) {
    const p = sortedPoints(x, y);
    const peak = bestPeak(p, [gaussianShape, lorentzianShape]);
    const [g, l] = peak.coefficients;
    const f = 2 * peak.hwhm;
    const fL = f * lorentzianShare(finiteOr(l / (g + l), 0));
    // At least a tenth of the width stays gaussian: sigma → 0 is a limit the model reaches only
    // by dividing by it.
    const fG = Math.max(Math.sqrt(Math.max(0, (f - 0.5346 * fL) ** 2 - 0.2166 * fL * fL)), 0.1 * f);
    return {
      A: finiteOr(peak.hwhm * (g * Math.sqrt(Math.PI / Math.LN2) + l * Math.PI), 1),
      mu: finiteOr(peak.centre, 0),
      sigma: finiteOr(fG / (2 * HWHM_PER_SIGMA), span(p) / 4),
      gamma: finiteOr(fL / 2, span(p) / 4),
      c: finiteOr(peak.coefficients[2], meanY(p)),
    };
  },
};
