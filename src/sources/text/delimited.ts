/**
 * Delimited text — CSV, TSV, semicolon- or space-separated columns of numbers — read a line at a
 * time: the one parser behind fromCsvFile (sources/node/csv.ts, which streams a file through it a
 * block at a time) and parseDelimited (parse-delimited.ts: text in memory, such as a page's pasted
 * CSV). It does no I/O and imports nothing from Node, so the browser bundle carries it; the
 * callers find the lines.
 *
 * The format, deliberately small:
 *
 *   lines      end in \n or \r\n. Blank lines, and lines whose first non-blank character is #, are
 *              skipped. Lines are numbered from 1 as an editor shows them, skipped ones counted.
 *   delimiter  the one given, else the first of tab, comma and semicolon that the first row holds,
 *              else runs of spaces and tabs. ' ' always means runs of blanks, as awk splits.
 *   fields     as many on every row as on the first, so a shifted row is an error rather than a
 *              wrong fit. Blanks around a field are dropped. A field may be wrapped in double
 *              quotes ("" inside stands for one), so a header name can hold the delimiter; the
 *              quote closes on its line.
 *   header     the first row, naming the columns: always for fromCsvFile; for parseDelimited when
 *              one of its fields is not a number, unless told.
 *   numbers    what Number() reads (1.5, -2e-3, .5, 0x10, Infinity), plus nan, inf and infinity in
 *              any case and with a sign, as numpy, R and spreadsheets write them. An empty field is
 *              an error. Only the fields of the requested columns are parsed.
 *
 * Errors name the line and the column: PARSE_ERROR for a row, UNKNOWN_COLUMN for a column the
 * first row does not have.
 */
import { describe } from '../../describe.ts';
import type { FitError } from '../../errors.ts';

/** A column asked for: by header name, by 1-based position, or (undefined) at its default position. */
export interface ColumnRequest {
  /** The option that asked, for messages: 'options.x', 'options.x[1]'. */
  option: string;
  column: string | number | undefined;
  /** The 1-based position taken when `column` is undefined. */
  fallback?: number;
}

/** What planLayout needs besides the first row. */
export interface LayoutRequest {
  /** The file's path, for messages; undefined for text in memory ("the text"). */
  file?: string;
  /** One character, or ' ' for runs of blanks; default: detected from the first row (see the header). */
  delimiter?: string;
  /** Whether the first row names the columns; 'detect': when one of its fields is not a number. */
  header: boolean | 'detect';
  columns: readonly ColumnRequest[];
  /**
   * The FitError class to throw. Passed in because arenafit/node must throw the class arenafit
   * exports, and its bundle imports that class from the main bundle instead of carrying a copy
   * (see sources/node/file.ts); this file is in both bundles.
   */
  FitError: typeof FitError;
}

/** Where the requested columns are in every row, planned from the first row. */
export interface DelimitedLayout {
  file: string | undefined;
  FitError: typeof FitError;
  /** The delimiter, given or detected; ' ' for runs of blanks. */
  delimiter: string;
  /** The header's names; undefined when the first row is data. */
  header: string[] | undefined;
  /** Fields in every row: as many as in the first. */
  width: number;
  /** Per requested column, its field (0-based). */
  fields: number[];
}

const QUOTE = 34; // "
const HASH = 35; // #

/** Spaces, tabs and the \r of a \r\n line end, which a line may still hold (Number() skips them too). */
const isBlank = (c: number) => c === 32 || c === 9 || c === 13;

/** NaN and infinities as numpy, R and spreadsheets write them, which Number() rejects. */
const SPECIAL = /^([+-]?)(nan|inf|infinity)$/i;

/** Whether a line is skipped: blank, or a # comment. */
export function isSkipped(text: string): boolean {
  // Most lines start with a digit or a sign: one comparison decides.
  const c = text.charCodeAt(0);
  if (c > 32 && c < 127 && c !== HASH) return false;
  const rest = text.trimStart();
  return rest === '' || rest.charCodeAt(0) === HASH;
}

/** The delimiter of a file whose first row is `row`: tab, comma or semicolon, the first it holds; else blanks. */
export function detectDelimiter(row: string): string {
  return row.includes('\t') ? '\t' : row.includes(',') ? ',' : row.includes(';') ? ';' : ' ';
}

/** Checks a delimiter option: one character, not a line end or a quote; returns it. */
export function checkDelimiter(value: unknown, FitErrorClass: typeof FitError): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length !== 1 || value === '\n' || value === '\r' || value === '"') {
    throw new FitErrorClass('INVALID_OPTION', `options.delimiter is ${describe(value)}; expected one character such as ',', ';' or '\\t', or ' ' for runs of spaces`);
  }
  return value;
}

/**
 * A field's number: what Number() reads, and nan/inf in any case; undefined for an empty field
 * or other text. Number() skips surrounding blanks itself, but reads a blank field as 0.
 */
export function readNumber(field: string): number | undefined {
  const value = Number(field);
  if (value === value && (value !== 0 || field.trim() !== '')) return value;
  const special = SPECIAL.exec(field.trim());
  if (!special) return undefined;
  return special[2].toLowerCase() === 'nan' ? NaN : special[1] === '-' ? -Infinity : Infinity;
}

/** How a delimiter reads in a message. */
function spelled(delimiter: string): string {
  return delimiter === ' ' ? 'spaces' : JSON.stringify(delimiter);
}

/** '"data.csv" line 4' or 'line 4': where a row's message starts. */
function at(file: string | undefined, line: number): string {
  return file === undefined ? `line ${line}` : `${JSON.stringify(file)} line ${line}`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * The fields of one line, unquoted and with the blanks around them dropped: for the first row
 * (the header) and for rows that hold a quote. Plain rows take DelimitedRows' faster path.
 */
export function splitFields(text: string, delimiter: string, where: { file?: string; line: number; FitError: typeof FitError }): string[] {
  const spaced = delimiter === ' ';
  const d = delimiter.charCodeAt(0);
  // Blanks around fields are dropped, but a tab that delimits is not a blank.
  const blank = (c: number) => isBlank(c) && (spaced || c !== d);
  const fail = (message: string) => new where.FitError('PARSE_ERROR', `${at(where.file, where.line)}: ${message}: ${describe(text.trim())}`);
  const n = text.length;
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    const start = i;
    while (i < n && blank(text.charCodeAt(i))) i++;
    if (spaced && i === n) return fields;
    if (text.charCodeAt(i) === QUOTE) {
      let value = '';
      for (let from = i + 1; ; ) {
        const close = text.indexOf('"', from);
        if (close < 0) throw fail(`field ${fields.length + 1} opens a double quote that does not close on the line; expected "…" around a field, and "" for a quote inside one`);
        value += text.slice(from, close);
        if (text.charCodeAt(close + 1) !== QUOTE) {
          i = close + 1;
          break;
        }
        value += '"';
        from = close + 2;
      }
      const after = i;
      while (i < n && blank(text.charCodeAt(i))) i++;
      const next = i < n ? text.charCodeAt(i) : -1;
      if (next !== -1 && (spaced ? i === after : next !== d)) {
        throw fail(`field ${fields.length + 1} has text after its closing quote; expected the quote to end the field`);
      }
      fields.push(value);
    } else {
      let end = spaced ? i : text.indexOf(delimiter, i);
      if (spaced) while (end < n && !isBlank(text.charCodeAt(end))) end++;
      else if (end < 0) end = n;
      fields.push(text.slice(start, end).trim());
      i = end;
    }
    if (spaced) continue;
    if (i >= n) return fields;
    i++; // the delimiter; a line that ends with one ends with an empty field
  }
}

/**
 * Plans the columns from the first row (line `line`, not skipped): the delimiter, whether it is a
 * header, and which field each requested column is. Throws UNKNOWN_COLUMN for a column the row
 * does not have, naming the ones it has.
 */
export function planLayout(firstRow: string, line: number, request: LayoutRequest): DelimitedLayout {
  const { file, FitError } = request;
  const delimiter = request.delimiter ?? detectDelimiter(firstRow);
  const first = splitFields(firstRow, delimiter, { file, line, FitError });
  const isHeader = request.header === 'detect' ? first.some((field) => readNumber(field) === undefined) : request.header;
  const header = isHeader ? first : undefined;
  const width = first.length;
  const source = file === undefined ? 'the text' : JSON.stringify(file);
  const row = header ? 'header' : `first row (line ${line})`;
  const hint = width === 1 ? `; split on ${spelled(delimiter)} the ${header ? 'header' : 'first row'} is one column — set options.delimiter if the ${file === undefined ? 'text' : 'file'} uses another` : '';
  const fields = request.columns.map(({ option, column, fallback }): number => {
    if (typeof column === 'string') {
      if (!header) {
        throw new FitError('UNKNOWN_COLUMN', `${option} is ${JSON.stringify(column)}, but ${source} has no header: its first row (line ${line}) is all numbers; expected a position from 1 to ${width}, or a header row that names the columns`);
      }
      const field = header.indexOf(column);
      if (field < 0) {
        throw new FitError('UNKNOWN_COLUMN', `${option} is ${JSON.stringify(column)}, which is not a column of ${source}; its header has ${header.map((h) => JSON.stringify(h)).join(', ')}${hint}`);
      }
      const again = header.indexOf(column, field + 1);
      if (again >= 0) {
        throw new FitError(
          file === undefined ? 'PARSE_ERROR' : 'INVALID_FILE',
          `${source} has two columns named ${JSON.stringify(column)} (fields ${field + 1} and ${again + 1}); expected the column ${option} names once in the header`,
        );
      }
      return field;
    }
    const position = column ?? fallback!;
    if (position > width) {
      const [asked, expected] = column === undefined
        ? [`${option} is not given, so it is column ${position}`, `${position} or more fields`]
        : [`${option} is ${position}`, `a position from 1 to ${width}`];
      throw new FitError('UNKNOWN_COLUMN', `${asked}, but the ${row} of ${source} has ${plural(width, 'field')}; expected ${expected}${hint}`);
    }
    return position - 1;
  });
  return { file, FitError, delimiter, header, width, fields };
}

/**
 * Reads rows by a layout: `read(line)` parses the requested fields of one line into `row`. One
 * reader per pass; it allocates nothing per row but the fields' substrings.
 */
export class DelimitedRows {
  /** The requested columns' values in the row `read` last accepted, in the order asked. */
  readonly row: Float64Array;
  readonly #layout: DelimitedLayout;
  /** 1 for a field a requested column reads. */
  readonly #selected: Uint8Array;
  /** This row's selected fields, by field. */
  readonly #values: Float64Array;
  /** The selected field that was not a number, and its text, when a cut returned −1. */
  #failed = 0;
  #failedText = '';

  constructor(layout: DelimitedLayout) {
    this.#layout = layout;
    this.row = new Float64Array(layout.fields.length);
    this.#selected = new Uint8Array(layout.width);
    for (const field of layout.fields) this.#selected[field] = 1;
    this.#values = new Float64Array(layout.width);
  }

  /** Parses line number `line`; false when it is skipped (blank or a comment). */
  read(text: string, line: number): boolean {
    if (isSkipped(text)) return false;
    const { delimiter, fields, width } = this.#layout;
    // Quotes are rare in numeric data, so a row is first cut as if it had none; only a row that
    // fails that way (a field that is not a number, a count that is off) is looked at for quotes,
    // and, holding one, cut again quote by quote. A clean row pays no extra scan.
    let count = delimiter === ' ' ? this.#readSpaced(text) : this.#readPlain(text);
    if ((count < 0 || count !== width) && text.includes('"')) count = this.#readQuoted(text, line);
    if (count < 0) throw this.#parseError(line, this.#failed, this.#failedText);
    if (count !== width) throw this.#countError(text, line, count);
    const row = this.row;
    const values = this.#values;
    for (let k = 0; k < fields.length; k++) row[k] = values[fields[k]];
    return true;
  }

  // Fields are cut from the raw line, not a trimmed one: trimming would drop an empty leading
  // field of a tab-separated row and shift every column after it. Cutting with indexOf and
  // parsing only the selected fields is ~1.4× faster than split and trim. Returns the number of
  // fields, or −1 at the first selected field that is not a number (#failed says which).
  #readPlain(text: string): number {
    const { delimiter, width } = this.#layout;
    const selected = this.#selected;
    const values = this.#values;
    let count = 0;
    for (let start = 0; ; ) {
      const end = text.indexOf(delimiter, start);
      if (count < width && selected[count] === 1) {
        const field = text.slice(start, end < 0 ? text.length : end);
        const value = readNumber(field);
        if (value === undefined) return this.#fail(count, field);
        values[count] = value;
      }
      count++;
      if (end < 0) return count;
      start = end + 1;
    }
  }

  #readSpaced(text: string): number {
    const width = this.#layout.width;
    const selected = this.#selected;
    const values = this.#values;
    const n = text.length;
    let count = 0;
    for (let i = 0; ; ) {
      while (i < n && isBlank(text.charCodeAt(i))) i++;
      if (i === n) return count;
      let end = i + 1;
      while (end < n && !isBlank(text.charCodeAt(end))) end++;
      if (count < width && selected[count] === 1) {
        const field = text.slice(i, end);
        const value = readNumber(field);
        if (value === undefined) return this.#fail(count, field);
        values[count] = value;
      }
      count++;
      i = end;
    }
  }

  #readQuoted(text: string, line: number): number {
    const { delimiter, width, file, FitError } = this.#layout;
    const split = splitFields(text, delimiter, { file, line, FitError });
    for (let field = 0; field < Math.min(width, split.length); field++) {
      if (this.#selected[field] !== 1) continue;
      const value = readNumber(split[field]);
      if (value === undefined) return this.#fail(field, split[field]);
      this.#values[field] = value;
    }
    return split.length;
  }

  #fail(field: number, text: string): -1 {
    this.#failed = field;
    this.#failedText = text;
    return -1;
  }

  #parseError(line: number, field: number, text: string): FitError {
    const trimmed = text.trim();
    const what = trimmed === '' ? 'is empty' : `is ${describe(trimmed)}, which is not a number`;
    return new this.#layout.FitError('PARSE_ERROR', `${at(this.#layout.file, line)}, ${this.#label(field)} ${what}; expected a number such as 1.5, -2e-3 or NaN`);
  }

  /** A field as messages name it: by its header name, else by position. */
  #label(field: number): string {
    const header = this.#layout.header;
    return header ? `column ${JSON.stringify(header[field])}` : `field ${field + 1}`;
  }

  #countError(text: string, line: number, count: number): FitError {
    const { width, fields, header, delimiter, FitError } = this.#layout;
    const missing = fields.findIndex((field) => field >= count);
    const named = missing >= 0 && header ? ` (field ${fields[missing] + 1})` : '';
    const consequence = missing >= 0 ? `, so ${this.#label(fields[missing])}${named} is missing` : '';
    return new FitError(
      'PARSE_ERROR',
      `${at(this.#layout.file, line)} has ${plural(count, 'field')} but the ${header ? 'header' : 'first row'} has ${width}${consequence}: ` +
        `${describe(text.trim())}; expected ${width} fields separated by ${spelled(delimiter)}`,
    );
  }
}
