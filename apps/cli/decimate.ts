/**
 * The plot's data, decimated in one streaming pass over the file: each chunk's rows and the
 * fitted curve at their x go into the pixel columns (shared/bins.ts), so the plot costs a few
 * kB whatever the number of rows.
 */
import type { CompiledModel, FileSource } from 'arenafit/node';
import { addRows, emptyBins, type Bins } from '../shared/bins.ts';
import { xOf } from './x-range.ts';

export function decimate(
  file: FileSource, variable: string, model: CompiledModel, values: ArrayLike<number>,
  [lo, hi]: [number, number], columns: number, onRows?: (rows: number) => void,
): Bins {
  const bins = emptyBins(lo, hi, columns);
  let rows = 0;
  for (const chunk of file.chunks()) {
    const x = xOf(chunk, variable);
    addRows(bins, x, chunk.y, model.evaluate(x, values));
    rows += x.length;
    onRows?.(rows);
  }
  return bins;
}
