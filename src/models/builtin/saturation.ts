// Michaelis–Menten saturation and the power law: two-parameter models that become straight lines
// after a change of variables. The line, fitted with weights that undo the transformation's
// distortion of the noise, gives the nonlinear parameter; the scale is then a least-squares solve
// on the untransformed data.
import type { BuiltinModel } from './builtin-model.ts';
import { finiteOr, sortedPoints, type Points } from './points.ts';

/** Weighted straight-line fit v = intercept + slope·u, closed-form normal equations. */
function weightedLine(u: Float64Array, v: Float64Array, w: Float64Array): { slope: number; intercept: number } {
  let S = 0, Su = 0, Sv = 0, Suu = 0, Suv = 0;
  for (let i = 0; i < u.length; i++) {
    S += w[i]; Su += w[i] * u[i]; Sv += w[i] * v[i]; Suu += w[i] * u[i] * u[i]; Suv += w[i] * u[i] * v[i];
  }
  const slope = (S * Suv - Su * Sv) / (S * Suu - Su * Su);
  return { slope, intercept: (Sv - slope * Su) / S };
}

/** The scale a of y ≈ a·f(x) by least squares, for the shape f fixed. */
function scaleOf(p: Points, f: (x: number) => number): number {
  let fy = 0;
  let ff = 0;
  for (let i = 0; i < p.n; i++) {
    const v = f(p.x[i]);
    fy += v * p.y[i];
    ff += v * v;
  }
  return fy / ff;
}

/** +1 when most of y is ≥ 0, else −1: the sign of the scale of a one-signed model. */
function majoritySign(p: Points): number {
  let positive = 0;
  for (let i = 0; i < p.n; i++) if (p.y[i] >= 0) positive++;
  return 2 * positive >= p.n ? 1 : -1;
}

/** The points with x > 0 and sign·y > 0: where a one-signed model's transformation is defined. */
function onSignedSide(p: Points, sign: number): Points {
  return sortedPoints(p.x, p.y, (x, y) => x > 0 && sign * y > 0);
}

export const michaelisMenten: BuiltinModel = {
  name: 'michaelisMenten',
  expression: 'vmax*x/(km + x)',
  description: 'Michaelis–Menten saturation (x ≥ 0): vmax*x/(km + x), half of vmax at x = km',
  guess(x, y) {
    const all = sortedPoints(x, y, (v) => v >= 0);
    const sign = majoritySign(all);
    const p = onSignedSide(all, sign);
    // Hanes–Woolf: x/v = x/vmax + km/vmax is a line in x. Its noise is x·σ/v², so each point
    // weighs v⁴/x² (the inverse variance); without weights the smallest rates would dominate.
    const ratio = new Float64Array(p.n);
    const weight = new Float64Array(p.n);
    for (let i = 0; i < p.n; i++) {
      ratio[i] = p.x[i] / (sign * p.y[i]);
      weight[i] = (p.y[i] / p.x[i]) ** 2 * p.y[i] ** 2;
    }
    const line = weightedLine(p.x, ratio, weight);
    const fitted = line.intercept / line.slope;
    // A negative or non-finite km (a line through noise) falls back to the middle of the x range.
    const middle = all.n > 0 ? (all.x[0] + all.x[all.n - 1]) / 2 : 0;
    const km = fitted > 0 && Number.isFinite(fitted) ? fitted : middle > 0 ? middle : 1;
    return { vmax: finiteOr(scaleOf(all, (v) => v / (km + v)), sign), km };
  },
};

export const powerLaw: BuiltinModel = {
  name: 'powerLaw',
  expression: 'a*x^b',
  description: 'power law a*x^b (x > 0)',
  guess(x, y) {
    const all = sortedPoints(x, y, (v) => v > 0);
    const sign = majoritySign(all);
    const p = onSignedSide(all, sign);
    // ln|y| = ln|a| + b·ln x; additive noise σ on y is σ/|y| on ln|y|, so each point weighs y².
    const line = weightedLine(p.x.map(Math.log), p.y.map((v) => Math.log(sign * v)), p.y.map((v) => v * v));
    const b = finiteOr(line.slope, 1);
    return { a: finiteOr(scaleOf(all, (v) => v ** b), sign), b };
  },
};
