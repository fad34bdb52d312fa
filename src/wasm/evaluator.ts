/**
 * The evaluator, seen from the host: a model's bytecode, its parameters and bounds, the VM's
 * registers, the block [J | r] and the chunk window, carved from the arena (assembly/evaluate/).
 * A pass is `begin(at)`, then per chunk of rows in the window `scan` (data checks) and `fold`
 * (model → weight → loss → fold into R̃); `objective`, `chi2` and `finite` say what it folded.
 *
 * The views it owns stay attached for the fit: memory never grows after an engine is created.
 */
import { LOSS_ARCTAN, LOSS_CAUCHY, LOSS_HUBER, LOSS_LINEAR, LOSS_SOFT_L1, REGION_FACTOR } from './abi.ts';
import type { CoreExports } from './core.ts';
import { kernelSlot } from './model-kernel/link.ts';
import { internalError } from './views.ts';

/** The robust losses, by name, as the kernels number them (abi.ts LOSS_*). */
export const LOSS_CODES = { linear: LOSS_LINEAR, soft_l1: LOSS_SOFT_L1, huber: LOSS_HUBER, cauchy: LOSS_CAUCHY, arctan: LOSS_ARCTAN } as const;
export type LossName = keyof typeof LOSS_CODES;

/** What the evaluator needs of a compiled model (models/expression: CompiledProgram). */
export interface EvaluatorProgram {
  variables: readonly string[];
  nScalars: number;
  nRegisters: number;
  constants: Float64Array;
  prologue: Int32Array;
  body: Int32Array;
  outputs: Int32Array;
}

/** Everything an evaluator needs, as plain data (it crosses to pass workers). */
export interface EvaluatorSpec {
  program: EvaluatorProgram;
  /** How many parameters the model has (fixed included). */
  parameters: number;
  /** Indices of the free parameters. */
  free: number[];
  /** Start values of every parameter (fixed ones stay at theirs). */
  start: Float64Array;
  loss: LossName;
  fScale: number;
  hasSigma: boolean;
  chunkRows: number;
  blockRows: number;
}

/** The sizes that set an evaluator's workspace. */
type Sizes = Pick<EvaluatorSpec, 'program' | 'free' | 'hasSigma'>;

function carveArguments(spec: Sizes, blockRows: number, chunkRows: number): [number, number, number, number, number, number, number, number, number] {
  const { program } = spec;
  return [spec.free.length, program.variables.length, program.nScalars, program.nRegisters, program.prologue.length / 4, program.body.length / 4, blockRows, chunkRows, spec.hasSigma ? 1 : 0];
}

/** One dataset's program of a global fit, rewritten for the fit's parameters and padded to the carved sizes (driver/global-program.ts). */
export interface DatasetProgram {
  /** Empty: the prologue runs at the head of the body. */
  prologue: Int32Array;
  body: Int32Array;
  /** The value, then ∂f/∂θ of each free parameter of the fit (the evaluator's order), operand-encoded. */
  outputs: Int32Array;
  /** The dataset's constants and the 0 after them, written at scalar slot `constantsAt`. */
  constants: Float64Array;
}

export class Evaluator {
  readonly #core: CoreExports;
  readonly #at: number;
  readonly p: number;
  /** The model's scalars: θ of every parameter (in model order), then constants. */
  readonly scalars: Float64Array;
  /** The chunk window: x columns, y, and sigma (when given), chunkRows each. */
  readonly windowX: Float64Array[];
  readonly windowY: Float64Array;
  readonly windowSigma: Float64Array | undefined;
  /** Pointer of the factor R̃ = [R | Qᵀr] this evaluator folds into, for the solver. */
  readonly factor: number;
  #merge = 0;
  readonly #nVariables: number;
  readonly #hasSigma: boolean;

  constructor(core: CoreExports, spec: EvaluatorSpec) {
    this.#core = core;
    const { program, free, chunkRows } = spec;
    const p = (this.p = free.length);
    const at = (this.#at = core.evaluatorCreate(...carveArguments(spec, spec.blockRows, chunkRows)) >>> 0);
    if (at === 0) throw internalError('the planned evaluator workspace did not fit in the arena');
    const buffer = core.memory.buffer;
    new Int32Array(buffer, core.evaluatorPrologue(at) >>> 0, program.prologue.length).set(program.prologue);
    new Int32Array(buffer, core.evaluatorBody(at) >>> 0, program.body.length).set(program.body);
    const outputs = new Int32Array(buffer, core.evaluatorOutputs(at) >>> 0, p + 1);
    outputs[0] = program.outputs[0];
    free.forEach((j, k) => (outputs[1 + k] = program.outputs[1 + j]));
    this.scalars = new Float64Array(buffer, core.evaluatorScalars(at) >>> 0, program.nScalars);
    this.scalars.set(spec.start.subarray(0, spec.parameters)); // fixed values stay in their slots
    this.scalars.set(program.constants, spec.parameters);
    free.forEach((j, k) => core.evaluatorParameter(at, k, j));
    core.evaluatorLoss(at, LOSS_CODES[spec.loss], spec.fScale);
    // The model's own kernel (model-kernel/), or 0 for the VM.
    this.#nVariables = program.variables.length;
    this.#hasSigma = spec.hasSigma;
    const kernel = { nVariables: this.#nVariables, body: program.body, outputs, constants: program.constants, constantsAt: spec.parameters, hasSigma: spec.hasSigma };
    core.evaluatorKernel(at, kernelSlot(core.kernelLink, kernel));
    const windowX = core.evaluatorWindowX(at) >>> 0;
    this.windowX = program.variables.map((_, k) => new Float64Array(buffer, windowX + 8 * k * chunkRows, chunkRows));
    this.windowY = new Float64Array(buffer, core.evaluatorWindowY(at) >>> 0, chunkRows);
    this.windowSigma = spec.hasSigma ? new Float64Array(buffer, core.evaluatorWindowSigma(at) >>> 0, chunkRows) : undefined;
    this.factor = core.evaluatorFactor(at) >>> 0;
  }

  /** Bytes an evaluator of these sizes carves, with blocks of `blockRows` and a window of `chunkRows`. */
  static bytes(core: CoreExports, spec: Sizes, blockRows: number, chunkRows: number): number {
    return core.evaluatorBytes(...carveArguments(spec, blockRows, chunkRows)) >>> 0;
  }

  /**
   * Starts a pass at the solver's pass point (a pointer of 2P + 1 f64: θ, the column scales,
   * the residual scale; see assembly/lm/solver.ts): R̃, the objective and χ² start at 0.
   */
  begin(point: number): void {
    this.#core.passBegin(this.#at, point);
  }

  /**
   * Checks the window's first n rows: x finite (the first `xColumns` columns), y finite, sigma
   * finite and > 0. Returns SCAN_OK, or the column of the first bad value (x columns, then y,
   * sigma not finite, sigma ≤ 0) with its row in `scanRow`. `mode` (abi.ts SCAN_*): SCAN_START
   * and SCAN_CONTINUE also sum the statistics of y (the first pass), SCAN_CHECK only checks.
   */
  scan(n: number, mode: number, xColumns: number): number {
    return this.#core.scanChunk(this.#at, n, mode, xColumns);
  }

  /** Row (in the window) of the bad value the last scan found. */
  get scanRow(): number {
    return this.#core.evaluatorScanRow(this.#at);
  }

  /** Folds the window's first n rows; false when a value of the model or a residual was not finite. */
  fold(n: number): boolean {
    return this.#core.passChunk(this.#at, n) === 1;
  }

  /** Rows folded in this pass before the first non-finite value. */
  get badRow(): number {
    return this.#core.evaluatorBadRow(this.#at);
  }

  get objective(): number {
    return this.#core.evaluatorObjective(this.#at);
  }

  get chi2(): number {
    return this.#core.evaluatorChi2(this.#at);
  }

  get finite(): boolean {
    return this.#core.evaluatorFinite(this.#at) === 1;
  }

  /** The pass stopped on a sum that overflowed while the model was finite: a matter of scale. */
  get overflow(): boolean {
    return this.#core.evaluatorOverflow(this.#at) === 1;
  }

  /** Σw·y²: the size of the data, weighted. */
  get sumOfSquares(): number {
    return this.#core.evaluatorSumOfSquares(this.#at);
  }

  /** Σw(y − ȳ_w)²: the denominator of R². */
  get totalSumOfSquares(): number {
    return this.#core.evaluatorTotalSumOfSquares(this.#at);
  }

  /** R̃, (P+1)×(P+1) column-major, copied out (for a pass worker's partial factor). */
  factorCopy(): Float64Array {
    const n1 = this.p + 1;
    return new Float64Array(this.#core.memory.buffer, this.factor, n1 * n1).slice();
  }

  /** A copy of the pass point at `at` (2P + 1 f64, see begin), to send elsewhere. */
  pointCopy(at: number): Float64Array {
    return new Float64Array(this.#core.memory.buffer, at, 2 * this.p + 1).slice();
  }

  /** Merges a partial factor folded elsewhere into R̃ (a QR of the two stacked). */
  mergeFactor(values: Float64Array): void {
    const n1 = this.p + 1;
    if (this.#merge === 0) this.#merge = this.#core.arenaAllocIn(REGION_FACTOR, 8 * n1 * n1) >>> 0;
    if (this.#merge === 0) throw internalError('the arena had no room for a partial factor');
    new Float64Array(this.#core.memory.buffer, this.#merge, n1 * n1).set(values);
    this.#core.passMergeFactor(this.#at, this.#merge);
  }

  /**
   * Loads another program into the carved workspace (a global fit's next dataset, passes/global.ts):
   * its code — exactly as many instructions as the evaluator was carved for —, its outputs (value,
   * then ∂f/∂θ of each free parameter, as the evaluator orders them) and its constants at scalar
   * slot `constantsAt`. Between chunks of a pass too: the fold reads them block by block (the
   * in-place flags and the prologue, though, are begin()'s).
   */
  load(program: DatasetProgram, constantsAt: number): void {
    const core = this.#core;
    const buffer = core.memory.buffer;
    new Int32Array(buffer, core.evaluatorPrologue(this.#at) >>> 0, program.prologue.length).set(program.prologue);
    new Int32Array(buffer, core.evaluatorBody(this.#at) >>> 0, program.body.length).set(program.body);
    new Int32Array(buffer, core.evaluatorOutputs(this.#at) >>> 0, this.p + 1).set(program.outputs);
    this.scalars.set(program.constants, constantsAt);
    const kernel = { nVariables: this.#nVariables, body: program.body, outputs: program.outputs, constants: program.constants, constantsAt, hasSigma: this.#hasSigma };
    core.evaluatorKernel(this.#at, kernelSlot(core.kernelLink, kernel));
  }

  /** Merges a factor R̃ held in the arena at `pointer` (n₁×n₁ column-major; destroyed) into this pass's R̃. */
  mergeFactorAt(pointer: number): void {
    this.#core.passMergeFactor(this.#at, pointer);
  }

  /** The statistics of y: shift, Σw, Σw(y − shift), Σw(y − shift)². */
  statistics(): Float64Array {
    const core = this.#core;
    const scratch = core.arenaAlloc(32) >>> 0;
    core.evaluatorStatistics(this.#at, scratch);
    const out = new Float64Array(core.memory.buffer, scratch, 4).slice();
    core.arenaRelease(scratch);
    return out;
  }

  setStatistics(shift: number, sw: number, swy: number, swyy: number): void {
    this.#core.evaluatorSetStatistics(this.#at, shift, sw, swy, swyy);
  }
}

