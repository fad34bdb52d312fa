/**
 * The reader's options, checked once at the door (parseDelimited and fromCsvFile alike) and
 * turned into the bytes the scanner compares: the delimiter's byte (or BLANKS for runs of spaces
 * and tabs), the decimal separator's byte, the comment marker's UTF-8 bytes.
 */
import { describe } from '../../describe.ts';
import type { FitError } from '../../errors.ts';
import { BLANKS, COMMA, DOT } from './bytes.ts';

/** The options every reader of delimited text takes, besides the columns. */
export interface DelimitedTextOptions {
  /**
   * The one character between fields, or ' ' for runs of spaces and tabs. Default: detected from
   * the first rows — the first of tab, ';', ',' and runs of blanks that splits every sampled row
   * into the same number (2 or more) of fields.
   */
  delimiter?: string;
  /**
   * The decimal separator, '.' or ','. Default '.', or ',' when the delimiter is not ',' and the
   * sampled numbers are written with ',' and never with '.' (a European spreadsheet's export).
   */
  decimal?: '.' | ',';
  /**
   * Whether the first row (after options.skipLines, blank lines and comments) names the columns.
   * Default: it does when one of its fields is neither a number nor a missing value (in a column
   * whose other rows are numbers); otherwise it is data and the columns are 'column 1', 'column 2', …
   */
  header?: boolean;
  /** Lines to skip at the top before anything else, such as the title lines of a NIST .dat file. Default 0. */
  skipLines?: number;
  /** The marker of comment lines (its first non-blank characters), skipped anywhere; false: none. Default '#'. */
  comment?: string | false;
}

export const READER_OPTIONS = ['delimiter', 'decimal', 'header', 'skipLines', 'comment'] as const;

/** The options as the scanner uses them. */
export interface Rules {
  /** The delimiter's byte, or BLANKS; undefined: detect. */
  delimiter: number | undefined;
  /** DOT or COMMA; undefined: detect. */
  decimal: number | undefined;
  header: boolean | undefined;
  skipLines: number;
  /** The comment marker's UTF-8 bytes; undefined for none. */
  comment: Uint8Array | undefined;
  /** The comment marker as given, for messages; false for none. */
  commentText: string | false;
}

/** Checks the reader options of `o` (whose unknown keys the caller has refused) into Rules. */
export function readRules(o: Record<string, unknown>, FitErrorClass: typeof FitError): Rules {
  const invalid = (name: string, expected: string) => new FitErrorClass('INVALID_OPTION', `options.${name} is ${describe(o[name])}; expected ${expected}`);
  let decimal: number | undefined;
  if (o.decimal !== undefined) {
    if (o.decimal !== '.' && o.decimal !== ',') throw invalid('decimal', "'.' or ','");
    decimal = o.decimal === '.' ? DOT : COMMA;
  }
  let delimiter: number | undefined;
  if (o.delimiter !== undefined) {
    const d = o.delimiter;
    if (typeof d !== 'string' || d.length !== 1 || d.charCodeAt(0) > 127 || '\n\r"'.includes(d)) {
      throw invalid('delimiter', "one ASCII character other than a line end or a double quote, such as ',', ';' or '\\t', or ' ' for runs of spaces and tabs");
    }
    delimiter = d === ' ' ? BLANKS : d.charCodeAt(0);
    if (delimiter === (decimal ?? DOT)) {
      throw new FitErrorClass('INVALID_OPTION', `options.delimiter is ${describe(d)}, which is also the decimal separator (options.decimal is ${describe(decimal === undefined ? '.' : o.decimal)}); expected another delimiter, such as ';' with decimal commas`);
    }
  }
  if (o.header !== undefined && typeof o.header !== 'boolean') throw invalid('header', 'true, false, or no option to detect a header row');
  let skipLines = 0;
  if (o.skipLines !== undefined) {
    const n = o.skipLines;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 2 ** 31 - 1) throw invalid('skipLines', 'a whole number of lines from 0');
    skipLines = n;
  }
  let comment: Uint8Array | undefined = new Uint8Array([35]); // #
  let commentText: string | false = '#';
  if (o.comment !== undefined) {
    const c = o.comment;
    if (c === false) {
      comment = undefined;
      commentText = false;
    } else if (typeof c !== 'string' || c === '' || /[\n\r\t ]/.test(c[0]) || /[\n\r]/.test(c)) {
      throw invalid('comment', "the marker that starts a comment line, such as '#' or '%', or false for no comments");
    } else {
      comment = new TextEncoder().encode(c);
      commentText = c;
    }
  }
  return { delimiter, decimal, header: o.header as boolean | undefined, skipLines, comment, commentText };
}

/** A column option: a non-empty name, or a whole-number position from 1; undefined when not given. */
export function checkColumn(value: unknown, option: string, FitErrorClass: typeof FitError): string | number | undefined {
  if (value === undefined || (typeof value === 'string' && value !== '') || (typeof value === 'number' && Number.isInteger(value) && value >= 1)) {
    return value as string | number | undefined;
  }
  throw new FitErrorClass('INVALID_OPTION', `${option} is ${describe(value)}; expected a column's name in the header, or its position counting from 1`);
}
