/**
 * fromCsvFile: a chunk source over a delimited text file with a header row, read as a stream
 * of blocks on every pass and parsed into Float64Array columns, so a fit over a CSV larger
 * than memory holds only a block, a line and a chunk of it.
 *
 * The rows are parsed by the text reader parseDelimited uses too (sources/text/delimited.ts:
 * the delimiter, # comments, quoted fields, nan/inf, the errors); this file finds the lines. A
 * file's own rules: its first line is the header (after # comments), so an empty file or a blank
 * first line is INVALID_FILE; a UTF-8 byte-order mark is dropped; and a line is at most 1 Mi
 * characters. Line numbers in errors are as an editor shows them: blank lines count.
 */
import { closeSync, readSync } from 'node:fs';
// FitError from errors.ts, which the arenafit/node bundle takes from the main bundle (build/build.mjs):
// arenafit/node throws the class arenafit exports.
import { FitError } from '../../errors.ts';
import { describe } from '../../describe.ts';
import { checkDelimiter, DelimitedRows, isSkipped, planLayout, type DelimitedLayout } from '../text/delimited.ts';
import {
  BLOCK_BYTES, BufferPool, CHUNK_ROWS, checkKeys, fileSize, openForPass, positiveInteger,
  type FileChunk, type FileSource,
} from './file.ts';

export interface CsvFileOptions {
  /**
   * The x column's name in the header, which becomes the model's x; or several names, which
   * become named columns `{ time, dose }` that the model refers to by those names.
   */
  x: string | string[];
  /** The y column's name in the header. */
  y: string;
  /** The name of a column of standard deviations of y, if any. */
  sigma?: string;
  /**
   * One character between fields, or ' ' for runs of spaces and tabs; default: the first of tab,
   * comma and semicolon that the header holds, else runs of spaces.
   */
  delimiter?: string;
  /** Rows per chunk handed to the fit; default 65,536. */
  chunkRows?: number;
  /** Bytes per read; default 1 MiB. */
  blockBytes?: number;
}

const KNOWN = ['x', 'y', 'sigma', 'delimiter', 'chunkRows', 'blockBytes'];

/**
 * The longest line accepted, 1 Mi characters: a numeric row is never near it, and the cap
 * keeps a file with no \n (or old Mac \r endings) from being read whole into one line.
 */
const MAX_LINE_CHARS = 1 << 20;

/** Which fields fill which columns, from the header read when the source was created. */
interface Plan {
  layout: DelimitedLayout;
  /** The header's line number: the lines before it are comments (or nothing). */
  headerLine: number;
  /** The names of named x columns (x given as a list); undefined for the one plain x. */
  xNames: string[] | undefined;
  hasSigma: boolean;
}

/**
 * Streams the named columns of a CSV (or tab-separated) file into a fit, re-reading the file
 * in 1 MiB blocks on every pass, so memory stays at a block plus one chunk whatever the file's
 * size — at the price of parsing the text again on each pass: ~0.25 µs a field, ~0.7 s a pass
 * over a million rows of three 17-digit columns (49 MB), against ~4 ns a value for
 * fromBinaryFile. A file that fits in memory is faster parsed once into arrays.
 *
 * The header is read now: a column it lacks is UNKNOWN_COLUMN before any fit starts. Fields
 * are numbers as `Number()` reads them after trimming, plus nan/inf in any case (NaN rows can
 * be dropped with nanPolicy 'omit'); an empty field or other text is PARSE_ERROR with its line.
 * Blank lines and # comments are skipped, and fields may be in double quotes (as parseDelimited).
 * Each pass reuses the same Float64Arrays for every chunk: a consumer must copy a chunk before
 * asking for the next (curveFit does).
 *
 * @example
 * import { curveFitSync, fromCsvFile } from 'arenafit/node';
 * const source = fromCsvFile('decay.csv', { x: 'time', y: 'signal', sigma: 'error' });
 * const r = curveFitSync('a*exp(-b*x) + c', source, { p0: { a: 1, b: 1, c: 0 } });
 */
export function fromCsvFile(path: string, options: CsvFileOptions): FileSource {
  const o = checkKeys(options, KNOWN, "{ x: 'time', y: 'signal' }");
  const named = Array.isArray(o.x);
  const x = named ? (o.x as unknown[]).map((name, k) => columnName(name, `options.x[${k}]`)) : [columnName(o.x, 'options.x')];
  if (x.length === 0) throw new FitError('INVALID_OPTION', "options.x is an empty array; expected a column name such as 'time', or a list of names");
  if (new Set(x).size !== x.length) throw new FitError('INVALID_OPTION', `options.x is [${x.map((n) => describe(n)).join(', ')}]; expected each name once`);
  const y = columnName(o.y, 'options.y');
  const sigma = o.sigma === undefined ? undefined : columnName(o.sigma, 'options.sigma');
  const delimiter = checkDelimiter(o.delimiter, FitError);
  const chunkRows = positiveInteger(o, 'chunkRows', CHUNK_ROWS);
  const blockBytes = positiveInteger(o, 'blockBytes', BLOCK_BYTES);
  const size = fileSize(path);
  const plan = makePlan(path, readHeader(path, size, blockBytes), delimiter, { x, y, sigma }, named);
  const pool = new BufferPool<Buffers>();
  return { chunks: () => readRows(path, size, plan, chunkRows, blockBytes, pool) };
}

function columnName(value: unknown, name: string): string {
  if (typeof value !== 'string' || value === '') {
    throw new FitError('INVALID_OPTION', `${name} is ${describe(value)}; expected the name of a column in the file's header`);
  }
  return value;
}

/** The header: the first line that is not a # comment. Line 1 must hold something. */
function readHeader(path: string, size: number, blockBytes: number): { text: string; line: number } {
  const fd = openForPass(path, size);
  try {
    const lines = new LineReader(fd, new Uint8Array(Math.min(blockBytes, 1 << 16)), path);
    let text = lines.next();
    if (text === undefined) throw new FitError('INVALID_FILE', `${JSON.stringify(path)} is empty; expected a header row naming the columns`);
    if (text.trim() === '') throw new FitError('INVALID_FILE', `${JSON.stringify(path)} line 1 is blank; expected a header row naming the columns`);
    while (text !== undefined && isSkipped(text)) text = lines.next();
    if (text === undefined) throw new FitError('INVALID_FILE', `${JSON.stringify(path)} holds only comments; expected a header row naming the columns`);
    return { text, line: lines.line };
  } finally {
    closeSync(fd);
  }
}

function makePlan(
  path: string, header: { text: string; line: number }, delimiter: string | undefined,
  requested: { x: string[]; y: string; sigma: string | undefined }, named: boolean,
): Plan {
  const columns = requested.x.map((column, k) => ({ option: named ? `options.x[${k}]` : 'options.x', column }));
  columns.push({ option: 'options.y', column: requested.y });
  if (requested.sigma !== undefined) columns.push({ option: 'options.sigma', column: requested.sigma });
  return {
    layout: planLayout(header.text, header.line, { file: path, delimiter, header: true, columns, FitError }),
    headerLine: header.line,
    xNames: named ? requested.x : undefined,
    hasSigma: requested.sigma !== undefined,
  };
}

interface Buffers { block: Uint8Array; columns: Float64Array[] }

function* readRows(path: string, size: number, plan: Plan, chunkRows: number, blockBytes: number, pool: BufferPool<Buffers>): Generator<FileChunk, void, undefined> {
  const buffers = pool.take(() => ({ block: new Uint8Array(blockBytes), columns: plan.layout.fields.map(() => new Float64Array(chunkRows)) }));
  const { columns } = buffers;
  const rows = new DelimitedRows(plan.layout);
  const { row } = rows;
  let fd: number | undefined;
  try {
    fd = openForPass(path, size);
    const lines = new LineReader(fd, buffers.block, path);
    // The comments and the header, read when the source was created.
    while (lines.line < plan.headerLine) lines.next();
    let filled = 0;
    for (let text = lines.next(); text !== undefined; text = lines.next()) {
      if (!rows.read(text, lines.line)) continue;
      for (let k = 0; k < columns.length; k++) columns[k][filled] = row[k];
      if (++filled === chunkRows) {
        yield chunkOf(plan, columns, filled);
        filled = 0;
      }
    }
    if (filled > 0) yield chunkOf(plan, columns, filled);
  } finally {
    if (fd !== undefined) closeSync(fd);
    pool.give(buffers);
  }
}

function chunkOf(plan: Plan, columns: Float64Array[], rows: number): FileChunk {
  const cut = (column: Float64Array): Float64Array => (rows === column.length ? column : column.subarray(0, rows));
  const xCount = plan.xNames?.length ?? 1;
  const chunk: FileChunk = {
    x: plan.xNames ? Object.fromEntries(plan.xNames.map((name, k) => [name, cut(columns[k])])) : cut(columns[0]),
    y: cut(columns[xCount]),
  };
  if (plan.hasSigma) chunk.sigma = cut(columns[xCount + 1]);
  return chunk;
}

/**
 * Splits a file into lines a block at a time, holding at most a block of text and one line.
 * A line split across blocks (or a UTF-8 character, or the \r of \r\n) is carried over: the
 * decoder works in stream mode and lines are cut only at \n.
 */
class LineReader {
  /** Number of the line `next()` last returned, counting from 1 as an editor does. */
  line = 0;
  readonly #fd: number;
  readonly #block: Uint8Array;
  readonly #path: string;
  // TextDecoder drops a leading byte-order mark by default (ignoreBOM: false).
  readonly #decoder = new TextDecoder('utf-8');
  #text = '';
  #start = 0;
  #position = 0;
  #ended = false;

  constructor(fd: number, block: Uint8Array, path: string) {
    this.#fd = fd;
    this.#block = block;
    this.#path = path;
  }

  /** The next line without its \n (a trailing \r is left for trimming), or undefined at the end. */
  next(): string | undefined {
    for (;;) {
      const end = this.#text.indexOf('\n', this.#start);
      if (end >= 0) {
        const line = this.#text.slice(this.#start, end);
        this.#start = end + 1;
        this.line++;
        return line;
      }
      const rest = this.#text.slice(this.#start);
      this.#start = 0;
      if (this.#ended) {
        this.#text = '';
        if (rest === '') return undefined;
        this.line++;
        return rest;
      }
      if (rest.length > MAX_LINE_CHARS) {
        throw new FitError('PARSE_ERROR', `${JSON.stringify(this.#path)} line ${this.line + 1} is longer than ${MAX_LINE_CHARS} characters; expected lines ending in \\n (old Mac \\r endings are not supported)`);
      }
      const n = readSync(this.#fd, this.#block, 0, this.#block.length, this.#position);
      this.#position += n;
      this.#ended = n === 0;
      this.#text = rest + this.#decoder.decode(this.#block.subarray(0, n), { stream: !this.#ended });
    }
  }
}
