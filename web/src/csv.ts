/**
 * CSV and TSV text → a Dataset, in one pass over the string: lines are found with indexOf (no
 * array of lines, no array of fields per file), values go straight into Float64Arrays that
 * double as they fill. So a 10⁷-row paste costs the text plus 16 bytes a row.
 *
 * The delimiter is the first of tab, comma, semicolon found in the first row, else runs of
 * spaces. The first row is a header when one of its fields is not a number. Blank lines and
 * lines starting with # are skipped. A row with another number of fields than the first, or a
 * field that is not a number, stops the parse with its 1-based line number.
 */
import { datasetOf, type Dataset } from './dataset.ts';

export class CsvError extends Error {
  constructor(readonly line: number, message: string) {
    super(`line ${line}: ${message}`);
  }
}

/** Which columns to read: a header name or a 1-based position; '' for the default (1st, 2nd). */
export interface CsvColumns {
  x: string;
  y: string;
}

class Column {
  values = new Float64Array(1024);
  length = 0;
  push(value: number): void {
    if (this.length === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length++] = value;
  }
  // A copy of the filled part, so the doubled buffer's slack is not kept alive.
  take(): Float64Array {
    return this.values.slice(0, this.length);
  }
}

function splitterFor(line: string): (line: string) => string[] {
  const delimiter = ['\t', ',', ';'].find((d) => line.includes(d));
  return delimiter ? (l) => l.split(delimiter) : (l) => l.trim().split(/\s+/);
}

// Number('') and Number(' ') are 0: an empty field must not pass for one.
function parseField(field: string): number {
  const text = field.trim();
  return text === '' ? NaN : Number(text);
}

function columnIndex(spec: string, header: string[] | undefined, fallback: number, fields: number, axis: string, line: number): number {
  const wanted = spec.trim();
  if (wanted === '') return fallback;
  const byName = header?.findIndex((name) => name.trim() === wanted) ?? -1;
  if (byName >= 0) return byName;
  const position = Number(wanted);
  if (Number.isInteger(position) && position >= 1 && position <= fields) return position - 1;
  const names = header ? `one of ${header.map((h) => JSON.stringify(h.trim())).join(', ')} or ` : '';
  throw new CsvError(line, `the ${axis} column ${JSON.stringify(wanted)} is not in the file; expected ${names}a position from 1 to ${fields}`);
}

export function parseCsv(text: string, columns: CsvColumns, label: string): Dataset {
  const x = new Column();
  const y = new Column();
  let split: ((line: string) => string[]) | undefined;
  let width = 0;
  let ix = 0;
  let iy = 1;
  let lineNumber = 0;
  for (let start = 0; start < text.length; ) {
    const newline = text.indexOf('\n', start);
    const end = newline < 0 ? text.length : newline;
    const line = text.slice(start, end).replace(/\r$/, '');
    start = end + 1;
    lineNumber++;
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    if (!split) {
      split = splitterFor(line);
      const first = split(line);
      width = first.length;
      if (width < 2) throw new CsvError(lineNumber, `found ${width} field; expected at least 2 (x and y), separated by commas, tabs, semicolons or spaces`);
      const header = first.some((field) => Number.isNaN(parseField(field))) ? first : undefined;
      ix = columnIndex(columns.x, header, 0, width, 'x', lineNumber);
      iy = columnIndex(columns.y, header, 1, width, 'y', lineNumber);
      if (header) continue;
    }
    const fields = split(line);
    if (fields.length !== width) throw new CsvError(lineNumber, `found ${fields.length} fields; expected ${width}, as in the first row`);
    for (const [index, column] of [[ix, x], [iy, y]] as const) {
      const value = parseField(fields[index]);
      if (!Number.isFinite(value)) throw new CsvError(lineNumber, `field ${index + 1} is ${JSON.stringify(fields[index])}; expected a finite number`);
      column.push(value);
    }
  }
  if (x.length === 0) throw new CsvError(lineNumber, 'no data rows; expected rows of numbers, optionally under a header row');
  return datasetOf(x.take(), y.take(), `${x.length.toLocaleString('en')} rows from ${label}`);
}
