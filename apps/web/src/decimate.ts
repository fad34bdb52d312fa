/**
 * The plot's min and max per pixel column — of y, and of the residual y − f(x) once there is a
 * fit — gathered by the bins both plots share (apps/shared/bins.ts). The pass over the rows runs
 * in chunks (f is evaluated a chunk at a time: its registers stay small) and yields to the event
 * loop every ~8 ms, so the page keeps drawing frames; a newer call makes an older one return
 * undefined.
 */
import { addRows, emptyBins, type Bins } from '../../shared/bins.ts';
import type { Dataset } from './dataset.ts';

const CHUNK = 1 << 14;
const YIELD_MS = 8;
let generation = 0;

export async function decimate(
  data: Dataset, columns: number, curve?: (x: Float64Array) => Float64Array,
): Promise<Bins | undefined> {
  const mine = ++generation;
  const bins = emptyBins(data.xRange[0], data.xRange[1], columns);
  let lastYield = performance.now();
  for (let start = 0; start < data.x.length; start += CHUNK) {
    if (performance.now() - lastYield > YIELD_MS) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (mine !== generation) return undefined;
      lastYield = performance.now();
    }
    const x = data.x.subarray(start, start + CHUNK);
    addRows(bins, x, data.y.subarray(start, start + CHUNK), curve?.(x));
  }
  return mine === generation ? bins : undefined;
}
