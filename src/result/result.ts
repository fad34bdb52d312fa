/**
 * buildResult: the driver's RawFit becomes the user's FitResult — errors unscaled, parameters
 * by name, tied parameters evaluated and their errors propagated, the information criteria, and
 * the verdict `converged` from tests of its own at the answer (see FitResult).
 */
import type { FitResult, FitResultData, FitSource, RawFit } from './fit-result.ts';
import { bilinear, linearize } from './propagate.ts';
import { ResultObject } from './result-object.ts';
import { describeStatus } from './status.ts';
import { variablesRead } from '../models/expression/index.ts';
import { STATUS_EXACT_FIT } from '../wasm/abi.ts';

/**
 * The largest cosine between the residuals and a Jacobian column that still counts as a
 * minimum. At the NIST StRD answers it is below 1e-9; a fit stopped by ftol far from a
 * minimum (a plateau, an unchanged start) keeps a cosine of order 1e-3 or more.
 */
const GRADIENT_TOLERANCE = 1e-6;

/** χ² below this fraction of the weighted total sum of squares of y is an exact fit. */
const EXACT_FRACTION = 1e-20;

// Why a fit stopped by a convergence test is nonetheless not at a minimum, or '' when it is.
function notAMinimum(raw: RawFit): string {
  if (raw.statusCode === STATUS_EXACT_FIT || raw.negligible) return '';
  if (raw.chi2 <= EXACT_FRACTION * raw.totalSumOfSquares) return '';
  // Rank 0: no direction the model can still move in — a plateau (a model that has vanished), not
  // a known minimum.
  if (raw.rank === 0 && raw.probe !== 'minimum') return 'the Jacobian is zero at the answer (rank 0) and the cost does not rise on both sides of it: a plateau of the model, not a known minimum';
  const blind = differencesBlind(raw);
  if (blind.length > 0) return `the difference quotients of ${blind.join(', ')} are at the rounding of the model there: the gradient test cannot be trusted (give the model a jacobian)`;
  let worst = -1;
  let cosine = 0;
  raw.cosines.forEach((c, a) => {
    if (c <= GRADIENT_TOLERANCE || (raw.inRange && raw.slopes[a] <= GRADIENT_TOLERANCE)) return; // a parameter its bound holds has cosine 0
    if (c > cosine) [worst, cosine] = [a, c];
  });
  if (worst < 0) return '';
  return `the gradient test fails at the answer: the residuals and the Jacobian column of ${raw.names[raw.free[worst]]} have a cosine of ${cosine.toPrecision(2)} (a minimum has at most ${GRADIENT_TOLERANCE})`;
}

// A difference quotient (f(θ + h) − f(θ))/h carries an error of about ε·‖f‖/h from the rounding
// of f; measured against the column norm it is the noise in that column's cosine. Above the
// gradient tolerance, a small cosine proves nothing (Bard's function from 100·x₀ by forward
// differences: cosines of 0 where the true one is 0.83). ‖f‖ ≤ √(Σwy²) + √χ².
function differencesBlind(raw: RawFit): string[] {
  const steps = raw.differenceSteps;
  // Where the residuals lie in the range of J (one row), the minimum is where the derivative
  // itself vanishes: difference quotients there are rounding by necessity, and the slope test
  // (the gradient against the column's largest size) is the one that applies.
  if (!steps || raw.inRange) return [];
  const f = Math.sqrt(raw.sumOfSquares) + Math.sqrt(raw.chi2);
  return raw.free.filter((j, a) => {
    if (raw.cosines[a] === 0 && raw.sides[a] !== 0) return false; // held by its bound
    const column = raw.columns[a] / raw.scale / Math.abs(raw.units[a]); // ‖∂r/∂θⱼ‖
    return !(EPSILON * f <= GRADIENT_TOLERANCE * steps[a] * column);
  }).map((j) => raw.names[j]);
}

const EPSILON = 2 ** -52;

/**
 * Akaike's and the Bayesian information criteria as lmfit computes them
 * (Minimizer._calculate_statistics, lmfit 1.1.0): −2 ln L = N·ln(χ²/N) with χ² at least
 * 1e-250·N (an exact fit stays finite), aic = −2 ln L + 2k, bic = −2 ln L + ln(N)·k, k the free
 * parameters. χ² is Σr², whatever the loss.
 */
export function informationCriteria(chi2: number, rows: number, free: number): { aic: number; bic: number } {
  const neg2LogLikelihood = rows * Math.log(Math.max(chi2, 1e-250 * rows) / rows);
  return { aic: neg2LogLikelihood + 2 * free, bic: neg2LogLikelihood + Math.log(rows) * free };
}

/**
 * The tied parameters written back in: `names` becomes every parameter of the model as written,
 * a tied one's value its expression at the others' values, and its rows of the covariance
 * propagated — for g the gradient of its expression over the untied parameters (exact, from the
 * compiler), C[t, k] = gᵀ·C[:, k] and C[t, t'] = gᵀ·C·g'. lmfit 1.1.0 reports a tied parameter's
 * stderr the same way (uncertainties' propagation through covar) but keeps covar to the varying
 * parameters; here the covariance is that of every parameter, so derive and report read tied
 * ones as any other.
 */
function untie(data: Pick<FitResultData, 'names' | 'params' | 'values' | 'errors' | 'covariance'>, constraints: NonNullable<FitSource['model']['constraints']>): void {
  const inner = data.names;
  const p = inner.length;
  const names = constraints.names;
  const P = names.length;
  const position = new Map(inner.map((name, a) => [name, a]));
  const gradients = new Map<string, Float64Array>();
  for (const [name, expression] of Object.entries(constraints.resolved)) {
    const { value, gradient } = linearize(expression, inner, data.values, `options.constraints.${name}`);
    data.params[name] = value;
    gradients.set(name, gradient);
  }
  // Column k of the full covariance over the untied parameters: eₖ for an untied one, g for a tied one.
  const unit = (name: string): Float64Array => {
    const g = gradients.get(name);
    if (g) return g;
    const e = new Float64Array(p);
    e[position.get(name)!] = 1;
    return e;
  };
  const columns = names.map(unit);
  const at = names.map((name) => position.get(name) ?? -1);
  const covariance = new Float64Array(P * P);
  for (let j = 0; j < P; j++) {
    for (let k = 0; k < P; k++) {
      const [a, b] = [at[j], at[k]];
      covariance[j * P + k] = a >= 0 && b >= 0 ? data.covariance[a * p + b] : bilinear(columns[j], data.covariance, columns[k]);
    }
  }
  const params: Record<string, number> = {};
  const errors: Record<string, number> = {};
  for (const [j, name] of names.entries()) {
    params[name] = data.params[name];
    errors[name] = gradients.has(name) ? Math.sqrt(Math.max(0, covariance[j * P + j])) : data.errors[name];
  }
  data.names = [...names];
  data.params = params;
  data.errors = errors;
  data.values = Float64Array.from(names, (name) => params[name]);
  data.covariance = covariance;
}

// The variables an expression reads, for the last expression seen: many small fits of one model
// then tokenize it once, not once a fit.
let lastReads: { expression: string; variables: string[]; reads: string[] } | undefined;

function readsOf(expression: string, variables: string[]): string[] {
  const last = lastReads;
  if (last && last.expression === expression && last.variables.length === variables.length && last.variables.every((v, k) => v === variables[k])) return last.reads.slice();
  const reads = variablesRead(expression, variables);
  lastReads = { expression, variables: variables.slice(), reads };
  return reads.slice();
}

/**
 * The FitResult of `raw`. `source` — the prepared fit (driver/prepare.ts's PreparedFit) — gives
 * the model the result evaluates, its ties and the data's variables; a result built without it
 * has no model (evaluate and band: NO_MODEL) and no tied parameters.
 */
export function buildResult(raw: RawFit, source?: FitSource): FitResult {
  const P = raw.names.length;
  const p = raw.free.length;
  const dof = raw.rows - p;
  const reducedChi2 = dof > 0 ? raw.chi2 / dof : NaN;
  // The solver's covariance is that of s·r over θ/d: (JᵀJ)⁻¹ = s²·D·cov·D. Scaled by χ²/dof
  // (s² cancels) or, with absolute sigma, by 1 — each factor applied separately, so that only
  // a value itself out of range can overflow.
  const root = raw.absoluteSigma ? raw.scale : dof > 0 ? Math.sqrt(raw.scaledObjective / dof) : NaN;
  const covariance = new Float64Array(P * P);
  raw.free.forEach((j, a) =>
    raw.free.forEach((k, b) => {
      const c = raw.covariance[a * p + b];
      covariance[j * P + k] = (Math.sign(c) * Math.sqrt(Math.abs(c)) * root * raw.units[a]) * (Math.sqrt(Math.abs(c)) * root * raw.units[b]);
    }),
  );
  const params: Record<string, number> = {};
  const errors: Record<string, number> = {};
  const undetermined: string[] = [];
  const fixed: string[] = [];
  const atBound: string[] = [];
  raw.names.forEach((name, j) => {
    params[name] = raw.values[j];
    const a = raw.free.indexOf(j);
    if (a < 0) {
      fixed.push(name);
      errors[name] = 0;
      return;
    }
    errors[name] = Math.sqrt(raw.covariance[a * p + a]) * root * Math.abs(raw.units[a]);
    if (Number.isNaN(raw.covariance[a * p + a])) undetermined.push(name);
    if (raw.sides[a] !== 0) atBound.push(name);
  });
  const info = describeStatus(raw.statusCode);
  const why = info.converged ? notAMinimum(raw) : '';
  const converged = info.converged && why === '';
  // raw is this result's own: runFit made it for it.
  const parameters = { names: raw.names, params, values: raw.values, errors, covariance };
  const constraints = source?.model.constraints;
  if (constraints) untie(parameters, constraints);
  const callback = source?.model.callback;
  const expression = source && !callback ? source.program.source : null;
  const criteria = informationCriteria(raw.chi2, raw.rows, p);
  const data: FitResultData = {
    names: parameters.names,
    params: parameters.params,
    values: parameters.values,
    errors: parameters.errors,
    covariance: parameters.covariance,
    rank: raw.rank,
    undetermined,
    fixed,
    tied: constraints ? { ...constraints.tied } : {},
    atBound,
    chi2: raw.chi2,
    cost: raw.objective / 2,
    reducedChi2,
    dof,
    aic: criteria.aic,
    bic: criteria.bic,
    rSquared: raw.totalSumOfSquares > 0 ? 1 - raw.chi2 / raw.totalSumOfSquares : NaN,
    rows: raw.rows,
    omittedRows: raw.omittedRows,
    iterations: raw.iterations,
    evaluations: raw.evaluations,
    status: info.status,
    message: why ? `${info.message} Not converged: ${why}.` : info.message,
    converged,
    memory: { ...raw.memory, passes: raw.evaluations },
    expression,
    variables: expression === null ? ['x'] : readsOf(expression, source!.rows.variables),
    label: raw.label,
    weighted: source?.rows.hasSigma ?? false,
    absoluteSigma: raw.absoluteSigma,
  };
  return new ResultObject(data, callback);
}
