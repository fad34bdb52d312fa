/**
 * How the delimited-text reader's errors speak: the source ("decay.csv", or "the text" for text in
 * memory), `line N, column M` as an editor shows them, a value quoted and truncated as describe()
 * quotes it, and the option that would fix the problem, always spelled `options.<name>` — the
 * command line rewrites those (`options.skipLines` → `--skip`), so they must read exactly so.
 */
import { describe } from '../../describe.ts';
import type { FitError, FitErrorCode } from '../../errors.ts';
import { BLANKS, TAB, WIDE_BLANKS } from './bytes.ts';

/** The source being read, for messages, and the FitError class to throw. */
export interface Where {
  /** The file's path; undefined for text in memory. */
  file: string | undefined;
  /**
   * The FitError class to throw. Passed in because arenafit/node must throw the class arenafit
   * exports: its bundle takes errors.ts from the main bundle instead of carrying a copy
   * (build/build.mjs), and these files are in both bundles.
   */
  FitError: typeof FitError;
}

/** '"decay.csv"', or 'the text'. */
export function sourceName(where: Where): string {
  return where.file === undefined ? 'the text' : JSON.stringify(where.file);
}

/** '"decay.csv" line 7, column 3' (column left out when undefined); 'the text, line 7, …' in memory. */
export function place(where: Where, line: number, column?: number): string {
  const at = column === undefined ? `line ${line}` : `line ${line}, column ${column}`;
  return where.file === undefined ? `the text, ${at}` : `${JSON.stringify(where.file)} ${at}`;
}

/** A FitError for the source: `code`, message as given. */
export function fail(where: Where, code: FitErrorCode, message: string): FitError {
  return new where.FitError(code, message);
}

/** A value seen in the source, quoted and truncated (describe's rules); NULs and controls escaped. */
export function quoted(text: string): string {
  return describe(text);
}

/** How a delimiter reads in a message: '","', 'tabs', 'runs of spaces'. */
export function spelled(delimiter: number): string {
  if (delimiter === BLANKS) return 'runs of spaces and tabs';
  if (delimiter === WIDE_BLANKS) return 'runs of two or more spaces';
  if (delimiter === TAB) return 'tabs';
  return JSON.stringify(String.fromCharCode(delimiter));
}

/** A delimiter as options.delimiter spells it: ',', '\t', ' ' for runs of blanks. */
export function delimiterOption(delimiter: number): string {
  return delimiter === BLANKS ? ' ' : String.fromCharCode(delimiter);
}

export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * Comment markers other programs use (MATLAB and Octave %, C-like //, Fortran !): a line that
 * starts with one of them and is refused suggests options.comment.
 */
const OTHER_COMMENTS = ['%', '//', '!'];

/** The comment marker `text` (a line, blanks trimmed) starts with, if it is one of the usual others. */
export function otherComment(text: string, comment: string | false): string | undefined {
  const line = text.trimStart();
  return OTHER_COMMENTS.find((marker) => marker !== comment && line.startsWith(marker));
}

/** '; set options.comment: "%" if lines starting with "%" are comments', or '' when the line does not start with a marker. */
export function commentHint(text: string, comment: string | false): string {
  const marker = otherComment(text, comment);
  return marker === undefined ? '' : `; set options.comment: ${JSON.stringify(marker)} if lines starting with ${JSON.stringify(marker)} are comments`;
}
