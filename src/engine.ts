/**
 * Engines: one WASM instance with an arena of fixed capacity each, and the queue that runs
 * their fits one after another. A fit is validated (prepare.ts), run by the pass driver
 * (driver.ts), and turned into a FitResult (result.ts).
 */
import { FitError, describe } from './errors.ts';
import type { FitOptions } from './options.ts';
import type { Model } from './models/index.ts';
import { prepareFit, runOptions } from './prepare.ts';
import { regionsOf, runFit } from './driver.ts';
import type { ChunkSource, NumericArray, Wait, XInput } from './sources/rows.ts';
import { buildResult, type FitResult } from './result.ts';
import { instantiateCore, type CoreExports } from './wasm/core.ts';
import { PassWorkers } from './worker/passes.ts';

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
  /** Most arena bytes in use since the engine was created or resetHighWater() was called. */
  highWaterBytes: number;
  /** Bytes of WASM linear memory: static data plus the arena, fixed at creation. */
  wasmMemoryBytes: number;
  /** The workspace of the last fit, by buffer. */
  regions: { name: string; bytes: number }[];
}

export interface Engine {
  /** Fits `model` to (x, y), yielding to the event loop between chunks. */
  curveFit(model: Model, x: XInput, y: NumericArray, options?: FitOptions): Promise<FitResult>;
  /** Fits `model` to the rows of a chunk source (sync or async), reading it once per pass. */
  curveFit(model: Model, source: ChunkSource, options?: FitOptions): Promise<FitResult>;
  /** Fits `model` to (x, y) on the calling thread, start to finish. */
  curveFitSync(model: Model, x: XInput, y: NumericArray, options?: FitOptions): FitResult;
  /** Fits `model` to the rows of a synchronous chunk source on the calling thread. */
  curveFitSync(model: Model, source: ChunkSource, options?: FitOptions): FitResult;
  /** The arena's figures now. */
  memory(): MemoryStats;
  /** Starts a new high-water count at the arena's current use. */
  resetHighWater(): void;
}

export const DEFAULT_ARENA_BYTES = 4 << 20;
const MIN_ARENA_BYTES = 64 << 10;
const MAX_ARENA_BYTES = 2 ** 31;

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

type Steps<T> = Generator<Wait | undefined, T, unknown>;

// Runs a fit's steps to the end on the calling thread; an async source cannot be read so.
function drain<T>(steps: Steps<T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (step.value !== undefined) {
      step.value.catch(() => undefined);
      throw new FitError('ASYNC_SOURCE', 'curveFitSync was given a source whose chunks() is async; expected a synchronous Iterable, or use curveFit');
    }
  }
}

// Runs a fit's steps, awaiting an async source and yielding to the event loop every ~10 ms.
async function drive<T>(steps: Steps<T>): Promise<T> {
  let lastYield = now();
  let input: unknown;
  for (;;) {
    const step = steps.next(input);
    input = undefined;
    if (step.done) return step.value;
    if (step.value !== undefined) {
      try {
        input = await step.value;
      } catch (error) {
        steps.throw(error); // unwinds the driver's finally (the arena release), then rethrows
      }
      lastYield = now();
    } else if (now() - lastYield > 10) {
      await yieldToEventLoop();
      lastYield = now();
    }
  }
}

// A fit's steps. `passWorkers` hands out an engine's workers for parallel passes (curveFit only).
function* fit(
  core: CoreExports, model: unknown, data: unknown, yOrOptions: unknown, maybeOptions: unknown,
  passWorkers: ((count: number) => PassWorkers) | undefined,
): Steps<FitResult> {
  const run = runOptions(maybeOptions ?? (isOptionsLike(yOrOptions) ? yOrOptions : undefined));
  if (run.signal?.aborted) throw new FitError('ABORTED', 'the fit was aborted by its AbortSignal before it started', { cause: run.signal.reason });
  const prepared = yield* prepareFit(model, data, yOrOptions, maybeOptions);
  const { workers } = prepared.options;
  if (workers > 1) {
    if (!passWorkers) throw new FitError('INVALID_OPTION', `options.workers is ${workers}; parallel passes need curveFit (async): expected workers: 1 with curveFitSync`);
    if (prepared.model.callback) throw new FitError('INVALID_OPTION', `options.workers is ${workers}; a callback model cannot run in workers: expected an expression or a built-in model, or workers: 1`);
    run.passWorkers = passWorkers(workers);
  }
  return buildResult(yield* runFit(core, prepared, run));
}

function isOptionsLike(value: unknown): boolean {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !ArrayBuffer.isView(value);
}

class ArenaEngine implements Engine {
  readonly #core: CoreExports;
  #workers: PassWorkers | undefined;
  #busy = false;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(core: CoreExports) {
    this.#core = core;
  }

  curveFitSync(model: Model, data: XInput | ChunkSource, yOrOptions?: NumericArray | FitOptions, options?: FitOptions): FitResult {
    if (this.#busy) {
      throw new FitError('ENGINE_BUSY', 'curveFitSync was called while this engine is running another fit; await it, or use another engine');
    }
    this.#busy = true;
    try {
      return drain(fit(this.#core, model, data, yOrOptions, options, undefined));
    } finally {
      this.#busy = false;
    }
  }

  curveFit(model: Model, data: XInput | ChunkSource, yOrOptions?: NumericArray | FitOptions, options?: FitOptions): Promise<FitResult> {
    // Fits on one engine share its arena, so they run one after another.
    const run = this.#queue.then(async () => {
      this.#busy = true;
      try {
        return await drive(fit(this.#core, model, data, yOrOptions, options, (count) => this.#passWorkers(count)));
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
      regions: regionsOf(core),
    };
  }

  resetHighWater(): void {
    this.#core.arenaResetHighWater();
  }

  // The workers of parallel passes, started on first use and kept for later fits.
  #passWorkers(count: number): PassWorkers {
    if (this.#workers?.count !== count) {
      this.#workers?.terminate();
      this.#workers = new PassWorkers(count, this.#core.arenaCapacity() >>> 0);
    }
    return this.#workers;
  }
}

const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof setImmediate === 'function') setImmediate(resolve);
    else setTimeout(resolve, 0);
  });
}
