/**
 * In-memory data: x (one column, or named columns for several variables), y and sigma given
 * as Float64Array, Float32Array or number[].
 *
 * A column is never copied whole: each pass copies one chunk at a time into the arena window
 * (typed arrays with one `set` of a subarray, which also widens Float32 to f64; plain arrays
 * element by element). With nanPolicy 'omit', rows holding NaN in x, y or sigma are skipped —
 * decided from the data alone, so every pass sees the same rows. Nothing here keeps a
 * reference to the user's arrays after a fit.
 */
import { FitError, describe } from '../errors.ts';

export type NumericArray = Float64Array | Float32Array | ArrayLike<number>;

/** x as one column, or as named columns `{ x1, x2 }` whose names the model uses. */
export type XInput = NumericArray | Record<string, NumericArray>;

/** Checks that `value` is a column of numbers; `name` is how messages name it. */
export function asColumn(value: unknown, name: string): NumericArray {
  if (value instanceof Float64Array || value instanceof Float32Array || Array.isArray(value)) return value;
  throw new FitError('INVALID_ARGUMENT', `${name} is ${describe(value)}; expected a Float64Array, Float32Array or number[]`);
}

export interface DataColumns {
  /** Variable names: ['x'] for a single column, else the named columns' keys. */
  variables: string[];
  /** How messages name each x column: 'x' or 'x.x1'. */
  labels: string[];
  x: NumericArray[];
  y: NumericArray;
  sigma: NumericArray | undefined;
  rows: number;
}

export function readColumns(xIn: unknown, yIn: unknown, sigmaIn: unknown): DataColumns {
  let variables = ['x'];
  let labels = ['x'];
  let x: NumericArray[];
  if (xIn !== null && typeof xIn === 'object' && !Array.isArray(xIn) && !ArrayBuffer.isView(xIn)) {
    variables = Object.keys(xIn);
    if (variables.length === 0) throw new FitError('INVALID_ARGUMENT', 'x is an object with no columns; expected named columns such as { x1, x2 }');
    labels = variables.map((name) => `x.${name}`);
    x = variables.map((name, k) => asColumn((xIn as Record<string, unknown>)[name], labels[k]));
    for (let k = 1; k < x.length; k++) {
      if (x[k].length !== x[0].length) {
        throw new FitError('LENGTH_MISMATCH', `${labels[k]} has ${x[k].length} rows and ${labels[0]} has ${x[0].length}; expected named columns of the same length`);
      }
    }
  } else {
    x = [asColumn(xIn, 'x')];
  }
  const y = asColumn(yIn, 'y');
  const sigma = sigmaIn === undefined ? undefined : asColumn(sigmaIn, 'options.sigma');
  if (x[0].length !== y.length) {
    throw new FitError('LENGTH_MISMATCH', `${labels[0]} has ${x[0].length} rows and y has ${y.length}; expected the same number`);
  }
  if (sigma && sigma.length !== y.length) {
    throw new FitError('LENGTH_MISMATCH', `options.sigma has ${sigma.length} rows and y has ${y.length}; expected the same number`);
  }
  return { variables, labels, x, y, sigma, rows: y.length };
}

function isTyped(column: NumericArray): column is Float64Array | Float32Array {
  return ArrayBuffer.isView(column);
}

/** Where one chunk's columns go: views of the arena window, or JS scratch arrays for callbacks. */
export interface ChunkTargets {
  x: Float64Array[];
  y: Float64Array;
  sigma: Float64Array | undefined;
}

/** Streams the rows of in-memory columns, chunk by chunk, pass after pass. */
export class ArrayRows {
  readonly data: DataColumns;
  readonly omitNaN: boolean;
  /** Rows skipped for NaN, counted on the first pass (nanPolicy 'omit'). */
  omitted = 0;
  #next = 0;
  #sourceRows: Int32Array | undefined;

  constructor(data: DataColumns, omitNaN: boolean, chunkRows: number) {
    this.data = data;
    this.omitNaN = omitNaN;
    if (omitNaN) this.#sourceRows = new Int32Array(chunkRows);
  }

  rewind(): void {
    this.#next = 0;
  }

  /** The user's row index of row i of the chunk just filled. */
  sourceRow(chunkStart: number, i: number): number {
    return this.#sourceRows ? this.#sourceRows[i] : chunkStart + i;
  }

  /** Fills up to `max` rows into the targets; returns how many (0 at the end of the data). */
  fill(targets: ChunkTargets, max: number, first: boolean): number {
    const { data } = this;
    const start = this.#next;
    if (start >= data.rows) return 0;
    if (!this.omitNaN) {
      const n = Math.min(max, data.rows - start);
      data.x.forEach((column, k) => copyRows(targets.x[k], column, start, n, data.labels[k], first));
      copyRows(targets.y, data.y, start, n, 'y', first);
      if (data.sigma) copyRows(targets.sigma!, data.sigma, start, n, 'options.sigma', first);
      this.#next = start + n;
      return n;
    }
    // Omit rows with NaN anywhere: one row at a time, so the chunk holds only kept rows.
    const rows = this.#sourceRows!;
    let n = 0;
    let i = start;
    for (; i < data.rows && n < max; i++) {
      let keep = !Number.isNaN(Number(data.y[i])) && !(data.sigma && Number.isNaN(Number(data.sigma[i])));
      for (let k = 0; keep && k < data.x.length; k++) keep = !Number.isNaN(Number(data.x[k][i]));
      if (!keep) {
        if (first) this.omitted++;
        continue;
      }
      if (first) checkNumber(data, i);
      for (let k = 0; k < data.x.length; k++) targets.x[k][n] = data.x[k][i];
      targets.y[n] = data.y[i];
      if (data.sigma) targets.sigma![n] = data.sigma[i];
      rows[n++] = i;
    }
    this.#next = i;
    return n;
  }
}

// A plain array may hold anything: reject non-numbers before Float64Array turns "3" into 3.
function checkNumber(data: DataColumns, i: number): void {
  data.x.forEach((column, k) => checkEntry(column, i, data.labels[k]));
  checkEntry(data.y, i, 'y');
  if (data.sigma) checkEntry(data.sigma, i, 'options.sigma');
}

function checkEntry(column: NumericArray, i: number, name: string): void {
  const v = column[i];
  if (typeof v !== 'number') throw new FitError('INVALID_ARGUMENT', `${name}[${i}] is ${describe(v)}; expected a number`);
}

/**
 * Copies rows [start, start + rows) of `column` into `target`. With `checkTypes` (first pass
 * only), a plain array's non-number entry is an error here; NaN and ±∞ are found inside WASM
 * by the data scan.
 */
function copyRows(target: Float64Array, column: NumericArray, start: number, rows: number, name: string, checkTypes: boolean): void {
  if (isTyped(column)) {
    target.set(column.subarray(start, start + rows));
    return;
  }
  for (let i = 0; i < rows; i++) {
    const v = column[start + i];
    if (checkTypes && typeof v !== 'number') checkEntry(column, start + i, name);
    target[i] = v;
  }
}
