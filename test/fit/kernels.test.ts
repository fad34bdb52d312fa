// Oracle: the fit with the scalar kernels. The SIMD kernels fold the same rows in the same order
// (assembly/linalg/sweeps.ts keeps the partial sums lane for lane) and differ only in exp (the
// last bit or two: test/wasm/exp.test.ts) and in the order χ² is summed, so a fit must land on
// the same minimum: parameters, errors and χ² to 1e-10 relative — in every path of the block
// kernel: unweighted, with sigma, with a robust loss, with bounds, with a derivative that is
// a constant.
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine, type FitResult } from '../../src/index.ts';
import { coreModules, useScalarKernels } from '../../src/wasm/core.ts';
import { synthetic } from '../support/synthetic.ts';

const gaussian = synthetic(3001, (t) => 5 * Math.exp(-((t - 2) ** 2) / (2 * 0.7 ** 2)) + 0.3, 0.02, 11);
const decay = synthetic(2999, (t) => 2.5 * Math.exp(-1.3 * t) + 0.5, 0.01, 12);

const cases: [string, () => [string, Float64Array, Float64Array, Record<string, unknown>]][] = [
  ['a gaussian, unweighted', () => ['A*exp(-(x-mu)^2/(2*s^2)) + d', gaussian.x, gaussian.y, { p0: { A: 4, mu: 1.5, s: 1, d: 0 } }]],
  ['a decay with sigma', () => ['a*exp(-b*x) + c', decay.x, decay.y, { p0: { a: 1, b: 1, c: 0 }, sigma: decay.sigma }]],
  ['a decay with a robust loss', () => ['a*exp(-b*x) + c', decay.x, decay.y, { p0: { a: 1, b: 1, c: 0 }, loss: 'soft_l1', fScale: 0.02 }]],
  ['a decay with bounds', () => ['a*exp(-b*x) + c', decay.x, decay.y, { p0: { a: 1, b: 1, c: 0 }, bounds: { b: [0, 5] } }]],
];

function fitAll(): FitResult[] {
  const engine = createEngine({ arenaBytes: 1 << 20 });
  return cases.map(([, make]) => engine.curveFitSync(...make()));
}

describe('the SIMD and the scalar kernels', () => {
  afterAll(() => useScalarKernels(false));
  const simd = coreModules().simd;
  const fast = fitAll();
  useScalarKernels(true);
  const scalar = fitAll();
  const scalarUsed = !coreModules().simd;

  it('are both in use here: SIMD chosen by default on Node 20, scalar when asked', () => {
    expect(simd).toBe(true);
    expect(scalarUsed).toBe(true);
  });

  cases.forEach(([name], i) => {
    it(`give the same fit of ${name} to 1e-10`, () => {
      const a = fast[i];
      const b = scalar[i];
      expect(a.status).toBe(b.status);
      for (const p of b.names) {
        expect(Math.abs(a.params[p] - b.params[p]) / Math.abs(b.params[p])).toBeLessThan(1e-10);
        expect(Math.abs(a.errors[p] - b.errors[p]) / Math.abs(b.errors[p])).toBeLessThan(1e-10);
      }
      expect(Math.abs(a.chi2 - b.chi2) / b.chi2).toBeLessThan(1e-10);
    });
  });
});
