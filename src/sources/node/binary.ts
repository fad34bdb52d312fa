/**
 * fromBinaryFile: a chunk source over a file of interleaved little-endian records, read in
 * blocks on every pass and split into one typed array per column, so a fit over a file larger
 * than memory holds only a block and a chunk of it.
 *
 * A record is one value per column, in the order `columns` names them; with columns
 * ['x', 'y', 'sigma'] and dtype 'f64' it is 24 bytes:
 *
 *   byte   0      8      16     24     32     40     48
 *          | x₀   | y₀   | σ₀   | x₁   | y₁   | σ₁   | x₂ ...
 *
 * Values are read with a DataView (little-endian whatever the host), about 1.4× slower than
 * a typed-array view in V8 but still ~3 GB/s on one core, faster than a file arrives.
 */
import { closeSync, readSync } from 'node:fs';
// FitError from errors.ts, which the arenafit/node bundle takes from the main bundle (build/build.mjs):
// arenafit/node throws the class arenafit exports.
import { FitError } from '../../errors.ts';
import { describe } from '../../describe.ts';
import {
  BLOCK_BYTES, BufferPool, CHUNK_ROWS, checkKeys, chunkOf, fileSize, openForPass, positiveInteger,
  type FileChunk, type FileColumn, type FileSource,
} from './file.ts';

export interface BinaryFileOptions {
  /**
   * One name per value of a record, in file order: 'y', optionally 'sigma', '_' for a value
   * to skip, and the x variables. A lone 'x' is the model's x; any other x names (or 'x' with
   * others) become named columns `{ x1, x2 }` whose names the model uses.
   */
  columns: string[];
  /** Width of every value: 'f64' (default, 8 bytes) or 'f32' (4 bytes, read as Float32Array). */
  dtype?: 'f64' | 'f32';
  /** Rows per chunk handed to the fit; default 65,536. */
  chunkRows?: number;
  /** Bytes per read, rounded down to whole records (at least one); default 1 MiB. */
  blockBytes?: number;
}

const KNOWN = ['columns', 'dtype', 'chunkRows', 'blockBytes'];

/** Where each column of the chunk comes from: its value index within a record. */
export interface Layout {
  /** x variable names, in record order; ['x'] alone means plain x. */
  xNames: string[];
  xFields: number[];
  yField: number;
  sigmaField: number | undefined;
  /** Values per record, skipped ones included. */
  width: number;
}

/**
 * Streams a binary file of interleaved little-endian f64 or f32 records into a fit, reading
 * it in 1 MiB blocks on every pass; memory is one block plus one chunk per column whatever
 * the file's size. The file is checked now (it exists; its size is whole records); each pass
 * re-checks the size, so a file that grows or shrinks mid-fit is an error, not other data.
 *
 * Each pass reuses the same typed arrays for every chunk: a consumer must copy a chunk before
 * asking for the next (curveFit does). f32 columns stay Float32Array (half the memory and
 * read bandwidth); arenafit widens them to f64 inside WASM.
 *
 * @example
 * import { curveFitSync, fromBinaryFile } from 'arenafit/node';
 * const source = fromBinaryFile('decay.f64', { columns: ['x', 'y', 'sigma'] });
 * const r = curveFitSync('a*exp(-b*x) + c', source, { p0: { a: 1, b: 1, c: 0 } });
 */
export function fromBinaryFile(path: string, options: BinaryFileOptions): FileSource {
  const o = checkKeys(options, KNOWN, "{ columns: ['x', 'y'], dtype: 'f64' }");
  const dtype = o.dtype ?? 'f64';
  if (dtype !== 'f64' && dtype !== 'f32') {
    throw new FitError('INVALID_OPTION', `options.dtype is ${describe(dtype)}; expected 'f64' or 'f32'`);
  }
  const layout = readLayout(o.columns);
  const chunkRows = positiveInteger(o, 'chunkRows', CHUNK_ROWS);
  const blockBytes = positiveInteger(o, 'blockBytes', BLOCK_BYTES);
  const recordBytes = layout.width * (dtype === 'f64' ? 8 : 4);
  const size = fileSize(path);
  const remainder = size % recordBytes;
  if (remainder !== 0) {
    throw new FitError(
      'INVALID_FILE',
      `${JSON.stringify(path)} is ${size} bytes, not a whole number of ${recordBytes}-byte records ` +
        `(${layout.width} × ${dtype}): ${remainder} bytes left over; expected a size that is a multiple of ${recordBytes}`,
    );
  }
  const blockRecords = Math.max(1, Math.floor(blockBytes / recordBytes));
  const pool = new BufferPool<Buffers>();
  return { chunks: () => readRecords(path, size, 0, layout, dtype, chunkRows, blockRecords, pool) };
}

/** Where each column of a record goes, from names as fromBinaryFile's `columns` gives them. */
export function readLayout(columns: unknown): Layout {
  const expected = "expected names such as ['x', 'y'] or ['x', 'y', 'sigma']";
  if (!Array.isArray(columns) || columns.length === 0) {
    throw new FitError('INVALID_OPTION', `options.columns is ${describe(columns)}; ${expected}`);
  }
  const seen = new Set<string>();
  const layout: Layout = { xNames: [], xFields: [], yField: -1, sigmaField: undefined, width: columns.length };
  columns.forEach((name: unknown, k) => {
    if (typeof name !== 'string' || name === '') {
      throw new FitError('INVALID_OPTION', `options.columns[${k}] is ${describe(name)}; ${expected}`);
    }
    if (name === '_') return;
    if (seen.has(name)) throw new FitError('INVALID_OPTION', `options.columns names ${describe(name)} twice; expected each column once ('_' for values to skip)`);
    seen.add(name);
    if (name === 'y') layout.yField = k;
    else if (name === 'sigma') layout.sigmaField = k;
    else {
      layout.xNames.push(name);
      layout.xFields.push(k);
    }
  });
  if (layout.yField < 0 || layout.xNames.length === 0) {
    throw new FitError('INVALID_OPTION', `options.columns is [${columns.map((c) => describe(c)).join(', ')}]; expected 'y' and at least one x column, such as ['x', 'y'] or ['x', 'y', 'sigma']`);
  }
  return layout;
}

export interface Buffers { block: Uint8Array; view: DataView; x: FileColumn[]; y: FileColumn; sigma: FileColumn | undefined }

/**
 * One pass over the records between byte `offset` and the end of the file (`size` bytes: the
 * size it had when the source was made), in blocks of `blockRecords`, as chunks of `chunkRows`.
 */
export function* readRecords(
  path: string, size: number, offset: number, layout: Layout, dtype: 'f64' | 'f32', chunkRows: number, blockRecords: number, pool: BufferPool<Buffers>,
): Generator<FileChunk, void, undefined> {
  const valueBytes = dtype === 'f64' ? 8 : 4;
  const recordBytes = layout.width * valueBytes;
  const buffers = pool.take(() => {
    const block = new Uint8Array(blockRecords * recordBytes);
    const newColumn = (): FileColumn => (dtype === 'f64' ? new Float64Array(chunkRows) : new Float32Array(chunkRows));
    return { block, view: new DataView(block.buffer), x: layout.xNames.map(newColumn), y: newColumn(), sigma: layout.sigmaField === undefined ? undefined : newColumn() };
  });
  const { block, view, x, y, sigma } = buffers;
  let fd: number | undefined;
  try {
    fd = openForPass(path, size);
    let filled = 0;
    for (let position = offset; position < size; ) {
      const bytes = readBlock(fd, block, Math.min(block.length, size - position), position, path, size);
      position += bytes;
      const records = bytes / recordBytes;
      for (let r = 0; r < records; ) {
        const n = Math.min(records - r, chunkRows - filled);
        const at = r * recordBytes;
        layout.xFields.forEach((field, k) => deinterleave(view, at + field * valueBytes, recordBytes, x[k], filled, n));
        deinterleave(view, at + layout.yField * valueBytes, recordBytes, y, filled, n);
        if (sigma) deinterleave(view, at + layout.sigmaField! * valueBytes, recordBytes, sigma, filled, n);
        r += n;
        filled += n;
        if (filled === chunkRows) {
          yield layoutChunk(layout, x, y, sigma, filled);
          filled = 0;
        }
      }
    }
    if (filled > 0) yield layoutChunk(layout, x, y, sigma, filled);
  } finally {
    if (fd !== undefined) closeSync(fd);
    pool.give(buffers);
  }
}

/** Reads exactly `length` bytes at `position` (readSync may return fewer; loop until done). */
export function readBlock(fd: number, block: Uint8Array, length: number, position: number, path: string, size: number): number {
  for (let got = 0; got < length; ) {
    const n = readSync(fd, block, got, length - got, position + got);
    if (n === 0) {
      throw new FitError('INVALID_FILE', `${JSON.stringify(path)} ended at byte ${position + got} during a pass; expected ${size} bytes as when the source was created`);
    }
    got += n;
  }
  return length;
}

/** Copies n values, one every `stride` bytes from byte `from`, into target[at, at + n). */
export function deinterleave(view: DataView, from: number, stride: number, target: FileColumn, at: number, n: number): void {
  if (target instanceof Float64Array) {
    for (let i = 0, p = from; i < n; i++, p += stride) target[at + i] = view.getFloat64(p, true);
  } else {
    for (let i = 0, p = from; i < n; i++, p += stride) target[at + i] = view.getFloat32(p, true);
  }
}

/** fromBinaryFile's and fromNpyFile's chunk: a lone x column named 'x' is the plain x. */
export function layoutChunk(layout: Layout, x: FileColumn[], y: FileColumn, sigma: FileColumn | undefined, rows: number): FileChunk {
  const plain = layout.xNames.length === 1 && layout.xNames[0] === 'x';
  return chunkOf(x, y, sigma, rows, plain ? undefined : layout.xNames);
}
