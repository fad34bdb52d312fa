/**
 * The arena, seen from the host: marks, releases, the high-water counters and the workspace by
 * region. Every fit takes a mark before it carves and releases to it in a `finally`.
 */
import type { CoreExports } from './core.ts';

/** The sizes an arena may have (createEngine's arenaBytes): 64 KiB to 2 GiB. */
export const MIN_ARENA_BYTES = 64 << 10;
export const MAX_ARENA_BYTES = 2 ** 31;

/** Names of the arena regions, in abi.ts REGION_* order (test/wasm/arena.test.ts checks the count). */
const REGION_NAMES = [
  'solver state and vectors', 'factor R̃ = [R | Qᵀr]', 'covariance', 'model bytecode', 'scalars and parameters',
  'VM registers', 'Jacobian block [J | r]', 'window: x', 'window: y', 'window: sigma', 'window: Float32 staging',
];

/** Bytes of the workspace by buffer. */
export interface Region { name: string; bytes: number }

export class Arena {
  readonly #core: CoreExports;

  constructor(core: CoreExports) {
    this.#core = core;
  }

  /** Sizes the arena once; false when the host cannot provide that much WebAssembly memory. */
  init(bytes: number): boolean {
    return this.#core.arenaInit(bytes) === 1;
  }

  /** Starts a fit: the mark to release to, with the fit's high-water and region counters reset. */
  beginFit(): number {
    const core = this.#core;
    core.arenaResetFitHighWater();
    core.arenaResetRegions();
    return core.arenaMark() >>> 0;
  }

  release(mark: number): void {
    this.#core.arenaRelease(mark);
  }

  /** Carves `bytes` in `region` (abi.ts REGION_*); 0 when it does not fit. */
  allocIn(region: number, bytes: number): number {
    return this.#core.arenaAllocIn(region, bytes) >>> 0;
  }

  get capacity(): number { return this.#core.arenaCapacity() >>> 0; }
  get used(): number { return this.#core.arenaUsed() >>> 0; }
  get free(): number { return this.#core.arenaFree() >>> 0; }
  get highWater(): number { return this.#core.arenaHighWater() >>> 0; }
  get fitHighWater(): number { return this.#core.arenaFitHighWater() >>> 0; }
  /** Bytes of linear memory: static data plus the arena, fixed at creation. */
  get memoryBytes(): number { return this.#core.memory.buffer.byteLength; }

  resetHighWater(): void {
    this.#core.arenaResetHighWater();
  }

  /** The workspace of the last fit by region, from the arena's counters. */
  regions(): Region[] {
    const regions: Region[] = [];
    for (let k = 0; k < REGION_NAMES.length; k++) {
      const bytes = this.#core.arenaRegionBytes(k);
      if (bytes > 0) regions.push({ name: REGION_NAMES[k], bytes });
    }
    return regions;
  }
}
