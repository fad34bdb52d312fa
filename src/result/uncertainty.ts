/**
 * Bands about the fitted curve and derived quantities, by the delta method (propagate.ts).
 *
 * band — lmfit's ModelResult.eval_uncertainty (lmfit 1.1.0, model.py), with exact derivatives:
 *
 *   var f(x) = ∇f(x)ᵀ·C·∇f(x)         C the covariance; ∇f over the model's parameters
 *   half-width = t·√(var f(x) [+ s²·σ²])
 *
 * t is Student's quantile at (1 + level)/2 for the fit's dof = N − free parameters, as lmfit's
 * `t.ppf((prob + 1)/2, ndata − nvarys)` (lmfit's `sigma` argument of n standard deviations is
 * level erf(n/√2); a sigma below 1 is the level itself). lmfit differentiates by central
 * differences with a step of stderr/3, which differs from the exact gradient by O((stderr/3)²)
 * (1e-5 relative for a peak width known to 1%); arenafit's expressions use the symbolic one.
 *
 * The prediction band adds the variance of one new observation about the curve, s²·σ²: s² the
 * scale of the covariance — the reduced χ² (2·cost/dof, which it is for the linear loss) — and
 * σ the new observation's sigma (default 1: the common scatter of an unweighted fit's rows).
 * That is lmfit ≥ 1.3's dely_predicted = scale·√(df2 + redchi) for an unweighted fit. With
 * absoluteSigma the sigmas are taken as known, s² = 1 (lmfit adds redchi whatever scale_covar
 * says; with known variances the textbook interval adds σ² itself). A weighted fit's rows have
 * their own sigmas, so a prediction band there needs the new rows' (FitError INVALID_OPTION).
 */
import { FitError, describe } from '../errors.ts';
import type { Band, BandOptions, Derived, FitResultData, ResultX } from './fit-result.ts';
import type { FittedModel } from './fitted-model.ts';
import { bilinear, expressionArgument, linearize } from './propagate.ts';
import { studentTQuantile } from './distributions.ts';

const BAND_OPTIONS = ['level', 'kind', 'sigma'];

interface ReadBand {
  level: number;
  prediction: boolean;
  sigma: number | ArrayLike<number> | undefined;
}

function readBandOptions(given: unknown, weighted: boolean): ReadBand {
  const options = given ?? {};
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw new FitError('INVALID_ARGUMENT', `r.band options is ${describe(options)}; expected an object such as { level: 0.95, kind: 'confidence' }`);
  }
  for (const key of Object.keys(options)) {
    if (!BAND_OPTIONS.includes(key)) throw new FitError('INVALID_OPTION', `r.band options.${key} is not an option; expected one of ${BAND_OPTIONS.join(', ')}`);
  }
  const { level = 0.95, kind = 'confidence', sigma } = options as BandOptions;
  if (typeof level !== 'number' || !(level > 0 && level < 1)) {
    throw new FitError('INVALID_OPTION', `r.band options.level is ${describe(level)}; expected a probability strictly between 0 and 1, such as 0.95 (for n standard deviations: erf(n/√2), 0.6827 for n = 1)`);
  }
  if (kind !== 'confidence' && kind !== 'prediction') {
    throw new FitError('INVALID_OPTION', `r.band options.kind is ${describe(kind)}; expected 'confidence' or 'prediction'`);
  }
  const prediction = kind === 'prediction';
  if (sigma !== undefined && !prediction) {
    throw new FitError('INVALID_OPTION', `r.band options.sigma is given for a confidence band; expected kind: 'prediction' (sigma is a new observation's), or no sigma`);
  }
  if (prediction && sigma === undefined && weighted) {
    throw new FitError('INVALID_OPTION', `r.band options.sigma is missing; this fit was weighted by sigma, so a prediction band needs the sigma of a new observation at each x: expected a number, or one per x`);
  }
  if (sigma !== undefined) {
    const values = typeof sigma === 'number' ? [sigma] : sigma;
    if (typeof sigma !== 'number' && !Array.isArray(sigma) && !ArrayBuffer.isView(sigma)) {
      throw new FitError('INVALID_OPTION', `r.band options.sigma is ${describe(sigma)}; expected a number ≥ 0, or an array of them, one per x`);
    }
    for (let i = 0; i < values.length; i++) {
      const s = values[i];
      if (typeof s !== 'number' || !(s >= 0) || !Number.isFinite(s)) {
        const at = typeof sigma === 'number' ? '' : `[${i}]`;
        throw new FitError('INVALID_OPTION', `r.band options.sigma${at} is ${describe(s)}; expected a finite number ≥ 0`);
      }
    }
  }
  return { level, prediction, sigma };
}

/** The fit's model parameters' values and their covariance block, in the model's order. */
function modelCovariance(r: FitResultData, parameters: readonly string[]): { theta: Float64Array; covariance: Float64Array } {
  const P = r.names.length;
  const index = parameters.map((name) => r.names.indexOf(name));
  const p = index.length;
  const covariance = new Float64Array(p * p);
  index.forEach((j, a) => index.forEach((k, b) => (covariance[a * p + b] = r.covariance[j * P + k])));
  return { theta: Float64Array.from(index, (j) => r.params[r.names[j]]), covariance };
}

export function band(r: FitResultData, model: FittedModel, x: ResultX, options: unknown): Band {
  const { level, prediction, sigma } = readBandOptions(options, r.weighted);
  const { theta, covariance } = modelCovariance(r, model.parameters);
  const p = theta.length;
  // Only parameters with a variance move the curve: a fixed one's row is 0, so it is not differentiated.
  const which = Array.from({ length: p }, (_, a) => a).filter((a) => covariance[a * p + a] !== 0);
  const { value, columns } = model.gradient(x, theta, which);
  const n = value.length;
  if (sigma !== undefined && typeof sigma !== 'number' && sigma.length !== n) {
    throw new FitError('LENGTH_MISMATCH', `r.band options.sigma has ${sigma.length} entries and x has ${n} rows; expected one sigma per x, or a number`);
  }
  const q = which.length;
  const block = new Float64Array(q * q);
  which.forEach((a, i) => which.forEach((b, k) => (block[i * q + k] = covariance[a * p + b])));
  const t = r.dof > 0 ? studentTQuantile((1 + level) / 2, r.dof) : NaN;
  const scale = r.absoluteSigma ? 1 : r.dof > 0 ? (2 * r.cost) / r.dof : NaN;
  const g = new Float64Array(q);
  const lower = new Float64Array(n);
  const upper = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < q; k++) g[k] = columns[k][i];
    let variance = bilinear(g, block, g);
    if (prediction) {
      const s = sigma === undefined ? 1 : typeof sigma === 'number' ? sigma : sigma[i];
      variance += scale * s * s;
    }
    const half = t * Math.sqrt(Math.max(0, variance)); // NaN stays NaN
    lower[i] = value[i] - half;
    upper[i] = value[i] + half;
  }
  return { value, lower, upper };
}

export function derive(r: FitResultData, expression: unknown): Derived {
  const label = `r.derive(${describe(expression)})`;
  const text = expressionArgument(expression, 'r.derive: the expression', `log(2)/${r.names[0]}`);
  const values = Float64Array.from(r.names, (name) => r.params[name]);
  const { value, gradient } = linearize(text, r.names, values, label, r.variables);
  return { value, error: Math.sqrt(Math.max(0, bilinear(gradient, r.covariance, gradient))) };
}

/** The model's value at x with the fitted parameters. */
export function evaluateAt(r: FitResultData, model: FittedModel, x: ResultX): Float64Array {
  return model.value(x, Float64Array.from(model.parameters, (name) => r.params[name]));
}
