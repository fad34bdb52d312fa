/**
 * CSV, TSV or space-separated text → a Dataset, parsed by the library's own reader
 * (parseDelimited: the rules fromCsvFile reads files by) in one pass over the string, the values
 * straight into Float64Arrays. The column boxes take a header name or a position from 1; empty,
 * the first two columns.
 *
 * A FitError (a row by its line, a column the text lacks) is the caller's to show. Rows the
 * parser accepts but the page cannot draw, NaN or ±Infinity, are a CsvError naming the row.
 */
import { parseDelimited } from 'arenafit';
import { datasetOf, type Dataset } from './dataset.ts';

export class CsvError extends Error {}

/** What the user typed in the column boxes: a header name, a position from 1, or '' for the default. */
export interface CsvColumns {
  x: string;
  y: string;
}

/** A column box's text as parseDelimited's option: a whole number is a position, other text a name. */
function column(text: string): string | number | undefined {
  const t = text.trim();
  return t === '' ? undefined : /^\d+$/.test(t) ? Number(t) : t;
}

export function parseCsv(text: string, columns: CsvColumns, label: string): Dataset {
  const { x, y } = parseDelimited(text, { x: column(columns.x), y: column(columns.y) });
  if (x.length === 0) throw new CsvError('no data rows; expected rows of numbers, optionally under a header row');
  for (const [values, axis] of [[x, 'x'], [y, 'y']] as const) {
    const row = values.findIndex((v) => !Number.isFinite(v));
    if (row >= 0) throw new CsvError(`${axis} in data row ${row + 1} is ${values[row]}; the page draws and fits finite numbers only`);
  }
  return datasetOf(x, y, `${x.length.toLocaleString('en')} rows from ${label}`);
}
