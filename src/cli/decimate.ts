/**
 * The plot's data, decimated in one streaming pass over the file: for each pixel column across
 * the x range, the min and max of y and of the residual y − f(x) at the fitted parameters.
 * Drawn as one vertical stroke per column, that is exactly what a plot of every point would
 * show at that resolution, for a few kB whatever the number of rows.
 */
import { evaluateProgram, type CompiledProgram } from '../models/expression/index.ts';
import type { FileSource } from '../node.ts';
import { xOf } from './x-range.ts';

export interface Bins {
  /** The x range the columns divide evenly; lo < hi. */
  lo: number;
  hi: number;
  /** Per column; empty columns have count 0 and ±Infinity extremes. */
  count: Float64Array;
  yMin: Float64Array;
  yMax: Float64Array;
  residualMin: Float64Array;
  residualMax: Float64Array;
}

export function decimate(
  file: FileSource, variable: string, program: CompiledProgram, theta: ArrayLike<number>,
  [lo, hi]: [number, number], columns: number, onRows?: (rows: number) => void,
): Bins {
  const bins: Bins = {
    lo, hi,
    count: new Float64Array(columns),
    yMin: new Float64Array(columns).fill(Infinity),
    yMax: new Float64Array(columns).fill(-Infinity),
    residualMin: new Float64Array(columns).fill(Infinity),
    residualMax: new Float64Array(columns).fill(-Infinity),
  };
  const scale = columns / (hi - lo);
  let rows = 0;
  for (const chunk of file.chunks()) {
    const x = xOf(chunk, variable);
    const y = chunk.y;
    const f = evaluateProgram(program, theta, [x], x.length).value;
    for (let i = 0; i < x.length; i++) {
      const k = Math.min(columns - 1, Math.floor((x[i] - lo) * scale)); // x = hi: the last column
      const residual = y[i] - f[i];
      bins.count[k]++;
      if (y[i] < bins.yMin[k]) bins.yMin[k] = y[i];
      if (y[i] > bins.yMax[k]) bins.yMax[k] = y[i];
      if (residual < bins.residualMin[k]) bins.residualMin[k] = residual;
      if (residual > bins.residualMax[k]) bins.residualMax[k] = residual;
    }
    rows += x.length;
    onRows?.(rows);
  }
  return bins;
}
