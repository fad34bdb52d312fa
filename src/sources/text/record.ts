/**
 * One row of delimited text cut into fields, slowly and completely: the reference the fast
 * scanner (scan.ts) falls back on for any row it does not read itself — quoted fields with ""
 * inside or a line break inside, a row of the wrong width, a cell that is not a number — and the
 * cutter the layout detection (layout.ts) samples the first rows with.
 *
 *   fields     separated by the delimiter byte; or, for BLANKS, by runs of spaces and tabs, with
 *              leading and trailing blanks ignored (as awk splits); or, for WIDE_BLANKS (headers
 *              only), by a tab or runs of two or more spaces. Blanks around a field are dropped
 *              (a tab is not a blank when it is the delimiter).
 *   quotes     RFC 4180 §2: a field may be enclosed in double quotes; inside, the delimiter and
 *              line breaks are text and "" stands for one quote. A quote elsewhere in a field is
 *              an ordinary character. After the closing quote only blanks may come before the
 *              delimiter or the line end.
 *   line ends  \n, \r\n or \r alone (RFC 4180 asks for \r\n; spreadsheets and old Macs write the others).
 */
import { BLANKS, columnOf, isBlank, isLineEnd, LF, pastLineEnd, QUOTE, SPACE, TAB, textOf } from './bytes.ts';
import { fail, place, quoted, spelled, type Where } from './messages.ts';

/** A field of a row: where its text is, and where it starts as an editor counts. */
export interface Field {
  /** Its text is the bytes [start, end): without the quotes, and unquoted without the blanks around it. */
  start: number;
  end: number;
  /** The line and the 1-based character column where the field starts (its opening quote, if any). */
  line: number;
  column: number;
  quoted: boolean;
  /** Its text holds "" pairs, each standing for one quote. */
  escaped: boolean;
}

export interface Row {
  fields: Field[];
  /** The byte the row starts at. */
  start: number;
  /** The line the row starts on, and how many physical lines it spans (more than 1 with a line break in quotes). */
  line: number;
  lines: number;
  /** Where its text ends (its line end, or the end of the input) and that place's column, for a short row's message. */
  end: number;
  endColumn: number;
  /** The first byte after the row's line end. */
  next: number;
}

/** A field's text: decoded, "" read as one quote. */
export function fieldText(bytes: Uint8Array, field: Field): string {
  const text = textOf(bytes, field.start, field.end);
  return field.escaped ? text.replaceAll('""', '"') : text;
}

/**
 * Cuts the row that starts at byte `start` (line `line`, not blank and not a comment) out of
 * bytes [start, end). Returns undefined when the row does not end within them and more input may
 * follow (`last` false); throws PARSE_ERROR for a quote that never closes or text after a closing one.
 */
export function readRow(bytes: Uint8Array, start: number, end: number, last: boolean, delimiter: number, line: number, where: Where): Row | undefined {
  const fields: Field[] = [];
  const spaced = delimiter < 0;
  const skipTabs = delimiter !== TAB;
  let p = start;
  let lineStart = start;
  let ln = line;
  for (;;) {
    while (p < end && (bytes[p] === SPACE || (skipTabs && bytes[p] === TAB))) p++;
    if (p === end && !last) return undefined;
    if (spaced && (p === end || isLineEnd(bytes[p]))) break;
    const field: Field = { start: p, end: p, line: ln, column: columnOf(bytes, lineStart, p), quoted: false, escaped: false };
    if (p < end && bytes[p] === QUOTE) {
      let q = p + 1;
      for (;;) {
        if (q >= end) {
          if (!last) return undefined;
          throw fail(where, 'PARSE_ERROR', `${place(where, field.line, field.column)}: field ${fields.length + 1} opens a double quote that does not close before the end of the ${where.file === undefined ? 'text' : 'file'}; expected "…" around a field, and "" for each quote inside one`);
        }
        const c = bytes[q];
        if (c === QUOTE) {
          if (q + 1 >= end && !last) return undefined;
          if (q + 1 < end && bytes[q + 1] === QUOTE) {
            field.escaped = true;
            q += 2;
            continue;
          }
          break;
        }
        if (isLineEnd(c)) {
          const after = pastLineEnd(bytes, q, end, last);
          if (after < 0) return undefined;
          ln++;
          lineStart = q = after;
          continue;
        }
        q++;
      }
      field.start = p + 1;
      field.end = q;
      field.quoted = true;
      p = q + 1;
      while (p < end && (bytes[p] === SPACE || (skipTabs && bytes[p] === TAB))) p++;
      if (p === end && !last) return undefined;
      const c = p < end ? bytes[p] : LF;
      if (!isLineEnd(c) && (spaced ? p === q + 1 : c !== delimiter)) {
        let stop = p;
        while (stop < end && !isLineEnd(bytes[stop]) && (spaced ? !isBlank(bytes[stop]) : bytes[stop] !== delimiter)) stop++;
        throw fail(
          where, 'PARSE_ERROR',
          `${place(where, ln, columnOf(bytes, lineStart, p))}: field ${fields.length + 1} has ${quoted(textOf(bytes, p, stop))} after its closing quote; expected ${spaced ? 'a blank' : spelled(delimiter)} or the end of the line after it (RFC 4180: "" stands for a quote inside a quoted field)`,
        );
      }
    } else {
      if (delimiter >= 0) {
        while (p < end && bytes[p] !== delimiter && !isLineEnd(bytes[p])) p++;
      } else if (delimiter === BLANKS) {
        while (p < end && !isBlank(bytes[p]) && !isLineEnd(bytes[p])) p++;
      } else {
        // WIDE_BLANKS: a single space is part of the name.
        while (p < end && !isLineEnd(bytes[p]) && bytes[p] !== TAB && !(bytes[p] === SPACE && (p + 1 === end || isBlank(bytes[p + 1])))) p++;
      }
      if (p === end && !last) return undefined;
      let e = p;
      while (e > field.start && isBlank(bytes[e - 1])) e--;
      field.end = e;
    }
    fields.push(field);
    if (p < end && !isLineEnd(bytes[p])) {
      if (!spaced) p++; // past the delimiter: a row that ends with one ends with an empty field
      continue;
    }
    break;
  }
  const next = pastLineEnd(bytes, p, end, last);
  if (next < 0) return undefined;
  return { fields, start, line, lines: ln - line + 1, end: p, endColumn: columnOf(bytes, lineStart, p), next };
}

/** What a line is, from its first non-blank bytes. INCOMPLETE: the bytes end before that is known. */
export const LineKind = { ROW: 0, BLANK: 1, COMMENT: 2, INCOMPLETE: 3 } as const;
export type LineKind = (typeof LineKind)[keyof typeof LineKind];

/** Whether the line at `p` is blank, a comment (its first non-blank bytes are `comment`), or a row. */
export function lineKind(bytes: Uint8Array, p: number, end: number, last: boolean, comment: Uint8Array | undefined): LineKind {
  while (p < end && isBlank(bytes[p])) p++;
  if (p === end) return last ? LineKind.BLANK : LineKind.INCOMPLETE;
  if (isLineEnd(bytes[p])) return LineKind.BLANK;
  if (comment !== undefined && bytes[p] === comment[0]) {
    for (let i = 1; i < comment.length; i++) {
      if (p + i >= end) return last ? LineKind.ROW : LineKind.INCOMPLETE;
      if (bytes[p + i] !== comment[i]) return LineKind.ROW;
    }
    return LineKind.COMMENT;
  }
  return LineKind.ROW;
}

/** The position after the physical line that holds `p` (its line end included); -1 when it does not end within the bytes yet. */
export function skipLine(bytes: Uint8Array, p: number, end: number, last: boolean): number {
  while (p < end && !isLineEnd(bytes[p])) p++;
  return pastLineEnd(bytes, p, end, last);
}
