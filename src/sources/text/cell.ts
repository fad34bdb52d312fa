/**
 * One cell's value: a number (number.ts: parseNumber, with nan and ±inf/infinity in any case), or
 * NaN for a missing value — an empty cell, or a token that programs write for one:
 *
 *   NA, N/A, NaN, null, None, #N/A, <NA>    (any case; a subset of pandas' default na_values,
 *                                           read_csv documentation: R's NA, Excel's #N/A,
 *                                           Python's None, SQL's NULL)
 *
 * The reader never refuses a row for a missing value: the fit decides (nanPolicy 'raise' names
 * the row, 'omit' drops it). Anything else is not a number, and a PARSE_ERROR where it is read.
 */
import { isBlank } from './bytes.ts';
import { isNanLiteral, parseNumber } from './number.ts';

/** The tokens above, lower case, NaN left to isNanLiteral. */
const MISSING = ['na', 'n/a', 'null', 'none', '#n/a', '<na>'];
const LONGEST = 4;

/** Whether the bytes [start, end) (blanks already trimmed) are a missing value: empty, or one of the tokens. */
export function isMissing(bytes: Uint8Array, start: number, end: number): boolean {
  const n = end - start;
  if (n === 0) return true;
  if (n > LONGEST + 1) return false;
  if (isNanLiteral(bytes, start, end)) return true;
  outer: for (const token of MISSING) {
    if (token.length !== n) continue;
    for (let i = 0; i < n; i++) {
      const c = bytes[start + i];
      // ASCII letters compare in lower case; other bytes exactly.
      if ((c >= 65 && c <= 90 ? c | 32 : c) !== token.charCodeAt(i)) continue outer;
    }
    return true;
  }
  return false;
}

/**
 * The value of the cell [start, end), blanks around it dropped: a number (±Infinity, NaN for nan),
 * NaN for a missing value, undefined when it is neither.
 */
export function readCell(bytes: Uint8Array, start: number, end: number, decimal: number): number | undefined {
  while (start < end && isBlank(bytes[start])) start++;
  while (end > start && isBlank(bytes[end - 1])) end--;
  const value = parseNumber(bytes, start, end, decimal);
  if (value === value || isMissing(bytes, start, end)) return value;
  return undefined;
}

/** What a cell is, for detecting the layout: a number under '.', under ',', under both, a missing value, or text. */
export const Kind = {
  Missing: 0,
  /** A number with either separator: an integer, inf, nan, an exponent without a fraction. */
  Both: 1,
  Dot: 2,
  Comma: 3,
  Text: 4,
} as const;
export type Kind = (typeof Kind)[keyof typeof Kind];

export function kindOf(bytes: Uint8Array, start: number, end: number): Kind {
  while (start < end && isBlank(bytes[start])) start++;
  while (end > start && isBlank(bytes[end - 1])) end--;
  if (isMissing(bytes, start, end)) return Kind.Missing;
  const dot = parseNumber(bytes, start, end, 46);
  const comma = parseNumber(bytes, start, end, 44);
  const nan = isNanLiteral(bytes, start, end);
  const byDot = dot === dot || nan;
  const byComma = comma === comma || nan;
  return byDot && byComma ? Kind.Both : byDot ? Kind.Dot : byComma ? Kind.Comma : Kind.Text;
}

/** Whether a cell of this kind reads as a number (or a missing value) with `decimal` as separator. */
export function isNumeric(kind: Kind, decimal: number): boolean {
  return kind === Kind.Missing || kind === Kind.Both || kind === (decimal === 46 ? Kind.Dot : Kind.Comma);
}
