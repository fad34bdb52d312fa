/**
 * The solver, seen from the host: MINPACK lmder's state machine in the arena (assembly/lm/),
 * driven by reverse communication. `step` consumes what the last pass folded and says whether
 * the solver wants another pass at `trial`; when it does not, `answer()` reads its result block
 * (abi.ts RESULT_*) into plain numbers.
 */
import {
  REQUEST_PASS, RESULT_ARRAYS, RESULT_BOUNDS, RESULT_CHI2, RESULT_COLUMNS, RESULT_COSINES, RESULT_HEADER, RESULT_IN_RANGE, RESULT_ITERATIONS, RESULT_NEGLIGIBLE, RESULT_OBJECTIVE,
  RESULT_RANK, RESULT_SCALE, RESULT_SLOPES, RESULT_STATUS, RESULT_UNITS, RESULT_VALUES,
} from './abi.ts';
import type { CoreExports } from './core.ts';
import { internalError, plain } from './views.ts';

/** MINPACK lmder's tolerances and limits, and the rank tolerance of the covariance. */
export interface SolverSettings {
  ftol: number;
  xtol: number;
  gtol: number;
  /** The initial radius is factor·‖D·x₀‖. */
  factor: number;
  maxIterations: number;
  /** |R(k,k)| ≤ rankTolerance·|R(0,0)| counts as zero. */
  rankTolerance: number;
}

/** What a pass folded, handed to the solver: Σc²ρ, χ², and whether every value was finite. */
export interface Folded {
  finite: boolean;
  /** Not finite only because a sum overflowed while the model was finite: a matter of scale. */
  overflow: boolean;
  objective: number;
  chi2: number;
}

/**
 * The solver's answer, copied out of WASM memory. The solver works on residuals times `scale`
 * and on parameters in `units` (powers of two, assembly/lm/calibrate.ts): `objective` and
 * `covariance` are of that scaled problem, and the caller unscales them (result/result.ts);
 * `chi2` is in the data's units.
 */
export interface SolverAnswer {
  statusCode: number;
  iterations: number;
  rank: number;
  objective: number;
  chi2: number;
  scale: number;
  /** The residuals at the answer are rounding: a change of the parameters by ε could explain them. */
  negligible: boolean;
  /** The residuals at the answer lie in the range of J: the cosine is 1 by construction. */
  inRange: boolean;
  /** θ of the free parameters at the answer. */
  values: number[];
  units: number[];
  /** Per free parameter: |cos(r, J e_j)| at the answer, 0 when its bound holds it. */
  cosines: number[];
  /** Per free parameter: |gⱼ| / (‖r‖·its column's largest size in the fit). */
  slopes: number[];
  /** Per free parameter: −1 on its lower bound, +1 on its upper, 0 inside. */
  bounds: number[];
  /** Per free parameter: the norm of its column of the scaled Jacobian at the answer. */
  columns: number[];
  /** (J̃ᵀJ̃)⁻¹ of the scaled problem, P×P row-major. */
  covariance: number[];
}

export class Solver {
  readonly #core: CoreExports;
  readonly #at: number;
  readonly p: number;
  /** The solver's current point (P f64 in the arena): the host writes the start θ₀ here. */
  readonly x: Float64Array;
  /** Pointer of the pass point (θ, column scales, residual scale) the evaluator begins a pass at. */
  readonly pointPointer: number;
  /** The pass point's θ (P f64), for passes the driver asks for itself (driver/probe.ts). */
  readonly point: Float64Array;

  constructor(core: CoreExports, p: number) {
    this.#core = core;
    this.p = p;
    this.#at = core.solverCreate(p) >>> 0;
    if (this.#at === 0) throw internalError('the planned solver workspace did not fit in the arena');
    this.pointPointer = core.solverPoint(this.#at) >>> 0;
    this.x = new Float64Array(core.memory.buffer, core.solverX(this.#at) >>> 0, p);
    this.point = new Float64Array(core.memory.buffer, this.pointPointer, p);
  }

  static bytes(core: CoreExports, p: number): number {
    return core.solverBytes(p) >>> 0;
  }

  /** Free parameter j lives in [lo, hi]. */
  bound(j: number, lo: number, hi: number): void {
    this.#core.solverBound(this.#at, j, lo, hi);
  }

  start(settings: SolverSettings): void {
    const { ftol, xtol, gtol, factor, maxIterations, rankTolerance } = settings;
    this.#core.solverStart(this.#at, ftol, xtol, gtol, factor, maxIterations, rankTolerance);
  }

  /** Hands the solver what the last pass folded into `factor`; true when it wants another pass. */
  step(factor: number, folded: Folded): boolean {
    const { objective, chi2, finite, overflow } = folded;
    return this.#core.solverStep(this.#at, factor, objective, chi2, finite ? 1 : 0, overflow ? 1 : 0) === REQUEST_PASS;
  }

  /** The first step, which asks for the pass at the start. */
  begin(factor: number): boolean {
    return this.step(factor, { finite: true, overflow: false, objective: 0, chi2: 0 });
  }

  /** Trial steps taken so far. */
  get iterations(): number {
    return this.#core.solverIterations(this.#at);
  }

  /** The objective at the best point so far, ½Σc²ρ (½χ² for the linear loss). */
  get cost(): number {
    return this.#core.solverObjective(this.#at) / 2;
  }

  /** Writes the pass point at the answer x, for one more pass there (then refinish). */
  recheck(): void {
    this.#core.solverRecheck(this.#at);
  }

  /** Takes the factor of the pass at x as the one at x and recomputes the answer from it. */
  refinish(factor: number): void {
    this.#core.solverRefinish(this.#at, factor);
  }

  answer(): SolverAnswer {
    const p = this.p;
    const block = new Float64Array(this.#core.memory.buffer, this.#core.solverResult(this.#at) >>> 0, RESULT_HEADER + RESULT_ARRAYS * p + p * p);
    const array = (k: number) => plain(block, RESULT_HEADER + k * p, p);
    return {
      statusCode: block[RESULT_STATUS],
      iterations: block[RESULT_ITERATIONS],
      rank: block[RESULT_RANK],
      objective: block[RESULT_OBJECTIVE],
      chi2: block[RESULT_CHI2],
      scale: block[RESULT_SCALE],
      negligible: block[RESULT_NEGLIGIBLE] === 1,
      inRange: block[RESULT_IN_RANGE] === 1,
      values: array(RESULT_VALUES),
      units: array(RESULT_UNITS),
      cosines: array(RESULT_COSINES),
      slopes: array(RESULT_SLOPES),
      bounds: array(RESULT_BOUNDS),
      columns: array(RESULT_COLUMNS),
      covariance: plain(block, RESULT_HEADER + RESULT_ARRAYS * p, p * p),
    };
  }
}
