/**
 * A CSV, TSV or whitespace-aligned table → a Dataset, read by the library's own reader
 * (parseDelimited: the rules fromCsvFile reads files by — the encoding, the delimiter, a decimal
 * comma, a header row or none, comments, quotes, missing values). Text pasted in the page comes as
 * a string; a file is best passed as its bytes (a Uint8Array), so that a UTF-16 export (a
 * spreadsheet's "Unicode text") is recognised rather than mangled by a UTF-8 decoding. The column
 * boxes take a header name or a position from 1; empty, the first two columns.
 *
 * Rows with a missing x or y (an empty cell, NA, NaN) are left out, as nanPolicy 'omit' would, and
 * the label says how many. A FitError (a row by its line and column, a column the text lacks) is
 * the caller's to show, its message in the page's words (pageMessage: the boxes, not the library's
 * option names). Rows the page cannot draw, ±Infinity, are a CsvError naming the row.
 */
import { parseDelimited, type ParseDelimitedOptions } from 'arenafit/text';
import { datasetOf, type Dataset } from './dataset.ts';

export class CsvError extends Error {}

/**
 * What the user set in the CSV panel: the column boxes (a header name, a position from 1, or ''
 * for the default) and the reader's choices ('' to detect).
 */
export interface CsvColumns {
  x: string;
  y: string;
  skip?: string;
  header?: '' | 'yes' | 'no';
  delimiter?: '' | ',' | ';' | 'tab' | 'spaces';
  decimal?: '' | '.' | ',';
}

/** The panel as parseDelimited's options. */
function readerOptions(c: CsvColumns): ParseDelimitedOptions {
  const options: ParseDelimitedOptions = { x: column(c.x), y: column(c.y) };
  const skip = c.skip?.trim() ?? '';
  if (skip !== '') options.skipLines = Number(skip); // the reader checks it: a whole number ≥ 0
  if (c.header) options.header = c.header === 'yes';
  if (c.delimiter) options.delimiter = c.delimiter === 'tab' ? '\t' : c.delimiter === 'spaces' ? ' ' : c.delimiter;
  if (c.decimal) options.decimal = c.decimal;
  return options;
}

/**
 * The library's option names, as the page's controls are labelled: a message says what to set,
 * and on the page that is a box or a list, not options.skipLines.
 */
const CONTROLS: [RegExp, string][] = [
  [/options\.skipLines/g, '“skip lines”'],
  [/options\.header: true/g, '“header” to yes'],
  [/options\.header: false/g, '“header” to no'],
  [/options\.header/g, '“header”'],
  [/options\.delimiter/g, '“delimiter”'],
  [/options\.decimal/g, '“decimal”'],
  [/options\.x\b/g, 'the x column box'],
  [/options\.y\b/g, 'the y column box'],
];

/** A reader's message in the page's words. */
export function pageMessage(message: string): string {
  return CONTROLS.reduce((text, [pattern, label]) => text.replace(pattern, label), message);
}

/** A column box's text as parseDelimited's option: a whole number is a position, other text a name. */
function column(text: string): string | number | undefined {
  const t = text.trim();
  return t === '' ? undefined : /^\d+$/.test(t) ? Number(t) : t;
}

export function parseCsv(text: string | Uint8Array, columns: CsvColumns, label: string): Dataset {
  const read = parseDelimited(text, readerOptions(columns));
  const kept: number[] = [];
  for (let i = 0; i < read.x.length; i++) {
    const [x, y] = [read.x[i], read.y[i]];
    if (Number.isNaN(x) || Number.isNaN(y)) continue;
    if (!Number.isFinite(x) || !Number.isFinite(y)) throw new CsvError(`${Number.isFinite(x) ? 'y' : 'x'} in data row ${i + 1} is ${Number.isFinite(x) ? y : x}; the page draws and fits finite numbers only`);
    kept.push(i);
  }
  if (kept.length === 0) throw new CsvError(read.x.length === 0 ? 'no data rows; expected rows of numbers, optionally under a header row' : 'every row misses x or y (empty, NA or NaN); expected rows of numbers');
  const omitted = read.x.length - kept.length;
  const x = omitted === 0 ? read.x : Float64Array.from(kept, (i) => read.x[i]);
  const y = omitted === 0 ? read.y : Float64Array.from(kept, (i) => read.y[i]);
  const note = omitted === 0 ? '' : ` (${omitted.toLocaleString('en')} with a missing value left out)`;
  return datasetOf(x, y, `${x.length.toLocaleString('en')} rows from ${label}${note}`);
}
