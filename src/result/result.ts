/**
 * buildResult: the driver's RawFit becomes the user's FitResult — errors scaled, parameters by
 * name, the convergence verdict checked against the gradient.
 */
import type { FitResult, RawFit } from './fit-result.ts';
import { formatReport } from './report.ts';
import { describeStatus } from './status.ts';

/**
 * The largest cosine between the residuals and a Jacobian column that still counts as a
 * minimum. At the NIST StRD answers it is below 1e-9; a fit stopped by ftol far from a
 * minimum (a plateau, an unchanged start) keeps a cosine of order 1e-3 or more.
 */
const GRADIENT_TOLERANCE = 1e-6;

// A parameter on a bound: closer to it than a ten-thousandth of its error (or than rounding).
function onBound(value: number, error: number, b: { lo: number; hi: number }): boolean {
  const near = (bound: number) => Number.isFinite(bound) && Math.abs(value - bound) <= Math.max(1e-4 * (Number.isFinite(error) ? error : 0), 1e-12 * Math.max(1, Math.abs(bound)));
  return near(b.lo) || near(b.hi);
}

export function buildResult(raw: RawFit): FitResult {
  const P = raw.names.length;
  const p = raw.free.length;
  const dof = raw.rows - p;
  const reducedChi2 = dof > 0 ? raw.chi2 / dof : NaN;
  const scale = raw.absoluteSigma ? 1 : dof > 0 ? raw.objective / dof : NaN;
  const covariance = new Float64Array(P * P);
  raw.free.forEach((j, a) => raw.free.forEach((k, b) => (covariance[j * P + k] = raw.covariance[a * p + b] * scale)));
  const params: Record<string, number> = {};
  const errors: Record<string, number> = {};
  const undetermined: string[] = [];
  const fixed: string[] = [];
  const atBound: string[] = [];
  raw.names.forEach((name, j) => {
    params[name] = raw.values[j];
    errors[name] = Math.sqrt(covariance[j * P + j]);
    const a = raw.free.indexOf(j);
    if (a < 0) fixed.push(name);
    else if (Number.isNaN(raw.covariance[a * p + a])) undetermined.push(name);
    if (a >= 0 && onBound(raw.values[j], errors[name], raw.bounds[j])) atBound.push(name);
  });
  const info = describeStatus(raw.statusCode);
  // The gradient test, over the free parameters not pressed against a bound.
  const gradient = Math.max(0, ...raw.free.map((j, a) => (atBound.includes(raw.names[j]) ? 0 : raw.cosines[a])));
  const result: FitResult = {
    names: raw.names, // raw is this result's own: runFit made it for it
    params,
    values: raw.values,
    errors,
    covariance,
    rank: raw.rank,
    undetermined,
    fixed,
    atBound,
    chi2: raw.chi2,
    cost: raw.objective / 2,
    reducedChi2,
    dof,
    rSquared: raw.totalSumOfSquares > 0 ? 1 - raw.chi2 / raw.totalSumOfSquares : NaN,
    rows: raw.rows,
    omittedRows: raw.omittedRows,
    iterations: raw.iterations,
    evaluations: raw.evaluations,
    status: info.status,
    message: info.message,
    // At residuals of rounding size (an exact fit) the cosine is noise: the gradient test is moot.
    converged: info.converged && (gradient <= GRADIENT_TOLERANCE || raw.chi2 <= 1e-20 * raw.totalSumOfSquares),
    memory: { ...raw.memory, passes: raw.evaluations },
    report: () => formatReport(result, raw.label),
  };
  return result;
}
