/**
 * Synthetic data made in the page: y = f(x) + N(0, noise²) on an even grid of x, from a seeded
 * generator, so a seed and a size always give the same points. Written straight into two
 * Float64Arrays (16 bytes a point: 160 MB at 10⁷) in slices, yielding between them so the page
 * keeps drawing while 10⁷ points are made (~0.5 s).
 */
import type { Dataset } from './dataset.ts';
import { datasetOf } from './dataset.ts';
// The same seeded generator as the Node demo and the tests (mulberry32).
import { uniform as seededUniform } from '../../shared/synthetic.ts';

export interface Shape {
  /** The built-in model (or sum of them) that describes it, chosen in the model list with it. */
  model: string;
  lo: number;
  hi: number;
  f(x: number): number;
}

export const SHAPES: Record<string, Shape> = {
  decay: { model: 'exponential', lo: 0, hi: 5, f: (x) => 2.5 * Math.exp(-1.3 * x) + 0.5 },
  peak: { model: 'gaussian', lo: 0, hi: 10, f: (x) => 3 * Math.exp(-((x - 4.2) ** 2) / (2 * 0.8 ** 2)) + 0.2 },
  logistic: { model: 'logistic', lo: -5, hi: 5, f: (x) => 0.5 + 2 / (1 + Math.exp(-1.7 * (x - 0.6))) },
  sine: { model: 'sine', lo: 0, hi: 20, f: (x) => 1.5 * Math.sin(1.1 * x + 0.4) + 0.3 },
  peaks: {
    model: 'gaussian:g1_ + gaussian:g2_ + linear', lo: 0, hi: 10,
    f: (x) => 3 * Math.exp(-((x - 3.5) ** 2) / (2 * 0.5 ** 2)) + 2 * Math.exp(-((x - 6.5) ** 2) / (2 * 0.7 ** 2)) + 0.2 * x + 1,
  },
};

export const MAX_POINTS = 10_000_000;
const SLICE = 1 << 18;

export async function generate(
  shape: Shape, n: number, noise: number, seed: number, onSlice: (done: number) => void,
): Promise<Dataset> {
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const uniform = seededUniform(seed);
  const step = n > 1 ? (shape.hi - shape.lo) / (n - 1) : 0;
  for (let start = 0; start < n; start += SLICE) {
    const end = Math.min(n, start + SLICE);
    for (let i = start; i < end; i++) {
      // Box–Muller: 1 − u keeps the logarithm's argument in (0, 1].
      const normal = Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
      x[i] = shape.lo + i * step;
      y[i] = shape.f(x[i]) + noise * normal;
    }
    onSlice(end);
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  return datasetOf(x, y, `${n.toLocaleString('en')} generated points, seed ${seed}`);
}
