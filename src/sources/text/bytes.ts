/**
 * The bytes the delimited-text reader looks at, and the two conversions its messages need: a
 * byte position to the character column an editor shows, and a byte range to text. Everything
 * the reader scans is UTF-8 (decode.ts transcodes UTF-16 first), so every byte that matters to
 * the format — line ends, blanks, delimiters, quotes, digits — is ASCII and stands for itself.
 */

export const TAB = 9;
export const LF = 10;
export const CR = 13;
export const SPACE = 32;
export const QUOTE = 34; // "
export const COMMA = 44;
export const DOT = 46;
export const SEMICOLON = 59;

/** The delimiter code for runs of spaces and tabs (options.delimiter ' '), as awk splits. */
export const BLANKS = -1;
/**
 * The delimiter code for runs of two or more blanks, or a tab: how a whitespace-aligned header
 * whose names hold single spaces (`time (s)   signal (V)`) is split into as many names as the
 * data have fields. Never a table's delimiter; only headers and comment lines are split by it.
 */
export const WIDE_BLANKS = -2;

/** A space or a tab: what the reader trims around fields. */
export const isBlank = (c: number): boolean => c === SPACE || c === TAB;

export const isLineEnd = (c: number): boolean => c === LF || c === CR;

/**
 * The 1-based character column of byte `at` on the line that starts at byte `lineStart`: one
 * per UTF-8 character (continuation bytes 0x80–0xBF do not start one), as an editor counts.
 */
export function columnOf(bytes: Uint8Array, lineStart: number, at: number): number {
  let column = 1;
  for (let i = lineStart; i < at; i++) if ((bytes[i] & 0xc0) !== 0x80) column++;
  return column;
}

const utf8 = new TextDecoder('utf-8');

/** The UTF-8 bytes [start, end) as a string (a malformed byte becomes U+FFFD, never an exception). */
export function textOf(bytes: Uint8Array, start: number, end: number): string {
  return utf8.decode(bytes.subarray(start, end));
}

/**
 * The end of the physical line that starts at or before `p`: the index of its \n or \r, or
 * `end` when the bytes hold no line end after `p`.
 */
export function lineEndAt(bytes: Uint8Array, p: number, end: number): number {
  while (p < end && !isLineEnd(bytes[p])) p++;
  return p;
}

/**
 * The position after the line break at `p` (a \n, a \r, or the pair \r\n); -1 when that cannot be
 * known yet — a \r is the last byte given and more may follow (`last` false).
 */
export function pastLineEnd(bytes: Uint8Array, p: number, end: number, last: boolean): number {
  if (p >= end) return last ? end : -1;
  if (bytes[p] === LF) return p + 1;
  // A \r: one line end alone, or with the \n after it.
  if (p + 1 < end) return bytes[p + 1] === LF ? p + 2 : p + 1;
  return last ? p + 1 : -1;
}
