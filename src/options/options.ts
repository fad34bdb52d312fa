/**
 * Fit options: their defaults, and their validation — once, at the door (api/call.ts decodes
 * every call through here, on the calling thread, before anything runs or is posted).
 */
import { FitError, describe } from '../errors.ts';
import { LOSS_CODES, type LossName } from '../wasm/evaluator.ts';

/** What onProgress receives after every chunk. */
export interface FitProgress {
  /** Passes over the data completed before this one (0 during the first). */
  pass: number;
  /** Trial steps taken so far. */
  iteration: number;
  /** Rows folded so far in this pass. */
  rows: number;
  /** The objective at the best point so far (½χ² for the linear loss); NaN before the first pass ends. */
  cost: number;
}

/** Progress and cancellation: not part of the fit's definition. */
export interface RunOptions {
  onProgress?: (progress: FitProgress) => void;
  signal?: AbortSignal;
}

/** Options of {@link curveFit}; every one is optional. */
export interface FitOptions {
  /**
   * Starting values by parameter name, or an array in the model's parameter order. A parameter
   * missing from an object starts at 1. Example: `{ a: 2, b: 0.5 }`.
   */
  p0?: Record<string, number> | ArrayLike<number>;
  /**
   * Standard deviations of y, one per row (`curve_fit`'s sigma): residuals are divided by them.
   * Default: none (every row weighs the same). Multiplying every sigma by one constant changes
   * neither the parameters nor (unless absoluteSigma) the errors.
   */
  sigma?: ArrayLike<number>;
  /**
   * True when sigma holds absolute standard deviations: the covariance is then (JᵀJ)⁻¹ as it
   * is. Default false (curve_fit's default): it is scaled by χ²/dof, so only the relative sizes
   * of sigma matter.
   */
  absoluteSigma?: boolean;
  /**
   * Hold parameters at given values: `{ c: 0.5 }`. A fixed parameter is reported with its value
   * and error 0 and is not counted in the degrees of freedom.
   */
  fixed?: Record<string, number>;
  /**
   * Bounds by parameter: `{ k: [0, Infinity] }`. The solver keeps the parameters inside their
   * box itself: a parameter the gradient presses against a bound is held there while the others
   * take Levenberg–Marquardt steps, and every step is projected onto the box (no change of
   * variables, so wide ranges such as [0, 1e15] cost nothing). `atBound` on the result lists the
   * parameters that end on a bound. Errors are computed from the Jacobian of every free
   * parameter at the answer — as SciPy's curve_fit does — which for a parameter on a bound
   * describes the curvature there: the real uncertainty is one-sided.
   */
  bounds?: Record<string, readonly [number, number]>;
  /**
   * Ties parameters to expressions in the others, lmfit's `expr`: `{ g2_sigma: 'g1_sigma' }`
   * fits two peaks of one width. The expression is written into the model in place of the tied
   * parameter before it is compiled, so the derivatives stay exact; a tied parameter is not
   * fitted, not counted in the degrees of freedom, and reported with its value and propagated
   * error (`tied` on the result lists them). The expression may name any other parameter (also
   * tied or fixed ones, not in a circle), functions and constants — not the data's variables.
   * A start for a tied parameter in p0 is ignored; it may not be fixed or bounded. Expression
   * models only. Default: none.
   */
  constraints?: Record<string, string>;
  /**
   * Robust loss ρ applied to z = (r/fScale)², SciPy least_squares semantics: cost =
   * ½·Σ fScale²·ρ(zᵢ). 'linear' (default, ordinary least squares), 'soft_l1', 'huber',
   * 'cauchy', 'arctan': the last four weigh down outliers beyond about fScale.
   */
  loss?: Loss;
  /** The residual size (in units of sigma) where a robust loss starts to bend. Default 1. */
  fScale?: number;
  /**
   * 'raise' (default): NaN in x, y or sigma is a FitError naming the row. 'omit': such rows are
   * skipped — the same rows on every pass — and counted in `omittedRows`.
   */
  nanPolicy?: 'raise' | 'omit';
  /**
   * Called after every chunk of every pass with { pass, iteration, rows, cost }: for progress
   * bars on long fits. Default: none.
   */
  onProgress?: (progress: FitProgress) => void;
  /**
   * Cancels the fit: it stops within one chunk, or while waiting on an async source at once,
   * with a FitError whose code is 'ABORTED', and the engine is ready for the next fit. An
   * already-aborted signal rejects at once.
   */
  signal?: AbortSignal;
  /**
   * Split every pass across this many workers (worker_threads in Node, Web Workers in
   * browsers): each folds its share of the rows into a partial factor, merged for the one solver.
   * curveFit (async) only, expression and built-in models only. Default 1 (no workers). Pays off
   * from about 10⁶ rows; the workers are started once per engine and kept.
   */
  workers?: number;
  /**
   * Finite differences for callback models without a `jacobian`: 'forward' (default, P extra
   * model evaluations per pass) or 'central' (2P, about twice as many correct digits).
   */
  diff?: 'forward' | 'central';
  /**
   * Stop when both the actual and the predicted relative reductions of the cost are at most
   * this. Default 1e-14. Measured on the 52 single-variable NIST StRD cases with these defaults
   * otherwise: 39 reach 6 correct digits at SciPy's 1.49e-8, 44 at 1e-10, 48 at 1e-12 and 50 at
   * 1e-14 (the other two are Lanczos1's standard errors, beyond float64), for 29% more passes
   * over the data in sum than at 1.49e-8.
   */
  ftol?: number;
  /** Stop when the trust region is at most xtol times the scaled parameters' norm. Default 1e-14. */
  xtol?: number;
  /**
   * Stop when the cosine between the residuals and every Jacobian column is at most this.
   * Default 0 (off, as in SciPy): the other two tests decide.
   */
  gtol?: number;
  /** Most trial steps (each one pass over the data). Default 200·(P + 1). */
  maxIterations?: number;
  /** The initial trust-region radius is factor·‖diag·p0‖ (MINPACK `factor`). Default 100. */
  factor?: number;
  /**
   * Rows per chunk copied into the arena window. Default: as many as the arena holds, at most
   * 65,536. Results do not depend on it beyond rounding; smaller chunks only cost speed.
   */
  chunkRows?: number;
}

export type Loss = LossName;
/** The robust losses, as the kernels know them. Frozen: options are validated against it. */
export const LOSSES: readonly Loss[] = Object.freeze(Object.keys(LOSS_CODES) as Loss[]);

export interface ResolvedOptions {
  p0: FitOptions['p0'];
  sigma: ArrayLike<number> | undefined;
  absoluteSigma: boolean;
  fixed: FitOptions['fixed'];
  bounds: FitOptions['bounds'];
  /** Tied parameter → expression, own entries only; undefined when none are given. */
  constraints: Record<string, string> | undefined;
  loss: Loss;
  fScale: number;
  nanPolicy: 'raise' | 'omit';
  diff: 'forward' | 'central';
  workers: number;
  ftol: number;
  xtol: number;
  gtol: number;
  maxIterations: number | undefined;
  factor: number;
  chunkRows: number | undefined;
}

const KNOWN = [
  'p0', 'sigma', 'absoluteSigma', 'fixed', 'bounds', 'constraints', 'loss', 'fScale', 'nanPolicy', 'diff',
  'ftol', 'xtol', 'gtol', 'maxIterations', 'factor', 'chunkRows', 'onProgress', 'signal', 'workers',
];

function oneOf<T extends string>(options: FitOptions, name: 'loss' | 'nanPolicy' | 'diff', allowed: readonly T[], fallback: T): T {
  const value = options[name];
  if (value === undefined) return fallback;
  if (!allowed.includes(value as T)) {
    throw new FitError('INVALID_OPTION', `options.${name} is ${describe(value)}; expected one of ${allowed.map((a) => `'${a}'`).join(', ')}`);
  }
  return value as T;
}

function tolerance(options: FitOptions, name: 'ftol' | 'xtol' | 'gtol', fallback: number): number {
  const value = options[name];
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !(value >= 0) || !Number.isFinite(value)) {
    throw new FitError('INVALID_OPTION', `options.${name} is ${describe(value)}; expected a finite number ≥ 0`);
  }
  return value;
}

function positiveInteger(options: FitOptions, name: 'maxIterations' | 'chunkRows' | 'workers'): number | undefined {
  const value = options[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 2 ** 31 - 1) {
    throw new FitError('INVALID_OPTION', `options.${name} is ${describe(value)}; expected an integer from 1 to 2147483647`);
  }
  return value;
}

// The shape of options.constraints, checked at the door; what it names is checked against the
// model once that is compiled (models/constraints.ts).
function readConstraints(constraints: unknown): Record<string, string> | undefined {
  if (constraints === undefined) return undefined;
  if (typeof constraints !== 'object' || constraints === null || Array.isArray(constraints)) {
    throw new FitError('INVALID_OPTION', `options.constraints is ${describe(constraints)}; expected an object of expressions by parameter name, such as { g2_sigma: 'g1_sigma' }`);
  }
  const entries = Object.entries(constraints);
  for (const [name, expression] of entries) {
    if (typeof expression !== 'string' || expression.trim() === '') {
      throw new FitError('INVALID_OPTION', `options.constraints.${name} is ${describe(expression)}; expected an expression in other parameters, such as '2*${name === 'a' ? 'b' : 'a'}'`);
    }
  }
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

export function resolveOptions(options: unknown): ResolvedOptions {
  if (options === undefined || options === null) options = {};
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw new FitError('INVALID_ARGUMENT', `options is ${describe(options)}; expected an object such as { p0: { a: 1 } }`);
  }
  const o = options as FitOptions;
  for (const key of Object.keys(o)) {
    if (!KNOWN.includes(key)) {
      throw new FitError('INVALID_OPTION', `options.${key} is not an option; expected one of ${KNOWN.join(', ')}`);
    }
  }
  const factor = o.factor ?? 100;
  if (typeof factor !== 'number' || !(factor > 0) || !Number.isFinite(factor)) {
    throw new FitError('INVALID_OPTION', `options.factor is ${describe(factor)}; expected a finite number > 0`);
  }
  const fScale = o.fScale ?? 1;
  if (typeof fScale !== 'number' || !(fScale > 0) || !Number.isFinite(fScale)) {
    throw new FitError('INVALID_OPTION', `options.fScale is ${describe(fScale)}; expected a finite number > 0`);
  }
  if (o.absoluteSigma !== undefined && typeof o.absoluteSigma !== 'boolean') {
    throw new FitError('INVALID_OPTION', `options.absoluteSigma is ${describe(o.absoluteSigma)}; expected true or false`);
  }
  return {
    p0: o.p0,
    sigma: o.sigma,
    absoluteSigma: o.absoluteSigma ?? false,
    fixed: o.fixed,
    bounds: o.bounds,
    constraints: readConstraints(o.constraints),
    loss: oneOf(o, 'loss', LOSSES, 'linear'),
    fScale,
    nanPolicy: oneOf(o, 'nanPolicy', ['raise', 'omit'] as const, 'raise'),
    diff: oneOf(o, 'diff', ['forward', 'central'] as const, 'forward'),
    workers: positiveInteger(o, 'workers') ?? 1,
    ftol: tolerance(o, 'ftol', 1e-14),
    xtol: tolerance(o, 'xtol', 1e-14),
    gtol: tolerance(o, 'gtol', 0),
    maxIterations: positiveInteger(o, 'maxIterations'),
    factor,
    chunkRows: positiveInteger(o, 'chunkRows'),
  };
}

/** Splits the run-time options (progress, cancellation) from the fit's definition, checked. */
export function runOptions(options: unknown): RunOptions {
  if (options === null || typeof options !== 'object') return {};
  const { onProgress, signal } = options as RunOptions;
  if (onProgress !== undefined && typeof onProgress !== 'function') {
    throw new FitError('INVALID_OPTION', `options.onProgress is ${describe(onProgress)}; expected a function ({ pass, iteration, rows, cost }) => void`);
  }
  if (signal !== undefined && !isAbortSignal(signal)) {
    throw new FitError('INVALID_OPTION', `options.signal is ${describe(signal)}; expected an AbortSignal`);
  }
  return { onProgress, signal };
}

function isAbortSignal(value: unknown): value is AbortSignal {
  const signal = value as AbortSignal;
  return typeof value === 'object' && value !== null && typeof signal.aborted === 'boolean' && typeof signal.addEventListener === 'function' && typeof signal.removeEventListener === 'function';
}
