/**
 * Min and max per pixel column — of y, and of the residual y − f(x) once there is a fit. One
 * vertical stroke per column from min to max is exactly what drawing every point would show at
 * that resolution, so 10⁷ points draw as ~1,000 strokes. The pass over the rows runs in
 * chunks (f is evaluated a chunk at a time: its registers stay small) and yields to the event
 * loop every ~8 ms, so the page keeps drawing frames; a newer call makes an older one return
 * undefined.
 */
import type { Dataset } from './dataset.ts';

export interface Bins {
  lo: number;
  hi: number;
  yMin: Float64Array;
  yMax: Float64Array;
  /** Present when a curve was given. */
  residualMin?: Float64Array;
  residualMax?: Float64Array;
}

const CHUNK = 1 << 14;
const YIELD_MS = 8;
let generation = 0;

export async function decimate(
  data: Dataset, columns: number, curve?: (x: Float64Array) => Float64Array,
): Promise<Bins | undefined> {
  const mine = ++generation;
  const [lo, hi] = data.xRange[0] < data.xRange[1] ? data.xRange : [data.xRange[0] - 0.5, data.xRange[0] + 0.5];
  const empty = (fill: number) => new Float64Array(columns).fill(fill);
  const bins: Bins = { lo, hi, yMin: empty(Infinity), yMax: empty(-Infinity) };
  if (curve) Object.assign(bins, { residualMin: empty(Infinity), residualMax: empty(-Infinity) });
  const scale = columns / (hi - lo);
  let lastYield = performance.now();
  for (let start = 0; start < data.x.length; start += CHUNK) {
    if (performance.now() - lastYield > YIELD_MS) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (mine !== generation) return undefined;
      lastYield = performance.now();
    }
    const x = data.x.subarray(start, start + CHUNK);
    const y = data.y.subarray(start, start + CHUNK);
    const f = curve?.(x);
    for (let i = 0; i < x.length; i++) {
      const k = Math.min(columns - 1, Math.floor((x[i] - lo) * scale)); // x = hi: the last column
      if (y[i] < bins.yMin[k]) bins.yMin[k] = y[i];
      if (y[i] > bins.yMax[k]) bins.yMax[k] = y[i];
      if (f) {
        const r = y[i] - f[i];
        if (r < bins.residualMin![k]) bins.residualMin![k] = r;
        if (r > bins.residualMax![k]) bins.residualMax![k] = r;
      }
    }
  }
  return mine === generation ? bins : undefined;
}
