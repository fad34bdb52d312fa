/**
 * The layout of a delimited table, found from a sample of its first rows (the header and up to
 * 20 data rows, after options.skipLines, blank lines and comments):
 *
 *   delimiter  given, else the first of tab, ';', ',' and runs of blanks that splits every sampled
 *              data row into the same number (2 or more) of fields, the first row into as many
 *              (or, as a header, into one fewer — see below — or for runs of blanks into as many
 *              at runs of two or more blanks); a candidate whose fields are all numbers is
 *              preferred, so `0,5 1,25` (decimal commas between spaces) is not split at ','.
 *   decimal    given, else ',' when the delimiter is not ',' and the sampled numbers use ',' and
 *              never '.', else '.'.
 *   header     given, else the first row is a header when one of its fields is neither a number
 *              nor a missing value, in a column that holds numbers below it (so a first row whose
 *              only text is in a text column, such as a sample name, is data). Without a header
 *              row, a comment line above the first row whose fields are as many names as the data
 *              have fields names the columns, as NumPy's genfromtxt(names=True) reads the
 *              `# x y sigma` that savetxt(header=…) writes. A header with one field fewer than the
 *              data names the fields after the first, which holds row names: R's read.table rule
 *              for what write.table writes.
 *   titles     when no candidate fits, the lines above the first row may be titles (a NIST StRD
 *              .dat file's 60 lines of description): when the rows from some later one on form a
 *              table of numbers (under a header or not) and the rows above it are text, the source
 *              is refused with options.skipLines set to the number of lines above that table.
 *   otherwise  the delimiter that splits most sampled rows alike, so that the reader can name the
 *              one row of another width by its line.
 *   columns    by header name or position from 1 (columns.ts); x and y default to the first two,
 *              after a first column the header leaves unnamed (row names, a pandas index).
 */
import { BLANKS, COMMA, DOT, SEMICOLON, TAB, WIDE_BLANKS, lineEndAt, textOf } from './bytes.ts';
import { isNumeric, Kind, kindOf } from './cell.ts';
import { findColumns, type ColumnRequest } from './columns.ts';
import { fail, otherComment, place, plural, quoted, sourceName, spelled, type Where } from './messages.ts';
import { fieldText, readRow, type Row } from './record.ts';
import type { Rules } from './rules.ts';
import { cutSample, type Sample } from './sample.ts';

/** Rows compared to choose the layout: a header and 20 data rows. */
export const SAMPLE_ROWS = 21;

/** How to read every row of a table. */
export interface Layout {
  /** The delimiter's byte, or BLANKS for runs of spaces and tabs. */
  delimiter: number;
  /** DOT or COMMA. */
  decimal: number;
  /** Fields in every row. */
  width: number;
  skipLines: number;
  comment: Uint8Array | undefined;
  commentText: string | false;
  /** Whether the first row (after skipLines, blank lines and comments) is a header, not data. */
  headerRow: boolean;
  /** The columns' names, from the header row or a comment line; undefined when they have none. */
  header: string[] | undefined;
  /** The line of the first row: the header row, or the first data row. */
  firstLine: number;
  /** The field (0-based) each requested column reads, in the order asked. */
  fields: number[];
  /** How messages name each requested column: 'column "signal" (options.y)', 'field 2 (options.y)'. */
  labels: string[];
}

/** A column's name for people: its header name, or 'column 3'. */
export function columnName(layout: Pick<Layout, 'header'>, field: number): string {
  return layout.header?.[field] || `column ${field + 1}`;
}

/**
 * Finds the layout from the sample bytes [0, end) (UTF-8, byte-order mark dropped; `last`: they
 * are the whole source) and the requested columns. Throws PARSE_ERROR (INVALID_FILE for an empty
 * file) or UNKNOWN_COLUMN, each naming the line and the option that would fix it.
 */
export function detectLayout(sampleBytes: Uint8Array, end: number, last: boolean, rules: Rules, requests: readonly ColumnRequest[], where: Where): Layout {
  const bytes = sampleBytes.subarray(0, end);
  const given = rules.delimiter;
  const candidates = given !== undefined ? [given] : [TAB, SEMICOLON, COMMA, BLANKS].filter((d) => !(d === COMMA && rules.decimal === COMMA));
  const samples = new Map<number, Sample>();
  const sampleOf = (d: number): Sample => {
    let sample = samples.get(d);
    if (sample === undefined) samples.set(d, (sample = cutSample(bytes, end, last, d, rules, where)));
    return sample;
  };
  // A candidate whose cut fails on a quote (`"a";"b"` cut at ',') has fewer rows, perhaps none.
  const usable = candidates.filter((d) => sampleOf(d).rows.length > 0);
  if (usable.length === 0) {
    const failed = candidates.map(sampleOf).find((sample) => sample.error !== undefined);
    throw failed?.error ?? noRows(sampleOf(candidates[0]), rules, where, last);
  }

  const strict = usable.map((d) => {
    const sample = sampleOf(d);
    const n = fits(bytes, sample, 0, d, given !== undefined, where);
    if (n === undefined) return undefined;
    const rows = Math.min(sample.rows.length, SAMPLE_ROWS);
    let numeric = true;
    for (let r = rows > 1 ? 1 : 0; r < rows && numeric; r++) numeric = !sample.kinds[r].includes(Kind.Text);
    return { d, n, numeric };
  });
  let chosen = strict.find((c) => c?.numeric);
  if (chosen === undefined) {
    // Text among the data rows, or no candidate fits: titles above the table, perhaps.
    refuseTitles(bytes, usable, sampleOf, given !== undefined, rules, where);
    chosen = strict.find((c) => c !== undefined) ?? { ...mostAlike(bytes, usable, sampleOf, given), numeric: false };
  }
  const { d: delimiter, n: width } = chosen;
  const sample = sampleOf(delimiter);
  const decimal = rules.decimal ?? detectDecimal(sample, delimiter);
  const first = sample.rows[0];
  const headerRow = rules.header ?? isHeader(sample, width, decimal);
  let header: string[] | undefined;
  if (headerRow) header = headerNames(bytes, sample, width, delimiter, where);
  else header = commentNames(bytes, sample, width, delimiter, where);
  const shape = { delimiter, width: header?.length ?? width, header, headerRow, firstLine: first.line, headerOption: rules.header };
  // A first column the header leaves unnamed holds row names (R's write.table and write.csv,
  // pandas' to_csv index): the default columns are the named ones after it.
  const rowNames = header !== undefined && header[0] === '' && shape.width >= 3;
  const fields = findColumns(shape, rowNames ? requests.map((r) => (r.fallback === undefined ? r : { ...r, fallback: r.fallback + 1 })) : requests, where);
  const layout: Layout = {
    delimiter, decimal, width: shape.width, skipLines: rules.skipLines, comment: rules.comment, commentText: rules.commentText,
    headerRow, header, firstLine: first.line, fields, labels: [],
  };
  layout.labels = fields.map((field, k) => (header?.[field] ? `column ${JSON.stringify(header[field])} (${requests[k].option})` : `field ${field + 1} (${requests[k].option})`));
  return layout;
}

/**
 * The width of the table that rows[from …] form with delimiter `d` (its first row a header or
 * data), or undefined when they do not form one: every data row as wide (2 fields or more unless
 * the delimiter was given), the first row as wide too or fitting as a header.
 */
function fits(bytes: Uint8Array, sample: Sample, from: number, d: number, given: boolean, where: Where): number | undefined {
  const rows = sample.rows.slice(from, from + SAMPLE_ROWS);
  if (rows.length === 0) return undefined;
  const n = rows[rows.length > 1 ? 1 : 0].fields.length;
  if (n < (given ? 1 : 2)) return undefined;
  for (let r = 1; r < rows.length; r++) if (rows[r].fields.length !== n) return undefined;
  const head = rows[0].fields.length;
  if (head === n) return n;
  const headText = sample.kinds[from].includes(Kind.Text);
  if (headText && (head === n - 1 || (d === BLANKS && wideFields(bytes, rows[0], where).length === n))) return n;
  return undefined;
}

/** The fields of a row cut at runs of two or more blanks (how a whitespace header with spaced names splits). */
function wideFields(bytes: Uint8Array, row: Row, where: Where): string[] {
  try {
    return readRow(bytes, row.start, lineEndAt(bytes, row.start, bytes.length), true, WIDE_BLANKS, row.line, where)!.fields.map((f) => fieldText(bytes, f));
  } catch {
    return []; // a quote that does not close on the line: not a header of this shape
  }
}

/**
 * Refuses a source whose table starts below lines of text (titles, a description), naming the
 * first of them and the options.skipLines (or options.comment) that would skip them. Returns when
 * there is no such table: the first rows are then read as they are.
 */
function refuseTitles(bytes: Uint8Array, candidates: number[], sampleOf: (d: number) => Sample, given: boolean, rules: Rules, where: Where): void {
  const longest = Math.max(...candidates.map((d) => sampleOf(d).rows.length));
  for (let from = 1; from < longest - 1; from++) {
    for (const d of candidates) {
      const sample = sampleOf(d);
      const { rows, kinds } = sample;
      if (from + 1 >= rows.length) continue;
      const n = fits(bytes, sample, from, d, given, where);
      if (n === undefined) continue;
      const stop = Math.min(rows.length, from + SAMPLE_ROWS);
      let numbers = true;
      for (let r = from + 1; r < stop && numbers; r++) numbers = !kinds[r].includes(Kind.Text);
      if (!numbers) continue;
      // Lines above: text, every one of them. A single row of 2 or more fields above a table without a
      // header is more likely its header, of another width, which the header's own message explains.
      let text = true;
      for (let r = 0; r < from && text; r++) text = kinds[r].includes(Kind.Text);
      if (!text || (from === 1 && rows[0].fields.length >= 2 && !kinds[1].includes(Kind.Text))) continue;
      const top = rows[from];
      const skip = top.line - 1;
      const firstRow = rows[0];
      const firstText = textOf(bytes, firstRow.start, lineEndAt(bytes, firstRow.start, bytes.length)).trim();
      if (from === 1 && firstRow.fields.length === n && kinds[1].includes(Kind.Text)) {
        // Two rows of names as wide as the table: a title and the header, or the header and units.
        const second = textOf(bytes, top.start, lineEndAt(bytes, top.start, bytes.length)).trim();
        throw fail(
          where, 'PARSE_ERROR',
          `${place(where, top.line, top.fields[0]?.column ?? 1)}: ${quoted(second)} is a second row of names above the numbers, after ${quoted(firstText)} on line ${firstRow.line}; expected one header row; set options.skipLines: ${skip} to name the columns by line ${top.line}, or options.skipLines: ${top.line} if it holds units (the columns then go by position)`,
        );
      }
      const markers = rows.slice(0, from).map((row) => otherComment(textOf(bytes, row.start, lineEndAt(bytes, row.start, bytes.length)), rules.commentText));
      const marker = markers.every((m) => m !== undefined && m === markers[0]) ? markers[0] : undefined;
      const skipIt = `options.skipLines: ${skip} to skip the ${plural(skip, 'line')} above it`;
      const fix = marker === undefined ? `set ${skipIt}` : `set options.comment: ${JSON.stringify(marker)} if lines starting with ${JSON.stringify(marker)} are comments, or ${skipIt}`;
      const table = `${plural(n, 'field')} split on ${spelled(d)}${kinds[from].includes(Kind.Text) ? ', under a header' : ''}`;
      throw fail(
        where, 'PARSE_ERROR',
        `${place(where, firstRow.line, firstRow.fields[0]?.column ?? 1)}: ${quoted(firstText)} is not a row of the table of numbers that starts at line ${top.line} (${table}); expected the table to start at the first line that is not blank or a comment; ${fix}`,
      );
    }
  }
}

/**
 * The candidate and width that read most sampled data rows (a row as wide, or wider by empty
 * fields only: a row that ends with a delimiter), so that the rows of another width are the few
 * the reader refuses, each by its line.
 */
function mostAlike(bytes: Uint8Array, candidates: number[], sampleOf: (d: number) => Sample, given: number | undefined): { d: number; n: number } {
  let best: { d: number; n: number; count: number } | undefined;
  for (const d of candidates) {
    const sample = sampleOf(d);
    const rows = sample.rows.slice(0, SAMPLE_ROWS);
    // The first row counts too when it is numbers: it is data, and the width a reader meets first.
    const data = rows.length > 1 && sample.kinds[0].includes(Kind.Text) ? rows.slice(1) : rows;
    const widths = [...new Set(data.map((row) => row.fields.length))];
    for (const n of widths) {
      if (n < 2 && given === undefined) continue;
      const count = data.filter((row) => row.fields.length === n || (row.fields.length > n && row.fields.slice(n).every((f) => f.end === f.start && !f.quoted))).length;
      if (best === undefined || count > best.count) best = { d, n, count };
    }
  }
  if (best !== undefined) return best;
  // Every row one field: the delimiter the first row holds, if any, else blanks.
  const first = sampleOf(candidates[0]).rows[0];
  const text = textOf(bytes, first.start, lineEndAt(bytes, first.start, bytes.length));
  const d = candidates.find((c) => c >= 0 && text.includes(String.fromCharCode(c))) ?? candidates.at(-1)!;
  return { d, n: sampleOf(d).rows[0]?.fields.length ?? 1 };
}

function detectDecimal(sample: Sample, delimiter: number): number {
  if (delimiter === COMMA) return DOT;
  let comma = 0;
  let dot = 0;
  for (const kinds of sample.kinds.slice(0, SAMPLE_ROWS)) {
    for (const kind of kinds) {
      if (kind === Kind.Comma) comma++;
      else if (kind === Kind.Dot) dot++;
    }
  }
  return comma > 0 && dot === 0 ? COMMA : DOT;
}

/** The header rule: a field that is not a number (nor missing), in a column holding numbers below it. */
function isHeader(sample: Sample, width: number, decimal: number): boolean {
  const text = sample.kinds[0].map((kind) => !isNumeric(kind, decimal));
  if (!text.includes(true)) return false;
  if (sample.rows.length === 1 || sample.rows[0].fields.length !== width) return true;
  const below = sample.kinds.slice(1, SAMPLE_ROWS).filter((kinds) => kinds.length === width);
  const numbers = text.map((_, k) => below.every((kinds) => isNumeric(kinds[k], decimal)));
  return !numbers.includes(true) || text.some((t, k) => t && numbers[k]);
}

/**
 * The header row's names, one per field: as cut; at runs of 2+ blanks; or, one short, before the
 * empty field that ends every row (a delimiter at the end of each data row), else after a field of
 * row names (R's read.table: "If there is a header and the first row contains one fewer field than
 * the number of columns, the first column in the input is used for the row names").
 */
function headerNames(bytes: Uint8Array, sample: Sample, width: number, delimiter: number, where: Where): string[] {
  const first = sample.rows[0];
  const names = first.fields.map((f) => fieldText(bytes, f));
  if (names.length === width || sample.rows.length === 1) return names;
  if (delimiter === BLANKS) {
    const wide = wideFields(bytes, first, where);
    if (wide.length === width) return wide;
  }
  if (names.length === width - 1) {
    const data = sample.rows.slice(1, SAMPLE_ROWS).filter((row) => row.fields.length === width);
    const trailing = data.every((row) => row.fields[width - 1].end === row.fields[width - 1].start && !row.fields[width - 1].quoted);
    return trailing ? [...names, ''] : ['', ...names];
  }
  const text = textOf(bytes, first.start, lineEndAt(bytes, first.start, bytes.length)).trim();
  throw fail(
    where, 'PARSE_ERROR',
    `${place(where, first.line, first.fields[0]?.column ?? 1)}: the header has ${plural(names.length, 'field')} but the rows below it have ${width} (split on ${spelled(delimiter)}): ${quoted(text)}; expected one name per field; set options.delimiter if the rows are split on another character, options.header: false if line ${first.line} is data, or options.skipLines: ${first.line} if it is a title`,
  );
}

/** Names from the comment line above the first row (NumPy savetxt's header), when it holds one per field. */
function commentNames(bytes: Uint8Array, sample: Sample, width: number, delimiter: number, where: Where): string[] | undefined {
  const first = sample.rows[0];
  const above = sample.comments.filter((c) => c.line < first.line).at(-1);
  if (above === undefined) return undefined;
  for (const d of [delimiter, BLANKS, WIDE_BLANKS]) {
    let row: Row | undefined;
    try {
      row = readRow(bytes, above.start, above.end, true, d, above.line, where);
    } catch {
      continue;
    }
    if (row === undefined || row.fields.length !== width) continue;
    if (row.fields.every((f) => f.end > f.start && (f.escaped || kindOf(bytes, f.start, f.end) === Kind.Text))) return row.fields.map((f) => fieldText(bytes, f));
  }
  return undefined;
}

/** The error for a source without rows: empty, or nothing but blank lines, comments and skipped lines. */
function noRows(sample: Sample, rules: Rules, where: Where, last: boolean): Error {
  const lines = sample.lines;
  const why = !last
    ? `its first ${plural(lines, 'line')} are blank or comments`
    : lines === 0
      ? 'it is empty'
      : rules.skipLines >= lines
        ? `its ${plural(lines, 'line')} ${lines === 1 ? 'is' : 'are'} all within options.skipLines: ${rules.skipLines}`
        : `its ${plural(lines, 'line')} ${lines === 1 ? 'is' : 'are'} blank or comments${rules.skipLines > 0 ? ` or within options.skipLines: ${rules.skipLines}` : ''}`;
  const hint = rules.commentText === false ? '' : `; comment lines start with ${JSON.stringify(rules.commentText)} (options.comment)`;
  return fail(where, where.file === undefined ? 'PARSE_ERROR' : 'INVALID_FILE', `${sourceName(where)} has no rows (${why}); expected rows of numbers, under a header row or not${lines > 0 ? hint : ''}`);
}
