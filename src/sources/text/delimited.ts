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
const TAB = 9;

/** Spaces, tabs and the \r of a \r\n line end, which a line may still hold (Number() skips them too). */
const isBlank = (c: number) => c === 32 || c === TAB || c === 13;

/** NaN and infinities as numpy, R and spreadsheets write them, which Number() rejects (all but Infinity). */
const SPECIAL = /^\s*([+-]?)(?:(nan)|inf(?:inity)?)\s*$/i;

/**
 * A quoted field, from its opening quote to the closing one: "" inside stands for one quote, and
 * the closing quote is one that no other quote follows. Sticky: it matches only at lastIndex.
 */
const QUOTED = /"((?:[^"]|"")*)"(?!")/y;

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
  return ['\t', ',', ';'].find((delimiter) => row.includes(delimiter)) ?? ' ';
}

/** Checks a delimiter option: one character, not a line end or a quote; returns it. */
export function checkDelimiter(value: unknown, FitErrorClass: typeof FitError): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length !== 1 || '\n\r"'.includes(value)) {
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
  const special = SPECIAL.exec(field);
  if (special === null) return undefined;
  return special[2] !== undefined ? NaN : special[1] === '-' ? -Infinity : Infinity;
}

/** How a delimiter reads in a message. */
function spelled(delimiter: string): string {
  return delimiter === ' ' ? 'spaces' : JSON.stringify(delimiter);
}

const fieldCount = (n: number) => `${n} field${n === 1 ? '' : 's'}`;

/** The PARSE_ERROR for line `line`, its message starting '"data.csv" line 4' (or 'line 4' for text in memory). */
function lineError(where: { file?: string; FitError: typeof FitError }, line: number, rest: string): FitError {
  const at = where.file === undefined ? `line ${line}` : `${JSON.stringify(where.file)} line ${line}`;
  return new where.FitError('PARSE_ERROR', at + rest);
}

/** The first index from `i` that is not a blank. A tab that delimits is not a blank. */
function skipBlanks(text: string, i: number, delimiter: string): number {
  const tabs = delimiter === '\t';
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (!isBlank(c) || (tabs && c === TAB)) return i;
    i++;
  }
  return i;
}

/** Where an unquoted field that starts at `start` ends: at the delimiter (for ' ', a blank), or the line's end. */
function fieldEnd(text: string, start: number, delimiter: string): number {
  if (delimiter === ' ') {
    while (start < text.length && !isBlank(text.charCodeAt(start))) start++;
    return start;
  }
  const end = text.indexOf(delimiter, start);
  return end < 0 ? text.length : end;
}

/**
 * The fields of one line, unquoted and with the blanks around them dropped: for the first row
 * (the header), and for rows DelimitedRows' fast cut cannot read, which may hold quotes.
 */
export function splitFields(text: string, delimiter: string, where: { file?: string; line: number; FitError: typeof FitError }): string[] {
  const spaced = delimiter === ' ';
  const fields: string[] = [];
  const fail = (problem: string) => lineError(where, where.line, `: field ${fields.length + 1} ${problem}: ${describe(text.trim())}`);
  for (let i = 0; ; ) {
    const start = skipBlanks(text, i, delimiter);
    if (spaced && start === text.length) return fields;
    let end: number;
    if (text.charCodeAt(start) === QUOTE) {
      QUOTED.lastIndex = start;
      const quoted = QUOTED.exec(text);
      if (quoted === null) throw fail('opens a double quote that does not close on the line; expected "…" around a field, and "" for a quote inside one');
      // The quote ends the field: the delimiter follows it, after blanks; for ' ', a blank does.
      end = spaced ? QUOTED.lastIndex : skipBlanks(text, QUOTED.lastIndex, delimiter);
      if (end < text.length && (spaced ? !isBlank(text.charCodeAt(end)) : text[end] !== delimiter)) {
        throw fail('has text after its closing quote; expected the quote to end the field');
      }
      fields.push(quoted[1].replaceAll('""', '"'));
    } else {
      end = fieldEnd(text, start, delimiter);
      fields.push(text.slice(start, end).trim());
    }
    if (end === text.length) return fields;
    i = end + 1; // past the delimiter: a line that ends with one ends with an empty field
  }
}

/**
 * Plans the columns from the first row (line `line`, not skipped): the delimiter, whether it is a
 * header, and which field each requested column is.
 */
export function planLayout(firstRow: string, line: number, request: LayoutRequest): DelimitedLayout {
  const { file, FitError } = request;
  const delimiter = request.delimiter ?? detectDelimiter(firstRow);
  const first = splitFields(firstRow, delimiter, { file, line, FitError });
  const isHeader = request.header === 'detect' ? first.some((field) => readNumber(field) === undefined) : request.header;
  const layout: DelimitedLayout = { file, FitError, delimiter, header: isHeader ? first : undefined, width: first.length, fields: [] };
  layout.fields = request.columns.map((column) => findField(layout, column, line));
  return layout;
}

/**
 * The field (0-based) a requested column reads. Throws UNKNOWN_COLUMN for a column the first row
 * (line `line`) does not have, naming the ones it has; a name the header holds twice is
 * PARSE_ERROR, or INVALID_FILE in a file.
 */
function findField({ file, FitError, delimiter, header, width }: DelimitedLayout, { option, column, fallback }: ColumnRequest, line: number): number {
  const source = file === undefined ? 'the text' : JSON.stringify(file);
  const asked = column === undefined ? `${option} is not given, so it is column ${fallback}` : `${option} is ${JSON.stringify(column)}`;
  const positions = `a position from 1 to ${width}`;
  const hint = width === 1 ? `; split on ${spelled(delimiter)} the ${header ? 'header' : 'first row'} is one column — set options.delimiter if the ${file === undefined ? 'text' : 'file'} uses another` : '';
  if (typeof column === 'string') {
    if (!header) throw new FitError('UNKNOWN_COLUMN', `${asked}, but ${source} has no header: its first row (line ${line}) is all numbers; expected ${positions}, or a header row that names the columns`);
    const field = header.indexOf(column);
    if (field < 0) throw new FitError('UNKNOWN_COLUMN', `${asked}, which is not a column of ${source}; its header has ${header.map((h) => JSON.stringify(h)).join(', ')}${hint}`);
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
    const row = header ? 'header' : `first row (line ${line})`;
    const expected = column === undefined ? `${position} or more fields` : positions;
    throw new FitError('UNKNOWN_COLUMN', `${asked}, but the ${row} of ${source} has ${fieldCount(width)}; expected ${expected}${hint}`);
  }
  return position - 1;
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
    const { fields, width } = this.#layout;
    // Quotes are rare in numeric data, so a row is first cut as if it had none; only a row that
    // fails that way (a field that is not a number, a count that is off) is split again, quote by
    // quote, to read it or to say what is wrong with it. A clean row pays no extra scan.
    if (this.#cut(text) !== width) this.#readSplit(text, line);
    const row = this.row;
    const values = this.#values;
    for (let k = 0; k < fields.length; k++) row[k] = values[fields[k]];
    return true;
  }

  // Fields are cut from the raw line, not a trimmed one: trimming would drop an empty leading
  // field of a tab-separated row and shift every column after it. Cutting with indexOf and
  // parsing only the selected fields is ~1.4× faster than split and trim. Returns the number of
  // fields, or −1 at the first selected field that is not a number.
  #cut(text: string): number {
    const { delimiter, width } = this.#layout;
    const selected = this.#selected;
    const spaced = delimiter === ' ';
    for (let start = 0, count = 0; ; count++) {
      if (spaced && (start = skipBlanks(text, start, delimiter)) === text.length) return count;
      const end = fieldEnd(text, start, delimiter);
      if (count < width && selected[count] === 1 && !this.#take(count, text.slice(start, end))) return -1;
      if (end === text.length) return count + 1;
      start = end + 1;
    }
  }

  /** Reads a row the fast cut could not, from the fields splitFields finds in it; else throws PARSE_ERROR. */
  #readSplit(text: string, line: number): void {
    const layout = this.#layout;
    const { delimiter, width, fields, header } = layout;
    const split = splitFields(text, delimiter, { ...layout, line });
    for (let k = 0; k < Math.min(width, split.length); k++) {
      if (this.#selected[k] !== 1 || this.#take(k, split[k])) continue;
      const field = split[k].trim();
      const what = field === '' ? 'is empty' : `is ${describe(field)}, which is not a number`;
      throw lineError(layout, line, `, ${this.#label(k)} ${what}; expected a number such as 1.5, -2e-3 or NaN`);
    }
    const count = split.length;
    if (count === width) return;
    const missing = fields.find((field) => field >= count);
    const consequence = missing === undefined ? '' : `, so ${this.#label(missing)}${header ? ` (field ${missing + 1})` : ''} is missing`;
    throw lineError(
      layout, line,
      ` has ${fieldCount(count)} but the ${header ? 'header' : 'first row'} has ${width}${consequence}: ${describe(text.trim())}; expected ${width} fields separated by ${spelled(delimiter)}`,
    );
  }

  /** Parses field `k` of this row into its place; false when it is not a number. */
  #take(k: number, field: string): boolean {
    const value = readNumber(field);
    if (value === undefined) return false;
    this.#values[k] = value;
    return true;
  }

  /** A field as messages name it: by its header name, else by position. */
  #label(field: number): string {
    const header = this.#layout.header;
    return header ? `column ${JSON.stringify(header[field])}` : `field ${field + 1}`;
  }
}
