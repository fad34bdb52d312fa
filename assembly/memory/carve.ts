// One carve list, run in two modes: a workspace's size and its carving come from the same code,
// so they cannot drift apart.
//
//   count:     carve() adds each block's size (as arenaAlloc would take it) and returns a pointer
//              into a scratch area, so the list's stores into its struct land somewhere harmless;
//   allocate:  carve() is arenaAllocIn.
//
// A carve list is a function that carves its struct first and then every block into the
// struct's fields, e.g. `e.window = carve(REGION_WINDOW_Y, c * 8)`; code that fills the blocks
// runs only when `carving()` is true. `xxxBytes` = countBegin(); list(); countEnd().

import { arenaAllocIn, arenaBlockBytes } from './arena';

// Where a list's struct lands while counting: large enough for the biggest struct carved.
const SCRATCH_BYTES: i32 = 512;
const scratch = memory.data(SCRATCH_BYTES, 16);

let counting = false;
let counted: usize = 0;

/** Starts counting instead of carving. */
export function countBegin(): void {
  counting = true;
  counted = 0;
}

/** Stops counting; returns the bytes the list would carve. */
export function countEnd(): usize {
  counting = false;
  return counted;
}

/** True when blocks are really carved (their contents may be written). */
@inline export function carving(): bool {
  return !counting;
}

/** A block of `bytes` in `region`: carved, or counted (then a scratch pointer for a struct ≤ SCRATCH_BYTES). */
export function carve(region: i32, bytes: usize): usize {
  if (!counting) return arenaAllocIn(region, bytes);
  counted += arenaBlockBytes(bytes);
  return scratch;
}

/** The size a struct may have and still be carved by a list (checked where each list starts). */
export const CARVE_SCRATCH_BYTES: usize = <usize>SCRATCH_BYTES;
