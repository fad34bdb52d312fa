// The arena: one bump allocator over the module's linear memory, with marks.
//
//   0            __heap_base (aligned)                     base + capacity     memory.size
//   │ static data │ fit workspace ───────► top ... free ... │ (never used)      │
//                 └──────────────────── capacity ──────────┘
//
// The engine sizes the arena once (`arenaInit`), growing linear memory a single time; after
// that nothing grows memory, so typed-array views the host makes stay attached, and a fit of
// 10⁸ rows runs in the same memory as a fit of 10³. A fit takes a mark, carves its whole
// workspace, and releases to the mark when it ends — also when it throws or is aborted.
// Allocation never fails silently: it returns 0, and callers turn that into ARENA_TOO_SMALL
// before the first pass.

// Every block starts on a 16-byte boundary: f64 alignment, and room for v128 later.
const ALIGN: usize = 16;

import { REGION_COUNT } from '../abi';

let base: usize = 0;
let capacity: usize = 0;
let top: usize = 0;
let highWater: usize = 0; // bytes, since arenaInit (or the last resetHighWater)
let fitHighWater: usize = 0; // bytes, since the last arenaResetFitHighWater

@inline function alignUp(n: usize): usize {
  return (n + ALIGN - 1) & ~(ALIGN - 1);
}

/** Sizes the arena to `bytes` past the heap base, growing memory once. Returns 1, or 0 when memory cannot grow. */
export function arenaInit(bytes: usize): i32 {
  base = alignUp(__heap_base);
  capacity = bytes & ~(ALIGN - 1);
  top = base;
  highWater = 0;
  fitHighWater = 0;
  const needed = base + capacity;
  const have = (<usize>memory.size()) << 16;
  if (needed > have) {
    const pages = <i32>((needed - have + 0xffff) >> 16);
    if (memory.grow(pages) < 0) return 0;
  }
  return 1;
}

/**
 * Carves `bytes` (rounded up to 16; an empty request takes 16, so every pointer is distinct)
 * from the arena; returns the pointer, or 0 when it does not fit.
 */
export function arenaAlloc(bytes: usize): usize {
  const size = alignUp(max<usize>(bytes, 1));
  if (size > base + capacity - top) return 0;
  const ptr = top;
  top += size;
  const used = top - base;
  if (used > highWater) highWater = used;
  if (used > fitHighWater) fitHighWater = used;
  return ptr;
}

/** Bytes arenaAlloc(bytes) takes: workspace sizes are computed with it, so counts and carving agree. */
@inline export function arenaBlockBytes(bytes: usize): usize {
  return alignUp(max<usize>(bytes, 1));
}

// Bytes carved per region (abi.ts REGION_*) since arenaResetRegions: static data, not arena.
const regions = memory.data(REGION_COUNT * 8, 8);

/** arenaAlloc, counted against `region` for the statistics. */
export function arenaAllocIn(region: i32, bytes: usize): usize {
  const ptr = arenaAlloc(bytes);
  if (ptr != 0) {
    const at = regions + (<usize>region << 3);
    store<f64>(at, load<f64>(at) + <f64>arenaBlockBytes(bytes));
  }
  return ptr;
}

/** Bytes carved for `region` since arenaResetRegions. */
export function arenaRegionBytes(region: i32): f64 {
  return load<f64>(regions + (<usize>region << 3));
}

/** Starts a new per-fit region count. */
export function arenaResetRegions(): void {
  memory.fill(regions, 0, REGION_COUNT * 8);
}

/** The current top: pass it to arenaRelease to free everything carved after it. */
export function arenaMark(): usize {
  return top;
}

/** Frees everything carved since `mark`. A mark above the top or below the base is a bug. */
export function arenaRelease(mark: usize): void {
  assert(mark >= base && mark <= top, 'arenaRelease: mark outside the used arena');
  top = mark;
}

export function arenaCapacity(): usize {
  return capacity;
}

export function arenaUsed(): usize {
  return top - base;
}

/** Bytes still free above the top. */
export function arenaFree(): usize {
  return base + capacity - top;
}

export function arenaHighWater(): usize {
  return highWater;
}

export function arenaFitHighWater(): usize {
  return fitHighWater;
}

/** Starts a new per-fit high-water count at the current use. */
export function arenaResetFitHighWater(): void {
  fitHighWater = top - base;
}

/** Starts a new engine-lifetime high-water count at the current use. */
export function arenaResetHighWater(): void {
  highWater = top - base;
}
