// Oracle: the fit with the scalar kernels. The SIMD kernels do the same operations on the same
// rows in the same order — f64x2 arithmetic is IEEE arithmetic lane by lane, exp is one
// definition (assembly/vm/exp.ts), partial sums are kept lane for lane (linalg/sweeps.ts,
// evaluate/block.ts) — so a fit gives the same bits whichever build the host runs: parameters,
// errors, χ² and iterations exactly equal, in every path of the block kernel (unweighted, with
// sigma, with a robust loss, with bounds, with a derivative that is a constant).
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

// deterministic: the SIMD build without fused multiply-adds, also where the host validates relaxed
// SIMD (whose fused build agrees to 1e-12 instead: test/fit/builds.test.ts).
function fitAll(): FitResult[] {
  const engine = createEngine({ arenaBytes: 1 << 20, deterministic: true });
  return cases.map(([, make]) => engine.curveFitSync(...make()));
}

describe('the SIMD and the scalar kernels', () => {
  afterAll(() => useScalarKernels(false));
  const simd = coreModules(true).simd;
  const fast = fitAll();
  useScalarKernels(true);
  const scalar = fitAll();
  const scalarUsed = !coreModules(true).simd;

  it('are both in use here: SIMD chosen for a deterministic engine, scalar when asked', () => {
    expect(simd).toBe(true);
    expect(scalarUsed).toBe(true);
  });

  cases.forEach(([name], i) => {
    it(`give the same bits for ${name}`, () => {
      const a = fast[i];
      const b = scalar[i];
      expect(a.status).toBe(b.status);
      expect(a.iterations).toBe(b.iterations);
      expect(a.params).toEqual(b.params);
      expect(a.errors).toEqual(b.errors);
      expect(a.chi2).toBe(b.chi2);
    });
  });
});
