/**
 * Engines: one WebAssembly instance with an arena of fixed capacity each, and the queue that
 * runs their fits one after another. A call is decoded at the door (call.ts), prepared
 * (driver/prepare.ts), run by the driver (driver/run.ts) through the runner (runner.ts), and
 * turned into a FitResult (result/). `close()` ends the engine's pass workers.
 */
import { FitError, describe, readArgument } from '../errors.ts';
import { prepareFit } from '../driver/prepare.ts';
import { runFit } from '../driver/run.ts';
import type { FitOptions } from '../options/options.ts';
import type { ModelSpec } from '../models/index.ts';
import { Checkpoint } from '../passes/checkpoint.ts';
import type { Steps } from '../passes/pass.ts';
import { PassWorkers } from '../passes/pass-workers.ts';
import type { FitResult } from '../result/fit-result.ts';
import { buildResult } from '../result/result.ts';
import type { ChunkSource, NumericArray, XInput } from '../sources/rows.ts';
import { instantiateCore } from '../wasm/core.ts';
import { WasmInstance } from '../wasm/instance.ts';
import { MAX_ARENA_BYTES, MIN_ARENA_BYTES, type Region } from '../wasm/arena.ts';
import { decodeCall, type DecodedCall } from './call.ts';
import { decodeGlobalCall, globalFit, type GlobalDataset, type GlobalFitOptions, type GlobalFitResult } from './global.ts';
import { drain, drive } from './runner.ts';

/** Options of {@link createEngine}. */
export interface EngineOptions {
  /**
   * Arena capacity in bytes: the most memory any fit on this engine can use, whatever the
   * number of rows. Default 4 MiB — enough for 65,536-row chunks of a 20-parameter model.
   * A smaller arena only means smaller chunks (more calls into WASM per pass).
   */
  arenaBytes?: number;
  /**
   * The same bits on every machine: kernels without fused multiply-adds (f64x2 SIMD, or scalar
   * where the host lacks SIMD — the same bits), even where the host validates relaxed SIMD (Node
   * 22 and 24, current browsers). Default false: the fastest build the host validates, which
   * reaches the same minimum — to 1e-12 on a well-conditioned fit, within the solver's tolerances
   * on an ill-conditioned one.
   */
  deterministic?: boolean;
}

/** The engine's memory figures. */
export interface MemoryStats {
  /** The arena's capacity (arenaBytes). */
  capacityBytes: number;
  /** Arena bytes in use now (0 between fits). */
  usedBytes: number;
  /** Most arena bytes in use since the engine was created or resetHighWater() was called. */
  highWaterBytes: number;
  /** Bytes of WASM linear memory: static data plus the arena, fixed at creation. */
  wasmMemoryBytes: number;
  /** The workspace of the last fit, by buffer. */
  regions: Region[];
}

export interface Engine {
  /** Fits `model` to (x, y), yielding to the event loop between chunks. */
  curveFit(model: ModelSpec, x: XInput, y: NumericArray, options?: FitOptions): Promise<FitResult>;
  /** Fits `model` to the rows of a chunk source (sync or async), reading it once per pass. */
  curveFit(model: ModelSpec, source: ChunkSource, options?: FitOptions): Promise<FitResult>;
  /** Fits `model` to (x, y) on the calling thread, start to finish. */
  curveFitSync(model: ModelSpec, x: XInput, y: NumericArray, options?: FitOptions): FitResult;
  /** Fits `model` to the rows of a synchronous chunk source on the calling thread. */
  curveFitSync(model: ModelSpec, source: ChunkSource, options?: FitOptions): FitResult;
  /** Fits several datasets at once, each with its own model, parameters shared by name (api/global.ts). */
  curveFitGlobal(datasets: readonly GlobalDataset[], options?: GlobalFitOptions): Promise<GlobalFitResult>;
  /** The same global fit on the calling thread (synchronous sources only). */
  curveFitGlobalSync(datasets: readonly GlobalDataset[], options?: GlobalFitOptions): GlobalFitResult;
  /** The arena's figures now. */
  memory(): MemoryStats;
  /** Starts a new high-water count at the arena's current use. */
  resetHighWater(): void;
  /**
   * Ends the engine's pass workers (`workers: k`); a fit still running on them fails with
   * WORKER_TERMINATED, and later fits fail with ENGINE_CLOSED. Idle workers never keep a
   * process alive, so closing is tidiness, not a must.
   */
  close(): void;
  /** The same as close(): `using engine = createEngine()`. */
  [Symbol.dispose](): void;
}

export const DEFAULT_ARENA_BYTES = 4 << 20;

/** Checks createEngine's (and createWorkerFitter's) arena size; the default when absent. */
export function checkArenaBytes(arenaBytes: unknown): number {
  const bytes = arenaBytes ?? DEFAULT_ARENA_BYTES;
  if (typeof bytes !== 'number' || !Number.isInteger(bytes) || bytes < MIN_ARENA_BYTES || bytes > MAX_ARENA_BYTES) {
    throw new FitError('INVALID_OPTION', `arenaBytes is ${describe(bytes)}; expected an integer from ${MIN_ARENA_BYTES} (64 KiB) to ${MAX_ARENA_BYTES} (2 GiB)`);
  }
  return bytes;
}

export function createEngine(options: EngineOptions = {}): Engine {
  if (typeof options !== 'object' || options === null) {
    throw new FitError('INVALID_ARGUMENT', `createEngine options is ${describe(options)}; expected an object such as { arenaBytes: 4 << 20 }`);
  }
  const arenaBytes = readArgument('createEngine options', () => checkArenaBytes(options.arenaBytes));
  const deterministic = readArgument('createEngine options', () => checkDeterministic(options.deterministic, 'createEngine options.deterministic'));
  const instance = new WasmInstance(instantiateCore(deterministic));
  if (!instance.arena.init(arenaBytes)) {
    throw new FitError('ARENA_TOO_SMALL', `arenaBytes is ${arenaBytes}; the host could not provide that much WebAssembly memory`);
  }
  return new ArenaEngine(instance, deterministic);
}

/** Checks a `deterministic` option (createEngine's, createWorkerFitter's): a boolean, default false. */
export function checkDeterministic(value: unknown, label: string): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean') throw new FitError('INVALID_OPTION', `${label} is ${describe(value)}; expected true or false`);
  return value;
}

// A fit's steps: prepare, run, collect. `pool` gives the engine's pass workers (curveFit only).
function* fit(instance: WasmInstance, call: DecodedCall, checkpoint: Checkpoint, pool: ((count: number) => PassWorkers) | undefined): Steps<FitResult> {
  const prepared = yield* prepareFit(call);
  const { workers } = prepared.options;
  let passWorkers: PassWorkers | undefined;
  if (workers > 1) {
    if (!pool) throw new FitError('INVALID_OPTION', `options.workers is ${workers}; parallel passes need curveFit (async): expected workers: 1 with curveFitSync`);
    if (prepared.model.callback) throw new FitError('INVALID_OPTION', `options.workers is ${workers}; a callback model cannot run in workers: expected an expression or a built-in model, or workers: 1`);
    passWorkers = pool(workers);
  }
  return buildResult(yield* runFit(instance, prepared, checkpoint, passWorkers), prepared);
}

class ArenaEngine implements Engine {
  readonly #instance: WasmInstance;
  #workers: PassWorkers | undefined;
  /** Fits running or queued: a synchronous fit must wait for none. */
  #pending = 0;
  #busy = false;
  #closed = false;
  #queue: Promise<unknown> = Promise.resolve();

  readonly #deterministic: boolean;

  constructor(instance: WasmInstance, deterministic: boolean) {
    this.#instance = instance;
    this.#deterministic = deterministic;
  }

  #checkOpen(): void {
    if (this.#closed) throw new FitError('ENGINE_CLOSED', 'this engine was closed; expected a fit on an engine from a new createEngine()');
  }

  curveFitSync(model: ModelSpec, data: XInput | ChunkSource, yOrOptions?: NumericArray | FitOptions, options?: FitOptions): FitResult {
    this.#checkOpen();
    if (this.#busy || this.#pending > 0) {
      throw new FitError('ENGINE_BUSY', 'curveFitSync was called while this engine is running another fit; await it, or use another engine');
    }
    const call = decodeCall(model, data, yOrOptions, options);
    this.#busy = true;
    try {
      return drain(fit(this.#instance, call, new Checkpoint(call.run), undefined));
    } finally {
      this.#busy = false;
    }
  }

  curveFit(model: ModelSpec, data: XInput | ChunkSource, yOrOptions?: NumericArray | FitOptions, options?: FitOptions): Promise<FitResult> {
    let call: DecodedCall;
    try {
      this.#checkOpen();
      call = decodeCall(model, data, yOrOptions, options);
    } catch (error) {
      return Promise.reject(error);
    }
    // Fits on one engine share its arena, so they run one after another.
    this.#pending++;
    const run = this.#queue.then(async () => {
      this.#checkOpen();
      this.#busy = true;
      try {
        const checkpoint = new Checkpoint(call.run);
        checkpoint.check(); // aborted while queued
        return await drive(fit(this.#instance, call, checkpoint, (count) => this.#passWorkers(count)), checkpoint);
      } finally {
        this.#busy = false;
      }
    });
    const settled = run.finally(() => this.#pending--);
    this.#queue = settled.catch(() => undefined);
    return settled;
  }

  curveFitGlobalSync(datasets: readonly GlobalDataset[], options?: GlobalFitOptions): GlobalFitResult {
    this.#checkOpen();
    if (this.#busy || this.#pending > 0) {
      throw new FitError('ENGINE_BUSY', 'curveFitGlobalSync was called while this engine is running another fit; await it, or use another engine');
    }
    const call = decodeGlobalCall(datasets, options);
    this.#busy = true;
    try {
      return drain(globalFit(this.#instance, call, new Checkpoint(call.run)));
    } finally {
      this.#busy = false;
    }
  }

  curveFitGlobal(datasets: readonly GlobalDataset[], options?: GlobalFitOptions): Promise<GlobalFitResult> {
    let call: ReturnType<typeof decodeGlobalCall>;
    try {
      this.#checkOpen();
      call = decodeGlobalCall(datasets, options);
    } catch (error) {
      return Promise.reject(error);
    }
    // One queue with curveFit's: fits on one engine share its arena.
    this.#pending++;
    const run = this.#queue.then(async () => {
      this.#checkOpen();
      this.#busy = true;
      try {
        const checkpoint = new Checkpoint(call.run);
        checkpoint.check(); // aborted while queued
        return await drive(globalFit(this.#instance, call, checkpoint), checkpoint);
      } finally {
        this.#busy = false;
      }
    });
    const settled = run.finally(() => this.#pending--);
    this.#queue = settled.catch(() => undefined);
    return settled;
  }

  memory(): MemoryStats {
    const arena = this.#instance.arena;
    return {
      capacityBytes: arena.capacity,
      usedBytes: arena.used,
      highWaterBytes: arena.highWater,
      wasmMemoryBytes: arena.memoryBytes,
      regions: arena.regions(),
    };
  }

  resetHighWater(): void {
    this.#instance.arena.resetHighWater();
  }

  close(): void {
    this.#closed = true;
    this.#workers?.close();
    this.#workers = undefined;
  }

  [Symbol.dispose](): void {
    this.close();
  }

  // The workers of parallel passes, started on first use and kept for later fits.
  #passWorkers(count: number): PassWorkers {
    if (this.#workers?.count !== count) {
      this.#workers?.close();
      this.#workers = new PassWorkers(count, this.#instance.arena.capacity, this.#deterministic);
    }
    return this.#workers;
  }
}
