// Oracle: the fit itself at a different chunk size. Streaming the rows through the arena in
// chunks of 1, 7 or 4096 rows changes only the order of rounding in the folded factor, so the
// answers must agree to 1e-12 relative.
import { describe, expect, it } from 'vitest';
import { curveFitSync } from '../../src/index.ts';
import { synthetic } from '../support/synthetic.ts';

describe('chunk size', () => {
  const { x, y, sigma } = synthetic(5000, (t) => 2.5 * Math.exp(-1.3 * t) + 0.5, 0.01, 42);
  const fits = [1, 7, 4096].map((chunkRows) =>
    curveFitSync('a*exp(-b*x) + c', x, y, { p0: { a: 1, b: 1, c: 0 }, sigma, chunkRows }),
  );

  it('uses the chunk size it was given', () => {
    expect(fits.map((r) => r.memory.chunkRows)).toEqual([1, 7, 4096]);
  });

  for (const [i, chunkRows] of [[0, 1], [1, 7]] as const) {
    it(`gives the same parameters, errors and chi2 with ${chunkRows}-row chunks as with 4096`, () => {
      const a = fits[i];
      const b = fits[2];
      for (const name of b.names) {
        expect(Math.abs(a.params[name] - b.params[name]) / Math.abs(b.params[name])).toBeLessThan(1e-12);
        expect(Math.abs(a.errors[name] - b.errors[name]) / Math.abs(b.errors[name])).toBeLessThan(1e-12);
      }
      expect(Math.abs(a.chi2 - b.chi2) / b.chi2).toBeLessThan(1e-12);
      expect(a.iterations).toBe(b.iterations);
    });
  }
});
