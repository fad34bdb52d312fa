// Callback models against the same model as an expression (oracle: the expression's exact,
// symbolic Jacobian gives the reference answer).
import { describe, expect, it } from 'vitest';
import { curveFitSync, FitError } from '../../src/index.ts';
import { synthetic } from '../support/synthetic.ts';

const { x, y } = synthetic(300, (t) => 2.5 * Math.exp(-1.3 * t) + 0.5, 0.02, 31);
const p0 = { a: 1, b: 1, c: 0 };
const reference = curveFitSync('a*exp(-b*x) + c', x, y, { p0 });
const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('callback models', () => {
  it('a scalar callback with forward differences matches the expression to 1e-6', () => {
    const r = curveFitSync((t, p) => p[0] * Math.exp(-p[1] * t) + p[2], x, y, { p0 });
    expect(r.names).toEqual(['a', 'b', 'c']);
    for (const name of r.names) {
      expect(rel(r.params[name], reference.params[name])).toBeLessThan(1e-6);
      expect(rel(r.errors[name], reference.errors[name])).toBeLessThan(1e-4);
    }
  });

  it("central differences (diff: 'central') match to 1e-9", () => {
    const r = curveFitSync((t, p) => p[0] * Math.exp(-p[1] * t) + p[2], x, y, { p0, diff: 'central' });
    for (const name of r.names) expect(rel(r.params[name], reference.params[name])).toBeLessThan(1e-9);
  });

  it('a vectorised callback with an analytic jacobian matches to 1e-12', () => {
    const model = {
      evaluate(xs: Float64Array, p: Float64Array, out: Float64Array) {
        for (let i = 0; i < xs.length; i++) out[i] = p[0] * Math.exp(-p[1] * xs[i]) + p[2];
      },
      jacobian(xs: Float64Array, p: Float64Array, columns: Float64Array[]) {
        for (let i = 0; i < xs.length; i++) {
          const e = Math.exp(-p[1] * xs[i]);
          columns[0][i] = e;
          columns[1][i] = -p[0] * xs[i] * e;
          columns[2][i] = 1;
        }
      },
    };
    const r = curveFitSync(model, x, y, { p0, chunkRows: 64 });
    for (const name of r.names) expect(rel(r.params[name], reference.params[name])).toBeLessThan(1e-12);
  });

  it('names parameters p0, p1, … when p0 is an array, and works with fixed and bounds', () => {
    const r = curveFitSync((t, p) => p[0] * Math.exp(-p[1] * t) + p[2], x, y, { p0: [1, 1, 0.5], fixed: { p2: 0.5 }, bounds: { p1: [0, 10] } });
    expect(r.names).toEqual(['p0', 'p1', 'p2']);
    expect(r.params.p2).toBe(0.5);
    expect(r.params.p1).toBeCloseTo(1.3, 1);
  });

  it('a callback that throws is a CALLBACK_ERROR whose cause is its own error', () => {
    const own = new RangeError('model blew up');
    let error: unknown;
    try {
      curveFitSync(() => { throw own; }, x, y, { p0 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FitError);
    expect((error as FitError).code).toBe('CALLBACK_ERROR');
    expect((error as FitError).message).toMatch(/model blew up/);
    expect((error as FitError).cause).toBe(own);
  });

  it('a callback returning a non-number is a CALLBACK_ERROR naming the value and x', () => {
    expect(() => curveFitSync(() => 'abc' as unknown as number, x, y, { p0 })).toThrow(/returned "abc" at x = 0/);
  });
});
