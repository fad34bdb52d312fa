/**
 * What the Node file readers share: the chunks they yield, finding the file (FILE_NOT_FOUND),
 * opening it for a pass (INVALID_FILE if it changed since the source was made) and checking
 * their options, once, when the source is created.
 *
 * Node only: the browser entry point never imports this folder.
 */
import { closeSync, fstatSync, openSync, statSync } from 'node:fs';
// FitError from errors.ts, which the arenafit/node bundle takes from the main bundle (build/build.mjs):
// arenafit/node throws the class arenafit exports.
import { FitError } from '../../errors.ts';
import { describe } from '../../describe.ts';
import type { ChunkSource } from '../rows.ts';

/**
 * Bytes read per `fs.readSync` call, 1 MiB: a call costs a few µs, against ~0.3 ms to
 * deinterleave a MiB of binary records and ~15 ms to parse a MiB of CSV, so a bigger block
 * buys under 1%, while the block sits in memory next to a default arena of only 4 MiB.
 */
export const BLOCK_BYTES = 1 << 20;

/** Rows per chunk unless the caller says otherwise: 65,536, a few hundred KiB per column. */
export const CHUNK_ROWS = 65_536;

export type FileColumn = Float64Array | Float32Array;

/** One chunk of rows; x is one column, or named columns `{ x1, x2 }` for several variables. */
export interface FileChunk {
  x: FileColumn | Record<string, FileColumn>;
  y: FileColumn;
  sigma?: FileColumn;
}

/** A chunk source over a file: each `chunks()` call reads the file once, start to end. */
export interface FileSource extends ChunkSource {
  chunks(): Generator<FileChunk, void, undefined>;
}

/**
 * Buffers that one pass uses and the next reuses. Allocated fresh per pass, a MiB-sized read
 * block and the chunk columns would be garbage after every pass — 16 MiB or more over a fit
 * before the garbage collector looked — and memory must not grow with the passes. A second
 * pass running at the same time (two fits over one source) takes a set of its own.
 */
export class BufferPool<T> {
  readonly #free: T[] = [];

  take(make: () => T): T {
    return this.#free.pop() ?? make();
  }

  give(buffers: T): void {
    this.#free.push(buffers);
  }
}

/**
 * The size in bytes of the regular file at `path`, checked readable now so that a bad path
 * fails when the source is created, not in the middle of a fit.
 */
export function fileSize(path: unknown): number {
  if (typeof path !== 'string' || path === '') {
    throw new FitError('INVALID_ARGUMENT', `path is ${describe(path)}; expected the path of a file`);
  }
  let stats;
  try {
    stats = statSync(path);
  } catch (error) {
    throw notFound(path, error);
  }
  // Checked before opening: opening a FIFO would block until something writes to it.
  if (!stats.isFile()) {
    throw new FitError('FILE_NOT_FOUND', `${JSON.stringify(path)} is not a regular file (a directory, device or pipe); expected the path of a file`);
  }
  closeSync(open(path));
  return stats.size;
}

function open(path: string): number {
  try {
    return openSync(path, 'r');
  } catch (error) {
    throw notFound(path, error);
  }
}

function notFound(path: string, error: unknown): FitError {
  const code = (error as NodeJS.ErrnoException).code;
  const what = code === 'ENOENT' || code === 'ENOTDIR' ? 'does not exist' : `cannot be read (${code ?? (error as Error).message})`;
  return new FitError('FILE_NOT_FOUND', `${JSON.stringify(path)} ${what}; expected the path of a readable file`, { cause: error });
}

/**
 * Opens `path` for one pass. A fit reads the file many times and every pass must give the
 * same rows, so a file whose size changed since the source was created is an error rather
 * than a silently different data set.
 */
export function openForPass(path: string, size: number): number {
  const fd = open(path);
  const now = fstatSync(fd).size;
  if (now !== size) {
    closeSync(fd);
    throw new FitError('INVALID_FILE', `${JSON.stringify(path)} is ${now} bytes but was ${size} when the source was created; every pass over a file must read the same rows`);
  }
  return fd;
}

/**
 * One chunk of the first `rows` rows of a reader's columns: x (one plain column, or named columns
 * when `xNames` is given), y and sigma, cut to the rows filled. The columns are the reader's own,
 * reused for its next chunk.
 */
export function chunkOf(x: readonly FileColumn[], y: FileColumn, sigma: FileColumn | undefined, rows: number, xNames: readonly string[] | undefined): FileChunk {
  const cut = (column: FileColumn): FileColumn => (rows === column.length ? column : column.subarray(0, rows));
  const chunk: FileChunk = {
    x: xNames === undefined ? cut(x[0]) : Object.fromEntries(xNames.map((name, k) => [name, cut(x[k])])),
    y: cut(y),
  };
  if (sigma) chunk.sigma = cut(sigma);
  return chunk;
}

// Checked at the door, read once: shared with arenafit/text's parseDelimited.
export { checkKeys } from '../source-options.ts';

/** An optional positive integer option (chunkRows, blockBytes), or its default. */
export function positiveInteger(options: Record<string, unknown>, name: string, fallback: number): number {
  const value = options[name];
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 2 ** 31 - 1) {
    throw new FitError('INVALID_OPTION', `options.${name} is ${describe(value)}; expected an integer from 1 to 2147483647`);
  }
  return value;
}
