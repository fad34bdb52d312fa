/**
 * FitResult: what a fit returns — fresh JS objects, never views into WASM memory — and RawFit,
 * what the driver collects for it.
 */

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
  /** A human-readable report: parameters ± errors, correlations, statistics, stopping reason, arena. */
  report(): string;
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

