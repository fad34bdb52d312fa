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
  /** Passes over the data. */
  passes: number;
  /** The fit's workspace by buffer, in bytes: what the high-water mark is made of. */
  regions: { name: string; bytes: number }[];
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
  /** Parameter names, in order of first appearance in the model (p0's order for callbacks). */
  names: string[];
  /** Best-fit values by name (a fixed parameter: its value). */
  params: Record<string, number>;
  /** The same values as a Float64Array, in `names` order. */
  values: Float64Array;
  /**
   * Standard errors by name: √diag(covariance). 0 for a fixed parameter; NaN for a parameter
   * the data do not determine (see `undetermined`).
   */
  errors: Record<string, number>;
  /**
   * Covariance, P×P row-major in `names` order: (JᵀJ)⁻¹ scaled by 2·cost/dof (χ²/dof for the
   * linear loss) unless absoluteSigma. Rows and columns of fixed parameters are 0.
   */
  covariance: Float64Array;
  /** Numerical rank of the Jacobian of the free parameters at the answer. */
  rank: number;
  /** Names of the free parameters the data do not determine (empty at full rank). */
  undetermined: string[];
  /** Names of the parameters held by `fixed`. */
  fixed: string[];
  /** Names of the parameters that end on one of their bounds. */
  atBound: string[];
  /** Σ rᵢ², rᵢ = (f(xᵢ) − yᵢ)/σᵢ. */
  chi2: number;
  /** ½·Σ fScale²·ρ((rᵢ/fScale)²), the objective minimised (½χ² for the linear loss). */
  cost: number;
  /** χ² / dof; NaN when dof = 0. */
  reducedChi2: number;
  /** Degrees of freedom: rows − free parameters. */
  dof: number;
  /** 1 − χ²/Σwᵢ(yᵢ − ȳ_w)² (weighted by 1/σ² when sigma is given); NaN when y is constant. */
  rSquared: number;
  /** Rows used. */
  rows: number;
  /** Rows skipped for NaN (nanPolicy 'omit'). */
  omittedRows: number;
  /** Trial steps taken, accepted or not. */
  iterations: number;
  /** Passes over the data (each evaluates the model and its Jacobian at one point). */
  evaluations: number;
  status: FitStatus;
  message: string;
  /**
   * True when a convergence test was met and the answer is a minimum: the cosine between the
   * residuals and every Jacobian column is at most 1e-6 there. False at maxIterations, and for a
   * start the solver could not improve on that is not a minimum.
   */
  converged: boolean;
  memory: FitMemory;
  /** A human-readable report: parameters ± errors, correlations, statistics, stopping reason, arena. */
  report(): string;
}

export interface RawFit {
  names: string[];
  free: number[];
  label: string;
  values: Float64Array;
  covariance: number[]; // unscaled (JᵀJ)⁻¹ of the free parameters, P_free × P_free
  rank: number;
  statusCode: number;
  objective: number; // Σ c²ρ = 2·cost
  chi2: number;
  totalSumOfSquares: number;
  cosines: number[]; // per free parameter: |cos(r, J e_j)| at the answer
  absoluteSigma: boolean;
  bounds: { lo: number; hi: number }[];
  rows: number;
  omittedRows: number;
  iterations: number;
  evaluations: number;
  memory: Omit<FitMemory, 'passes'>;
}

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
