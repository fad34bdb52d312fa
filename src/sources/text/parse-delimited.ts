/**
 * parseDelimited and parseDelimitedHeader: delimited text already in memory — a pasted CSV, a
 * fetched TSV, a file a page has read — parsed by the reader fromCsvFile reads files with
 * (reader.ts), into Float64Array columns a fit takes as they are.
 *
 * A string is encoded to UTF-8 a slice at a time (TextEncoder.encodeInto into one reused block),
 * so reading it holds the text, one block and the columns; bytes (a Uint8Array, say a File's
 * arrayBuffer()) are read in place, their encoding recognised as a file's is (UTF-8, UTF-16).
 */
import { FitError } from '../../errors.ts';
import { describe } from '../../describe.ts';
import { checkKeys } from '../source-options.ts';

const EXAMPLE = "{ x: 'time', y: 'signal' }";
import { DOT } from './bytes.ts';
import { columnName } from './layout.ts';
import type { ColumnRequest } from './columns.ts';
import { delimiterOption } from './messages.ts';
import { DelimitedReader } from './reader.ts';
import { lineKind, LineKind, skipLine } from './record.ts';
import { checkColumn, READER_OPTIONS, readRules, type DelimitedTextOptions, type Rules } from './rules.ts';

/** Options of parseDelimited. */
export interface ParseDelimitedOptions extends DelimitedTextOptions {
  /** The x column: its name in the header, or its position counting from 1. Default 1, the first column. */
  x?: string | number;
  /** The y column, as x. Default 2, the second column. */
  y?: string | number;
  /** A column of standard deviations of y, as x. Default: none. */
  sigma?: string | number;
}

/** The columns parseDelimited read, each a Float64Array of one value per data row. */
export interface DelimitedColumns {
  x: Float64Array;
  y: Float64Array;
  /** Present when options.sigma named a column. */
  sigma?: Float64Array;
  /** The columns' names (a header row's, or a `# x y sigma` comment line's); undefined when they have none. */
  header: string[] | undefined;
  /** The delimiter, given or detected: ',', ';', '\t', another character, or ' ' for runs of spaces and tabs. */
  delimiter: string;
  /** The decimal separator, given or detected. */
  decimal: '.' | ',';
}

/** What parseDelimitedHeader found. */
export interface DelimitedHeader {
  /** The columns' names: the header's, a naming comment line's, or 'column 1', 'column 2', … ; empty when the text has no row. */
  names: string[];
  /** The delimiter, given or detected (' ' for runs of spaces and tabs). */
  delimiter: string;
  /** The first row's line number (the header's, or the first data row's), counting from 1; 0 when the text has no row. */
  line: number;
}

const KNOWN = ['x', 'y', 'sigma', ...READER_OPTIONS];
const BLOCK_BYTES = 1 << 20;
const CHUNK_ROWS = 65_536;

/**
 * Parses CSV, TSV, semicolon- or space-separated text into Float64Array columns, by the rules
 * fromCsvFile (arenafit/node) reads files by: the delimiter, the decimal separator (',' in a
 * European export) and a header row detected from the first rows; blank lines and # comments
 * skipped; fields in double quotes (RFC 4180); an empty cell, NA or NaN read as NaN and inf as
 * Infinity, for the fit's nanPolicy to decide on. A column is chosen by its header name or its
 * position from 1; x and y default to the first two. Each column costs 8 bytes a row, up to three
 * times that while it grows — 10⁷ rows of x and y, 160 MB besides the text. For files larger
 * than memory, stream them with fromCsvFile instead.
 *
 * Throws FitError PARSE_ERROR for a row that does not read, naming its line and column as an
 * editor shows them and the option that would fix it (options.skipLines for title lines above
 * the table, options.decimal, options.delimiter, …), and UNKNOWN_COLUMN for a column the text
 * does not have.
 *
 * @example
 * const { x, y } = parseDelimited('time,signal\n0,3.01\n0.5,1.92\n1,1.33\n1.5,1.02\n', { x: 'time', y: 'signal' });
 * const r = curveFitSync('a*exp(-b*x) + c', x, y, { p0: { a: 2, b: 1, c: 1 } });
 */
export function parseDelimited(text: string | Uint8Array, options: ParseDelimitedOptions = {}): DelimitedColumns {
  checkText(text, "a string of delimited rows such as 'x,y\\n0,1.5\\n', or its bytes as a Uint8Array");
  const o = checkKeys(options, KNOWN, EXAMPLE);
  const requests: ColumnRequest[] = [
    { option: 'options.x', column: checkColumn(o.x, 'options.x', FitError), fallback: 1 },
    { option: 'options.y', column: checkColumn(o.y, 'options.y', FitError), fallback: 2 },
  ];
  const sigma = checkColumn(o.sigma, 'options.sigma', FitError);
  if (sigma !== undefined) requests.push({ option: 'options.sigma', column: sigma });
  const rules = readRules(o, FitError);
  const reader = new DelimitedReader({ where: { file: undefined, FitError }, rules, requests, chunkRows: CHUNK_ROWS, encoding: typeof text === 'string' ? 'text' : undefined });
  const columns = requests.map(() => new GrowingColumn());
  const drain = () => {
    while (reader.next()) {
      const { columns: chunk, rows } = reader.scanner!;
      for (let k = 0; k < columns.length; k++) columns[k].append(chunk[k], rows);
    }
  };
  feed(text, reader, drain);
  const layout = reader.layout!;
  const result: DelimitedColumns = {
    x: columns[0].take(),
    y: columns[1].take(),
    header: layout.header,
    delimiter: delimiterOption(layout.delimiter),
    decimal: layout.decimal === DOT ? '.' : ',',
  };
  if (sigma !== undefined) result.sigma = columns[2].take();
  return result;
}

/**
 * The column names of delimited text, found as parseDelimited finds them (the header row after
 * options.skipLines, blank lines and comments, or a `# x y` comment line above the data, else
 * 'column 1', 'column 2', …): to choose or check columns before reading the rows, from a file's
 * first block, say. A string without rows gives no names and line 0.
 *
 * @example parseDelimitedHeader('# run 7\n"time","signal"\n0,1\n') // { names: ['time', 'signal'], delimiter: ',', line: 2 }
 */
export function parseDelimitedHeader(text: string | Uint8Array, options: DelimitedTextOptions = {}): DelimitedHeader {
  checkText(text, 'a string whose first row names the columns, or its bytes as a Uint8Array');
  const rules = readRules(checkKeys(options, READER_OPTIONS, EXAMPLE), FitError);
  if (typeof text === 'string' && !hasRow(text, rules)) {
    return { names: [], delimiter: rules.delimiter === undefined ? ',' : delimiterOption(rules.delimiter), line: 0 };
  }
  const reader = new DelimitedReader({ where: { file: undefined, FitError }, rules, requests: [], chunkRows: 1, encoding: typeof text === 'string' ? 'text' : undefined });
  feed(text, reader, () => undefined, () => reader.layout !== undefined);
  const layout = reader.layout!;
  const names = Array.from({ length: layout.width }, (_, k) => columnName(layout, k));
  return { names, delimiter: delimiterOption(layout.delimiter), line: layout.firstLine };
}

/**
 * Pushes the text into the reader a block at a time, calling `drain` after each, until the end or
 * until `enough()`. A string is encoded a slice at a time into one block (a slice never ends
 * between the two halves of a surrogate pair); bytes are pushed as they are, a block at a time.
 */
function feed(text: string | Uint8Array, reader: DelimitedReader, drain: () => void, enough = () => false): void {
  if (typeof text !== 'string') {
    for (let at = 0; at < text.length && !enough(); at += BLOCK_BYTES) {
      reader.push(text.subarray(at, at + BLOCK_BYTES));
      drain();
    }
  } else {
    checkNul(text);
    const block = new Uint8Array(Math.min(BLOCK_BYTES, Math.max(3 * text.length, 16)));
    const encoder = new TextEncoder();
    const slice = Math.floor(block.length / 3); // UTF-8 takes at most 3 bytes per UTF-16 code unit
    for (let at = 0; at < text.length && !enough(); ) {
      let stop = Math.min(text.length, at + slice);
      const c = text.charCodeAt(stop - 1);
      if (stop < text.length && c >= 0xd800 && c <= 0xdbff) stop--;
      const { written } = encoder.encodeInto(text.slice(at, stop), block);
      reader.push(block.subarray(0, written));
      drain();
      at = stop;
    }
  }
  if (!enough()) {
    reader.end();
    drain();
  }
}

/** A string with NUL characters at its start is UTF-16 decoded as if it were UTF-8: refused, saying so. */
function checkNul(text: string): void {
  const at = text.slice(0, 1024).indexOf('\0');
  if (at < 0) return;
  throw new FitError(
    'INVALID_ARGUMENT',
    `text holds NUL characters (the first at character ${at + 1}), as UTF-16 text decoded as UTF-8 does; expected the text decoded from its own encoding, or its bytes as a Uint8Array (UTF-8 and UTF-16 are recognised)`,
  );
}

/** Whether a string holds a line that is not blank, a comment, or within options.skipLines. */
function hasRow(text: string, rules: Rules): boolean {
  const bytes = new TextEncoder().encode(text.length > 1 << 16 ? text.slice(0, 1 << 16) : text);
  const last = text.length <= 1 << 16;
  for (let p = 0, line = 1; p < bytes.length; line++) {
    const kind = line <= rules.skipLines ? LineKind.BLANK : lineKind(bytes, p, bytes.length, last, rules.comment);
    if (kind === LineKind.ROW || kind === LineKind.INCOMPLETE) return true;
    p = skipLine(bytes, p, bytes.length, true);
  }
  return !last;
}

function checkText(text: unknown, expected: string): asserts text is string | Uint8Array {
  if (typeof text !== 'string' && !(text instanceof Uint8Array)) throw new FitError('INVALID_ARGUMENT', `text is ${describe(text)}; expected ${expected}`);
}


/**
 * A Float64Array that doubles as it fills. Not a plain array of numbers: a typed array's values
 * live outside the JavaScript heap, whose size limit a large text would otherwise reach.
 */
class GrowingColumn {
  #values = new Float64Array(1024);
  #length = 0;

  append(values: Float64Array, n: number): void {
    const need = this.#length + n;
    if (need > this.#values.length) {
      const grown = new Float64Array(Math.max(need, this.#values.length * 2));
      grown.set(this.#values.subarray(0, this.#length));
      this.#values = grown;
    }
    this.#values.set(values.subarray(0, n), this.#length);
    this.#length = need;
  }

  /** The filled part, copied, so the doubled buffer's slack is not kept alive. */
  take(): Float64Array {
    return this.#values.slice(0, this.#length);
  }
}
export type { DelimitedTextOptions } from './rules.ts';
