// A callback model cannot break a fit: every fault is FitError CALLBACK_ERROR, and a callback
// that writes into the x or p it was given changes nothing. Oracles: the code; and for the
// writes, the same fit with a well-behaved callback (the closed form b = 0.7 of noise-free data).
import { describe, expect, it } from 'vitest';
import { curveFitSync, type VectorModel } from '../../src/index.ts';
import { thrown } from '../support/thrown.ts';

const x = Float64Array.from({ length: 200 }, (_, i) => i / 20);
const y = x.map((t) => 2 * Math.exp(-0.7 * t));
const p0 = { a: 1, b: 1 };
const evaluate: VectorModel['evaluate'] = (xs, p, out) => {
  for (let i = 0; i < xs.length; i++) out[i] = p[0] * Math.exp(-p[1] * xs[i]);
};

describe('a callback model that misbehaves', () => {
  const FAULTS: [string, unknown][] = [
    ['a jacobian that sets columns[0] = null', { evaluate, jacobian: (_xs: Float64Array, _p: Float64Array, columns: (Float64Array | null)[]) => void (columns[0] = null) }],
    ['a jacobian that puts a longer array in columns[0]', { evaluate, jacobian: (xs: Float64Array, _p: Float64Array, columns: Float64Array[]) => void (columns[0] = new Float64Array(xs.length + 5)) }],
    ['an evaluate that writes nothing', { evaluate: () => undefined }],
    ['a jacobian that writes nothing', { evaluate, jacobian: () => undefined }],
    ['an evaluate that throws', { evaluate: () => { throw new Error('boom'); } }],
    ['a scalar callback that returns a string', (t: number) => String(t)],
  ];
  for (const [what, model] of FAULTS) {
    it(`${what}: CALLBACK_ERROR`, () => {
      expect(thrown(() => curveFitSync(model as VectorModel, x, y, { p0 })).code).toBe('CALLBACK_ERROR');
    });
  }

  it('an onProgress that throws: CALLBACK_ERROR', () => {
    const onProgress = () => {
      throw new Error('progress bar gone');
    };
    expect(thrown(() => curveFitSync('a*exp(-b*x)', x, y, { p0, onProgress })).code).toBe('CALLBACK_ERROR');
  });

  it('a number[] whose element getter throws: CALLBACK_ERROR', () => {
    const ys = Array.from(y);
    Object.defineProperty(ys, 5, { get: () => { throw new Error('lazy cell failed'); } });
    expect(thrown(() => curveFitSync('a*exp(-b*x)', x, ys, { p0 })).code).toBe('CALLBACK_ERROR');
  });
});

describe('a callback model that writes into what it was given', () => {
  it('a scalar callback writing into p fits as if it had not', () => {
    const r = curveFitSync((t: number, p: Float64Array) => {
      const v = p[0] * Math.exp(-p[1] * t);
      p[1] = 1; // a careless write
      return v;
    }, x, y, { p0 });
    expect(r.params.b).toBeCloseTo(0.7, 8);
  });

  it('a vector evaluate writing into xs fits as if it had not', () => {
    const r = curveFitSync({
      evaluate(xs, p, out) {
        evaluate(xs, p, out);
        xs.fill(0); // a careless write
      },
    }, x, y, { p0 });
    expect(r.params.b).toBeCloseTo(0.7, 8);
  });
});
