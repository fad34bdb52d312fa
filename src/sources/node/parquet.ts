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
 */
import { closeSync, readSync } from 'node:fs';
import * as zlib from 'node:zlib';
import { parquetMetadata, parquetSchema, snappyUncompress } from 'hyparquet';
import type { CompressionCodec, FileMetaData, PageHeader, SchemaElement, SchemaTree } from 'hyparquet';
import { parquetHeader, readPage } from 'hyparquet/src/column.js';
import { DEFAULT_PARSERS } from 'hyparquet/src/convert.js';
// FitError from errors.ts, which the arenafit/parquet bundle takes from the main bundle (build/build.mjs):
// arenafit/parquet throws the class arenafit exports.
import { FitError } from '../../errors.ts';
import { describe } from '../../describe.ts';
import { BufferPool, CHUNK_ROWS, checkKeys, chunkOf as fileChunk, fileSize, openForPass, positiveInteger, type FileChunk, type FileColumn, type FileSource } from './file.ts';

/**
 * Decompresses one page: the compressed bytes and the length the page header gives; returns the
 * page, exactly that long. The shape hyparquet's and hyparquet-compressors' decompressors have.
 */
export type ParquetDecompressor = (input: Uint8Array, outputLength: number) => Uint8Array;

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
const CODECS: readonly CompressionCodec[] = ['UNCOMPRESSED', 'SNAPPY', 'GZIP', 'LZO', 'BROTLI', 'LZ4', 'ZSTD', 'LZ4_RAW'];

/** A numeric column's values, as stored: float64, float32, (un)signed int32 or int64. */
type Kind = 'f64' | 'f32' | 'i32' | 'u32' | 'i64' | 'u64';

function kindOf(element: SchemaElement): Kind {
  const l = element.logical_type;
  const unsigned = element.converted_type?.startsWith('UINT_') === true || (l?.type === 'INTEGER' && !l.isSigned);
  if (element.type === 'DOUBLE') return 'f64';
  if (element.type === 'FLOAT') return 'f32';
  if (element.type === 'INT32') return unsigned ? 'u32' : 'i32';
  return unsigned ? 'u64' : 'i64';
}

/** The decoder hyparquet's readPage takes (its ColumnDecoder type, which the package does not export by name). */
type Decoder = Parameters<typeof readPage>[2];

/** A requested column: what the option called it, and where its chunk is in every row group. */
interface ColumnPlan {
  /** 'options.y', 'options.x[1]': the option that named it, for messages. */
  option: string;
  name: string;
  /** The decoder of every chunk of the column, but for the codec, which each chunk says. */
  decoder: Omit<Decoder, 'codec'>;
  /** How its values are read: FLOAT columns are handed on as Float32Array (widened inside WASM), others as Float64Array. */
  kind: Kind;
  /** OPTIONAL: its pages have definition levels, nulls among its values. */
  nullable: boolean;
  /** Per row group: the chunk's bytes [start, end) and its codec. */
  chunks: Array<{ start: number; end: number; codec: CompressionCodec }>;
}

/** What a pass needs to know, all read from the footer when the source was made. */
interface Plan {
  path: string;
  size: number;
  /** x columns first (in the order given), then y, then sigma. */
  columns: ColumnPlan[];
  /** Names of named x columns (x given as a list); undefined for the one plain x. */
  xNames: string[] | undefined;
  hasSigma: boolean;
  /** Rows of each row group, and the row each starts at. */
  groupRows: number[];
  groupStarts: number[];
  rows: number;
  chunkRows: number;
  compressors: Partial<Record<CompressionCodec, ParquetDecompressor>>;
}

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
  const { metadata, schema } = readFooter(path, size);
  const requested = x.map((column, k) => ({ option: named ? `options.x[${k}]` : 'options.x', column }));
  requested.push({ option: 'options.y', column: y });
  if (sigma !== undefined) requested.push({ option: 'options.sigma', column: sigma });

  const where = JSON.stringify(path);
  const groups = metadata.row_groups;
  const groupRows = groups.map((group) => Number(group.num_rows));
  const groupStarts: number[] = [];
  let rows = 0;
  for (const n of groupRows) {
    groupStarts.push(rows);
    rows += n;
  }
  if (rows !== Number(metadata.num_rows)) {
    throw new FitError('INVALID_FILE', `${where} has row groups of ${rows} rows in all, but its footer says ${metadata.num_rows}; expected a complete Parquet file`);
  }
  const footerStart = size - 8 - metadata.metadata_length;
  const columns = requested.map(({ option, column }): ColumnPlan => {
    const tree = schema.children.find((child) => child.element.name === column);
    if (tree === undefined) {
      const names = schema.children.map((child) => JSON.stringify(child.element.name)).join(', ');
      throw new FitError('UNKNOWN_COLUMN', `${option} is ${JSON.stringify(column)}, which is not a column of ${where}; its columns are ${names}`);
    }
    checkType(tree, option, where);
    const chunks = groups.map((group, g) => {
      const chunk = group.columns.find((c) => c.meta_data?.path_in_schema.length === 1 && c.meta_data.path_in_schema[0] === column);
      const meta = chunk?.meta_data;
      if (chunk === undefined || meta === undefined || chunk.file_path) {
        const why = chunk?.file_path ? `is in another file (${JSON.stringify(chunk.file_path)})` : 'has no column metadata (an encrypted column?)';
        throw new FitError('INVALID_FILE', `column ${JSON.stringify(column)} of row group ${g} of ${where} ${why}; expected its values in this file`);
      }
      const start = Number(meta.dictionary_page_offset || meta.data_page_offset);
      const end = start + Number(meta.total_compressed_size);
      if (!(start >= 4 && end <= footerStart && start <= end)) {
        throw new FitError('INVALID_FILE', `column ${JSON.stringify(column)} of row group ${g} of ${where} is said to lie at bytes ${start} to ${end}, outside the data (bytes 4 to ${footerStart}); expected a complete, uncorrupted Parquet file`);
      }
      if (meta.codec !== 'UNCOMPRESSED' && meta.codec !== 'SNAPPY' && compressors[meta.codec] === undefined) {
        throw new FitError('INVALID_FILE', `column ${JSON.stringify(column)} of ${where} is compressed with ${meta.codec}${codecHint(meta.codec)}`);
      }
      return { start, end, codec: meta.codec };
    });
    const element = tree.element;
    return {
      option,
      name: column,
      decoder: { pathInSchema: [column], type: element.type!, element, schemaPath: [schema, tree], parsers: DEFAULT_PARSERS, utf8: false },
      kind: kindOf(element),
      nullable: element.repetition_type === 'OPTIONAL',
      chunks,
    };
  });

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

const MAGIC = 0x31524150; // "PAR1", little-endian
const ENCRYPTED_MAGIC = 0x45524150; // "PARE": a footer encrypted with Parquet modular encryption

/** Reads and parses the footer of the Parquet file at `path` (`size` bytes): its metadata, and the schema as a tree. */
function readFooter(path: string, size: number): { metadata: FileMetaData; schema: SchemaTree } {
  const where = JSON.stringify(path);
  const notParquet = (why: string) => new FitError('INVALID_FILE', `${where} is not a Parquet file (${why}); expected a file written by a Parquet writer (pyarrow, pandas' to_parquet, polars, Spark, DuckDB)`);
  if (size < 12) throw notParquet(`it is ${size} bytes, fewer than the 12 of the smallest one`);
  const fd = openForPass(path, size);
  try {
    const ends = new Uint8Array(8);
    readExactly(fd, ends, 0, 8, size - 8, path, size);
    const view = new DataView(ends.buffer);
    const tail = view.getUint32(4, true);
    if (tail === ENCRYPTED_MAGIC) {
      throw new FitError('INVALID_FILE', `${where} is an encrypted Parquet file (its footer ends in "PARE"); expected an unencrypted file`);
    }
    if (tail !== MAGIC) throw notParquet('it does not end with "PAR1"');
    const head = new Uint8Array(4);
    readExactly(fd, head, 0, 4, 0, path, size);
    if (new DataView(head.buffer).getUint32(0, true) !== MAGIC) throw notParquet('it does not start with "PAR1"');
    const length = view.getUint32(0, true);
    if (length + 12 > size) {
      throw new FitError('INVALID_FILE', `${where} says its footer is ${length} bytes, but the file is ${size}; expected a complete Parquet file`);
    }
    const footer = new Uint8Array(length + 8);
    readExactly(fd, footer, 0, footer.length, size - footer.length, path, size);
    try {
      const metadata = parquetMetadata(footer, { geoparquet: false });
      return { metadata, schema: parquetSchema(metadata) };
    } catch (error) {
      throw new FitError('INVALID_FILE', `${where} has a footer that cannot be read (${error instanceof Error ? error.message : describe(error)}); expected a complete, uncorrupted Parquet file`, { cause: error });
    }
  } finally {
    closeSync(fd);
  }
}

/** Reads exactly `length` bytes at file `position` into bytes[at, at + length). */
function readExactly(fd: number, bytes: Uint8Array, at: number, length: number, position: number, path: string, size: number): void {
  for (let got = 0; got < length; ) {
    const n = readSync(fd, bytes, at + got, length - got, position + got);
    if (n === 0) {
      throw new FitError('INVALID_FILE', `${JSON.stringify(path)} ended at byte ${position + got} during a pass; expected ${size} bytes as when the source was created`);
    }
    got += n;
  }
}

const NUMERIC = ['DOUBLE', 'FLOAT', 'INT32', 'INT64'];
const INTEGER_ANNOTATIONS = ['INT_8', 'INT_16', 'INT_32', 'INT_64', 'UINT_8', 'UINT_16', 'UINT_32', 'UINT_64'];

/** A column this reads: a top-level leaf of numbers, with no annotation but an integer one. */
function checkType(tree: SchemaTree, option: string, where: string): void {
  const element = tree.element;
  const numeric = tree.children.length === 0 && element.repetition_type !== 'REPEATED' && NUMERIC.includes(element.type ?? '') &&
    (element.logical_type === undefined || element.logical_type.type === 'INTEGER') &&
    (element.converted_type === undefined || INTEGER_ANNOTATIONS.includes(element.converted_type));
  if (!numeric) {
    throw new FitError('INVALID_FILE', `${option} is ${JSON.stringify(element.name)}, a column of ${where} that holds ${typeName(tree)}; expected numbers: DOUBLE, FLOAT, INT32 or INT64 (cast it when writing the file, such as pyarrow's pa.float64())`);
  }
}

/** A column's type as the Parquet specification names it: `INT64 (TIMESTAMP(MILLIS))`, `a list`. */
function typeName(tree: SchemaTree): string {
  const e: SchemaElement = tree.element;
  if (tree.children.length > 0 || e.type === undefined) {
    const kind = e.logical_type?.type ?? e.converted_type;
    return kind === 'LIST' ? 'a list' : kind === 'MAP' || kind === 'MAP_KEY_VALUE' ? 'a map' : kind === 'VARIANT' ? 'a variant' : 'a group of columns (a struct)';
  }
  if (e.repetition_type === 'REPEATED') return `a repeated ${e.type} (a list)`;
  const l = e.logical_type;
  const annotation = l === undefined ? e.converted_type
    : l.type === 'DECIMAL' ? `DECIMAL(${l.precision}, ${l.scale})`
    : l.type === 'TIMESTAMP' || l.type === 'TIME' ? `${l.type}(${l.unit})`
    : l.type;
  return `${e.type}${annotation ? ` (${annotation})` : ''} values`;
}

/** Decompressors from node:zlib, for codecs hyparquet does not decompress itself. */
function builtInDecompressors(): Partial<Record<CompressionCodec, ParquetDecompressor>> {
  // maxOutputLength: a page that inflates past what its header says is refused by zlib, not held.
  const limit = (length: number) => ({ maxOutputLength: Math.max(1, length) });
  const zstd = (zlib as unknown as { zstdDecompressSync?: (input: Uint8Array, options: object) => Uint8Array }).zstdDecompressSync;
  return {
    // GZIP is RFC 1952; unzip also takes the zlib stream some old writers put there.
    GZIP: (input, length) => zlib.unzipSync(input, limit(length)),
    BROTLI: (input, length) => zlib.brotliDecompressSync(input, limit(length)),
    ...(zstd ? { ZSTD: (input: Uint8Array, length: number) => zstd(input, limit(length)) } : {}),
  };
}

function userDecompressors(value: unknown): Partial<Record<CompressionCodec, ParquetDecompressor>> {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new FitError('INVALID_OPTION', `options.compressors is ${describe(value)}; expected decompressors by codec, such as hyparquet-compressors' { compressors }`);
  }
  const out: Partial<Record<CompressionCodec, ParquetDecompressor>> = {};
  for (const [codec, decompress] of Object.entries(value)) {
    if (!CODECS.includes(codec as CompressionCodec)) {
      throw new FitError('INVALID_OPTION', `options.compressors.${codec} is not a Parquet codec; expected ${CODECS.join(', ')}`);
    }
    if (decompress === undefined) continue;
    if (typeof decompress !== 'function') {
      throw new FitError('INVALID_OPTION', `options.compressors.${codec} is ${describe(decompress)}; expected a function (input: Uint8Array, outputLength: number) => Uint8Array`);
    }
    out[codec as CompressionCodec] = decompress as ParquetDecompressor;
  }
  return out;
}

function codecHint(codec: CompressionCodec): string {
  const get = "npm install hyparquet-compressors, then pass fromParquetFile(path, { ...options, compressors }) with import { compressors } from 'hyparquet-compressors'";
  const node = codec === 'ZSTD' ? ` (Node ≥ 22.15 decompresses ZSTD itself; this is Node ${process.version})` : '';
  return `, which arenafit/parquet does not decompress by itself${node}; expected UNCOMPRESSED, SNAPPY, GZIP or BROTLI${codec === 'ZSTD' ? '' : ', or ZSTD on Node ≥ 22.15'} — or a decompressor for ${codec}: ${get}`;
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

/** What a pass reads into and the next pass reuses: per column, the buffers of its reader, and the chunk columns. */
interface Buffers {
  readers: ReaderBuffers[];
  columns: FileColumn[];
}

/**
 * A column reader's buffers, each grown to the largest page it has met and then reused, so that
 * a pass makes next to no garbage: decoded by hyparquet's readPage, which makes fresh arrays of
 * every page (JavaScript arrays for a nullable column), a fit over 10⁶ rows of two nullable
 * columns added ~70 MiB to the peak RSS and took 3× as long.
 */
interface ReaderBuffers {
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
const roomFor = (needed: number): number => needed + (needed >> 3);

/** One pass: the row groups in order, the requested columns page by page, as chunks of chunkRows rows. */
function* readRows(plan: Plan, pool: BufferPool<Buffers>): Generator<FileChunk, void, undefined> {
  const buffers = pool.take(() => ({
    readers: plan.columns.map((c) => ({
      block: new Uint8Array(FIRST_BLOCK_BYTES),
      page: new Uint8Array(0),
      levels: new Uint8Array(0),
      indices: new Int32Array(0),
      values: c.kind === 'f32' ? new Float32Array(0) : new Float64Array(0),
    })),
    columns: plan.columns.map((c) => (c.kind === 'f32' ? new Float32Array(plan.chunkRows) : new Float64Array(plan.chunkRows))),
  }));
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

/** Bytes per value of each kind, PLAIN-encoded. */
const WIDTH: Record<Kind, number> = { f64: 8, f32: 4, i32: 4, u32: 4, i64: 8, u64: 8 };

/**
 * Reads one column's chunk of the current row group, a page at a time, into numbers. The block
 * holds the file's bytes [blockStart, blockStart + length): the page being decoded, and what was
 * read past it; it is refilled (what is left moved to its start) when a header or page runs past
 * what it holds, and grown when a page is larger than it.
 *
 *   block  | consumed | header | page (compressed_page_size) | next header … |
 *          ▲ blockStart          ▲ offset after the header                    ▲ length
 *
 * Data pages that are PLAIN or dictionary-encoded (RLE_DICTIONARY, PLAIN_DICTIONARY), v1 or v2 —
 * what pyarrow, Spark, DuckDB, polars and hyparquet-writer write for numbers — are decoded here,
 * straight from the page bytes into `values` (nulls from the definition levels as NaN); other
 * encodings (BYTE_STREAM_SPLIT, DELTA_BINARY_PACKED, ALP, v1 BIT_PACKED levels) go through
 * hyparquet's readPage, which makes fresh arrays of each page.
 */
class ColumnReader {
  readonly #fd: number;
  readonly #plan: Plan;
  readonly #column: ColumnPlan;
  readonly #buffers: ReaderBuffers;
  readonly #compressors: Partial<Record<CompressionCodec, ParquetDecompressor>>;
  #group = 0;
  #codec: CompressionCodec = 'UNCOMPRESSED';
  #decoder: Decoder | undefined;
  #dictionary: FileColumn | undefined;
  #blockStart = 0;
  #length = 0;
  #offset = 0;
  #end = 0;
  /** Rows of the current page, and how many of them were read. */
  #pageRows = 0;
  #position = 0;
  /** Rows of the current group read so far. */
  #rows = 0;

  constructor(fd: number, plan: Plan, column: ColumnPlan, buffers: ReaderBuffers) {
    this.#fd = fd;
    this.#plan = plan;
    this.#column = column;
    this.#buffers = buffers;
    // SNAPPY into this column's page buffer, which every page reuses.
    this.#compressors = {
      SNAPPY: (input, length) => {
        if (buffers.page.length < length) buffers.page = new Uint8Array(roomFor(length));
        const page = buffers.page.subarray(0, length);
        snappyUncompress(input, page);
        return page;
      },
      ...plan.compressors,
    };
  }

  /** Starts on row group g: this column's chunk of it, from its first byte. */
  start(g: number): void {
    const chunk = this.#column.chunks[g];
    this.#group = g;
    this.#codec = chunk.codec;
    this.#decoder = undefined;
    this.#dictionary = undefined;
    this.#blockStart = chunk.start;
    this.#length = 0;
    this.#offset = 0;
    this.#end = chunk.end;
    this.#pageRows = 0;
    this.#position = 0;
    this.#rows = 0;
  }

  /** Copies the column's next n values into target[at, at + n). */
  read(target: FileColumn, at: number, n: number): void {
    while (n > 0) {
      if (this.#position === this.#pageRows) {
        this.#nextPage();
        continue;
      }
      const m = Math.min(n, this.#pageRows - this.#position);
      target.set(this.#buffers.values.subarray(this.#position, this.#position + m), at);
      this.#position += m;
      this.#rows += m;
      at += m;
      n -= m;
    }
  }

  /** At the end of a row group: its rows all read, the column must have no values left. */
  finish(): void {
    if (this.#position < this.#pageRows) {
      throw this.#invalid(`holds more values than the row group's ${this.#plan.groupRows[this.#group]} rows`);
    }
  }

  /** Decodes the chunk's next data page into `values`, reading a dictionary page on the way. */
  #nextPage(): void {
    for (;;) {
      if (this.#blockStart + this.#offset >= this.#end) {
        throw this.#invalid(`ends after ${this.#rows} values, but the row group has ${this.#plan.groupRows[this.#group]} rows`);
      }
      const header = this.#header();
      const bytes = header.compressed_page_size;
      if (!Number.isSafeInteger(bytes) || bytes < 0 || !this.#ensure(bytes)) {
        throw this.#invalid(`has a page of ${describe(bytes)} bytes that runs past the chunk's end (byte ${this.#end})`);
      }
      const at = this.#offset;
      this.#offset += bytes;
      if (header.type === 'DICTIONARY_PAGE') {
        this.#dictionary = this.#decode(() => this.#readDictionary(header, at, bytes));
      } else if (header.type === 'DATA_PAGE' || header.type === 'DATA_PAGE_V2') {
        const rows = this.#decode(() => this.#readData(header, at, bytes) ?? this.#readWithHyparquet(header, at));
        this.#pageRows = rows;
        this.#position = 0;
        if (rows > 0) return;
      }
      // Any other page (an index page) is skipped, and so is a data page of no rows.
    }
  }

  /** A dictionary page: PLAIN values (whatever its encoding says, as hyparquet reads it), copied. */
  #readDictionary(header: PageHeader, at: number, bytes: number): FileColumn {
    const count = header.dictionary_page_header?.num_values ?? 0;
    const page = this.#decompress(this.#block.subarray(at, at + bytes), header.uncompressed_page_size);
    const kind = this.#column.kind;
    if (page.length < count * WIDTH[kind]) throw new Error(`dictionary page of ${page.length} bytes for ${count} values`);
    const dictionary = kind === 'f32' ? new Float32Array(count) : new Float64Array(count);
    readPlain(kind, new DataView(page.buffer, page.byteOffset, page.byteLength), 0, dictionary, count, undefined);
    return dictionary;
  }

  /**
   * A data page, PLAIN or dictionary-encoded, decoded here into `values`; undefined for one of
   * another encoding. The layouts (Parquet format, "Data Pages"):
   *
   *   v1  compressed( [definition levels: 4-byte length, RLE/bit-packed] [values] )
   *   v2  [definition levels, RLE/bit-packed, definition_levels_byte_length] compressed( [values] )
   *
   * with definition levels only in a nullable column (1 a value, 0 a null, for a top-level one),
   * and values either PLAIN (little-endian, nulls left out) or a bit width (1 byte) and
   * RLE/bit-packed dictionary indices.
   */
  #readData(header: PageHeader, at: number, bytes: number): number | undefined {
    const v2 = header.data_page_header_v2;
    const h = v2 ?? header.data_page_header;
    if (h === undefined) throw new Error(`${header.type} page without its header`);
    const dictionary = h.encoding === 'RLE_DICTIONARY' || h.encoding === 'PLAIN_DICTIONARY';
    if (h.encoding !== 'PLAIN' && !dictionary) return undefined;
    const nullable = this.#column.nullable;
    const rows = h.num_values;
    if (!Number.isSafeInteger(rows) || rows < 0) throw new Error(`page of ${describe(rows)} values`);
    const block = this.#block;
    let page: Uint8Array;
    let levels: Uint8Array | undefined;
    if (v2) {
      const repetition = v2.repetition_levels_byte_length ?? 0;
      const definition = v2.definition_levels_byte_length ?? 0;
      if (repetition !== 0 || (definition !== 0) !== nullable || repetition + definition > bytes) return undefined;
      if (nullable) levels = this.#levels(block, at, definition, rows);
      const start = at + definition;
      const size = header.uncompressed_page_size - definition;
      page = v2.is_compressed === false || size === 0 ? block.subarray(start, at + bytes) : this.#decompress(block.subarray(start, at + bytes), size);
    } else {
      page = this.#decompress(block.subarray(at, at + bytes), header.uncompressed_page_size);
      if (nullable) {
        if (header.data_page_header!.definition_level_encoding !== 'RLE') return undefined;
        if (page.length < 4) throw new Error('page shorter than its definition levels');
        const length = new DataView(page.buffer, page.byteOffset, 4).getUint32(0, true);
        if (4 + length > page.length) throw new Error(`definition levels of ${length} bytes in a page of ${page.length}`);
        levels = this.#levels(page, 4, length, rows);
        page = page.subarray(4 + length);
      }
    }
    let present = rows;
    if (levels) for (let i = 0; i < rows; i++) present -= levels[i] === 0 ? 1 : 0;
    const values = this.#values(rows);
    if (dictionary) {
      const table = this.#dictionary;
      if (table === undefined) throw new Error(`${h.encoding} page without a dictionary page before it`);
      if (page.length < 1) throw new Error('dictionary-encoded page without its bit width');
      const width = page[0];
      if (width > 32) throw new Error(`dictionary indices of ${width} bits`);
      if (this.#buffers.indices.length < present) this.#buffers.indices = new Int32Array(roomFor(present));
      const indices = this.#buffers.indices;
      decodeHybrid(page, 1, page.length - 1, width, indices, present);
      for (let i = 0, j = 0; i < rows; i++) {
        if (levels && levels[i] === 0) values[i] = NaN;
        else {
          const k = indices[j++];
          if (k < 0 || k >= table.length) throw new Error(`dictionary index ${k} of a dictionary of ${table.length}`);
          values[i] = table[k];
        }
      }
    } else {
      const kind = this.#column.kind;
      if (page.length < present * WIDTH[kind]) throw new Error(`page of ${page.length} bytes for ${present} ${kind} values`);
      readPlain(kind, new DataView(page.buffer, page.byteOffset, page.byteLength), 0, values, rows, levels);
    }
    return rows;
  }

  /** Definition levels (bit width 1: a top-level column) of `rows` rows from bytes[at, at + length). */
  #levels(bytes: Uint8Array, at: number, length: number, rows: number): Uint8Array {
    if (this.#buffers.levels.length < rows) this.#buffers.levels = new Uint8Array(roomFor(rows));
    decodeHybrid(bytes, at, length, 1, this.#buffers.levels, rows);
    return this.#buffers.levels;
  }

  /** The values buffer, at least `rows` long. */
  #values(rows: number): FileColumn {
    const b = this.#buffers;
    if (b.values.length < rows) {
      const length = roomFor(rows);
      b.values = this.#column.kind === 'f32' ? new Float32Array(length) : new Float64Array(length);
    }
    return b.values;
  }

  /** A page of another encoding, through hyparquet's readPage (fresh arrays), copied into `values`. */
  #readWithHyparquet(header: PageHeader, at: number): number {
    this.#decoder ??= { ...this.#column.decoder, codec: this.#codec, compressors: this.#compressors };
    const reader = { view: new DataView(this.#block.buffer, this.#block.byteOffset, this.#length), offset: at };
    const { data } = readPage(reader, header, this.#decoder, this.#dictionary, undefined, 0);
    if (data === undefined) return 0;
    const values = this.#values(data.length);
    if (data instanceof BigInt64Array || data instanceof BigUint64Array) {
      for (let i = 0; i < data.length; i++) values[i] = Number(data[i]);
    } else if (ArrayBuffer.isView(data)) {
      values.set(data as Float64Array);
    } else {
      for (let i = 0; i < data.length; i++) {
        const v: unknown = data[i];
        if (typeof v === 'number') values[i] = v;
        else if (v === null || v === undefined) values[i] = NaN;
        else if (typeof v === 'bigint') values[i] = Number(v);
        else throw new Error(`${describe(v)} in row ${this.#rows + i} of the group, not a number`);
      }
    }
    return data.length;
  }

  #decompress(input: Uint8Array, length: number): Uint8Array {
    if (this.#codec === 'UNCOMPRESSED') return input;
    const page = this.#compressors[this.#codec]!(input, length);
    if (page.length !== length) throw new Error(`a page decompressed to ${page.length} bytes, not the ${length} its header says`);
    return page;
  }

  /** Parses the page header at #offset, reading more of the chunk until it is whole. */
  #header(): PageHeader {
    for (let probe = 1 << 10; ; probe *= 4) {
      const complete = this.#ensure(probe);
      const reader = { view: new DataView(this.#block.buffer, this.#block.byteOffset + this.#offset, this.#length - this.#offset), offset: 0 };
      try {
        const header = parquetHeader(reader);
        this.#offset += reader.offset;
        return header;
      } catch (error) {
        // A header cut off by the end of what was read is read again with more bytes; one cut
        // off by the end of the chunk, or that does not parse, is the file's fault.
        if (!complete || probe > 1 << 24) throw this.#invalid(`has a page header that cannot be read (${error instanceof Error ? error.message : describe(error)})`, error);
      }
    }
  }

  get #block(): Uint8Array {
    return this.#buffers.block;
  }

  /**
   * Makes bytes [#offset, #offset + n) of the block hold the file's bytes there, reading as much
   * of the chunk as the block holds. False when the chunk ends first (then all of it is read).
   */
  #ensure(n: number): boolean {
    if (this.#offset + n <= this.#length) return true;
    const position = this.#blockStart + this.#offset;
    const remaining = this.#end - position;
    const kept = this.#length - this.#offset;
    let block = this.#block;
    const wanted = Math.min(n, remaining);
    if (wanted > block.length) {
      const grown = new Uint8Array(Math.min(remaining, roomFor(wanted)));
      grown.set(block.subarray(this.#offset, this.#length));
      this.#buffers.block = block = grown;
    } else {
      block.copyWithin(0, this.#offset, this.#length);
    }
    this.#blockStart = position;
    this.#offset = 0;
    const fill = Math.min(block.length, remaining);
    readExactly(this.#fd, block, kept, fill - kept, position + kept, this.#plan.path, this.#plan.size);
    this.#length = fill;
    return n <= remaining;
  }

  #decode<T>(run: () => T): T {
    try {
      return run();
    } catch (error) {
      if (error instanceof FitError) throw error;
      throw this.#invalid(`cannot be decoded (${error instanceof Error ? error.message : describe(error)})`, error);
    }
  }

  #invalid(what: string, cause?: unknown): FitError {
    return new FitError(
      'INVALID_FILE',
      `column ${JSON.stringify(this.#column.name)} of row group ${this.#group} of ${JSON.stringify(this.#plan.path)} ${what}; expected a complete, uncorrupted Parquet file`,
      cause === undefined ? undefined : { cause },
    );
  }
}

/**
 * Reads `rows` rows of PLAIN little-endian values of `kind` from view at byte p into out: the
 * values in order, NaN where levels (if given) says null. INT64 as hi·2³² + lo, one rounding:
 * the float64 nearest the integer, as Number(bigint) gives, without a bigint per value.
 */
function readPlain(kind: Kind, view: DataView, p: number, out: FileColumn, rows: number, levels: Uint8Array | undefined): void {
  const width = WIDTH[kind];
  for (let i = 0; i < rows; i++) {
    if (levels !== undefined && levels[i] === 0) {
      out[i] = NaN;
      continue;
    }
    switch (kind) {
      case 'f64': out[i] = view.getFloat64(p, true); break;
      case 'f32': out[i] = view.getFloat32(p, true); break;
      case 'i32': out[i] = view.getInt32(p, true); break;
      case 'u32': out[i] = view.getUint32(p, true); break;
      case 'i64': out[i] = view.getInt32(p + 4, true) * 4294967296 + view.getUint32(p, true); break;
      case 'u64': out[i] = view.getUint32(p + 4, true) * 4294967296 + view.getUint32(p, true); break;
    }
    p += width;
  }
}

/**
 * Decodes `count` values of `width` bits (0 to 32) from the RLE / bit-packing hybrid in
 * bytes[at, at + length) into out[0, count) (Parquet format, "Encodings": RLE). Runs are a
 * ULEB128 header h then, for h even, the value repeated h/2 times in ⌈width/8⌉ bytes, or for h odd,
 * (h >> 1) groups of 8 values packed least significant bit first. Throws if the bytes end first.
 */
export function decodeHybrid(bytes: Uint8Array, at: number, length: number, width: number, out: Uint8Array | Int32Array, count: number): void {
  const end = at + length;
  if (end > bytes.length) throw new Error(`RLE/bit-packed run past the page's end`);
  let p = at;
  let seen = 0;
  const valueBytes = (width + 7) >> 3;
  while (seen < count) {
    let header = 0;
    for (let shift = 1; ; shift *= 128) {
      if (p >= end) throw new Error(`RLE/bit-packed runs end after ${seen} of ${count} values`);
      const b = bytes[p++];
      header += (b & 0x7f) * shift;
      if (b < 0x80) break;
    }
    if (header % 2 === 0) {
      const run = header / 2;
      if (p + valueBytes > end) throw new Error(`RLE/bit-packed runs end after ${seen} of ${count} values`);
      let value = 0;
      for (let i = 0; i < valueBytes; i++) value += bytes[p++] * 2 ** (8 * i);
      const m = Math.min(run, count - seen);
      out.fill(value | 0, seen, seen + m);
      seen += m;
    } else {
      const groups = (header - 1) / 2;
      const size = groups * width;
      if (p + size > end) throw new Error(`RLE/bit-packed runs end after ${seen} of ${count} values`);
      const m = Math.min(groups * 8, count - seen);
      if (width <= 24) {
        // The bits not yet used, least significant first, in an integer of at most 31 bits.
        const mask = (1 << width) - 1;
        let bits = 0;
        let held = 0;
        let q = p;
        for (let i = 0; i < m; i++) {
          while (held < width) {
            bits |= bytes[q++] << held;
            held += 8;
          }
          out[seen + i] = bits & mask;
          bits >>>= width;
          held -= width;
        }
      } else {
        for (let i = 0; i < m; i++) {
          let value = 0;
          for (let b = 0, bit = i * width; b < width; b++, bit++) value += ((bytes[p + (bit >> 3)] >> (bit & 7)) & 1) * 2 ** b;
          out[seen + i] = value | 0;
        }
      }
      p += size;
      seen += m;
    }
  }
}
