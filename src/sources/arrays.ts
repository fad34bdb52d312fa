/**
 * In-memory columns: x, y and sigma given as Float64Array, Float32Array or number[].
 *
 * A column is never copied whole: each pass copies one chunk at a time into the arena window
 * (typed arrays with one `set` of a subarray, which also widens Float32 to f64; plain arrays
 * element by element). Nothing here keeps a reference to the user's arrays after a fit.
 */
import { FitError, describe } from '../errors.ts';

export type NumericArray = Float64Array | Float32Array | ArrayLike<number>;

type TypedColumn = Float64Array | Float32Array;

/** Checks that `value` is a column of numbers; `name` is how messages name it. */
export function asColumn(value: unknown, name: string): NumericArray {
  if (value instanceof Float64Array || value instanceof Float32Array || Array.isArray(value)) return value;
  throw new FitError('INVALID_ARGUMENT', `${name} is ${describe(value)}; expected a Float64Array, Float32Array or number[]`);
}

function isTyped(column: NumericArray): column is TypedColumn {
  return ArrayBuffer.isView(column);
}

/**
 * Copies rows [start, start + rows) of `column` into `target` (a view of the arena window).
 * With `checkTypes` (first pass only), a plain array's non-number entry is an error here;
 * NaN and ±∞ are found inside WASM by the data scan.
 */
export function copyRows(target: Float64Array, column: NumericArray, start: number, rows: number, name: string, checkTypes: boolean): void {
  if (isTyped(column)) {
    target.set(column.subarray(start, start + rows));
    return;
  }
  for (let i = 0; i < rows; i++) {
    const v = column[start + i];
    if (checkTypes && typeof v !== 'number') {
      throw new FitError('INVALID_ARGUMENT', `${name}[${start + i}] is ${describe(v)}; expected a number`);
    }
    target[i] = v;
  }
}
