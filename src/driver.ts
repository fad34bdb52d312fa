/**
 * The pass driver: runs one prepared fit on an engine's core.
 *
 *   1. takes an arena mark and carves the whole workspace: solver, evaluator, chunk window;
 *   2. loops: the solver asks for a pass at a trial point → every row is streamed through the
 *      window chunk by chunk → the solver resumes (reverse communication, see assembly/lm/);
 *   3. with bounds, one more pass at the answer folds ∂f/∂θ for the covariance;
 *   4. copies the answer into fresh JS objects and releases the arena to its mark — in a
 *      `finally`, so a fit that throws leaves the engine as it found it.
 *
 * It is a generator that yields after every chunk: curveFitSync drains it at once, curveFit
 * yields to the event loop between chunks so long fits keep the page responsive.
 */
import { REQUEST_PASS, STATUS_NON_FINITE_START, SCAN_OK, BOUND_NONE, LOSS_LINEAR } from '../assembly/abi.ts';
import { FitError, describe } from './errors.ts';
import { LOSSES } from './options.ts';
import { CallbackEvaluator } from './models/callback.ts';
import type { PreparedFit } from './prepare.ts';
import { ArrayRows, type ChunkTargets } from './sources/arrays.ts';
import type { RawFit } from './result.ts';
import type { CoreExports } from './wasm/core.ts';

/** Rows the VM evaluates at a time: a few KiB per register, so a block stays in L1/L2 cache. */
const BLOCK_ROWS = 256;
/** The most rows copied into the window at a time, so that async fits yield often enough. */
const MAX_CHUNK_ROWS = 65536;
/**
 * Relative size below which a diagonal entry of the pivoted R counts as zero, for the rank and
 * the covariance: |R(k,k)| ≤ tol·|R(0,0)|. 1e-13 is ~500 ε: far below the 1/cond(J) of every
 * NIST StRD problem at its solution, far above the rounding left by an exactly dependent column.
 */
const RANK_TOLERANCE = 1e-13;

interface Layout { blockRows: number; chunkRows: number }

function planLayout(core: CoreExports, fit: PreparedFit): Layout {
  const { program } = fit;
  const p = fit.parameters.free.length;
  const v = program.variables.length;
  const hasSigma = fit.data.sigma ? 1 : 0;
  const free = core.arenaFree() >>> 0;
  const bytes = (blockRows: number, chunkRows: number) =>
    (core.solverBytes(p) >>> 0) +
    (core.evaluatorBytes(p, v, program.nScalars, program.nRegisters, program.prologue.length / 4, program.body.length / 4, blockRows, chunkRows, hasSigma) >>> 0);
  const wanted = Math.min(fit.options.chunkRows ?? MAX_CHUNK_ROWS, fit.data.rows);
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
    `the fit needs at least ${needed} bytes of arena for ${p} free parameters and ${program.nRegisters} VM registers, but ${free} of the engine's ${capacity} are free; create the engine with createEngine({ arenaBytes: ${Math.max(needed * 2, 1 << 20)} }) or more`,
  );
}

// scanChunk's column codes: x columns, then y, then sigma twice (non-finite, ≤ 0).
function dataError(fit: PreparedFit, column: number, row: number): FitError {
  const { data } = fit;
  const v = fit.program.variables.length;
  if (column < v) return new FitError('NON_FINITE_DATA', `${data.labels[column]}[${row}] is ${describe(data.x[column][row])}; expected a finite number`);
  if (column === v) return new FitError('NON_FINITE_DATA', `y[${row}] is ${describe(data.y[row])}; expected a finite number`);
  const seen = describe(data.sigma![row]);
  if (column === v + 1) return new FitError('NON_FINITE_DATA', `options.sigma[${row}] is ${seen}; expected a finite number > 0`);
  return new FitError('SIGMA_NOT_POSITIVE', `options.sigma[${row}] is ${seen}; expected a number > 0`);
}

export function* runFit(core: CoreExports, fit: PreparedFit): Generator<void, RawFit> {
  const { program, parameters, data, options } = fit;
  const names = parameters.names;
  const free = parameters.free;
  const p = free.length;
  const v = program.variables.length;
  const mark = core.arenaMark() >>> 0;
  core.arenaResetFitHighWater();
  try {
    const { chunkRows, blockRows } = planLayout(core, fit);
    const hasSigma = data.sigma ? 1 : 0;
    const solver = core.solverCreate(p) >>> 0;
    const evaluator = core.evaluatorCreate(p, v, program.nScalars, program.nRegisters, program.prologue.length / 4, program.body.length / 4, blockRows, chunkRows, hasSigma) >>> 0;
    if (solver === 0 || evaluator === 0) throw new FitError('INTERNAL', 'the planned workspace did not fit in the arena (please report this)');

    // Memory never grows after the engine is created, so views made now stay attached for the fit.
    const buffer = core.memory.buffer;
    new Int32Array(buffer, core.evaluatorPrologue(evaluator) >>> 0, program.prologue.length).set(program.prologue);
    new Int32Array(buffer, core.evaluatorBody(evaluator) >>> 0, program.body.length).set(program.body);
    const outputs = new Int32Array(buffer, core.evaluatorOutputs(evaluator) >>> 0, p + 1);
    outputs[0] = program.outputs[0];
    free.forEach((j, k) => (outputs[1 + k] = program.outputs[1 + j]));
    const scalars = new Float64Array(buffer, core.evaluatorScalars(evaluator) >>> 0, program.nScalars);
    scalars.set(parameters.start.subarray(0, names.length)); // fixed values stay in their slots
    scalars.set(program.constants, names.length);
    free.forEach((j, k) => {
      const b = parameters.bounds[j];
      core.evaluatorParameter(evaluator, k, j, b.kind, b.lo, b.hi);
    });
    core.evaluatorLoss(evaluator, LOSS_LINEAR + LOSSES.indexOf(options.loss), options.fScale); // LOSSES is in LOSS_* order
    const trial = new Float64Array(buffer, core.solverTrial(solver) >>> 0, p);
    trial.set(free.map((j) => parameters.start[j]));
    core.evaluatorToInternal(evaluator, core.solverTrial(solver) >>> 0, core.solverX(solver) >>> 0);

    const windowX = Array.from({ length: v }, (_, k) => new Float64Array(buffer, (core.evaluatorWindowX(evaluator) >>> 0) + 8 * k * chunkRows, chunkRows));
    const windowY = new Float64Array(buffer, core.evaluatorWindowY(evaluator) >>> 0, chunkRows);
    const windowSigma = hasSigma ? new Float64Array(buffer, core.evaluatorWindowSigma(evaluator) >>> 0, chunkRows) : undefined;
    // A callback model reads x from JS scratch and writes its value and derivatives into the window.
    const callback = fit.model.callback
      ? new CallbackEvaluator(fit.model.callback, names.length, free, options.diff === 'central', chunkRows)
      : undefined;
    const xScratch = callback ? [new Float64Array(chunkRows)] : undefined;
    const targets: ChunkTargets = { x: xScratch ?? windowX, y: windowY, sigma: windowSigma };
    const source = new ArrayRows(data, options.nanPolicy === 'omit', chunkRows);
    const factor = core.evaluatorFactor(evaluator) >>> 0;

    let rows = 0;
    let passes = 0;
    const pass = function* (at: number): Generator<void, boolean> {
      const first = passes === 0;
      core.passBegin(evaluator, at);
      source.rewind();
      let start = 0;
      let finite = true;
      for (let n = source.fill(targets, chunkRows, first); n > 0; n = source.fill(targets, chunkRows, first)) {
        if (first) {
          const column = core.scanChunk(evaluator, n, start === 0 ? 1 : 0, callback ? 0 : v);
          if (column !== SCAN_OK) throw dataError(fit, column, source.sourceRow(start, core.evaluatorScanRow(evaluator)));
          if (callback) checkFinite(xScratch![0], n, (i) => source.sourceRow(start, i));
        }
        if (callback) callback.evaluate(xScratch![0], n, scalars.slice(0, names.length), windowX);
        finite = core.passChunk(evaluator, n) === 1;
        start += n;
        yield;
        if (!finite) break;
      }
      if (first) rows = start;
      passes++;
      return finite;
    };

    core.solverStart(solver, options.ftol, options.xtol, options.gtol, options.factor, options.maxIterations ?? 200 * (p + 1), RANK_TOLERANCE);
    let request = core.solverStep(solver, factor, 0, 0, 1);
    while (request === REQUEST_PASS) {
      const finite = yield* pass(core.solverTrial(solver) >>> 0);
      if (passes === 1 && rows < p) {
        throw new FitError('TOO_FEW_ROWS', `${rows} rows are left after omitting ${source.omitted} with NaN; expected at least ${p}, one per free parameter`);
      }
      request = core.solverStep(solver, factor, core.evaluatorObjective(evaluator), core.evaluatorChi2(evaluator), finite ? 1 : 0);
    }

    const statusCode = core.solverStatus(solver);
    if (statusCode === STATUS_NON_FINITE_START) {
      const row = source.sourceRow(0, core.evaluatorBadRow(evaluator));
      const start = `{ ${names.map((n, j) => `${n}: ${parameters.start[j]}`).join(', ')} }`;
      const at = callback || v > 1 ? '' : ` (x = ${describe(data.x[0][row])})`;
      throw new FitError('NON_FINITE_MODEL', `the model or its derivatives is not finite at row ${row}${at} at the starting point ${start}; expected finite values — choose another p0`);
    }
    // With bounds the solver's columns were ∂f/∂u; the errors are those of θ: fold ∂f/∂θ once more.
    if (free.some((j) => parameters.bounds[j].kind !== BOUND_NONE)) {
      core.evaluatorUnitSlope(evaluator, 1);
      yield* pass(core.solverX(solver) >>> 0);
      core.solverCovarianceFrom(solver, factor);
    }
    core.evaluatorToExternal(evaluator, core.solverX(solver) >>> 0, core.solverTrial(solver) >>> 0);
    return {
      names: names.slice(),
      free: free.slice(),
      label: fit.model.label,
      values: Float64Array.from(parameters.start, (value, j) => (parameters.fixed[j] ? value : trial[free.indexOf(j)])),
      covariance: new Float64Array(buffer, core.solverCovariance(solver) >>> 0, p * p).slice(),
      rank: core.solverRank(solver),
      statusCode,
      objective: core.solverCost(solver),
      chi2: core.solverChi2(solver),
      totalSumOfSquares: core.evaluatorTotalSumOfSquares(evaluator),
      cosines: new Float64Array(buffer, core.solverCosines(solver) >>> 0, p).slice(),
      absoluteSigma: options.absoluteSigma,
      bounds: parameters.bounds,
      rows,
      omittedRows: source.omitted,
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

// A callback's x never reaches the WASM data scan, so it is checked here (first pass only).
function checkFinite(x: Float64Array, n: number, sourceRow: (i: number) => number): void {
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(x[i])) throw new FitError('NON_FINITE_DATA', `x[${sourceRow(i)}] is ${describe(x[i])}; expected a finite number`);
  }
}
