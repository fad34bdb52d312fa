// A result from createWorkerFitter crosses from the worker as r.toJSON() and is made a FitResult
// again on this thread. Oracle: the same fit on the calling thread — the worker runs the same
// engine on the same rows — whose evaluate, band, derive, aic, bic and report it must equal.
import { afterAll, describe, expect, it } from 'vitest';
import { createWorkerFitter, curveFit, curveFitSync } from '../../src/index.ts';

const x = Array.from({ length: 60 }, (_, i) => i / 10);
const y = x.map((t, i) => 4 * Math.exp(-0.7 * t) + 2 * Math.exp(-1.4 * t) + 0.03 * Math.sin(11 * i));
const model = 'a*exp(-b*x) + c*exp(-d*x)';
const options = { p0: { a: 3, b: 1, c: 1 }, constraints: { d: '2*b' } };
const at = [0, 1.5, 8];
const fitter = createWorkerFitter();
afterAll(() => fitter.terminate());

describe('a result from a worker', () => {
  it('evaluates, bands, derives and reports as the same fit on this thread, its ties included', async () => {
    const here = curveFitSync(model, x, y, options);
    const there = await fitter.curveFit(model, x, y, options);
    expect(there.params).toEqual(here.params);
    expect(there.tied).toEqual({ d: '2*b' });
    expect(Array.from(there.evaluate(at))).toEqual(Array.from(here.evaluate(at)));
    expect(Array.from(there.band(at, { kind: 'prediction' }).upper)).toEqual(Array.from(here.band(at, { kind: 'prediction' }).upper));
    expect(there.derive('log(2)/d')).toEqual(here.derive('log(2)/d'));
    expect([there.aic, there.bic]).toEqual([here.aic, here.bic]);
    expect(there.report()).toBe(here.report());
    expect(() => structuredClone(there)).not.toThrow();
  });

  it('of a fit whose passes are split across workers (workers: 2) is the same, ties included', async () => {
    const here = curveFitSync(model, x, y, options);
    const split = await curveFit(model, x, y, { ...options, workers: 2, chunkRows: 16 });
    for (const name of here.names) expect(Math.abs(split.params[name] - here.params[name])).toBeLessThanOrEqual(1e-10 * Math.abs(here.params[name]));
    expect(split.tied).toEqual({ d: '2*b' });
  });

  it('is, like every result, cloneable: curveFit’s and curveFitSync’s too', async () => {
    for (const r of [await curveFit(model, x, y, options), curveFitSync(model, x, y, options)]) {
      expect(() => structuredClone(r)).not.toThrow();
      expect(JSON.parse(JSON.stringify(r)).covariance).toHaveLength(4);
    }
  });
});
