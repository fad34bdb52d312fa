/**
 * The first rows of a source, cut with one candidate delimiter: what the layout detection
 * (layout.ts) compares the candidates on. options.skipLines lines are passed over first; blank
 * lines are skipped; comment lines are kept aside (one may name the columns, as NumPy's savetxt
 * writes `# x y sigma`); a row cut short by the end of the sample is left out unless the sample
 * is the whole source.
 */
import { Kind, kindOf } from './cell.ts';
import { readRow, lineKind, LineKind, skipLine, type Row } from './record.ts';
import type { Rules } from './rules.ts';
import type { Where } from './messages.ts';
import { lineEndAt } from './bytes.ts';

/** A comment line: its line number and the bytes after its marker. */
export interface CommentLine {
  line: number;
  start: number;
  end: number;
}

export interface Sample {
  rows: Row[];
  comments: CommentLine[];
  /** Physical lines passed, up to the end of the last whole row (or of the source). */
  lines: number;
  /** The kind of every field of every row (layout.ts reads them often), by row. */
  kinds: Kind[][];
  /** The PARSE_ERROR of the row that ended the sample early (a quote that does not close), if one did. */
  error?: unknown;
}

/** Rows a sample holds at most: room to find a table below a page of titles (a NIST .dat file's 60 lines). */
export const SAMPLE_MAX_ROWS = 128;

/**
 * Cuts the rows of the sample bytes [0, end) with `delimiter`, at most SAMPLE_MAX_ROWS of them;
 * `last`: the bytes are the whole source.
 */
export function cutSample(bytes: Uint8Array, end: number, last: boolean, delimiter: number, rules: Rules, where: Where): Sample {
  const sample: Sample = { rows: [], comments: [], lines: 0, kinds: [] };
  let p = 0;
  let line = 1;
  for (; line <= rules.skipLines && p < end; line++) {
    const next = skipLine(bytes, p, end, last);
    if (next < 0) return sample;
    p = next;
    sample.lines = line;
  }
  while (p < end && sample.rows.length < SAMPLE_MAX_ROWS) {
    const kind = lineKind(bytes, p, end, last, rules.comment);
    if (kind === LineKind.INCOMPLETE) break;
    if (kind !== LineKind.ROW) {
      const next = skipLine(bytes, p, end, last);
      if (next < 0) break;
      if (kind === LineKind.COMMENT) {
        const start = bytes.indexOf(rules.comment![0], p) + rules.comment!.length;
        sample.comments.push({ line, start, end: lineEndAt(bytes, start, end) });
      }
      p = next;
      sample.lines = line++;
      continue;
    }
    let row;
    try {
      row = readRow(bytes, p, end, last, delimiter, line, where);
    } catch (error) {
      // The rows before it still tell the layout; the scanner reports the error at its row.
      sample.error = error;
      break;
    }
    if (row === undefined) break;
    sample.rows.push(row);
    sample.kinds.push(row.fields.map((f) => (f.escaped ? Kind.Text : kindOf(bytes, f.start, f.end))));
    p = row.next;
    line += row.lines;
    sample.lines = line - 1;
  }
  return sample;
}
