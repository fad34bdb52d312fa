/**
 * FitResult: what a fit returns — fresh JS objects, never views into WASM memory — and the
 * sentence that explains each stopping reason.
 */
import {
  STATUS_FTOL, STATUS_XTOL, STATUS_FTOL_XTOL, STATUS_GTOL, STATUS_MAX_ITERATIONS, STATUS_FTOL_TOO_SMALL,
  STATUS_XTOL_TOO_SMALL, STATUS_GTOL_TOO_SMALL, STATUS_EXACT_FIT,
} from '../assembly/abi.ts';
import { formatReport } from './report.ts';

/** Why the solver stopped. A stopping reason is data, not an error. */
export type FitStatus =
  | 'ftol' | 'xtol' | 'ftol+xtol' | 'gtol' | 'maxIterations'
  | 'ftolTooSmall' | 'xtolTooSmall' | 'gtolTooSmall' | 'exactFit';

interface StatusInfo { status: FitStatus; converged: boolean; message: string }

// One sentence per stopping reason, after MINPACK lmder's `info` descriptions.
const STATUSES = new Map<number, StatusInfo>([
  [STATUS_FTOL, { status: 'ftol', converged: true, message: 'Both the actual and the predicted relative reductions of the sum of squares are at most ftol.' }],
  [STATUS_XTOL, { status: 'xtol', converged: true, message: 'The relative change of the parameters between two iterations is at most xtol.' }],
  [STATUS_FTOL_XTOL, { status: 'ftol+xtol', converged: true, message: 'The sum of squares and the parameters have both stopped changing (ftol and xtol).' }],
  [STATUS_GTOL, { status: 'gtol', converged: true, message: 'The residuals are orthogonal to every column of the Jacobian to within gtol.' }],
  [STATUS_MAX_ITERATIONS, { status: 'maxIterations', converged: false, message: 'Stopped after maxIterations steps without meeting a tolerance; the parameters are the best found so far.' }],
  [STATUS_FTOL_TOO_SMALL, { status: 'ftolTooSmall', converged: true, message: 'No further reduction of the sum of squares is possible in double precision (ftol is below it).' }],
  [STATUS_XTOL_TOO_SMALL, { status: 'xtolTooSmall', converged: true, message: 'No further improvement of the parameters is possible in double precision (xtol is below it).' }],
  [STATUS_GTOL_TOO_SMALL, { status: 'gtolTooSmall', converged: true, message: 'The residuals are orthogonal to the Jacobian to machine precision.' }],
  [STATUS_EXACT_FIT, { status: 'exactFit', converged: true, message: 'The model passes through every point: all residuals are exactly zero.' }],
]);

export function describeStatus(code: number): StatusInfo {
  const info = STATUSES.get(code);
  if (!info) throw new Error(`unknown solver status ${code}`);
  return info;
}

/** The arena figures of one fit. */
export interface FitMemory {
  /** Most arena bytes in use during this fit (its workspace: factor, window, VM registers). */
  highWaterBytes: number;
  /** The engine's arena capacity (arenaBytes). */
  capacityBytes: number;
  /** Bytes of WASM linear memory: fixed when the engine was created, whatever N is. */
  wasmMemoryBytes: number;
  /** Rows copied into the arena window at a time. */
  chunkRows: number;
  /** Rows the VM evaluates at a time (a block of the window). */
  blockRows: number;
}

export interface FitResult {
  /** Parameter names, in order of first appearance in the model. */
  names: string[];
  /** Best-fit values by name. */
  params: Record<string, number>;
  /** Standard errors by name: √diag(covariance). NaN for a parameter the data do not determine. */
  errors: Record<string, number>;
  /** Covariance, P×P row-major in `names` order, scaled by χ²/dof. */
  covariance: Float64Array;
  /** Numerical rank of the Jacobian at the solution (P when every parameter is determined). */
  rank: number;
  /** Names of the parameters the data do not determine (empty at full rank). */
  undetermined: string[];
  /** Σ rᵢ², rᵢ = (f(xᵢ) − yᵢ)/σᵢ. */
  chi2: number;
  /** χ² / dof; NaN when dof = 0. */
  reducedChi2: number;
  /** Degrees of freedom: rows − parameters. */
  dof: number;
  /** 1 − χ²/Σwᵢ(yᵢ − ȳ_w)² (weighted by 1/σ² when sigma is given); NaN when y is constant. */
  rSquared: number;
  /** Rows used. */
  rows: number;
  /** Trial steps taken, accepted or not. */
  iterations: number;
  /** Passes over the data (each evaluates the model and its Jacobian at one point). */
  evaluations: number;
  status: FitStatus;
  message: string;
  /** True when a convergence test was met; false when the fit stopped at maxIterations. */
  converged: boolean;
  memory: FitMemory;
  /** A human-readable report: parameters ± errors, correlations, statistics, stopping reason, arena. */
  report(): string;
}

export interface RawFit {
  names: string[];
  model: string;
  x: Float64Array;
  covariance: Float64Array; // unscaled (JᵀJ)⁻¹, row-major
  rank: number;
  statusCode: number;
  chi2: number;
  totalSumOfSquares: number;
  rows: number;
  iterations: number;
  evaluations: number;
  memory: FitMemory;
}

export function buildResult(raw: RawFit): FitResult {
  const p = raw.names.length;
  const dof = raw.rows - p;
  const reducedChi2 = dof > 0 ? raw.chi2 / dof : NaN;
  const covariance = new Float64Array(p * p);
  for (let i = 0; i < p * p; i++) covariance[i] = raw.covariance[i] * reducedChi2;
  const params: Record<string, number> = {};
  const errors: Record<string, number> = {};
  const undetermined: string[] = [];
  raw.names.forEach((name, j) => {
    params[name] = raw.x[j];
    errors[name] = Math.sqrt(covariance[j * p + j]);
    if (Number.isNaN(raw.covariance[j * p + j])) undetermined.push(name);
  });
  const info = describeStatus(raw.statusCode);
  const result: FitResult = {
    names: raw.names.slice(),
    params,
    errors,
    covariance,
    rank: raw.rank,
    undetermined,
    chi2: raw.chi2,
    reducedChi2,
    dof,
    rSquared: raw.totalSumOfSquares > 0 ? 1 - raw.chi2 / raw.totalSumOfSquares : NaN,
    rows: raw.rows,
    iterations: raw.iterations,
    evaluations: raw.evaluations,
    status: info.status,
    message: info.message,
    converged: info.converged,
    memory: { ...raw.memory },
    report: () => formatReport(result, raw.model),
  };
  return result;
}
