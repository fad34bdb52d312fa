/**
 * fromParquetFile: a chunk source over the numeric columns of an Apache Parquet file, read a page
 * at a time on every pass, so a fit over a file larger than memory holds a page of each column it
 * reads, never the file, nor a row group.
 *
 * A Parquet file (the Apache Parquet format specification, github.com/apache/parquet-format) is
 * row groups of column chunks, then a footer saying where every chunk is:
 *
 *   | "PAR1" | group 0: | x: [dict] page page … | y: page page … | σ … | group 1: … | footer | len | "PAR1" |
 *                         ▲ start of x's chunk    ▲ total_compressed_size later, its end     ▲ 4 bytes, little-endian
 *
 *   footer   FileMetaData (Thrift compact protocol): the schema, and for every row group its
 *            rows and, per column, the chunk's offsets, size, codec and encodings
 *   chunk    an optional dictionary page, then data pages (v1 or v2); a page is a Thrift page
 *            header then its values, compressed as a block (the chunk's codec)
 *
 * The footer is read once, when the source is made (fs.readSync of the tail, hyparquet's
 * `parquetMetadata`), so that a file that is not Parquet, a column the file lacks, a type or a
 * codec this does not read fail then, not mid-fit. A pass then walks the row groups in order and,
 * in each, only the chunks of the requested columns: each column has its own reader that reads
 * its chunk's bytes with fs.readSync in blocks, parses a page header (hyparquet's `parquetHeader`),
 * decompresses and decodes that one page into numbers, and copies them into the chunk columns.
 * Rows run on across row groups: a chunk of the source may end in one group and continue in the
 * next. Pages that are PLAIN or dictionary-encoded (what pyarrow, Spark, DuckDB, polars and
 * hyparquet-writer write for numbers) are decoded here, into buffers that every page reuses;
 * other encodings (BYTE_STREAM_SPLIT, DELTA_BINARY_PACKED, ALP) by hyparquet's `readPage`.
 *
 * Memory, per requested column: the block holding its current page (compressed), the page
 * decompressed, its values as numbers, and the chunk's dictionary if it has one — ~3 pages,
 * ~3.4 MiB for the 1 MiB pages pyarrow and hyparquet-writer write by default — plus one chunk
 * of the source, `chunkRows` × 8 bytes (512 KiB). Not the row group: pyarrow's default groups of
 * 1,048,576 rows would be 8 MiB a column decoded whole. A file written with one page per column
 * chunk costs its row group's column, per column (~8 bytes × rows per group, three times).
 * Measured (bench/memory.mjs): a fit over 2·10⁶ rows of two nullable snappy DOUBLE columns in
 * groups of 1,048,576 rows adds 4 to 13 MiB to the peak RSS, the engine's 4 MiB arena included.
 *
 * hyparquet is an optional peer dependency of arenafit (npm install hyparquet). `parquetHeader`
 * and `readPage` are imported from its file `hyparquet/src/column.js` (and its default parsers,
 * which readPage takes, from `hyparquet/src/convert.js`), which its package.json exports with
 * their types (`"./src/*.js"`): its documented entry decodes only through promises, and a fit
 * must be able to run synchronously (curveFitSync).
 *
 * The files of this folder: source.ts (this: fromParquetFile, its options, a pass, locateRow),
 * footer.ts (the footer, and the columns asked for checked against it, into plan.ts's Plan),
 * column-type.ts (which columns are numbers), codecs.ts (the decompressors), buffers.ts (what a
 * pass reuses), column-reader.ts (a column's chunk, page by page), pages.ts (a page into numbers:
 * plain.ts, dictionary.ts, hybrid.ts — the RLE/bit-packed levels and indices —, hyparquet for the
 * rest) and read-exactly.ts.
 */
import { closeSync } from 'node:fs';
import type { CompressionCodec } from 'hyparquet';
// FitError from errors.ts, which the arenafit/parquet bundle takes from the main bundle (build/build.mjs):
// arenafit/parquet throws the class arenafit exports (and so do the other files of this folder).
import { FitError } from '../../../errors.ts';
import { describe } from '../../../describe.ts';
import { BufferPool, CHUNK_ROWS, checkKeys, chunkOf as fileChunk, fileSize, openForPass, positiveInteger, type FileChunk, type FileColumn, type FileSource } from '../file.ts';
import { makeBuffers, type Buffers } from './buffers.ts';
import { builtInDecompressors, userDecompressors, type ParquetDecompressor } from './codecs.ts';
import { ColumnReader } from './column-reader.ts';
import { readColumns } from './footer.ts';
import type { Plan } from './plan.ts';

export interface ParquetFileOptions {
  /**
   * The x column's name in the file's schema, which becomes the model's x; or several names,
   * which become named columns `{ time, dose }` that the model refers to by those names.
   */
  x: string | string[];
  /** The y column's name. */
  y: string;
  /** The name of a column of standard deviations of y, if any. */
  sigma?: string;
  /** Rows per chunk handed to the fit; default 65,536. */
  chunkRows?: number;
  /**
   * Decompressors by codec name, for codecs this does not decompress itself (LZ4, LZ4_RAW, LZO;
   * ZSTD before Node 22.15): `import { compressors } from 'hyparquet-compressors'` gives them all.
   * They take precedence over the built-in ones. Default: none.
   */
  compressors?: Partial<Record<CompressionCodec, ParquetDecompressor>>;
}

const KNOWN = ['x', 'y', 'sigma', 'chunkRows', 'compressors'];

/**
 * Streams the named numeric columns of an Apache Parquet file into a fit, page by page on every
 * pass, synchronously: `curveFitSync` and `curveFit` both take it. Memory is three pages per
 * column (~3.4 MiB a column for the usual 1 MiB pages) plus one chunk, whatever the size of the
 * file or of its row groups; reading costs ~5 ns a value on every pass uncompressed, ~20 ns with
 * snappy (hyparquet's JavaScript snappy, ~0.5 GB/s) — a file that fits in memory is faster read
 * once into arrays.
 *
 * Columns are DOUBLE, FLOAT (handed on as Float32Array), INT32 or INT64, with or without integer
 * annotations (INT(8…64), signed or not). INT64 values are rounded to the nearest float64, exactly
 * as `Number(bigint)` does: exact up to ±2^53, within a relative 1.1e-16 beyond. A null is NaN,
 * which the fit refuses (NON_FINITE_DATA, naming the row) unless nanPolicy is 'omit'. Strings,
 * booleans, dates, timestamps, decimals and nested columns are INVALID_FILE, naming the column
 * and its type. Codecs: UNCOMPRESSED and SNAPPY (hyparquet), GZIP and BROTLI (node:zlib), ZSTD on
 * Node ≥ 22.15; others (LZ4, LZ4_RAW, LZO) through `options.compressors`.
 *
 * The footer is read now: a file that is not Parquet or is encrypted is INVALID_FILE, a column
 * it lacks UNKNOWN_COLUMN listing those it has; each pass re-checks the file's size. Each pass
 * reuses the same typed arrays for every chunk: a consumer must copy a chunk before asking for
 * the next (curveFit does). A bad value's message names its row in the file and its row group.
 *
 * Needs the optional peer dependency hyparquet (`npm install hyparquet`, ^1.33); without it,
 * importing arenafit/parquet fails with Node's "Cannot find package 'hyparquet'".
 *
 * @example
 * import { curveFitSync } from 'arenafit';
 * import { fromParquetFile } from 'arenafit/parquet';
 * // df.to_parquet('decay.parquet'), columns time, signal, error
 * const source = fromParquetFile('decay.parquet', { x: 'time', y: 'signal', sigma: 'error' });
 * const r = curveFitSync('a*exp(-b*x) + c', source, { p0: { a: 1, b: 1, c: 0 } });
 */
export function fromParquetFile(path: string, options: ParquetFileOptions): FileSource {
  const o = checkKeys(options, KNOWN, "{ x: 'time', y: 'signal' }");
  const named = Array.isArray(o.x);
  const x = named ? (o.x as unknown[]).map((name, k) => columnName(name, `options.x[${k}]`)) : [columnName(o.x, 'options.x')];
  if (x.length === 0) throw new FitError('INVALID_OPTION', "options.x is an empty array; expected a column name such as 'time', or a list of names");
  if (new Set(x).size !== x.length) throw new FitError('INVALID_OPTION', `options.x is [${x.map((n) => describe(n)).join(', ')}]; expected each name once`);
  const y = columnName(o.y, 'options.y');
  const sigma = o.sigma === undefined ? undefined : columnName(o.sigma, 'options.sigma');
  const chunkRows = positiveInteger(o, 'chunkRows', CHUNK_ROWS);
  const compressors = { ...builtInDecompressors(), ...userDecompressors(o.compressors) };

  const size = fileSize(path);
  const requested = x.map((column, k) => ({ option: named ? `options.x[${k}]` : 'options.x', column }));
  requested.push({ option: 'options.y', column: y });
  if (sigma !== undefined) requested.push({ option: 'options.sigma', column: sigma });
  const { columns, groupRows, groupStarts, rows } = readColumns(path, size, requested, compressors);

  const plan: Plan = { path, size, columns, xNames: named ? x : undefined, hasSigma: sigma !== undefined, groupRows, groupStarts, rows, chunkRows, compressors };
  let pool = new BufferPool<Buffers>();
  return {
    chunks: () => readRows(plan, pool),
    locateRow: (row) => locate(plan, row),
    // Between fits the source keeps only its footer's plan: the pages' blocks and the chunk
    // columns (a few MiB) go.
    release: () => {
      pool = new BufferPool<Buffers>();
    },
  };
}

function columnName(value: unknown, name: string): string {
  if (typeof value !== 'string' || value === '') {
    throw new FitError('INVALID_OPTION', `${name} is ${describe(value)}; expected the name of a column in the file`);
  }
  return value;
}

/** `"decay.parquet" row 1234: row 2 of row group 176`, rows and groups from 0 as pyarrow counts them. */
function locate(plan: Plan, row: number): string | undefined {
  if (!Number.isInteger(row) || row < 0 || row >= plan.rows) return undefined;
  let lo = 0;
  let hi = plan.groupStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (plan.groupStarts[mid] <= row) lo = mid;
    else hi = mid - 1;
  }
  return `${JSON.stringify(plan.path)} row ${row}: row ${row - plan.groupStarts[lo]} of row group ${lo}`;
}

/** One pass: the row groups in order, the requested columns page by page, as chunks of chunkRows rows. */
function* readRows(plan: Plan, pool: BufferPool<Buffers>): Generator<FileChunk, void, undefined> {
  const buffers = pool.take(() => makeBuffers(plan));
  const { columns } = buffers;
  let fd: number | undefined;
  try {
    fd = openForPass(plan.path, plan.size);
    const readers = plan.columns.map((column, k) => new ColumnReader(fd!, plan, column, buffers.readers[k]));
    let filled = 0;
    for (let g = 0; g < plan.groupRows.length; g++) {
      for (const reader of readers) reader.start(g);
      for (let row = 0; row < plan.groupRows[g]; ) {
        const n = Math.min(plan.groupRows[g] - row, plan.chunkRows - filled);
        for (let k = 0; k < readers.length; k++) readers[k].read(columns[k], filled, n);
        row += n;
        filled += n;
        if (filled === plan.chunkRows) {
          yield chunkOf(plan, columns, filled);
          filled = 0;
        }
      }
      for (const reader of readers) reader.finish();
    }
    if (filled > 0) yield chunkOf(plan, columns, filled);
  } finally {
    if (fd !== undefined) closeSync(fd);
    pool.give(buffers);
  }
}

/** The chunk of the first `rows` rows: x (one, or named), y, sigma, in the order the columns were requested. */
function chunkOf(plan: Plan, columns: FileColumn[], rows: number): FileChunk {
  const xCount = plan.xNames?.length ?? 1;
  return fileChunk(columns.slice(0, xCount), columns[xCount], plan.hasSigma ? columns[xCount + 1] : undefined, rows, plan.xNames);
}
