/**
 * Engines and the pass driver.
 *
 * An engine is one WASM instance with an arena of fixed capacity. A fit on it:
 *   1. validates the call (options, data, model, p0) — once, at the door;
 *   2. takes an arena mark and carves its whole workspace: solver, evaluator, chunk window;
 *   3. loops: the solver asks for a pass at a trial point → every row is streamed through the
 *      window chunk by chunk → the solver resumes (reverse communication, see assembly/lm/);
 *   4. copies the answer into fresh JS objects and releases the arena to its mark — in a
 *      `finally`, so a fit that throws leaves the engine as it found it.
 *
 * The driver is a generator that yields after every chunk: curveFitSync drains it at once,
 * curveFit yields to the event loop between chunks so long fits keep the page responsive.
 */
import {
  REQUEST_PASS, STATUS_NON_FINITE_START,
} from '../assembly/abi.ts';
import { FitError, describe } from './errors.ts';
import { resolveOptions, type FitOptions, type ResolvedOptions } from './options.ts';
import { resolveModel, type CompiledProgram } from './models/index.ts';
import { asColumn, copyRows, type NumericArray } from './sources/arrays.ts';
import { buildResult, type FitResult, type RawFit } from './result.ts';
import { instantiateCore, type CoreExports } from './wasm/core.ts';

/** Options of {@link createEngine}. */
export interface EngineOptions {
  /**
   * Arena capacity in bytes: the most memory any fit on this engine can use, whatever the
   * number of rows. Default 4 MiB — enough for 65,536-row chunks of a 20-parameter model.
   * A smaller arena only means smaller chunks (more calls into WASM per pass).
   */
  arenaBytes?: number;
}

/** The engine's memory figures. */
export interface MemoryStats {
  /** The arena's capacity (arenaBytes). */
  capacityBytes: number;
  /** Arena bytes in use now (0 between fits). */
  usedBytes: number;
  /** Most arena bytes ever in use on this engine. */
  highWaterBytes: number;
  /** Bytes of WASM linear memory: static data plus the arena, fixed at creation. */
  wasmMemoryBytes: number;
}

export interface Engine {
  /** Fits `model` to (x, y), yielding to the event loop between chunks. */
  curveFit(model: string, x: NumericArray, y: NumericArray, options?: FitOptions): Promise<FitResult>;
  /** Fits `model` to (x, y) on the calling thread, start to finish. */
  curveFitSync(model: string, x: NumericArray, y: NumericArray, options?: FitOptions): FitResult;
  /** The arena's figures now. */
  memory(): MemoryStats;
}

export const DEFAULT_ARENA_BYTES = 4 << 20;
const MIN_ARENA_BYTES = 64 << 10;
const MAX_ARENA_BYTES = 2 ** 31;
/** Rows the VM evaluates at a time: a few KiB per register, so a block stays in L1/L2 cache. */
const BLOCK_ROWS = 256;
/** The most rows copied into the window at a time, so that async fits yield often enough. */
const MAX_CHUNK_ROWS = 65536;

export function createEngine(options: EngineOptions = {}): Engine {
  if (typeof options !== 'object' || options === null) {
    throw new FitError('INVALID_ARGUMENT', `createEngine options is ${describe(options)}; expected an object such as { arenaBytes: 4 << 20 }`);
  }
  const arenaBytes = options.arenaBytes ?? DEFAULT_ARENA_BYTES;
  if (typeof arenaBytes !== 'number' || !Number.isInteger(arenaBytes) || arenaBytes < MIN_ARENA_BYTES || arenaBytes > MAX_ARENA_BYTES) {
    throw new FitError('INVALID_OPTION', `arenaBytes is ${describe(arenaBytes)}; expected an integer from ${MIN_ARENA_BYTES} (64 KiB) to ${MAX_ARENA_BYTES} (2 GiB)`);
  }
  const core = instantiateCore();
  if (core.arenaInit(arenaBytes) !== 1) {
    throw new FitError('ARENA_TOO_SMALL', `arenaBytes is ${arenaBytes}; the host could not provide that much WebAssembly memory`);
  }
  return new ArenaEngine(core);
}

class ArenaEngine implements Engine {
  readonly #core: CoreExports;
  #busy = false;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(core: CoreExports) {
    this.#core = core;
  }

  curveFitSync(model: string, x: NumericArray, y: NumericArray, options?: FitOptions): FitResult {
    if (this.#busy) {
      throw new FitError('ENGINE_BUSY', 'curveFitSync was called while this engine is running another fit; await it, or use another engine');
    }
    const fit = prepare(model, x, y, options);
    this.#busy = true;
    try {
      const steps = runFit(this.#core, fit);
      for (;;) {
        const step = steps.next();
        if (step.done) return buildResult(step.value);
      }
    } finally {
      this.#busy = false;
    }
  }

  curveFit(model: string, x: NumericArray, y: NumericArray, options?: FitOptions): Promise<FitResult> {
    // Fits on one engine share its arena, so they run one after another.
    const run = this.#queue.then(async () => {
      const fit = prepare(model, x, y, options);
      this.#busy = true;
      try {
        const steps = runFit(this.#core, fit);
        let lastYield = now();
        for (;;) {
          const step = steps.next();
          if (step.done) return buildResult(step.value);
          if (now() - lastYield > 10) {
            await yieldToEventLoop();
            lastYield = now();
          }
        }
      } finally {
        this.#busy = false;
      }
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }

  memory(): MemoryStats {
    const core = this.#core;
    return {
      capacityBytes: core.arenaCapacity() >>> 0,
      usedBytes: core.arenaUsed() >>> 0,
      highWaterBytes: core.arenaHighWater() >>> 0,
      wasmMemoryBytes: core.memory.buffer.byteLength,
    };
  }
}

const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof setImmediate === 'function') setImmediate(resolve);
    else setTimeout(resolve, 0);
  });
}

/** A validated fit, ready to run on any engine. */
interface PreparedFit {
  source: string;
  program: CompiledProgram;
  p0: Float64Array;
  x: NumericArray;
  y: NumericArray;
  sigma: NumericArray | undefined;
  rows: number;
  options: ResolvedOptions;
}

function prepare(model: string, xIn: unknown, yIn: unknown, optionsIn: unknown): PreparedFit {
  const options = resolveOptions(optionsIn);
  const x = asColumn(xIn, 'x');
  const y = asColumn(yIn, 'y');
  const sigma = options.sigma === undefined ? undefined : asColumn(options.sigma, 'options.sigma');
  if (x.length !== y.length) {
    throw new FitError('LENGTH_MISMATCH', `x has ${x.length} rows and y has ${y.length}; expected the same number`);
  }
  if (sigma && sigma.length !== y.length) {
    throw new FitError('LENGTH_MISMATCH', `options.sigma has ${sigma.length} rows and y has ${y.length}; expected the same number`);
  }
  const program = resolveModel(model);
  const p = program.parameters.length;
  if (y.length < p) {
    throw new FitError('TOO_FEW_ROWS', `x and y have ${y.length} rows; expected at least ${p}, one per free parameter (${program.parameters.join(', ')})`);
  }
  return { source: model, program, p0: startingPoint(program.parameters, options.p0), x, y, sigma, rows: y.length, options };
}

function startingPoint(names: string[], p0: FitOptions['p0']): Float64Array {
  const start = new Float64Array(names.length).fill(1);
  if (p0 === undefined) return start;
  const check = (value: unknown, label: string): number => {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new FitError('NON_FINITE_P0', `${label} is ${describe(value)}; expected a finite number`);
    }
    return value;
  };
  if (Array.isArray(p0) || ArrayBuffer.isView(p0)) {
    const values = p0 as ArrayLike<number>;
    if (values.length !== names.length) {
      throw new FitError('INVALID_OPTION', `options.p0 has ${values.length} values; expected ${names.length}, one per parameter in order (${names.join(', ')})`);
    }
    for (let j = 0; j < names.length; j++) start[j] = check(values[j], `options.p0[${j}] (${names[j]})`);
    return start;
  }
  if (typeof p0 !== 'object' || p0 === null) {
    throw new FitError('INVALID_OPTION', `options.p0 is ${describe(p0)}; expected an object by parameter name, such as { ${names[0]}: 1 }`);
  }
  for (const [name, value] of Object.entries(p0)) {
    const j = names.indexOf(name);
    if (j < 0) {
      throw new FitError('UNKNOWN_PARAMETER', `options.p0 names "${name}", which the model does not have; its parameters are ${names.join(', ')}`);
    }
    start[j] = check(value, `options.p0.${name}`);
  }
  return start;
}

/** How the workspace is laid out for one fit. */
interface Layout { blockRows: number; chunkRows: number }

function planLayout(core: CoreExports, fit: PreparedFit): Layout {
  const { program, rows, options } = fit;
  const p = program.parameters.length;
  const v = program.variables.length;
  const hasSigma = fit.sigma ? 1 : 0;
  const free = core.arenaFree() >>> 0;
  const bytes = (blockRows: number, chunkRows: number) =>
    (core.solverBytes(p) >>> 0) +
    (core.evaluatorBytes(p, v, program.nScalars, program.nRegisters, program.prologue.length / 4, program.body.length / 4, blockRows, chunkRows, hasSigma) >>> 0);
  const wanted = Math.min(options.chunkRows ?? MAX_CHUNK_ROWS, rows);
  for (let blockRows = Math.min(BLOCK_ROWS, wanted); blockRows >= 1; blockRows = Math.floor(blockRows / 2)) {
    if (bytes(blockRows, 1) > free) continue;
    const fixed = bytes(blockRows, 0);
    const perRow = bytes(blockRows, 1024) - bytes(blockRows, 1023); // exact away from rounding
    let chunkRows = Math.min(wanted, Math.max(1, Math.floor((free - fixed - 64) / perRow)));
    while (chunkRows > 1 && bytes(blockRows, chunkRows) > free) chunkRows--;
    if (bytes(blockRows, chunkRows) > free) continue;
    return { blockRows: Math.min(blockRows, chunkRows), chunkRows };
  }
  const needed = bytes(1, 1);
  const capacity = core.arenaCapacity() >>> 0;
  throw new FitError(
    'ARENA_TOO_SMALL',
    `the fit needs at least ${needed} bytes of arena for ${p} parameters and ${program.nRegisters} VM registers, but ${free} of the engine's ${capacity} are free; create the engine with createEngine({ arenaBytes: ${Math.max(needed * 2, 1 << 20)} }) or more`,
  );
}

// Column names for scanChunk's report (x columns, y, then sigma twice: non-finite and ≤ 0).
function dataError(fit: PreparedFit, column: number, row: number): FitError {
  const v = fit.program.variables.length;
  if (column < v) {
    const name = v === 1 ? 'x' : `x.${fit.program.variables[column]}`;
    return new FitError('NON_FINITE_DATA', `${name}[${row}] is ${describe(fit.x[row])}; expected a finite number`);
  }
  if (column === v) return new FitError('NON_FINITE_DATA', `y[${row}] is ${describe(fit.y[row])}; expected a finite number`);
  const seen = describe(fit.sigma![row]);
  if (column === v + 1) return new FitError('NON_FINITE_DATA', `options.sigma[${row}] is ${seen}; expected a finite number > 0`);
  return new FitError('SIGMA_NOT_POSITIVE', `options.sigma[${row}] is ${seen}; expected a number > 0`);
}

function* runFit(core: CoreExports, fit: PreparedFit): Generator<void, RawFit> {
  const { program, rows } = fit;
  const p = program.parameters.length;
  const v = program.variables.length;
  const mark = core.arenaMark() >>> 0;
  core.arenaResetFitHighWater();
  try {
    const layout = planLayout(core, fit);
    const { chunkRows, blockRows } = layout;
    const hasSigma = fit.sigma ? 1 : 0;
    const solver = core.solverCreate(p) >>> 0;
    const evaluator = core.evaluatorCreate(p, v, program.nScalars, program.nRegisters, program.prologue.length / 4, program.body.length / 4, blockRows, chunkRows, hasSigma) >>> 0;
    if (solver === 0 || evaluator === 0) throw new FitError('INTERNAL', 'the planned workspace did not fit in the arena (please report this)');

    // Memory never grows after the engine is created, so views made now stay attached for the fit.
    const buffer = core.memory.buffer;
    new Int32Array(buffer, core.evaluatorPrologue(evaluator) >>> 0, program.prologue.length).set(program.prologue);
    new Int32Array(buffer, core.evaluatorBody(evaluator) >>> 0, program.body.length).set(program.body);
    new Int32Array(buffer, core.evaluatorOutputs(evaluator) >>> 0, p + 1).set(program.outputs);
    new Float64Array(buffer, core.evaluatorScalars(evaluator) >>> 0, program.nScalars).set(program.constants, p);
    new Float64Array(buffer, core.solverX(solver) >>> 0, p).set(fit.p0);
    const windowX = new Float64Array(buffer, core.evaluatorWindowX(evaluator) >>> 0, v * chunkRows);
    const windowY = new Float64Array(buffer, core.evaluatorWindowY(evaluator) >>> 0, chunkRows);
    const windowSigma = hasSigma ? new Float64Array(buffer, core.evaluatorWindowSigma(evaluator) >>> 0, chunkRows) : undefined;
    const factor = core.evaluatorFactor(evaluator) >>> 0;

    const o = fit.options;
    core.solverStart(solver, o.ftol, o.xtol, o.gtol, o.factor, o.maxIterations ?? 200 * (p + 1), RANK_TOLERANCE);
    let request = core.solverStep(solver, factor, 0, 1);
    let passes = 0;
    while (request === REQUEST_PASS) {
      const first = passes === 0;
      core.passBegin(evaluator, core.solverTrial(solver) >>> 0);
      for (let start = 0; start < rows; start += chunkRows) {
        const n = Math.min(chunkRows, rows - start);
        copyRows(windowX.subarray(0, n), fit.x, start, n, 'x', first);
        copyRows(windowY.subarray(0, n), fit.y, start, n, 'y', first);
        if (windowSigma) copyRows(windowSigma.subarray(0, n), fit.sigma!, start, n, 'options.sigma', first);
        if (first) {
          const column = core.scanChunk(evaluator, n, start === 0 ? 1 : 0);
          if (column >= 0) throw dataError(fit, column, start + core.evaluatorScanRow(evaluator));
        }
        const finite = core.passChunk(evaluator, n);
        yield;
        if (!finite) break; // a rejected step: no need to read the rest
      }
      passes++;
      request = core.solverStep(solver, factor, core.evaluatorRss(evaluator), core.evaluatorFinite(evaluator));
    }

    const statusCode = core.solverStatus(solver);
    if (statusCode === STATUS_NON_FINITE_START) {
      const row = core.evaluatorBadRow(evaluator);
      throw new FitError(
        'NON_FINITE_MODEL',
        `the model or its derivatives is not finite at row ${row} (x = ${describe(fit.x[row])}) at the starting point ${formatPoint(program.parameters, fit.p0)}; expected finite values — choose another p0`,
      );
    }
    return {
      names: program.parameters,
      model: fit.source,
      x: new Float64Array(buffer, core.solverX(solver) >>> 0, p).slice(),
      covariance: new Float64Array(buffer, core.solverCovariance(solver) >>> 0, p * p).slice(),
      rank: core.solverRank(solver),
      statusCode,
      chi2: core.solverCost(solver),
      totalSumOfSquares: core.evaluatorTotalSumOfSquares(evaluator),
      rows,
      iterations: core.solverIterations(solver),
      evaluations: passes,
      memory: {
        highWaterBytes: core.arenaFitHighWater() >>> 0,
        capacityBytes: core.arenaCapacity() >>> 0,
        wasmMemoryBytes: buffer.byteLength,
        chunkRows,
        blockRows,
      },
    };
  } finally {
    core.arenaRelease(mark);
  }
}

/**
 * Relative size below which a diagonal entry of the pivoted R counts as zero, for the rank and
 * the covariance: |R(k,k)| ≤ tol·|R(0,0)|. 1e-13 is ~500 ε: far below the 1/cond(J) of every
 * NIST StRD problem at its solution, far above the rounding left by an exactly dependent column.
 */
const RANK_TOLERANCE = 1e-13;

function formatPoint(names: string[], values: Float64Array): string {
  return `{ ${names.map((n, j) => `${n}: ${values[j]}`).join(', ')} }`;
}
