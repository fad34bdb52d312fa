/**
 * The requested columns (options.x, options.y, options.sigma) found among a table's fields: by
 * the header's name, or by position from 1. A column the table lacks is UNKNOWN_COLUMN naming the
 * ones it has; a name the header holds twice is INVALID_FILE for a file (PARSE_ERROR for text).
 */
import { fail, plural, sourceName, spelled, type Where } from './messages.ts';

/** A column asked for: by header name, by 1-based position, or (undefined) at its default position. */
export interface ColumnRequest {
  /** The option that asked, for messages: 'options.x', 'options.x[1]'. */
  option: string;
  column: string | number | undefined;
  /** The 1-based position taken when `column` is undefined. */
  fallback?: number;
}

/** What the table is, as far as finding columns goes. */
export interface TableShape {
  delimiter: number;
  width: number;
  /** The column names (a header row's or a comment line's); undefined when the columns have none. */
  header: string[] | undefined;
  headerRow: boolean;
  /** The line of the first row (the header row, or the first data row). */
  firstLine: number;
  /** options.header as given. */
  headerOption: boolean | undefined;
}

/** The field (0-based) each request reads. */
export function findColumns(shape: TableShape, requests: readonly ColumnRequest[], where: Where): number[] {
  return requests.map((request) => findColumn(shape, request, where));
}

function findColumn(shape: TableShape, { option, column, fallback }: ColumnRequest, where: Where): number {
  const { delimiter, width, header, firstLine } = shape;
  const source = sourceName(where);
  const asked = column === undefined ? `${option} is not given, so it is column ${fallback}` : `${option} is ${JSON.stringify(column)}`;
  const positions = `a position from 1 to ${width}`;
  const what = where.file === undefined ? 'text' : 'file';
  const oneField = width === 1 ? `; split on ${spelled(delimiter)} every row is one field — set options.delimiter if the ${what} uses another` : '';
  if (typeof column === 'string') {
    if (header === undefined) {
      const fix = shape.headerOption === false ? 'options.header is false' : `its first row (line ${firstLine}) is all numbers — set options.header: true if it names the columns`;
      throw fail(where, 'UNKNOWN_COLUMN', `${asked}, but ${source} has no header: ${fix}; expected ${positions}${oneField}`);
    }
    const field = header.indexOf(column);
    if (field < 0) {
      const near = header.find((name) => name.trim().toLowerCase() === column.trim().toLowerCase());
      const didYouMean = near === undefined ? '' : ` (did you mean ${JSON.stringify(near)}?)`;
      const from = shape.headerRow ? `its header (line ${firstLine})` : 'the comment line that names its columns';
      throw fail(
        where, 'UNKNOWN_COLUMN',
        `${asked}, which is not a column of ${source}${didYouMean}; ${from} has ${header.map((h) => JSON.stringify(h)).join(', ')}; expected one of those names, or ${positions}${oneField}`,
      );
    }
    const again = header.indexOf(column, field + 1);
    if (again >= 0) {
      throw fail(
        where, where.file === undefined ? 'PARSE_ERROR' : 'INVALID_FILE',
        `${source} has two columns named ${JSON.stringify(column)} (fields ${field + 1} and ${again + 1}); expected the column ${option} names once in the header, or ${option} as a position`,
      );
    }
    return field;
  }
  const position = column ?? fallback!;
  if (position > width) {
    const expected = column === undefined ? `${position} or more fields, or ${option} ${width === 1 ? 'as 1' : `from 1 to ${width}`}` : positions;
    throw fail(where, 'UNKNOWN_COLUMN', `${asked}, but the rows of ${source} have ${plural(width, 'field')} (split on ${spelled(delimiter)}); expected ${expected}${oneField}`);
  }
  return position - 1;
}
