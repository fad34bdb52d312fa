/**
 * fromCsvFile: a chunk source over a delimited text file with a header row, read as a stream
 * of blocks on every pass and parsed into Float64Array columns, so a fit over a CSV larger
 * than memory holds only a block, a line and a chunk of it.
 *
 * The format, deliberately small: lines end in \n or \r\n (the last may have neither); blank
 * lines are skipped; a UTF-8 byte-order mark is dropped; the first line is the header, whose
 * names may be wrapped in double quotes (R's write.csv); fields are split on the delimiter
 * with no quoting, and every row must have as many fields as the header, so a shifted row is
 * an error rather than a wrong fit. Line numbers in errors are as an editor shows them: the
 * header is line 1 and blank lines count.
 */
import { closeSync, readSync } from 'node:fs';
// FitError from the main entry, so that arenafit/node throws the class arenafit exports.
import { FitError } from '../../index.ts';
import { describe } from '../../errors.ts';
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
  /** One character between fields; default: a tab if the header holds one, else a comma. */
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

/** NaN and infinities as numpy, R and spreadsheets write them, which Number() rejects. */
const SPECIAL = /^([+-]?)(nan|inf|infinity)$/i;

/** Which fields fill which columns, from the header read when the source was created. */
interface Plan {
  delimiter: string;
  header: string[];
  /** Column names, x first, then y, then sigma if given; `fields[k]` is where names[k] is. */
  names: string[];
  fields: number[];
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
  const delimiter = o.delimiter;
  if (delimiter !== undefined && (typeof delimiter !== 'string' || delimiter.length !== 1 || delimiter === '\n' || delimiter === '\r')) {
    throw new FitError('INVALID_OPTION', `options.delimiter is ${describe(delimiter)}; expected one character such as ',', ';' or '\\t'`);
  }
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

function readHeader(path: string, size: number, blockBytes: number): string {
  const fd = openForPass(path, size);
  try {
    const header = new LineReader(fd, new Uint8Array(Math.min(blockBytes, 1 << 16)), path).next();
    if (header === undefined) throw new FitError('INVALID_FILE', `${JSON.stringify(path)} is empty; expected a header row naming the columns`);
    if (header.trim() === '') throw new FitError('INVALID_FILE', `${JSON.stringify(path)} line 1 is blank; expected a header row naming the columns`);
    return header;
  } finally {
    closeSync(fd);
  }
}

function makePlan(
  path: string, headerLine: string, delimiterOption: string | undefined,
  requested: { x: string[]; y: string; sigma: string | undefined }, named: boolean,
): Plan {
  const delimiter = delimiterOption ?? (headerLine.includes('\t') ? '\t' : ',');
  const header = headerLine.split(delimiter).map(headerName);
  const wanted: [string, string][] = requested.x.map((name, k) => [name, named ? `options.x[${k}]` : 'options.x']);
  wanted.push([requested.y, 'options.y']);
  if (requested.sigma !== undefined) wanted.push([requested.sigma, 'options.sigma']);
  const fields = wanted.map(([name, option]) => {
    const field = header.indexOf(name);
    if (field < 0) {
      const shown = header.map((h) => JSON.stringify(h)).join(', ');
      const hint = header.length === 1 ? `; with delimiter ${JSON.stringify(delimiter)} the header is one column — set options.delimiter if the file uses another` : '';
      throw new FitError('UNKNOWN_COLUMN', `${option} is ${JSON.stringify(name)}, which is not a column of ${JSON.stringify(path)}; its header has ${shown}${hint}`);
    }
    const again = header.indexOf(name, field + 1);
    if (again >= 0) {
      throw new FitError('INVALID_FILE', `${JSON.stringify(path)} has two columns named ${JSON.stringify(name)} (fields ${field + 1} and ${again + 1}); expected the column ${option} names once in the header`);
    }
    return field;
  });
  return {
    delimiter, header, fields,
    names: wanted.map(([name]) => name),
    xNames: named ? requested.x : undefined,
    hasSigma: requested.sigma !== undefined,
  };
}

function headerName(raw: string): string {
  const name = raw.trim();
  return name.length >= 2 && name.startsWith('"') && name.endsWith('"') ? name.slice(1, -1) : name;
}

interface Buffers { block: Uint8Array; columns: Float64Array[] }

function* readRows(path: string, size: number, plan: Plan, chunkRows: number, blockBytes: number, pool: BufferPool<Buffers>): Generator<FileChunk, void, undefined> {
  const { delimiter, header, fields } = plan;
  const width = header.length;
  const selected = new Uint8Array(width);
  for (const field of fields) selected[field] = 1;
  const buffers = pool.take(() => ({ block: new Uint8Array(blockBytes), columns: fields.map(() => new Float64Array(chunkRows)) }));
  const { columns } = buffers;
  const values = new Float64Array(width); // this row's selected fields, by field index
  let fd: number | undefined;
  try {
    fd = openForPass(path, size);
    const lines = new LineReader(fd, buffers.block, path);
    lines.next(); // the header, read when the source was created
    let filled = 0;
    for (let text = lines.next(); text !== undefined; text = lines.next()) {
      if (isBlank(text)) continue;
      // Fields are cut from the raw line, not a trimmed one: trimming would drop an empty
      // leading field of a tab-separated row and shift every column after it. Cutting with
      // indexOf and parsing only the selected fields is ~1.4× faster than split and trim.
      let count = 0;
      for (let start = 0; ; ) {
        const end = text.indexOf(delimiter, start);
        const stop = end < 0 ? text.length : end;
        if (count < width && selected[count] === 1) values[count] = parseNumber(text.slice(start, stop), path, lines.line, header[count]);
        count++;
        if (end < 0) break;
        start = end + 1;
      }
      if (count !== width) throw fieldCountError(path, lines.line, count, plan, text);
      for (let k = 0; k < columns.length; k++) columns[k][filled] = values[fields[k]];
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

/** Whether a line holds only whitespace; most lines start with a digit, so trim is rarely run. */
function isBlank(text: string): boolean {
  const c = text.charCodeAt(0);
  return !(c > 32 && c < 127) && text.trim() === '';
}

function parseNumber(field: string, path: string, line: number, column: string): number {
  // Number() skips surrounding whitespace itself, but reads a blank field as 0.
  const value = Number(field);
  if (value === value && (value !== 0 || field.trim() !== '')) return value;
  const text = field.trim();
  const special = SPECIAL.exec(text);
  if (special) return special[2].toLowerCase() === 'nan' ? NaN : special[1] === '-' ? -Infinity : Infinity;
  const what = text === '' ? 'is empty' : `is ${describe(text)}, which is not a number`;
  throw new FitError('PARSE_ERROR', `${JSON.stringify(path)} line ${line}, column ${JSON.stringify(column)} ${what}; expected a number such as 1.5, -2e-3 or NaN`);
}

function fieldCountError(path: string, line: number, count: number, plan: Plan, text: string): FitError {
  const expected = plan.header.length;
  const missing = plan.fields.findIndex((field) => field >= count);
  const consequence = missing >= 0 ? `, so column ${JSON.stringify(plan.names[missing])} (field ${plan.fields[missing] + 1}) is missing` : '';
  return new FitError(
    'PARSE_ERROR',
    `${JSON.stringify(path)} line ${line} has ${count} field${count === 1 ? '' : 's'} but the header has ${expected}${consequence}: ` +
      `${describe(text.trim())}; expected ${expected} fields separated by ${JSON.stringify(plan.delimiter)}`,
  );
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
