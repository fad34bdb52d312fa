/**
 * What a pass reads into and the next pass reuses (file.ts's BufferPool keeps them between the
 * passes of a fit): per requested column, its reader's buffers — each grown to the largest page
 * it has met, then reused — and the chunk columns handed to the fit.
 */
import type { FileColumn } from '../file.ts';
import type { Plan } from './plan.ts';

/** What a pass reads into and the next pass reuses: per column, the buffers of its reader, and the chunk columns. */
export interface Buffers {
  readers: ReaderBuffers[];
  columns: FileColumn[];
}

/**
 * A column reader's buffers, each grown to the largest page it has met and then reused, so that
 * a pass makes next to no garbage: decoded by hyparquet's readPage, which makes fresh arrays of
 * every page (JavaScript arrays for a nullable column), a fit over 10⁶ rows of two nullable
 * columns added ~70 MiB to the peak RSS and took 3× as long.
 */
export interface ReaderBuffers {
  /** The file's bytes: the current page, compressed, and what was read past it. */
  block: Uint8Array;
  /** A SNAPPY page, decompressed. */
  page: Uint8Array;
  /** Definition levels of the current page: 0 for a null, 1 for a value. */
  levels: Uint8Array;
  /** Dictionary indices of the current page's values. */
  indices: Int32Array;
  /** The current page's rows as numbers, nulls as NaN: what read() copies from. */
  values: FileColumn;
}

/** Bytes first read per column: a block grows to hold the largest page (header included). */
const FIRST_BLOCK_BYTES = 1 << 16;

/**
 * The length a buffer grows to for `needed`: an eighth more, so that a chunk's pages — about the
 * size the writer aims at, each — fit after the first. Growing by half each time instead would leave
 * ~2 MiB of outgrown buffers per buffer on the way to a 1 MiB page, garbage that the collector
 * frees late (it is outside the JS heap), ~10 MiB of peak memory in all.
 */
export const roomFor = (needed: number): number => needed + (needed >> 3);

/** A pass's buffers when the pool has none: small reader buffers, which grow, and the chunk columns. */
export function makeBuffers(plan: Plan): Buffers {
  return {
    readers: plan.columns.map((c) => ({
      block: new Uint8Array(FIRST_BLOCK_BYTES),
      page: new Uint8Array(0),
      levels: new Uint8Array(0),
      indices: new Int32Array(0),
      values: c.kind === 'f32' ? new Float32Array(0) : new Float64Array(0),
    })),
    columns: plan.columns.map((c) => (c.kind === 'f32' ? new Float32Array(plan.chunkRows) : new Float64Array(plan.chunkRows))),
  };
}
