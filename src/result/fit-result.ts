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

