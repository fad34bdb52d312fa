/**
 * FitResult: what a fit returns — fresh JS objects, never views into WASM memory — and RawFit,
 * what the driver collects for it.
 *
 * A FitResult is data (own enumerable properties: numbers, strings, arrays, typed arrays, plain
 * objects) with its methods — evaluate, band, derive, toJSON, report — on a prototype
 * (result-object.ts). So structuredClone(r) and postMessage copy the data and drop the methods
 * (fitResultFromJSON gives them back, from the clone or from r.toJSON()), JSON.stringify(r)
 * writes r.toJSON(), and `{ ...r }` is the data alone.
 */
import type { CallbackModel } from '../models/callback.ts';
import type { ConstraintPlan } from '../models/constraints.ts';

/** Why the solver stopped. A stopping reason is data, not an error. */
export type FitStatus =
  | 'ftol' | 'xtol' | 'ftol+xtol' | 'gtol' | 'maxIterations'
  | 'ftolTooSmall' | 'xtolTooSmall' | 'gtolTooSmall' | 'exactFit';

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

/** Options of {@link FitResult.band}. */
export interface BandOptions {
  /** The probability the band covers, strictly between 0 and 1. Default 0.95. */
  level?: number;
  /**
   * 'confidence' (default): where the model's curve lies — the uncertainty of f(x) from the
   * parameters'. 'prediction': where a new observation at x falls — that and the scatter of one
   * observation about the curve besides (see `sigma`).
   */
  kind?: 'confidence' | 'prediction';
  /**
   * For a prediction band: the standard deviation of a new observation at each x, in the units
   * of the fit's sigma (a number, or one per x). Needed when the fit was weighted by sigma;
   * default 1 otherwise (the rows' common scatter, estimated by the fit).
   */
  sigma?: number | ArrayLike<number>;
}

/** A band about the fitted curve: the curve and its lower and upper edges, one entry per x. */
export interface Band {
  value: Float64Array;
  lower: Float64Array;
  upper: Float64Array;
}

/** A quantity derived from the parameters, with its standard error. */
export interface Derived {
  value: number;
  error: number;
}

/** x as evaluate and band take it: one column, or named columns for a model of several variables. */
export type ResultX = Float64Array | Float32Array | ArrayLike<number> | Record<string, ArrayLike<number>>;

export interface FitResult {
  /** Parameter names, in order of first appearance in the model (p0's order for callbacks). */
  names: string[];
  /** Best-fit values by name (a fixed parameter: its value). */
  params: Record<string, number>;
  /** The same values as a Float64Array, in `names` order. */
  values: Float64Array;
  /**
   * Standard errors by name: √diag(covariance). 0 for a fixed parameter; NaN for a parameter
   * the data do not determine (see `undetermined`). For a parameter on a bound (`atBound`) the
   * error is that of the curvature there, from the Jacobian of every free parameter, as SciPy's
   * curve_fit reports it: the real uncertainty is one-sided.
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
  /**
   * The parameters options.constraints tied to the others, with their expressions as given:
   * `{ g2_sigma: 'g1_sigma' }` (empty without constraints). A tied parameter is not fitted and not
   * counted in the degrees of freedom; its value is its expression at the others' values, its
   * error (and its row of `covariance`) propagated from theirs through the expression's gradient.
   */
  tied: Record<string, string>;
  /** Names of the parameters that end on one of their bounds. */
  atBound: string[];
  /** Σ rᵢ², rᵢ = (f(xᵢ) − yᵢ)/σᵢ. */
  chi2: number;
  /** ½·Σ fScale²·ρ((rᵢ/fScale)²), the objective minimised (½χ² for the linear loss). */
  cost: number;
  /** χ² / dof; NaN when dof = 0. */
  reducedChi2: number;
  /** Degrees of freedom: rows − free parameters (tied and fixed ones are not free). */
  dof: number;
  /**
   * Akaike's information criterion, as lmfit defines it (Minimizer._calculate_statistics):
   * N·ln(χ²/N) + 2k, k the free parameters (χ² at least 1e-250·N). Lower is better; only
   * differences between fits of the same data mean anything.
   */
  aic: number;
  /** The Bayesian information criterion, as lmfit's: N·ln(χ²/N) + ln(N)·k. */
  bic: number;
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
   * True when the answer is a stationary point of the objective to the stated tolerance, by a
   * test of its own at the answer, whatever stopped the solver:
   *  - the residuals are zero or rounding — a change of the parameters by ε relative could
   *    explain them (status 'exactFit', or found at the answer): true, whatever y is; else
   *  - false when the Jacobian is zero there (rank 0) and the cost does not rise on both sides of
   *    every parameter (probed ε^¼ away: a plateau, not a known minimum), when difference
   *    quotients are at the rounding of the model (the gradient test cannot be trusted), and at
   *    maxIterations; else
   *  - true when for every free parameter not held by its bound the cosine between the residuals
   *    and its Jacobian column is at most 1e-6 — or, where the residuals lie in the range of the
   *    Jacobian and the cosine is 1 by construction (one row, or rows that repeat one another),
   *    when the gradient is at most 1e-6 of ‖r‖ times the column's largest size in the fit (the
   *    derivative itself has vanished: the minimum of (p − 3)² + 5).
   * `message` says what stopped the solver, and why `converged` is false when it is.
   */
  converged: boolean;
  memory: FitMemory;
  /**
   * The expression the fit compiled — a built-in model's expression, constraints written in —
   * or null for a callback model.
   */
  expression: string | null;
  /** The variables the model reads (['x'] for a callback): the columns evaluate and band take. */
  variables: string[];
  /** How the report names the model: the expression as given, 'gaussian: …', or 'callback …'. */
  label: string;
  /** Whether sigma weighted the rows (a prediction band then needs the new rows' sigma). */
  weighted: boolean;
  /** Whether the covariance was left unscaled (options.absoluteSigma). */
  absoluteSigma: boolean;

  /**
   * The fitted model at x, in a fresh Float64Array: x as compileModel's evaluate takes it (one
   * column, or named columns `{ t, u }` for a model of several variables). A callback model is
   * called; a result read back from JSON of a callback fit has no model (FitError NO_MODEL).
   *
   * @example r.evaluate([0, 0.5, 1]) // a Float64Array of f at 0, 0.5 and 1
   */
  evaluate(x: ResultX): Float64Array;
  /**
   * A confidence or prediction band about the fitted curve at x, by the delta method (lmfit's
   * eval_uncertainty): var f(x) = ∇f(x)ᵀ·C·∇f(x), C the covariance, ∇f the model's gradient in its
   * parameters (symbolic for an expression; central differences for a callback without a
   * jacobian), and the half-width t·√var with t Student's quantile at (1 + level)/2 for `dof`
   * degrees of freedom. A prediction band adds s²·σ² under the root: s² the reduced χ² (the
   * covariance's own scale; 1 with absoluteSigma), σ the new observation's sigma (options.sigma,
   * default 1) — lmfit ≥ 1.3's dely_predicted for s², the known variance with absoluteSigma.
   * NaN where the covariance is undetermined.
   *
   * @example const { value, lower, upper } = r.band(xs, { level: 0.95 });
   */
  band(x: ResultX, options?: BandOptions): Band;
  /**
   * A function of the parameters with its standard error by linear propagation: the value of
   * `expression` at the best fit and √(gᵀ·C·g), g its symbolic gradient — lmfit's stderr of a
   * Parameter with `expr`. Any parameter may appear, tied ones included (propagated through their
   * ties); the functions and constants are those of model expressions.
   *
   * @example r.derive('log(2)/b') // { value, error }: a half-life and its standard error
   */
  derive(expression: string): Derived;
  /**
   * The result as plain JSON values: typed arrays as arrays (covariance as P rows), the model as
   * its expression (null for a callback), no functions. JSON.stringify(r) writes it (NaN as null).
   * fitResultFromJSON gives back a FitResult whose evaluate, band, derive and report work.
   */
  toJSON(): FitResultJSON;
  /** A human-readable report: parameters ± errors, correlations, statistics, stopping reason, arena. */
  report(): string;
}

/** A FitResult's data: everything but its methods. */
export type FitResultData = Omit<FitResult, 'evaluate' | 'band' | 'derive' | 'toJSON' | 'report'>;

/**
 * The data of a FitResult, as toJSON writes it: what fitResultFromJSON reads. The same fields,
 * with plain arrays for the typed ones, and what the object is.
 */
export type FitResultJSON = Omit<FitResultData, 'values' | 'covariance'> & {
  /** 'arenafit.FitResult': what the object is. */
  format: string;
  /** The layout's version: 1. */
  version: number;
  values: number[];
  /** P rows of P entries, in `names` order. */
  covariance: number[][];
};

/**
 * What buildResult keeps of the prepared fit (driver/prepare.ts's PreparedFit has these): the
 * model to evaluate, its ties, and the data's variables.
 */
export interface FitSource {
  model: { label: string; callback?: CallbackModel; constraints?: ConstraintPlan };
  program: { source: string; parameters: string[] };
  rows: { variables: string[]; hasSigma: boolean };
}

export interface RawFit {
  names: string[];
  free: number[];
  label: string;
  values: Float64Array;
  covariance: number[]; // (J̃ᵀJ̃)⁻¹ of the solver's scaled problem, P_free × P_free
  units: number[]; // per free parameter: the solver's unit dⱼ (a power of two)
  scale: number; // the solver's residual scale s (a power of two)
  negligible: boolean; // the residuals at the answer are rounding
  inRange: boolean; // the residuals at the answer lie in the range of J
  scaledObjective: number; // s²·Σ c²ρ (what the covariance's scale is taken from)
  rank: number;
  statusCode: number;
  objective: number; // Σ c²ρ = 2·cost
  chi2: number;
  totalSumOfSquares: number;
  cosines: number[]; // per free parameter: |cos(r, J e_j)| at the answer, 0 when its bound holds it
  slopes: number[]; // per free parameter: |gⱼ| / (‖r‖·its column's largest size in the fit)
  sides: number[]; // per free parameter: −1 on its lower bound, +1 on its upper, 0 inside
  columns: number[]; // per free parameter: ‖J̃ eⱼ‖ of the scaled Jacobian at the answer
  /** With a difference-quotient Jacobian: per free parameter, the step at the answer. */
  differenceSteps: number[] | undefined;
  sumOfSquares: number; // Σw·y²
  /** At a zero Jacobian: whether the cost rose on both sides of every parameter (driver/probe.ts). */
  probe: 'minimum' | 'plateau' | undefined;
  absoluteSigma: boolean;
  rows: number;
  omittedRows: number;
  iterations: number;
  evaluations: number;
  memory: Omit<FitMemory, 'passes'>;
}

