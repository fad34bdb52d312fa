/**
 * fromCsvFile: a chunk source over a delimited text file — CSV, TSV, semicolon-separated with
 * decimal commas, whitespace-aligned columns, a NIST .dat table — for fits over files larger than
 * memory. The text is read by the reader parseDelimited uses too (sources/text/reader.ts: the
 * encoding, the delimiter, the decimal separator, the header, comments, quotes, missing values
 * and every error), fed with the file's bytes a block at a time; this file does the I/O.
 *
 * The first pass parses the text and writes the requested columns to a temporary binary copy
 * (temp-copy.ts); the passes after it read the copy, which costs about what fromBinaryFile costs,
 * instead of parsing again. The copy is dropped when a fit ends (release()), when a pass is left
 * early, when a write fails, or when the file changes; options.tempCopy false does without it.
 */
import { closeSync, fstatSync, openSync } from 'node:fs';
// FitError from errors.ts, which the arenafit/node bundle takes from the main bundle (build/build.mjs):
// arenafit/node throws the class arenafit exports.
import { FitError } from '../../errors.ts';
import { describe } from '../../describe.ts';
import { DOT } from '../text/bytes.ts';
import type { ColumnRequest } from '../text/columns.ts';
import type { TextEncoding, Sniffed } from '../text/decode.ts';
import { columnName, type Layout } from '../text/layout.ts';
import { delimiterOption, type Where } from '../text/messages.ts';
import { DelimitedReader } from '../text/reader.ts';
import { checkColumn, READER_OPTIONS, readRules, type DelimitedTextOptions, type Rules } from '../text/rules.ts';
import { readBlock } from './binary.ts';
import {
  BLOCK_BYTES, BufferPool, CHUNK_ROWS, checkKeys, chunkOf as fileChunk, fileSize, openForPass, positiveInteger,
  type FileChunk, type FileSource,
} from './file.ts';
import { stampOf, TempCopy, type CopyWriter } from './temp-copy.ts';

export interface CsvFileOptions extends DelimitedTextOptions {
  /**
   * The x column: its name in the header, or its position from 1. Default 1. A list of columns
   * becomes named columns `{ time, dose }` that the model refers to by name: a name stays itself; a
   * position takes the header's name for it, or without one `x1`, `x2`, … by its place in the list.
   */
  x?: string | number | (string | number)[];
  /** The y column, as x. Default 2. */
  y?: string | number;
  /** A column of standard deviations of y, as x. Default: none. */
  sigma?: string | number;
  /**
   * Whether later passes read a temporary binary copy of the parsed columns instead of parsing
   * the text again — a fit pass over 10⁷ rows of x, y and sigma (280 MB of text) took 1.3 s
   * parsed and 0.1 s from the copy — for 8 bytes a value in os.tmpdir() (240 MB there; in memory
   * where /tmp is a tmpfs), removed when the fit ends. Default true; false where nothing may be
   * written.
   */
  tempCopy?: boolean;
  /** Rows per chunk handed to the fit; default 65,536. */
  chunkRows?: number;
  /** Bytes per read; default 1 MiB. */
  blockBytes?: number;
}

/** How the file was read: given or detected. */
export interface CsvFormat {
  /** ',', ';', '\t', another character, or ' ' for runs of spaces and tabs. */
  delimiter: string;
  decimal: '.' | ',';
  /** The columns' names (a header row's, or a `# x y sigma` comment line's); undefined when they have none. */
  header: string[] | undefined;
  encoding: TextEncoding;
  skipLines: number;
}

export interface CsvFileSource extends FileSource {
  readonly format: CsvFormat;
  /** The chosen columns' names: the header's, or 'column 3' by position. */
  readonly columns: { x: string[]; y: string; sigma: string | undefined };
  /** Where row `row` of the chunks is (0-based), as `"decay.csv" line 7`; reads the file again to find it. */
  locateRow(row: number): string;
  /** Drops the temporary copy (the fit has ended); the source stays usable. */
  release(): void;
}

const KNOWN = ['x', 'y', 'sigma', ...READER_OPTIONS, 'tempCopy', 'chunkRows', 'blockBytes'];

/** What every pass over one source needs. */
interface Plan {
  path: string;
  size: number;
  where: Where;
  rules: Rules;
  requests: ColumnRequest[];
  layout: Layout;
  sniffed: Sniffed;
  /** The named x columns' names (x given as a list); undefined for the one plain x. */
  xNames: string[] | undefined;
  hasSigma: boolean;
  chunkRows: number;
  blockBytes: number;
}

interface Buffers {
  block: Uint8Array;
  columns: Float64Array[];
}

/**
 * Streams columns of a delimited text file into a fit, a block (1 MiB) and a chunk of rows in
 * memory whatever the file's size. The format is found as parseDelimited finds it — UTF-8 or
 * UTF-16, the delimiter, a decimal comma, a header row (else columns 'column 1', 'column 2', …),
 * `#` comments and blank lines skipped, quoted fields, empty cells and NA read as NaN for the
 * fit's nanPolicy — and told in `source.format`. The first rows are read now, so a missing column
 * or a file that is not a table fails here, before any fit, naming the line and the option that
 * would fix it (options.skipLines above a table's title lines, options.decimal, options.delimiter…).
 *
 * The first pass parses the text (~5 ns a byte) and keeps the parsed columns in a temporary binary
 * copy that later passes read instead (options.tempCopy). Each pass reuses the same Float64Arrays
 * for every chunk: a consumer must copy a chunk before asking for the next (curveFit does).
 *
 * @example
 * import { curveFitSync, fromCsvFile } from 'arenafit/node';
 * const source = fromCsvFile('decay.csv', { x: 'time', y: 'signal', sigma: 'error' });
 * const r = curveFitSync('a*exp(-b*x) + c', source, { p0: { a: 1, b: 1, c: 0 } });
 */
export function fromCsvFile(path: string, options: CsvFileOptions = {}): CsvFileSource {
  const o = checkKeys(options, KNOWN, "{ x: 'time', y: 'signal' }");
  const list = Array.isArray(o.x);
  const xs = list ? (o.x as unknown[]).map((c, k) => checkColumn(c, `options.x[${k}]`, FitError)) : [checkColumn(o.x, 'options.x', FitError)];
  if (list && xs.length === 0) throw new FitError('INVALID_OPTION', "options.x is an empty array; expected a column such as 'time' or 1, or a list of them");
  if (list && xs.some((c) => c === undefined)) throw new FitError('INVALID_OPTION', `options.x is [${(o.x as unknown[]).map((c) => describe(c)).join(', ')}]; expected column names or positions from 1`);
  const requests: ColumnRequest[] = xs.map((column, k) => ({ option: list ? `options.x[${k}]` : 'options.x', column, fallback: 1 }));
  requests.push({ option: 'options.y', column: checkColumn(o.y, 'options.y', FitError), fallback: 2 });
  const sigma = checkColumn(o.sigma, 'options.sigma', FitError);
  if (sigma !== undefined) requests.push({ option: 'options.sigma', column: sigma });
  const rules = readRules(o, FitError);
  if (o.tempCopy !== undefined && typeof o.tempCopy !== 'boolean') {
    throw new FitError('INVALID_OPTION', `options.tempCopy is ${describe(o.tempCopy)}; expected true (the default: later passes read a binary copy) or false`);
  }
  const chunkRows = positiveInteger(o, 'chunkRows', CHUNK_ROWS);
  const blockBytes = positiveInteger(o, 'blockBytes', BLOCK_BYTES);
  const size = fileSize(path);
  const where: Where = { file: path, FitError };
  const { layout, sniffed } = readLayout(path, size, blockBytes, where, rules, requests);

  const xFields = layout.fields.slice(0, xs.length);
  let xNames: string[] | undefined;
  if (list) {
    xNames = xs.map((column, k) => (typeof column === 'string' ? column : layout.header?.[xFields[k]] || `x${k + 1}`));
    const twice = xNames.find((name, k) => xNames!.indexOf(name) !== k);
    if (twice !== undefined) throw new FitError('INVALID_OPTION', `options.x is [${(o.x as unknown[]).map((c) => describe(c)).join(', ')}], which names the column ${JSON.stringify(twice)} twice; expected each column once`);
  }
  const plan: Plan = { path, size, where, rules, requests, layout, sniffed, xNames, hasSigma: sigma !== undefined, chunkRows, blockBytes };
  const pool = new BufferPool<Buffers>();
  const copy = o.tempCopy === false ? undefined : new TempCopy(requests.length);
  const named = (field: number) => columnName(layout, field);
  return {
    format: {
      delimiter: delimiterOption(layout.delimiter),
      decimal: layout.decimal === DOT ? '.' : ',',
      header: layout.header,
      encoding: sniffed.encoding,
      skipLines: rules.skipLines,
    },
    columns: {
      x: xFields.map(named),
      y: named(layout.fields[xs.length]),
      sigma: sigma === undefined ? undefined : named(layout.fields[xs.length + 1]),
    },
    chunks: () => (copy?.usable(path) ? copyPass(plan, copy, pool) : textPass(plan, pool, copy)),
    locateRow: (row: number) => locateRow(plan, row),
    release: () => copy?.release(),
  };
}

/** The layout, from the first rows of the file (read now, so that a bad column or file fails before a fit). */
function readLayout(path: string, size: number, blockBytes: number, where: Where, rules: Rules, requests: ColumnRequest[]): { layout: Layout; sniffed: Sniffed } {
  const fd = openForPass(path, size);
  try {
    const reader = new DelimitedReader({ where, rules, requests, chunkRows: 1 });
    const block = new Uint8Array(Math.min(blockBytes, 1 << 16));
    let position = 0;
    while (reader.layout === undefined && position < size) {
      const n = readBlock(fd, block, Math.min(block.length, size - position), position, path, size);
      position += n;
      reader.push(block.subarray(0, n));
    }
    if (position === size) reader.end();
    const layout = reader.layout!;
    // A header with nothing under it (a template, an export of an empty sheet) is said now, of
    // the file — not at the fit, as a source that gave no rows. Known when the file was read whole.
    if (position === size && layout.headerRow && !reader.next()) {
      throw new FitError('INVALID_FILE', `${JSON.stringify(path)} has a header (line ${layout.firstLine}) but no rows under it; expected rows of numbers under the header`);
    }
    return { layout, sniffed: reader.sniffed! };
  } finally {
    closeSync(fd);
  }
}

/** One pass over the text, parsed a block at a time; the chunks also go to `copy` when one can be written. */
function* textPass(plan: Plan, pool: BufferPool<Buffers>, copy: TempCopy | undefined): Generator<FileChunk, void, undefined> {
  const { path, size, chunkRows, blockBytes } = plan;
  const buffers = pool.take(() => ({ block: new Uint8Array(blockBytes), columns: plan.requests.map(() => new Float64Array(chunkRows)) }));
  const { block, columns } = buffers;
  let fd: number | undefined;
  let writer: CopyWriter | undefined;
  let complete = false;
  try {
    fd = openForPass(path, size);
    writer = copy?.begin(stampOf(fstatSync(fd)));
    const reader = new DelimitedReader({ ...plan, encoding: plan.sniffed, columns });
    const scanner = reader.scanner!;
    for (let position = 0; ; ) {
      const n = readBlock(fd, block, Math.min(block.length, size - position), position, path, size);
      position += n;
      // The last block is pushed as part of end(): a row without a final line end is then complete.
      reader.push(block.subarray(0, n));
      if (position === size) reader.end();
      while (reader.next()) {
        writer?.write(columns, scanner.rows);
        yield chunkOf(plan, columns, scanner.rows);
      }
      if (position === size) break;
    }
    complete = true;
  } finally {
    if (writer !== undefined) {
      let now;
      try {
        now = fd === undefined ? undefined : stampOf(fstatSync(fd));
      } catch {
        now = undefined;
      }
      writer.finish(complete, now);
    }
    if (fd !== undefined) closeSync(fd);
    pool.give(buffers);
  }
}

/** One pass over the binary copy the first pass wrote: the same chunks, 8 bytes a value. */
function* copyPass(plan: Plan, copy: TempCopy, pool: BufferPool<Buffers>): Generator<FileChunk, void, undefined> {
  const buffers = pool.take(() => ({ block: new Uint8Array(plan.blockBytes), columns: plan.requests.map(() => new Float64Array(plan.chunkRows)) }));
  try {
    for (const rows of copy.read(buffers.columns, `the temporary copy of ${JSON.stringify(plan.path)}`)) yield chunkOf(plan, buffers.columns, rows);
  } finally {
    pool.give(buffers);
  }
}

/** The chunk of the first `rows` rows: x (one, or named), y, sigma, in the order the columns were requested. */
function chunkOf(plan: Plan, columns: Float64Array[], rows: number): FileChunk {
  const xCount = plan.xNames?.length ?? 1;
  return fileChunk(columns.slice(0, xCount), columns[xCount], plan.hasSigma ? columns[xCount + 1] : undefined, rows, plan.xNames);
}

/** `"decay.csv" line 7` for row `row` of the chunks, found by reading the text again; by its number when it cannot be found. */
function locateRow(plan: Plan, row: number): string {
  const name = JSON.stringify(plan.path);
  const fallback = `${name} data row ${row + 1}`;
  if (!Number.isInteger(row) || row < 0) return fallback;
  let fd: number | undefined;
  try {
    fd = openSync(plan.path, 'r');
    const reader = new DelimitedReader({ ...plan, encoding: plan.sniffed, locate: true });
    const scanner = reader.scanner!;
    const block = new Uint8Array(plan.blockBytes);
    const size = fstatSync(fd).size;
    let before = 0;
    for (let position = 0; ; ) {
      const n = readBlock(fd, block, Math.min(block.length, size - position), position, plan.path, size);
      position += n;
      reader.push(block.subarray(0, n));
      if (position === size) reader.end();
      while (reader.next()) {
        if (row < before + scanner.rows) return `${name} line ${scanner.rowLines![row - before]}`;
        before += scanner.rows;
      }
      if (position === size) return fallback;
    }
  } catch {
    return fallback; // the file changed or went away since: its row number is all there is to say
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
