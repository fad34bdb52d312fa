// Steps and a rectangle on a constant baseline c: lmfit's StepModel (lineshape `step`) with its
// three smooth-enough forms, and its RectangleModel (`rectangle`) in the erf form. Names: lmfit's
// amplitude, center, sigma are A, mu, sigma here; center1, sigma1, center2, sigma2 are mu1, sigma1,
// mu2, sigma2.
//
//   step           form='erf':       A·(1 + erf((x − mu)/sigma))/2 + c
//   stepLogistic   form='logistic':  A·(1 − 1/(1 + exp((x − mu)/sigma))) + c
//   stepLinear     form='linear':    A·min(1, max(0, (x − mu)/sigma + 1/2)) + c, a ramp of width sigma.
//                  The expression language has no min or max; the clamp is written with abs,
//                  min(1, max(0, t)) = (|t| − |t − 1| + 1)/2, which is exact, and its derivative
//                  through sign() is the ramp's own (0 at a kink). Data beyond the ramp say nothing
//                  about mu and sigma, so a fit needs a start whose ramp covers the step.
//   rectangle      form='erf':       A·(erf((x − mu1)/sigma1) + erf((mu2 − x)/sigma2))/2 + c
//
// Guesses: the steps from the logistic's (sigmoid.ts: plateaus from the ends, midpoint and
// steepness k from areas, a scan of k by least squares), each width matched to the logistic's
// slope at the midpoint, (top − bottom)·k/4 — sigma = 1/k, 4/(k√π), 4/k; a falling step is written
// with A < 0 and sigma > 0. The rectangle as a peak (peak.ts, through shaped-peak.ts): a box of
// half length L with erf edges of width r·L, r scanned; the box's half-maximum crossings are its
// edges.
import type { BuiltinModel } from './builtin-model.ts';
import { erf } from '../expression/erf.ts';
import { finiteOr, meanY, sortedPoints, span } from './points.ts';
import { bestShapedPeak } from './shaped-peak.ts';
import { logistic } from './sigmoid.ts';

/** A step's start from the logistic's: A, mu, c, and the logistic's 1/|k|, which `width` scales to sigma. */
function stepGuess(x: ArrayLike<number>, y: ArrayLike<number>, width: number): Record<string, number> {
  const { bottom, top, k, x0 } = logistic.guess(x, y);
  const rising = k > 0;
  return { A: rising ? top - bottom : bottom - top, mu: x0, sigma: width / Math.abs(k), c: rising ? bottom : top };
}

export const step: BuiltinModel = {
  name: 'step',
  expression: 'A*(1 + erf((x - mu)/sigma))/2 + c',
  offset: 'c',
  description: 'step of height A at mu, rising as an error function of width sigma, from a constant baseline c',
  guess: (x, y) => stepGuess(x, y, 4 / Math.sqrt(Math.PI)),
};

export const stepLogistic: BuiltinModel = {
  name: 'stepLogistic',
  expression: 'A*(1 - 1/(1 + exp((x - mu)/sigma))) + c',
  offset: 'c',
  description: 'step of height A at mu, rising as a logistic of width sigma, from a constant baseline c',
  guess: (x, y) => stepGuess(x, y, 1),
};

export const stepLinear: BuiltinModel = {
  name: 'stepLinear',
  expression: 'A*(abs((x - mu)/sigma + 0.5) - abs((x - mu)/sigma - 0.5) + 1)/2 + c',
  offset: 'c',
  description: 'step of height A centred at mu, rising linearly over a width sigma, from a constant baseline c',
  guess: (x, y) => stepGuess(x, y, 4),
};

/** Edge width per half length tried: sharp edges to edges a third of the box. */
const EDGES = [0.05, 0.15, 0.35];

export const rectangle: BuiltinModel = {
  name: 'rectangle',
  expression: 'A*(erf((x - mu1)/sigma1) + erf((mu2 - x)/sigma2))/2 + c',
  offset: 'c',
  description: 'rectangle of height A from mu1 to mu2, its edges error functions of widths sigma1 and sigma2, on a constant baseline c',
  guess(x, y) {
    const p = sortedPoints(x, y);
    const box = bestShapedPeak(p, (r) => ({ f: (s) => (erf((s + 1) / r) + erf((1 - s) / r)) / 2, lo: -1 - 4 * r, hi: 1 + 4 * r }), EDGES);
    const L = finiteOr(box.width, span(p) / 4);
    const centre = finiteOr(box.centre - box.mode * L, 0);
    return {
      A: finiteOr(box.coefficients[0] / box.height, 1),
      mu1: centre - L,
      sigma1: box.k * L,
      mu2: centre + L,
      sigma2: box.k * L,
      c: finiteOr(box.coefficients[1], meanY(p)),
    };
  },
};
