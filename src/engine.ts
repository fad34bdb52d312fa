/**
 * Engines: one WASM instance with an arena of fixed capacity each, and the queue that runs
 * their fits one after another. A fit is validated (prepare.ts), run by the pass driver
 * (driver.ts), and turned into a FitResult (result.ts).
 */
import { FitError, describe } from './errors.ts';
import type { FitOptions } from './options.ts';
import type { Model } from './models/index.ts';
import { prepareFit } from './prepare.ts';
import { runFit } from './driver.ts';
import type { NumericArray, XInput } from './sources/arrays.ts';
import { buildResult, type FitResult } from './result.ts';
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
  curveFit(model: Model, x: XInput, y: NumericArray, options?: FitOptions): Promise<FitResult>;
  /** Fits `model` to (x, y) on the calling thread, start to finish. */
  curveFitSync(model: Model, x: XInput, y: NumericArray, options?: FitOptions): FitResult;
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

  curveFitSync(model: Model, x: XInput, y: NumericArray, options?: FitOptions): FitResult {
    if (this.#busy) {
      throw new FitError('ENGINE_BUSY', 'curveFitSync was called while this engine is running another fit; await it, or use another engine');
    }
    const fit = prepareFit(model, x, y, options);
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

  curveFit(model: Model, x: XInput, y: NumericArray, options?: FitOptions): Promise<FitResult> {
    // Fits on one engine share its arena, so they run one after another.
    const run = this.#queue.then(async () => {
      const fit = prepareFit(model, x, y, options);
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
