// Parallel passes (options.workers): the rows of every pass split between this thread and
// worker threads, the partial factors merged. Oracle: the same fit with workers: 1 — results
// must agree to 1e-10 relative (only the order of rounding changes).
import { describe, expect, it } from 'vitest';
import { createEngine, FitError, type FitOptions } from '../../src/index.ts';
import { synthetic } from '../support/synthetic.ts';

const engine = createEngine();
const rel = (a: number, b: number) => (a === b ? 0 : Math.abs(a - b) / Math.abs(b));
const data = synthetic(300_000, (t) => 2.5 * Math.exp(-1.3 * t) + 0.5, 0.01, 51);

async function compare(model: string, x: unknown, y: ArrayLike<number>, options: FitOptions) {
  const one = await engine.curveFit(model, x as Float64Array, y, { ...options, chunkRows: 20_000 });
  for (const workers of [2, 3]) {
    const many = await engine.curveFit(model, x as Float64Array, y, { ...options, chunkRows: 20_000, workers });
    for (const name of one.names) {
      expect(rel(many.params[name], one.params[name])).toBeLessThan(1e-10);
      if (one.errors[name] > 0) expect(rel(many.errors[name], one.errors[name])).toBeLessThan(1e-10);
    }
    expect(rel(many.chi2, one.chi2)).toBeLessThan(1e-10);
    expect(rel(many.rSquared, one.rSquared)).toBeLessThan(1e-10);
    expect(many.rows).toBe(one.rows);
  }
  return one;
}

describe('parallel passes', () => {
  it('give the single-worker answer: plain least squares', async () => {
    await compare('a*exp(-b*x) + c', data.x, data.y, { p0: { a: 1, b: 1, c: 0 } });
  });

  it('… with sigma, a robust loss and bounds (the ∂f/∂θ covariance pass)', async () => {
    await compare('a*exp(-b*x) + c', data.x, data.y, { p0: { a: 1, b: 1, c: 0 }, sigma: data.sigma, loss: 'soft_l1', fScale: 2, bounds: { b: [0, 10], c: [-1, 2] } });
  });

  it('… with Float32 input and named columns', async () => {
    await compare('a*exp(-b*t) + c', { t: Float32Array.from(data.x) }, Float32Array.from(data.y), { p0: { a: 1, b: 1, c: 0 } });
  });

  it('report bad data in a worker\'s share with the right row, and a model not finite at the start', async () => {
    const bad = Float64Array.from(data.y);
    bad[250_123] = NaN;
    const error = await engine.curveFit('a*exp(-b*x) + c', data.x, bad, { workers: 2, chunkRows: 20_000 }).catch((e: FitError) => e);
    expect((error as FitError).code).toBe('NON_FINITE_DATA');
    expect((error as FitError).message).toMatch(/y\[250123\] is NaN/);
    const start = await engine.curveFit('a*log(x - b)', data.x, data.y, { p0: { a: 1, b: 5 }, workers: 2, chunkRows: 20_000 }).catch((e: FitError) => e);
    expect((start as FitError).code).toBe('NON_FINITE_MODEL');
    expect(engine.memory().usedBytes).toBe(0);
  });

  it('are refused by curveFitSync and for callback models, with INVALID_OPTION', async () => {
    const code = (run: () => unknown) => { try { run(); } catch (e) { return (e as FitError).code; } return 'none'; };
    expect(code(() => engine.curveFitSync('a*x', data.x, data.y, { workers: 2 }))).toBe('INVALID_OPTION');
    const callback = await engine.curveFit((t: number, p: Float64Array) => p[0] * t, data.x, data.y, { p0: [1], workers: 2 }).catch((e: FitError) => e.code);
    expect(callback).toBe('INVALID_OPTION');
  });

  it('stop on abort and leave the engine ready', async () => {
    const controller = new AbortController();
    const aborted = await engine.curveFit('a*exp(-b*x) + c', data.x, data.y, {
      workers: 2, chunkRows: 10_000, signal: controller.signal, onProgress: ({ pass }) => pass === 1 && controller.abort(),
    }).catch((e: FitError) => e.code);
    expect(aborted).toBe('ABORTED');
    expect(engine.memory().usedBytes).toBe(0);
    expect((await engine.curveFit('a*exp(-b*x) + c', data.x, data.y, { workers: 2 })).converged).toBe(true);
  });
});
