/**
 * The fit command's data: a CSV/TSV file with a header row, or a binary file of little-endian
 * records (`--columns`, `--dtype`), opened as a chunk source that re-reads the file on every
 * pass. Columns are chosen by name, the first two by default; a name the file lacks is a
 * usage error listing the names it has.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { fromBinaryFile, fromCsvFile, parseDelimitedHeader, type FileSource } from 'arenafit/node';
import { UsageError } from './args.ts';
import { modelVariable } from './variable.ts';

export interface DataFlags {
  x?: string;
  y?: string;
  sigma?: string;
  delimiter?: string;
  /** Binary files only: one name per value of a record. */
  columns?: string;
  dtype?: string;
}

export interface Data {
  source: FileSource;
  /** The model's name for x: 'x', or the x column's own name when the model uses it. */
  variable: string;
  /** Column names, for the plot's axes. */
  xColumn: string;
  yColumn: string;
}

export function openData(path: string, model: string, flags: DataFlags): Data {
  const binary = flags.columns !== undefined || flags.dtype !== undefined;
  if (binary && flags.delimiter !== undefined) throw new UsageError('--delimiter is for CSV files, but --columns/--dtype read a binary file; give one or the other');
  if (binary && flags.columns === undefined) throw new UsageError('--dtype needs --columns, which names the values of a record, such as --columns x,y');
  if (flags.dtype !== undefined && flags.dtype !== 'f64' && flags.dtype !== 'f32') {
    throw new UsageError(`--dtype ${JSON.stringify(flags.dtype)} is not a dtype; expected f64 or f32`);
  }
  checkFile(path); // before the header is read
  const delimiter = flags.delimiter;
  const record = binary ? recordNames(flags.columns!) : [];
  const header = binary ? undefined : headerNames(path, delimiter);
  const names = header?.names ?? record.filter((name) => name !== '_');
  const where = binary ? `--columns ${flags.columns}` : `the header of ${JSON.stringify(path)}`;
  const split = header?.delimiter === ' ' ? 'spaces' : JSON.stringify(header?.delimiter);
  const hint = binary || names.length !== 1 ? '' : `; split on ${split} the header is one column, so set --delimiter if the file uses another`;
  if (names.length === 0) throw new UsageError(`${binary ? where : `${JSON.stringify(path)} line 1`} names no columns; expected a header row naming the columns, such as x,y`);
  if (names.length === 1 && (flags.x === undefined || flags.y === undefined)) {
    throw new UsageError(`${where} has one column, ${quote(names[0])}; expected two or more, x and y${hint}`);
  }
  const pick = (flag: 'x' | 'y' | 'sigma', name: string): string => {
    if (!names.includes(name)) throw new UsageError(`--${flag} ${quote(name)} is not a column of ${where}; the columns are ${names.map(quote).join(', ')}${hint}`);
    return name;
  };
  const xColumn = pick('x', flags.x ?? names[0]);
  const yColumn = pick('y', flags.y ?? names[1]);
  const sigma = flags.sigma === undefined ? undefined : pick('sigma', flags.sigma);
  const chosen = [xColumn, yColumn, sigma].filter((name) => name !== undefined);
  if (new Set(chosen).size !== chosen.length) throw new UsageError(`--x, --y and --sigma name the same column (${chosen.map(quote).join(', ')}); expected different columns`);
  const variable = modelVariable(model, xColumn);
  const named = variable !== 'x';
  const source = binary
    ? fromBinaryFile(path, { columns: binaryLayout(record, variable, xColumn, yColumn, sigma), dtype: flags.dtype as 'f64' | 'f32' | undefined })
    : fromCsvFile(path, { x: named ? [xColumn] : xColumn, y: yColumn, sigma, delimiter });
  return { source, variable, xColumn, yColumn };
}

const quote = (name: string) => JSON.stringify(name);

/** `--columns t,v,_`: distinct names, '_' for values to skip. */
function recordNames(text: string): string[] {
  const names = text.split(',').map((name) => name.trim());
  names.forEach((name, k) => {
    if (name === '') throw new UsageError(`--columns ${quote(text)} has an empty name; expected names such as --columns x,y or t,v,err`);
    if (name !== '_' && names.indexOf(name) !== k) throw new UsageError(`--columns ${quote(text)} names ${quote(name)} twice; expected each column once ('_' for values to skip)`);
  });
  return names;
}

/**
 * fromBinaryFile's columns for the record `names`: 'y', 'sigma', the x variable, and '_' for
 * the rest. A lone 'x' is the plain x; the x column's own name makes a named column.
 */
function binaryLayout(names: string[], variable: string, xColumn: string, yColumn: string, sigma: string | undefined): string[] {
  if (variable === 'y' || variable === 'sigma') {
    throw new UsageError(`the x column is named ${quote(variable)}, a reserved name for binary records; write x for it in the model`);
  }
  return names.map((name) => (name === xColumn ? variable : name === yColumn ? 'y' : name === sigma ? 'sigma' : '_'));
}

/** A missing or unreadable file is bad input, said in one line, before anything reads it. */
function checkFile(path: string): void {
  let isFile: boolean;
  try {
    isFile = statSync(path).isFile();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const what = code === 'ENOENT' || code === 'ENOTDIR' ? 'does not exist' : `cannot be read (${code ?? (error as Error).message})`;
    throw new UsageError(`${JSON.stringify(path)} ${what}; expected the path of a readable file`);
  }
  // Checked before opening: opening a FIFO would block until something writes to it.
  if (!isFile) throw new UsageError(`${JSON.stringify(path)} is not a regular file (a directory, device or pipe); expected the path of a file`);
}

/** The longest header read: far beyond any real header, and it bounds the read of a file with no newline. */
const HEADER_BYTES = 1 << 16;

/**
 * The column names in the header, split as fromCsvFile splits them (parseDelimitedHeader: the
 * delimiter detected the same way, # comments skipped, quotes dropped), to choose and check
 * columns before the source is made. A blank first line names none, as fromCsvFile refuses it.
 */
function headerNames(path: string, delimiter: string | undefined): { names: string[]; delimiter: string } {
  const block = new Uint8Array(HEADER_BYTES);
  let bytes: number;
  try {
    const fd = openSync(path, 'r');
    try {
      bytes = readSync(fd, block, 0, block.length, 0);
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    throw new UsageError(`${JSON.stringify(path)} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); expected the path of a readable file`);
  }
  const text = new TextDecoder('utf-8').decode(block.subarray(0, bytes));
  const end = text.indexOf('\n');
  if ((end < 0 ? text : text.slice(0, end)).trim() === '') return { names: [], delimiter: delimiter ?? ',' };
  return parseDelimitedHeader(text, { delimiter });
}
