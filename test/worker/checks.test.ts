// createWorkerFitter checks every argument as curveFit does, on the calling thread, before
// anything is posted. Oracle: the FitError code the same call gets from an engine on this
// thread — and never a raw TypeError, a DataCloneError, an unhandled rejection or a silent fit.
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine, createWorkerFitter, FitError } from '../../src/index.ts';
import { codeOf } from '../support/code-of.ts';

const model = 'a*exp(-b*x) + c';
const p0 = { a: 1, b: 1, c: 0 };
const x = Array.from({ length: 100 }, (_, i) => i / 10);
const y = x.map((t) => 2 * Math.exp(-0.7 * t) + 0.1 + 1e-3 * Math.sin(5 * t));
const fitter = createWorkerFitter();
const engine = createEngine();
afterAll(() => fitter.terminate());


// [what, args]: every call a FitError on the engine.
const CALLS: [string, unknown[]][] = [
  ['x of 100 rows with y of 60', [model, x, y.slice(0, 60), { p0 }]],
  ['a sigma longer than y', [model, x, y, { p0, sigma: new Array(120).fill(1) }]],
  ['an Int32Array x', [model, Int32Array.from(x, (v) => Math.round(v)), y, { p0 }]],
  ['a string cell in x', [model, x.map((v, i) => (i === 7 ? String(v) : v)), y, { p0 }]],
  ['onProgress: 5', [model, x, y, { p0, onProgress: 5 }]],
  ['no y', [model, x]],
  ['a function inside p0', [model, x, y, { p0: { a: () => 1, b: 1, c: 0 } }]],
  ['signal: "x" with a model that does not parse', ['a*(x', x, y, { signal: 'x' }]],
  ['an unknown option', [model, x, y, { p0, tolerance: 1e-9 }]],
  ['a bound that is not [lo, hi]', [model, x, y, { p0, bounds: { b: [1] } }]],
];

describe('createWorkerFitter refuses what an engine refuses', () => {
  for (const [what, args] of CALLS) {
    it(`${what}: the engine's code`, async () => {
      const expected = await codeOf(() => (engine.curveFit as (...a: unknown[]) => Promise<unknown>)(...args));
      expect(expected).not.toBe('none');
      expect(expected).not.toMatch(/^raw/);
      expect(await codeOf(() => (fitter.curveFit as (...a: unknown[]) => Promise<unknown>)(...args))).toBe(expected);
    });
  }

  it('refuses arenaBytes: 5 when the fitter is created, not at its first fit', () => {
    let code = '';
    try {
      createWorkerFitter({ arenaBytes: 5 });
    } catch (error) {
      code = (error as FitError).code;
    }
    expect(code).toBe('INVALID_OPTION');
  });

  it('refuses deterministic: "yes" when the fitter is created', () => {
    let code = '';
    try {
      createWorkerFitter({ deterministic: 'yes' as never });
    } catch (error) {
      code = (error as FitError).code;
    }
    expect(code).toBe('INVALID_OPTION');
  });

  it('still fits after refusing', async () => {
    const r = await fitter.curveFit(model, x, y, { p0 });
    expect(r.params).toEqual(engine.curveFitSync(model, x, y, { p0 }).params);
  });
});
