/**
 * fromNpyFile: a chunk source over NumPy `.npy` files (the format `numpy.save` writes, versions
 * 1.0, 2.0 and 3.0; NEP 1), read in blocks on every pass, so a fit over an array larger than
 * memory holds only a block and a chunk of it.
 *
 *   fromNpyFile('decay.npy')                    one 2-D array, a row per data row; its columns
 *                                               named by `columns` (default x, y[, sigma])
 *   fromNpyFile({ x: 'x.npy', y: 'y.npy' })     one 1-D array per column, all the same length
 *
 * A file is: the magic "\x93NUMPY", the version (major, minor), the header's length (2 bytes in
 * version 1, 4 in 2 and 3), the header — a Python dict literal such as
 * `{'descr': '<f8', 'fortran_order': False, 'shape': (40, 3), }` — padded so that the data start
 * on a multiple of 64 bytes, then the values. Read here: little-endian float64 ('<f8') and
 * float32 ('<f4', kept as Float32Array and widened inside WASM), in C order (rows of values,
 * read as fromBinaryFile reads records) or Fortran order (a column after another, read column
 * by column). Big-endian arrays, other dtypes, structured arrays and other shapes are
 * INVALID_FILE, naming what was found and how to save what is read.
 */
import { closeSync, readSync } from 'node:fs';
// FitError from errors.ts, which the arenafit/node bundle takes from the main bundle (build/build.mjs):
// arenafit/node throws the class arenafit exports.
import { FitError } from '../../errors.ts';
import { describe } from '../../describe.ts';
import { layoutChunk, deinterleave, readBlock, readLayout, readRecords, type Buffers, type Layout } from './binary.ts';
import {
  BLOCK_BYTES, BufferPool, CHUNK_ROWS, checkKeys, fileSize, openForPass, positiveInteger,
  type FileChunk, type FileColumn, type FileSource,
} from './file.ts';

export interface NpyFileOptions {
  /**
   * For a 2-D array of k columns: one name per column, as fromBinaryFile's `columns` ('x', 'y',
   * 'sigma', '_' to skip, other names for named x columns). Default ['x', 'y'] for two columns,
   * ['x', 'y', 'sigma'] for three.
   */
  columns?: string[];
  /** Rows per chunk handed to the fit; default 65,536. */
  chunkRows?: number;
  /** Bytes per read (C order: rounded down to whole rows); default 1 MiB. */
  blockBytes?: number;
}

const KNOWN = ['columns', 'chunkRows', 'blockBytes'];

/** What a `.npy` header says, and where the data start. */
interface NpyHeader {
  dtype: 'f64' | 'f32';
  fortran: boolean;
  shape: number[];
  /** Byte offset of the first value. */
  offset: number;
  /** The file's size in bytes. */
  size: number;
}

/**
 * Streams `.npy` files into a fit: one 2-D array (`path`), or one 1-D array per column (`{ x,
 * y, sigma? }`, or named x columns `{ t, dose, y }`). The files are checked now (they exist,
 * their headers are ones this reads, their sizes match their shapes, per-column files agree in
 * length); each pass re-checks the sizes, so a file that changes mid-fit is an error.
 *
 * @example
 * import { curveFitSync, fromNpyFile } from 'arenafit/node';
 * // np.save('decay.npy', np.column_stack([x, y, sigma]))
 * const r = curveFitSync('a*exp(-b*x) + c', fromNpyFile('decay.npy'), { p0: { a: 1, b: 1, c: 0 } });
 */
export function fromNpyFile(path: string | Record<string, string>, options: NpyFileOptions = {}): FileSource {
  const o = checkKeys(options, KNOWN, "{ columns: ['x', 'y', 'sigma'] }");
  const chunkRows = positiveInteger(o, 'chunkRows', CHUNK_ROWS);
  const blockBytes = positiveInteger(o, 'blockBytes', BLOCK_BYTES);
  if (typeof path === 'object' && path !== null && !Array.isArray(path)) {
    if (o.columns !== undefined) {
      throw new FitError('INVALID_OPTION', `options.columns is ${describe(o.columns)} with one file per column; expected the columns named by the object's keys, such as { x: 'x.npy', y: 'y.npy' }`);
    }
    return perColumnFiles(path, chunkRows);
  }
  if (typeof path !== 'string') {
    throw new FitError('INVALID_ARGUMENT', `path is ${describe(path)}; expected the path of a .npy file, or one path per column such as { x: 'x.npy', y: 'y.npy' }`);
  }
  const header = readHeader(path);
  if (header.shape.length !== 2) {
    throw new FitError('INVALID_FILE', `${JSON.stringify(path)} holds an array of shape (${header.shape.join(', ')}); expected a 2-D array, a row per data row (np.column_stack([x, y])), or one 1-D file per column: fromNpyFile({ x: 'x.npy', y: 'y.npy' })`);
  }
  const [rows, width] = header.shape;
  const names = o.columns ?? (width === 2 ? ['x', 'y'] : width === 3 ? ['x', 'y', 'sigma'] : undefined);
  if (names === undefined) {
    throw new FitError('INVALID_OPTION', `${JSON.stringify(path)} has ${width} columns; expected options.columns to name them, such as ['x', 'y', 'sigma', '_']`);
  }
  if (!Array.isArray(names) || names.length !== width) {
    throw new FitError('INVALID_OPTION', `options.columns is ${describe(names)}; expected ${width} names, one per column of ${JSON.stringify(path)}`);
  }
  const layout = readLayout(names);
  const valueBytes = header.dtype === 'f64' ? 8 : 4;
  if (!header.fortran) {
    const recordBytes = width * valueBytes;
    const blockRecords = Math.max(1, Math.floor(blockBytes / recordBytes));
    const pool = new BufferPool<Buffers>();
    return { chunks: () => readRecords(path, header.size, header.offset, layout, header.dtype, chunkRows, blockRecords, pool) };
  }
  // Fortran order: column k is one run of `rows` values from offset + k·rows·valueBytes.
  return columnSource(layout, (k) => ({ path, size: header.size, offset: header.offset + k * rows * valueBytes }), rows, header.dtype, chunkRows);
}

/** A column stored as one run of values: in which file, from which byte. */
interface Segment { path: string; size: number; offset: number }

function perColumnFiles(paths: Record<string, string>, chunkRows: number): FileSource {
  const names = Object.keys(paths);
  const layout = readLayout(names);
  const headers = names.map((name) => {
    const path = paths[name];
    if (typeof path !== 'string') throw new FitError('INVALID_ARGUMENT', `path.${name} is ${describe(path)}; expected the path of a 1-D .npy file`);
    const header = readHeader(path);
    if (header.shape.length !== 1 && !(header.shape.length === 2 && header.shape[1] === 1)) {
      throw new FitError('INVALID_FILE', `${JSON.stringify(path)} (${name}) holds an array of shape (${header.shape.join(', ')}); expected a 1-D array, one value per data row`);
    }
    return header;
  });
  const rows = headers[0].shape[0];
  headers.forEach((header, k) => {
    if (header.shape[0] !== rows) {
      throw new FitError('LENGTH_MISMATCH', `${JSON.stringify(paths[names[k]])} (${names[k]}) has ${header.shape[0]} values and ${JSON.stringify(paths[names[0]])} (${names[0]}) ${rows}; expected one value per data row in every file`);
    }
    if (header.dtype !== headers[0].dtype) {
      throw new FitError('INVALID_FILE', `${JSON.stringify(paths[names[k]])} (${names[k]}) holds ${header.dtype === 'f64' ? "'<f8'" : "'<f4'"} and ${JSON.stringify(paths[names[0]])} (${names[0]}) ${headers[0].dtype === 'f64' ? "'<f8'" : "'<f4'"}; expected every column in one dtype`);
    }
  });
  return columnSource(layout, (k) => ({ path: paths[names[k]], size: headers[k].size, offset: headers[k].offset }), rows, headers[0].dtype, chunkRows);
}

/** A source over columns each stored as one run of values: field k of the layout is at segment(k). */
function columnSource(layout: Layout, segment: (k: number) => Segment, rows: number, dtype: 'f64' | 'f32', chunkRows: number): FileSource {
  const segments = { x: layout.xFields.map(segment), y: segment(layout.yField), sigma: layout.sigmaField === undefined ? undefined : segment(layout.sigmaField) };
  const pool = new BufferPool<ColumnBuffers>();
  return { chunks: () => readColumns(layout, segments, rows, dtype, chunkRows, pool) };
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // "\x93NUMPY"

/** Reads and checks the header of the `.npy` file at `path`. */
function readHeader(path: string): NpyHeader {
  const size = fileSize(path);
  const where = JSON.stringify(path);
  const fd = openForPass(path, size);
  try {
    const prefix = new Uint8Array(12);
    const got = readSync(fd, prefix, 0, 12, 0);
    if (got < 10 || MAGIC.some((b, i) => prefix[i] !== b)) {
      throw new FitError('INVALID_FILE', `${where} is not a .npy file (it does not start with "\\x93NUMPY"); expected a file written by numpy.save`);
    }
    const major = prefix[6];
    if (major < 1 || major > 3) {
      throw new FitError('INVALID_FILE', `${where} is a .npy file of version ${major}.${prefix[7]}; expected version 1.0, 2.0 or 3.0`);
    }
    const view = new DataView(prefix.buffer);
    const start = major === 1 ? 10 : 12;
    const length = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
    if (start + length > size) throw new FitError('INVALID_FILE', `${where} ends inside its header (${size} bytes, header to byte ${start + length}); expected a complete .npy file`);
    const bytes = new Uint8Array(length);
    readBlock(fd, bytes, length, start, path, size);
    const text = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes);
    const header = parseHeader(text, where);
    const count = header.shape.reduce((n, d) => n * d, 1);
    const expected = start + length + count * (header.dtype === 'f64' ? 8 : 4);
    if (size !== expected) {
      throw new FitError('INVALID_FILE', `${where} is ${size} bytes; its header (shape (${header.shape.join(', ')}), ${header.dtype === 'f64' ? "'<f8'" : "'<f4'"}) says ${expected}; expected a complete file`);
    }
    return { ...header, offset: start + length, size };
  } finally {
    closeSync(fd);
  }
}

/** The dict of a `.npy` header: descr, fortran_order, shape. */
function parseHeader(text: string, where: string): Pick<NpyHeader, 'dtype' | 'fortran' | 'shape'> {
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(text)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(text)?.[1];
  const shape = /'shape'\s*:\s*\(([^)]*)\)/.exec(text)?.[1];
  if (descr === undefined || fortran === undefined || shape === undefined) {
    const structured = /'descr'\s*:\s*\[/.test(text);
    throw new FitError('INVALID_FILE', `${where} has the header ${JSON.stringify(text.trim().slice(0, 120))}${structured ? ' (a structured array)' : ''}; expected a plain array of '<f8' or '<f4' (np.save(path, np.column_stack([x, y])))`);
  }
  const dtype = descr === '<f8' ? 'f64' : descr === '<f4' ? 'f32' : undefined;
  if (dtype === undefined) {
    const hint = descr === '>f8' || descr === '>f4' ? ` (big-endian; save it with a.astype('<${descr.slice(1)}'))` : ` (save it with a.astype('<f8'))`;
    throw new FitError('INVALID_FILE', `${where} holds values of dtype '${descr}'${hint}; expected little-endian float64 '<f8' or float32 '<f4'`);
  }
  const dims = shape.split(',').map((s) => s.trim()).filter((s) => s !== '').map(Number);
  if (dims.some((d) => !Number.isSafeInteger(d) || d < 0)) {
    throw new FitError('INVALID_FILE', `${where} has the shape (${shape}); expected non-negative integers`);
  }
  return { dtype, fortran: fortran === 'True', shape: dims };
}

interface ColumnBuffers { bytes: Uint8Array; view: DataView; x: FileColumn[]; y: FileColumn; sigma: FileColumn | undefined }

/** One pass over columns stored each as a run of values (Fortran order, or a file per column). */
function* readColumns(
  layout: Layout, segments: { x: Segment[]; y: Segment; sigma: Segment | undefined }, rows: number, dtype: 'f64' | 'f32', chunkRows: number, pool: BufferPool<ColumnBuffers>,
): Generator<FileChunk, void, undefined> {
  const valueBytes = dtype === 'f64' ? 8 : 4;
  const buffers = pool.take(() => {
    const bytes = new Uint8Array(chunkRows * valueBytes);
    const newColumn = (): FileColumn => (dtype === 'f64' ? new Float64Array(chunkRows) : new Float32Array(chunkRows));
    return { bytes, view: new DataView(bytes.buffer), x: layout.xNames.map(newColumn), y: newColumn(), sigma: segments.sigma ? newColumn() : undefined };
  });
  const { bytes, view, x, y, sigma } = buffers;
  const all = [...segments.x, segments.y, ...(segments.sigma ? [segments.sigma] : [])];
  const targets = [...x, y, ...(sigma ? [sigma] : [])];
  const fds: number[] = [];
  try {
    for (const s of all) fds.push(openForPass(s.path, s.size));
    for (let row = 0; row < rows; row += chunkRows) {
      const n = Math.min(chunkRows, rows - row);
      all.forEach((s, k) => {
        readBlock(fds[k], bytes, n * valueBytes, s.offset + row * valueBytes, s.path, s.size);
        deinterleave(view, 0, valueBytes, targets[k], 0, n);
      });
      yield layoutChunk(layout, x, y, sigma, n);
    }
  } finally {
    for (const fd of fds) closeSync(fd);
    pool.give(buffers);
  }
}
