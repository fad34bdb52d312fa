/**
 * The pass driver: runs one prepared fit on an engine's core.
 *
 *   1. takes an arena mark and carves the whole workspace: solver, evaluator, chunk window;
 *   2. loops: the solver asks for a pass at a trial point → every row is streamed through the
 *      window chunk by chunk → the solver resumes (reverse communication, see assembly/lm/);
 *   3. with bounds, one more pass at the answer folds ∂f/∂θ for the covariance;
 *   (with options.workers = k, each pass's chunks go in turn to this thread and k − 1 workers,
 *   whose partial factors are merged — see parallelPass and src/worker/passes.ts;)
 *   4. copies the answer into fresh JS objects and releases the arena to its mark — in a
 *      `finally`, so a fit that throws leaves the engine as it found it.
 *
 * It is a generator that yields after every chunk — undefined, or a promise to await (the next
 * chunk of an async source): curveFitSync drains it at once, curveFit awaits and yields to the
 * event loop between chunks so long fits keep the page responsive and can be aborted.
 */
import { REQUEST_PASS, STATUS_NON_FINITE_START, SCAN_OK, BOUND_NONE, REGION_STAGING, REGION_FACTOR } from '../assembly/abi.ts';
import { FitError, describe } from './errors.ts';
import { CallbackEvaluator } from './models/callback.ts';
import type { PreparedFit, RunOptions } from './prepare.ts';
import type { ChunkTargets, NumericArray, Wait } from './sources/rows.ts';
import type { RawFit } from './result.ts';
import type { CoreExports } from './wasm/core.ts';
import type { PassWorker } from './worker/passes.ts';
import type { PassResult } from './worker/protocol.ts';
import { carveEvaluator, type EvaluatorSpec } from './workspace.ts';

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

/** The workspace of the last fit by region, from the arena's counters. */
export function regionsOf(core: CoreExports): { name: string; bytes: number }[] {
  const regions: { name: string; bytes: number }[] = [];
  for (let k = 0; k < REGION_NAMES.length; k++) {
    const bytes = core.arenaRegionBytes(k);
    if (bytes > 0) regions.push({ name: REGION_NAMES[k], bytes });
  }
  return regions;
}

/** Names of the arena regions, in abi.ts REGION_* order. */
export const REGION_NAMES = [
  'solver state and vectors', 'factor R̃ = [R | Qᵀr]', 'covariance', 'model bytecode', 'scalars and parameters',
  'VM registers', 'Jacobian block [J | r]', 'window: x', 'window: y', 'window: sigma', 'window: Float32 staging',
];

interface Layout { blockRows: number; chunkRows: number; staging: boolean }

// Float32 columns are staged as they are and widened inside WASM (assembly/linalg/widen.ts).
function hasFloat32(fit: PreparedFit): boolean {
  const first = fit.rows.first!;
  return [...first.x, first.y, ...(first.sigma ? [first.sigma] : [])].some((column) => column instanceof Float32Array);
}

/**
 * The window holds as many rows as the arena has room for (at most MAX_CHUNK_ROWS), whatever
 * the number of rows in all: a fit's high-water mark depends on the arena and the model, not N.
 */
function planLayout(core: CoreExports, fit: PreparedFit): Layout {
  const { program } = fit;
  const p = fit.parameters.free.length;
  const v = program.variables.length;
  const hasSigma = fit.rows.hasSigma ? 1 : 0;
  const staging = hasFloat32(fit) && !fit.model.callback;
  const free = core.arenaFree() >>> 0;
  const bytes = (blockRows: number, chunkRows: number) =>
    (core.solverBytes(p) >>> 0) +
    (core.evaluatorBytes(p, v, program.nScalars, program.nRegisters, program.prologue.length / 4, program.body.length / 4, blockRows, chunkRows, hasSigma) >>> 0) +
    (staging ? 4 * chunkRows + 16 : 0);
  const wanted = fit.options.chunkRows ?? MAX_CHUNK_ROWS;
  for (let blockRows = Math.min(BLOCK_ROWS, wanted); blockRows >= 1; blockRows = Math.floor(blockRows / 2)) {
    if (bytes(blockRows, 1) > free) continue;
    const fixed = bytes(blockRows, 0);
    const perRow = bytes(blockRows, 1024) - bytes(blockRows, 1023); // exact away from rounding
    let chunkRows = Math.min(wanted, Math.max(1, Math.floor((free - fixed - 64) / perRow)));
    while (chunkRows > 1 && bytes(blockRows, chunkRows) > free) chunkRows--;
    if (bytes(blockRows, chunkRows) > free) continue;
    return { blockRows: Math.min(blockRows, chunkRows), chunkRows, staging };
  }
  const needed = bytes(1, 1);
  const capacity = core.arenaCapacity() >>> 0;
  throw new FitError(
    'ARENA_TOO_SMALL',
    `the fit needs at least ${needed} bytes of arena for ${p} free parameters and ${program.nRegisters} VM registers, but ${free} of the engine's ${capacity} are free; create the engine with createEngine({ arenaBytes: ${Math.max(needed * 2, 1 << 20)} }) or more`,
  );
}

// scanChunk's column codes: x columns, then y, then sigma twice (non-finite, ≤ 0).
function dataError(fit: PreparedFit, column: number, row: number, value: number): FitError {
  const { rows } = fit;
  const v = rows.variables.length;
  const seen = describe(value);
  if (column < v) return new FitError('NON_FINITE_DATA', `${rows.labels[column]}[${row}] is ${seen}; expected a finite number`);
  if (column === v) return new FitError('NON_FINITE_DATA', `y[${row}] is ${seen}; expected a finite number`);
  if (column === v + 1) return new FitError('NON_FINITE_DATA', `${rows.sigmaLabel()}[${row}] is ${seen}; expected a finite number > 0`);
  return new FitError('SIGMA_NOT_POSITIVE', `${rows.sigmaLabel()}[${row}] is ${seen}; expected a number > 0`);
}

// The value the scan saw, read back from the window.
function windowValue(targets: ChunkTargets, v: number, column: number, i: number): number {
  return column < v ? targets.x[column][i] : column === v ? targets.y[i] : targets.sigma![i];
}

export function* runFit(core: CoreExports, fit: PreparedFit, run: RunOptions = {}): Generator<Wait | undefined, RawFit, unknown> {
  const { program, parameters, rows: source, options } = fit;
  const names = parameters.names;
  const free = parameters.free;
  const p = free.length;
  const v = program.variables.length;
  const mark = core.arenaMark() >>> 0;
  core.arenaResetFitHighWater();
  core.arenaResetRegions();
  let pool: PassWorker[] | undefined;
  try {
    const { chunkRows, blockRows, staging } = planLayout(core, fit);
    const solver = core.solverCreate(p) >>> 0;
    if (solver === 0) throw new FitError('INTERNAL', 'the planned workspace did not fit in the arena (please report this)');
    const spec: EvaluatorSpec = {
      program, parameters: names.length, free, start: parameters.start, bounds: parameters.bounds,
      loss: options.loss, fScale: options.fScale, hasSigma: source.hasSigma, chunkRows, blockRows,
    };
    const { evaluator, scalars, windowX, windowY, windowSigma } = carveEvaluator(core, spec);
    const buffer = core.memory.buffer;
    const trial = new Float64Array(buffer, core.solverTrial(solver) >>> 0, p);
    trial.set(free.map((j) => parameters.start[j]));
    core.evaluatorToInternal(evaluator, core.solverTrial(solver) >>> 0, core.solverX(solver) >>> 0);

    const stagingPtr = staging ? core.arenaAllocIn(REGION_STAGING, 4 * chunkRows) >>> 0 : 0;
    const stagingView = staging ? new Float32Array(buffer, stagingPtr, chunkRows) : undefined;
    // A callback model reads x from JS scratch and writes its value and derivatives into the window.
    const callback = fit.model.callback
      ? new CallbackEvaluator(fit.model.callback, names.length, free, options.diff === 'central', chunkRows)
      : undefined;
    const xScratch = callback ? [new Float64Array(chunkRows)] : undefined;
    const targets: ChunkTargets = {
      x: xScratch ?? windowX,
      y: windowY,
      sigma: windowSigma,
      copy(target: Float64Array, offset: number, column: NumericArray, start: number, n: number) {
        if (column instanceof Float32Array && stagingView && target.buffer === buffer) {
          stagingView.set(column.subarray(start, start + n));
          core.widenF32(stagingPtr, target.byteOffset + 8 * offset, n);
        } else if (ArrayBuffer.isView(column)) {
          target.set(column.subarray(start, start + n), offset);
        } else {
          for (let i = 0; i < n; i++) target[offset + i] = column[start + i];
        }
      },
    };
    source.prepare(chunkRows);
    const factor = core.evaluatorFactor(evaluator) >>> 0;

    let passes = 0;
    let cost = NaN;
    let chunkStart = 0; // where the last chunk filled starts within its pass
    const { onProgress, signal } = run;
    // In-memory arrays that fit the window whole: the first pass fills it, and the data stay
    // there — later passes fold the window again without copying (the fold never writes to it).
    const fitsWindow = source.isArrays && source.first!.rows <= chunkRows;
    let resident = 0; // rows in the window to stay, once the first pass has filled it

    // One chunk of n rows in the window, row `start` of the pass: checked on the first pass,
    // evaluated by a callback model, folded. Returns whether its values were all finite.
    const foldChunk = (n: number, start: number, first: boolean): boolean => {
      if (first) {
        const column = core.scanChunk(evaluator, n, start === 0 ? 1 : 0, callback ? 0 : v);
        if (column !== SCAN_OK) {
          const i = core.evaluatorScanRow(evaluator);
          throw dataError(fit, column, source.sourceRow(i), windowValue(targets, v, column, i));
        }
        if (callback) checkFinite(xScratch![0], n, (i) => source.sourceRow(i));
      }
      if (callback) callback.evaluate(xScratch![0], n, scalars.slice(0, names.length), windowX);
      chunkStart = start;
      return core.passChunk(evaluator, n) === 1;
    };

    // A pass over data that are (or, on the first pass, become) resident: one chunk, filled
    // without waiting, so it needs no generator of its own — the hot path of many small fits
    // (a generator per pass costs a quarter of their time). Its callers yield after it.
    const holdsWindow = () => !pool && (resident > 0 || (fitsWindow && passes === 0));
    const residentPass = (at: number): Folded => {
      core.passBegin(evaluator, at);
      let rows = resident;
      let finite: boolean;
      if (resident > 0) {
        finite = foldChunk(resident, 0, false);
      } else {
        source.begin();
        rows = synchronously(source.fill(targets, chunkRows));
        finite = rows === 0 || foldChunk(rows, 0, true);
        if (finite) {
          synchronously(source.fill(targets, chunkRows)); // 0: the end of the pass
          source.end();
          resident = source.rows;
        }
      }
      if (signal?.aborted) throw aborted(signal);
      onProgress?.({ pass: passes, iteration: core.solverIterations(solver), rows, cost });
      passes++;
      return { finite, objective: core.evaluatorObjective(evaluator), chi2: core.evaluatorChi2(evaluator) };
    };
    const localPass = function* (at: number): Generator<Wait | undefined, boolean, unknown> {
      const first = passes === 0;
      core.passBegin(evaluator, at);
      source.begin();
      let start = 0;
      let finite = true;
      for (let n = yield* source.fill(targets, chunkRows); n > 0; n = yield* source.fill(targets, chunkRows)) {
        finite = foldChunk(n, start, first);
        start += n;
        if (signal?.aborted) throw aborted(signal);
        onProgress?.({ pass: passes, iteration: core.solverIterations(solver), rows: start, cost });
        yield;
        if (signal?.aborted) throw aborted(signal);
        if (!finite) break;
      }
      if (finite) source.end();
      passes++;
      return finite;
    };

    // Parallel passes with k workers: this thread and k − 1 worker threads take the chunks in
    // turn. This thread folds its own into the window as usual; the others get copies and fold
    // into partial factors, merged into this evaluator's R̃ (a QR of the stacked factors).
    if (run.passWorkers) pool = (yield run.passWorkers.setup(spec)) as PassWorker[];
    const n1 = p + 1;
    const mergeAt = pool ? core.arenaAllocIn(REGION_FACTOR, 8 * n1 * n1) >>> 0 : 0;
    // Chunks for a worker are filled into arrays whose buffers then move to the worker, and come
    // back when it has folded them.
    const workerTargets = (worker: PassWorker): ChunkTargets => ({ ...worker.columns(v, source.hasSigma, chunkRows), copy: targets.copy });
    let unitSlope = false;
    let badRow = -1;
    const parallelPass = function* (at: number): Generator<Wait | undefined, Folded, unknown> {
      const first = passes === 0;
      core.passBegin(evaluator, at);
      const u = new Float64Array(buffer, at, p).slice();
      for (const w of pool!) w.handle.post({ type: 'passBegin', u, unitSlope, first });
      source.begin();
      let turn = 0;
      let start = 0;
      let local = 0; // rows this thread folded in this pass
      let localFinite = true;
      for (;;) {
        const slot = turn++ % (pool!.length + 1);
        const worker = slot === 0 ? undefined : pool![slot - 1];
        if (worker) {
          const room = worker.room();
          if (room) yield room;
        }
        const into = worker ? workerTargets(worker) : targets;
        const n = yield* source.fill(into, chunkRows);
        if (n === 0) break;
        if (worker) {
          // Where the rows come from, for messages: the first row (rows are consecutive), or each
          // row's when NaN rows were skipped.
          const sourceRows = first && options.nanPolicy === 'omit' ? Float64Array.from({ length: n }, (_, i) => source.sourceRow(i)) : undefined;
          worker.send({ x: into.x, y: into.y, sigma: into.sigma, rows: n, firstRow: source.sourceRow(0), sourceRows });
        } else {
          if (first) {
            const column = core.scanChunk(evaluator, n, local === 0 ? 1 : 0, v);
            if (column !== SCAN_OK) {
              const i = core.evaluatorScanRow(evaluator);
              throw dataError(fit, column, source.sourceRow(i), windowValue(targets, v, column, i));
            }
          }
          if (localFinite && core.passChunk(evaluator, n) !== 1) {
            localFinite = false;
            badRow = source.sourceRow(core.evaluatorBadRow(evaluator) - local);
          }
          local += n;
        }
        start += n;
        if (signal?.aborted) throw aborted(signal);
        onProgress?.({ pass: passes, iteration: core.solverIterations(solver), rows: start, cost });
        yield;
        if (signal?.aborted) throw aborted(signal);
      }
      const results = (yield run.passWorkers!.end(pool!)) as PassResult[];
      if (first) {
        const scan = results.find((r) => r.scanError)?.scanError;
        if (scan) throw dataError(fit, scan.column, scan.row, scan.value);
        mergeStatistics(core, evaluator, results.map((r) => r.statistics));
      }
      const folded: Folded = { finite: localFinite && results.every((r) => r.finite), objective: core.evaluatorObjective(evaluator), chi2: core.evaluatorChi2(evaluator) };
      for (const r of results) {
        folded.objective += r.objective;
        folded.chi2 += r.chi2;
        if (r.badRow >= 0 && (badRow < 0 || r.badRow < badRow)) badRow = r.badRow;
      }
      if (folded.finite) {
        for (const r of results) {
          new Float64Array(buffer, mergeAt, n1 * n1).set(r.factor);
          core.passMergeFactor(evaluator, mergeAt);
        }
        source.end();
      }
      passes++;
      return folded;
    };
    const pass = function* (at: number): Generator<Wait | undefined, Folded, unknown> {
      if (pool) return yield* parallelPass(at);
      const finite = yield* localPass(at);
      return { finite, objective: core.evaluatorObjective(evaluator), chi2: core.evaluatorChi2(evaluator) };
    };

    core.solverStart(solver, options.ftol, options.xtol, options.gtol, options.factor, options.maxIterations ?? 200 * (p + 1), RANK_TOLERANCE);
    let request = core.solverStep(solver, factor, 0, 0, 1);
    while (request === REQUEST_PASS) {
      const at = core.solverTrial(solver) >>> 0;
      const { finite, objective, chi2 } = holdsWindow() ? residentPass(at) : yield* pass(at);
      yield; // between passes, the async runner may let the event loop in
      if (signal?.aborted) throw aborted(signal);
      if (passes === 1 && finite && source.rows < p) {
        const omitted = source.omitted > 0 ? ` after omitting ${source.omitted} with NaN` : '';
        throw new FitError('TOO_FEW_ROWS', `the data have ${source.rows} rows${omitted}; expected at least ${p}, one per free parameter`);
      }
      request = core.solverStep(solver, factor, objective, chi2, finite ? 1 : 0);
      cost = core.solverCost(solver) / 2;
    }

    const statusCode = core.solverStatus(solver);
    if (statusCode === STATUS_NON_FINITE_START) {
      const i = core.evaluatorBadRow(evaluator) - chunkStart; // the row within the last chunk filled
      const row = pool ? badRow : source.sourceRow(i);
      const start = `{ ${names.map((n, j) => `${n}: ${parameters.start[j]}`).join(', ')} }`;
      const at = source.variables.length > 1 || pool ? '' : ` (x = ${describe(targets.x[0][i])})`;
      throw new FitError('NON_FINITE_MODEL', `the model or its derivatives is not finite at row ${row}${at} at the starting point ${start}; expected finite values — choose another p0`);
    }
    // With bounds the solver's columns were ∂f/∂u; the errors are those of θ: fold ∂f/∂θ once more.
    if (free.some((j) => parameters.bounds[j].kind !== BOUND_NONE)) {
      core.evaluatorUnitSlope(evaluator, 1);
      unitSlope = true;
      const at = core.solverX(solver) >>> 0;
      if (holdsWindow()) residentPass(at);
      else yield* pass(at);
      core.solverCovarianceFrom(solver, factor);
    }
    core.evaluatorToExternal(evaluator, core.solverX(solver) >>> 0, core.solverTrial(solver) >>> 0);
    return {
      names: names.slice(),
      free: free.slice(),
      label: fit.model.label,
      values: finalValues(parameters.start, free, trial),
      covariance: copyOut(buffer, core.solverCovariance(solver) >>> 0, p * p),
      rank: core.solverRank(solver),
      statusCode,
      objective: core.solverCost(solver),
      chi2: core.solverChi2(solver),
      totalSumOfSquares: core.evaluatorTotalSumOfSquares(evaluator),
      cosines: copyOut(buffer, core.solverCosines(solver) >>> 0, p),
      absoluteSigma: options.absoluteSigma,
      bounds: parameters.bounds,
      rows: source.rows,
      omittedRows: source.omitted,
      iterations: core.solverIterations(solver),
      evaluations: passes,
      memory: {
        highWaterBytes: core.arenaFitHighWater() >>> 0,
        capacityBytes: core.arenaCapacity() >>> 0,
        wasmMemoryBytes: buffer.byteLength,
        chunkRows,
        blockRows,
        regions: regionsOf(core),
      },
    };
  } finally {
    if (pool) run.passWorkers!.release(pool);
    core.arenaRelease(mark);
  }
}

// n f64 from WASM memory into a plain array: a Float64Array of more than 64 bytes has its own
// backing store, which V8 allocates at ~0.8 µs (against 0.05 µs) — a few percent of a small fit.
function copyOut(buffer: ArrayBuffer, at: number, n: number): number[] {
  const view = new Float64Array(buffer, at, n);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) out[i] = view[i];
  return out;
}

// Runs steps that never wait — a fill from in-memory arrays — to their end.
function synchronously<T>(steps: Generator<Wait, T, unknown>): T {
  const step = steps.next();
  if (!step.done) throw new FitError('INTERNAL', 'a fill from in-memory arrays waited (please report this)');
  return step.value;
}

// θ at the answer: the start values, with each free parameter's taken from the solver.
function finalValues(start: Float64Array, free: number[], trial: Float64Array): Float64Array {
  const values = start.slice();
  for (let a = 0; a < free.length; a++) values[free[a]] = trial[a];
  return values;
}

/** What one pass folded: the objective Σc²ρ, χ², and whether every value was finite. */
interface Folded {
  finite: boolean;
  objective: number;
  chi2: number;
}

// The statistics of y from several workers, each shifted by its own first y, brought to one shift.
function mergeStatistics(core: CoreExports, evaluator: number, parts: Float64Array[]): void {
  const own = core.arenaAlloc(32) >>> 0;
  core.evaluatorStatistics(evaluator, own);
  const mine = new Float64Array(core.memory.buffer, own, 4).slice();
  core.arenaRelease(own);
  const used = [mine, ...parts].filter((s) => s[1] > 0);
  if (used.length === 0) return;
  const shift = used[0][0];
  let sw = 0, swy = 0, swyy = 0;
  for (const [k, w, wy, wyy] of used) {
    const d = k - shift;
    sw += w;
    swy += wy + w * d;
    swyy += wyy + 2 * d * wy + w * d * d;
  }
  core.evaluatorSetStatistics(evaluator, shift, sw, swy, swyy);
}

function aborted(signal: AbortSignal): FitError {
  return new FitError('ABORTED', 'the fit was aborted by its AbortSignal; the engine is ready for the next fit', { cause: signal.reason });
}

// A callback's x never reaches the WASM data scan, so it is checked here (first pass only).
function checkFinite(x: Float64Array, n: number, sourceRow: (i: number) => number): void {
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(x[i])) throw new FitError('NON_FINITE_DATA', `x[${sourceRow(i)}] is ${describe(x[i])}; expected a finite number`);
  }
}
