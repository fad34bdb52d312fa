/**
 * parseDelimited and parseDelimitedHeader: delimited text already in memory — a pasted CSV, a
 * fetched TSV, a file a page has read — parsed by the rules fromCsvFile reads files by
 * (delimited.ts), into Float64Array columns a fit takes as they are.
 */
import { FitError, describe } from '../../errors.ts';
import {
  checkDelimiter, DelimitedRows, detectDelimiter, isSkipped, planLayout, splitFields, type ColumnRequest, type DelimitedLayout,
} from './delimited.ts';

/** Options of parseDelimited. */
export interface ParseDelimitedOptions {
  /** The x column: its name in the header, or its position counting from 1. Default 1, the first column. */
  x?: string | number;
  /** The y column, as x. Default 2, the second column. */
  y?: string | number;
  /** A column of standard deviations of y, as x. Default: none. */
  sigma?: string | number;
  /**
   * One character between fields, or ' ' for runs of spaces and tabs. Default: the first of
   * tab, comma and semicolon that the first row holds, else runs of spaces.
   */
  delimiter?: string;
  /** Whether the first row names the columns. Default: it does when one of its fields is not a number. */
  header?: boolean;
}

/** The columns parseDelimited read, each a Float64Array of one value per data row. */
export interface DelimitedColumns {
  x: Float64Array;
  y: Float64Array;
  /** Present when options.sigma named a column. */
  sigma?: Float64Array;
  /** The header's names, or undefined when the first row is data. */
  header: string[] | undefined;
  /** The delimiter, given or detected; ' ' for runs of spaces and tabs. */
  delimiter: string;
}

/** What parseDelimitedHeader found. */
export interface DelimitedHeader {
  /** The first row's fields, unquoted and trimmed; empty when the text has no row. */
  names: string[];
  /** The delimiter, given or detected; ' ' for runs of spaces and tabs. */
  delimiter: string;
  /** The first row's line number, counting from 1; 0 when the text has no row. */
  line: number;
}

const KNOWN = ['x', 'y', 'sigma', 'delimiter', 'header'];

/**
 * Parses CSV, TSV, semicolon- or space-separated text into Float64Array columns, by the rules
 * fromCsvFile (arenafit/node) reads files by: blank lines and # comments skipped, fields in
 * double quotes allowed, NaN and inf read as numbers, every row as wide as the first. A column is
 * chosen by its header name or its position from 1; x and y default to the first two. One pass
 * over the string, the values written straight into arrays that double as they fill: each column
 * costs 8 bytes a row, up to three times that while it grows — 10⁷ rows of x and y, 160 MB
 * besides the text. For files larger than memory, stream them with fromCsvFile instead.
 *
 * Throws FitError PARSE_ERROR for a row that does not parse (its line, counting from 1 as an
 * editor does, and its column) and UNKNOWN_COLUMN for a column the text does not have.
 *
 * @example
 * const { x, y } = parseDelimited('time,signal\n0,3.01\n0.5,1.92\n1,1.33\n1.5,1.02\n', { x: 'time', y: 'signal' });
 * const r = curveFitSync('a*exp(-b*x) + c', x, y, { p0: { a: 2, b: 1, c: 1 } });
 */
export function parseDelimited(text: string, options: ParseDelimitedOptions = {}): DelimitedColumns {
  checkText(text, "a string of delimited rows such as 'x,y\\n0,1.5\\n'");
  const o = checkKeys(options, KNOWN);
  const columns: ColumnRequest[] = [
    { option: 'options.x', column: column(o, 'x'), fallback: 1 },
    { option: 'options.y', column: column(o, 'y'), fallback: 2 },
  ];
  const sigma = column(o, 'sigma');
  if (sigma !== undefined) columns.push({ option: 'options.sigma', column: sigma });
  const delimiter = checkDelimiter(o.delimiter, FitError);
  if (o.header !== undefined && typeof o.header !== 'boolean') {
    throw new FitError('INVALID_OPTION', `options.header is ${describe(o.header)}; expected true, false, or no option to detect a header`);
  }
  const header = (o.header as boolean | undefined) ?? 'detect';
  const values = columns.map(() => new GrowingColumn());
  let rows: DelimitedRows | undefined;
  let layout: DelimitedLayout | undefined;
  const lines = eachLine(text, (row, line) => {
    // The first row that is not skipped plans the columns, and is read as data unless it is a header.
    if (rows === undefined) {
      if (isSkipped(row)) return;
      layout = planLayout(row, line, { delimiter, header, columns, FitError });
      rows = new DelimitedRows(layout);
      if (layout.header) return;
    }
    if (rows.read(row, line)) for (let k = 0; k < values.length; k++) values[k].push(rows.row[k]);
  });
  if (layout === undefined) {
    throw new FitError('PARSE_ERROR', `the text has no rows (${lines === 0 ? 'it is empty' : `its ${lines} line${lines === 1 ? ' is' : 's are'} blank or comments`}); expected rows of numbers, under a header row or not`);
  }
  const result: DelimitedColumns = { x: values[0].take(), y: values[1].take(), header: layout.header, delimiter: layout.delimiter };
  if (sigma !== undefined) result.sigma = values[2].take();
  return result;
}

/**
 * The column names in the first row of delimited text (the first line that is not blank or a
 * comment), split as parseDelimited and fromCsvFile split them: to choose or check columns
 * before reading the rows, from a file's first block, say.
 *
 * @example parseDelimitedHeader('# run 7\n"time","signal"\n0,1\n') // { names: ['time', 'signal'], delimiter: ',', line: 2 }
 */
export function parseDelimitedHeader(text: string, options: { delimiter?: string } = {}): DelimitedHeader {
  checkText(text, 'a string whose first row names the columns');
  const given = checkDelimiter(checkKeys(options, ['delimiter']).delimiter, FitError);
  let header: DelimitedHeader = { names: [], delimiter: given ?? ',', line: 0 };
  eachLine(text, (row, line) => {
    if (isSkipped(row)) return false;
    const delimiter = given ?? detectDelimiter(row);
    header = { names: splitFields(row, delimiter, { line, FitError }), delimiter, line };
    return true;
  });
  return header;
}

/**
 * Calls `each` with the lines of `text` and their numbers, counting from 1 as an editor does, until
 * it returns true; returns how many lines it saw. A line keeps the \r of a \r\n end (the fields'
 * trimming drops it); a leading byte-order mark is not part of the first line.
 */
function eachLine(text: string, each: (row: string, line: number) => boolean | void): number {
  let line = 0;
  for (let start = text.charCodeAt(0) === 0xfeff ? 1 : 0; start < text.length; ) {
    const newline = text.indexOf('\n', start);
    const end = newline < 0 ? text.length : newline;
    if (each(text.slice(start, end), ++line)) break;
    start = end + 1;
  }
  return line;
}

function checkText(text: unknown, expected: string): void {
  if (typeof text !== 'string') throw new FitError('INVALID_ARGUMENT', `text is ${describe(text)}; expected ${expected}`);
}

function checkKeys(options: unknown, known: readonly string[]): Record<string, unknown> {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new FitError('INVALID_ARGUMENT', `options is ${describe(options)}; expected an object such as { x: 'time', y: 'signal' }`);
  }
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) throw new FitError('INVALID_OPTION', `options.${key} is not an option; expected one of ${known.join(', ')}`);
  }
  return options as Record<string, unknown>;
}

/** A column option: a non-empty name, or a whole-number position from 1. */
function column(options: Record<string, unknown>, name: string): string | number | undefined {
  const value = options[name];
  if (value === undefined || (typeof value === 'string' && value !== '') || (typeof value === 'number' && Number.isInteger(value) && value >= 1)) {
    return value as string | number | undefined;
  }
  throw new FitError('INVALID_OPTION', `options.${name} is ${describe(value)}; expected a column's name in the header, or its position counting from 1`);
}

/**
 * A Float64Array that doubles as it fills. Not a plain array of numbers: a typed array's values
 * live outside the JavaScript heap, whose size limit a large text would otherwise reach.
 */
class GrowingColumn {
  #values = new Float64Array(1024);
  #length = 0;

  push(value: number): void {
    if (this.#length === this.#values.length) {
      const grown = new Float64Array(this.#values.length * 2);
      grown.set(this.#values);
      this.#values = grown;
    }
    this.#values[this.#length++] = value;
  }

  /** The filled part, copied, so the doubled buffer's slack is not kept alive. */
  take(): Float64Array {
    return this.#values.slice(0, this.#length);
  }
}
