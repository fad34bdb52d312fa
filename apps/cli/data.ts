/**
 * The fit command's data: a delimited text file (CSV, TSV, …), or a binary file of little-endian
 * records (`--columns`, `--dtype`), opened as a chunk source that re-reads the file on every
 * pass. The text reader (fromCsvFile) decides what it can see for itself — the delimiter, a
 * header or none, decimal commas, comments — and the flags say what it cannot guess; it also
 * checks the columns asked for, naming the ones the file has. The chosen columns' names come back
 * from the source (`columns`): the header's, or `column 3` for a file without one.
 */
import { statSync } from 'node:fs';
import { fromBinaryFile, fromCsvFile, type CsvFileOptions, type FileSource } from 'arenafit/node';
import { UsageError } from './args.ts';
import { modelVariable } from './variable.ts';

export interface DataFlags {
  /** A column's name, or its position from 1. */
  x?: string | number;
  y?: string | number;
  sigma?: string | number;
  /** Text files only: what the reader cannot see for itself, or sees wrongly. */
  text: {
    delimiter?: string;
    decimal?: string;
    /** false: the first row is data (--no-header), true: it names the columns (--header); undefined: the reader decides. */
    header?: boolean;
    skipLines?: number;
    comment?: string | false;
    tempCopy?: false;
  };
  /** Binary files only: one name per value of a record. */
  columns?: string;
  dtype?: string;
}

export interface Data {
  /** The file's rows, x one column: the column the model reads as `variable`. */
  source: FileSource;
  /** The model's name for x: 'x', or the x column's own name when the model uses it. */
  variable: string;
  /** The chosen columns' names: the header's or --columns', or `column 2` by position. */
  xColumn: string;
  yColumn: string;
  sigmaColumn: string | undefined;
  /** True when the names are the file's own (a header, --columns), false for positions. */
  named: boolean;
}

/** The flag that gave a text reader's option, for the message that refuses it with a binary file. */
function textFlag(option: string, value: unknown): string {
  if (option === 'header') return value ? '--header' : '--no-header';
  if (option === 'comment') return value === false ? '--no-comment' : '--comment';
  return { delimiter: '--delimiter', decimal: '--decimal', skipLines: '--skip', tempCopy: '--no-temp-copy' }[option] ?? option;
}

export function openData(path: string, model: string, flags: DataFlags): Data {
  checkFile(path);
  return flags.columns !== undefined || flags.dtype !== undefined ? openBinary(path, model, flags) : openText(path, model, flags);
}

function openText(path: string, model: string, flags: DataFlags): Data {
  // The reader checks the values (a decimal that is not '.' or ','), in its words, which main.ts says in flags.
  const options: CsvFileOptions = { x: flags.x, y: flags.y, sigma: flags.sigma, ...flags.text, decimal: flags.text.decimal as CsvFileOptions['decimal'] };
  // Only the options given: the reader decides the rest.
  for (const key of Object.keys(options) as (keyof CsvFileOptions)[]) if (options[key] === undefined) delete options[key];
  const source = fromCsvFile(path, options);
  const { columns, format } = source;
  const xColumn = columns.x[0];
  checkDistinct([xColumn, columns.y, columns.sigma]);
  return { source, variable: modelVariable(model, xColumn), xColumn, yColumn: columns.y, sigmaColumn: columns.sigma, named: format.header !== undefined };
}

function openBinary(path: string, model: string, flags: DataFlags): Data {
  const text = Object.entries(flags.text).find(([, value]) => value !== undefined);
  if (text) throw new UsageError(`${textFlag(text[0], text[1])} is for text files, but --columns/--dtype read a binary file; give one or the other`);
  if (flags.columns === undefined) throw new UsageError('--dtype needs --columns, which names the values of a record, such as --columns x,y');
  if (flags.dtype !== undefined && flags.dtype !== 'f64' && flags.dtype !== 'f32') {
    throw new UsageError(`--dtype ${JSON.stringify(flags.dtype)} is not a dtype; expected f64 or f32`);
  }
  const record = recordNames(flags.columns);
  const names = record.filter((name) => name !== '_');
  const where = `--columns ${flags.columns}`;
  if (names.length === 1 && (flags.x === undefined || flags.y === undefined)) {
    throw new UsageError(`${where} names one column, ${quote(names[0])}; expected two or more, x and y`);
  }
  const pick = (flag: 'x' | 'y' | 'sigma', column: string | number): string => {
    const name = typeof column === 'number' ? record[column - 1] : column;
    if (name === undefined || name === '_' || !names.includes(name)) {
      const asked = typeof column === 'number' ? `position ${column}` : quote(column);
      throw new UsageError(`--${flag} ${asked} is not a column of ${where}; the columns are ${names.map(quote).join(', ')}`);
    }
    return name;
  };
  const xColumn = pick('x', flags.x ?? names[0]);
  const yColumn = pick('y', flags.y ?? names[1]);
  const sigmaColumn = flags.sigma === undefined ? undefined : pick('sigma', flags.sigma);
  checkDistinct([xColumn, yColumn, sigmaColumn]);
  // The record's values by what they are to the fit: x, y, sigma, or '_' for the rest.
  const layout = record.map((name) => (name === xColumn ? 'x' : name === yColumn ? 'y' : name === sigmaColumn ? 'sigma' : '_'));
  const source = fromBinaryFile(path, { columns: layout, dtype: flags.dtype as 'f64' | 'f32' | undefined });
  return { source, variable: modelVariable(model, xColumn), xColumn, yColumn, sigmaColumn, named: true };
}

const quote = (name: string) => JSON.stringify(name);

function checkDistinct(chosen: (string | undefined)[]): void {
  const names = chosen.filter((name) => name !== undefined);
  if (new Set(names).size !== names.length) throw new UsageError(`--x, --y and --sigma name the same column (${names.map(quote).join(', ')}); expected different columns`);
}

/** `--columns t,v,_`: distinct names, '_' for values to skip. */
function recordNames(text: string): string[] {
  const names = text.split(',').map((name) => name.trim());
  names.forEach((name, k) => {
    if (name === '') throw new UsageError(`--columns ${quote(text)} has an empty name; expected names such as --columns x,y or t,v,err`);
    if (name !== '_' && names.indexOf(name) !== k) throw new UsageError(`--columns ${quote(text)} names ${quote(name)} twice; expected each column once ('_' for values to skip)`);
  });
  return names;
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
