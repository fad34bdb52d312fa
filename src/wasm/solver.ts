/**
 * The solver, seen from the host: MINPACK lmder's state machine in the arena (assembly/lm/),
 * driven by reverse communication. `step` consumes what the last pass folded and says whether
 * the solver wants another pass at `trial`; when it does not, `answer()` reads its result block
 * (abi.ts RESULT_*) into plain numbers.
 */
import {
  REQUEST_PASS, RESULT_CHI2, RESULT_HEADER, RESULT_ITERATIONS, RESULT_OBJECTIVE, RESULT_RANK, RESULT_STATUS,
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
  objective: number;
  chi2: number;
}

/** The solver's answer, copied out of WASM memory. */
export interface SolverAnswer {
  statusCode: number;
  iterations: number;
  rank: number;
  objective: number;
  chi2: number;
  /** Per free parameter: |cos(r, J e_j)| at the answer. */
  cosines: number[];
  /** The unscaled covariance (JᵀJ)⁻¹ of the free parameters, P×P row-major. */
  covariance: number[];
}

export class Solver {
  readonly #core: CoreExports;
  readonly #at: number;
  readonly p: number;
  /** The solver's trial point u (P f64 in the arena): where the next pass runs. */
  readonly trial: Float64Array;
  /** Pointers of the trial point and the current point, for the evaluator. */
  readonly trialPointer: number;
  readonly xPointer: number;

  constructor(core: CoreExports, p: number) {
    this.#core = core;
    this.p = p;
    this.#at = core.solverCreate(p) >>> 0;
    if (this.#at === 0) throw internalError('the planned solver workspace did not fit in the arena');
    this.trialPointer = core.solverTrial(this.#at) >>> 0;
    this.xPointer = core.solverX(this.#at) >>> 0;
    this.trial = new Float64Array(core.memory.buffer, this.trialPointer, p);
  }

  static bytes(core: CoreExports, p: number): number {
    return core.solverBytes(p) >>> 0;
  }

  start(settings: SolverSettings): void {
    const { ftol, xtol, gtol, factor, maxIterations, rankTolerance } = settings;
    this.#core.solverStart(this.#at, ftol, xtol, gtol, factor, maxIterations, rankTolerance);
  }

  /** Hands the solver what the last pass folded into `factor`; true when it wants another pass. */
  step(factor: number, folded: Folded): boolean {
    return this.#core.solverStep(this.#at, factor, folded.objective, folded.chi2, folded.finite ? 1 : 0) === REQUEST_PASS;
  }

  /** The first step, which asks for the pass at the start. */
  begin(factor: number): boolean {
    return this.step(factor, { finite: true, objective: 0, chi2: 0 });
  }

  /** Trial steps taken so far. */
  get iterations(): number {
    return this.#core.solverIterations(this.#at);
  }

  /** The objective at the best point so far, ½Σc²ρ (½χ² for the linear loss). */
  get cost(): number {
    return this.#core.solverObjective(this.#at) / 2;
  }

  /** Recomputes the covariance from a factor folded at the answer (with bounds: ∂f/∂θ columns). */
  covarianceFrom(factor: number): void {
    this.#core.solverCovarianceFrom(this.#at, factor);
  }

  answer(): SolverAnswer {
    const p = this.p;
    const block = new Float64Array(this.#core.memory.buffer, this.#core.solverResult(this.#at) >>> 0, RESULT_HEADER + p + p * p);
    return {
      statusCode: block[RESULT_STATUS],
      iterations: block[RESULT_ITERATIONS],
      rank: block[RESULT_RANK],
      objective: block[RESULT_OBJECTIVE],
      chi2: block[RESULT_CHI2],
      cosines: plain(block, RESULT_HEADER, p),
      covariance: plain(block, RESULT_HEADER + p, p * p),
    };
  }
}
