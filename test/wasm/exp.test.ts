// The kernels' table-free exp (assembly/vm/exp.ts), run by the VM's `exp` row loop (vmRun) of the
// release kernel modules. Oracle: e^x in double-double arithmetic (≈ 106 bits: Cody–Waite
// reduction with ln 2 to 107 bits and a 27-term Taylor series), rounded to the nearest double;
// closed forms for the special values; JavaScript's Math.exp (< 1 ulp in V8's fdlibm) for the
// subnormal range. The scalar and SIMD builds must agree to the bit.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FORM_VV, OP_EXP } from '../../assembly/abi.ts';
import { uniform } from '../support/synthetic.ts';

const CODE = 8192; // below: the kernels' static data (the build checks it ends under 4096)
const VECTORS = CODE + 16;
const X = 16384;
const ROWS_MAX = 4096;
const OUT = X + ROWS_MAX * 8;

function kernelExp(file: string) {
  const module = new WebAssembly.Module(readFileSync(fileURLToPath(new URL(`../../build/out/${file}`, import.meta.url))));
  const memory = new WebAssembly.Memory({ initial: 2 });
  const abort = () => { throw new Error(`${file}: abort`); };
  const { vmRun } = new WebAssembly.Instance(module, { env: { memory, abort, table: new WebAssembly.Table({ element: 'anyfunc', initial: 1 }) } }).exports as { vmRun(code: number, n: number, scalars: number, vectors: number, rows: number): void };
  new Int32Array(memory.buffer, CODE, 4).set([(OP_EXP << 2) | FORM_VV, 1, 0, 0]);
  new Uint32Array(memory.buffer, VECTORS, 2).set([X, OUT]);
  /** exp of each x, as the VM computes it for a block of x.length rows (≤ 4096). */
  return (x: ArrayLike<number>): Float64Array => {
    new Float64Array(memory.buffer, X, x.length).set(x);
    vmRun(CODE, 1, 0, VECTORS, x.length);
    return new Float64Array(memory.buffer, OUT, x.length).slice();
  };
}

const simdExp = kernelExp('kernels.simd.wasm');
const scalarExp = kernelExp('kernels.wasm');

// Double-double arithmetic (Dekker 1971; Knuth TAOCP §4.2.2): a value is hi + lo, |lo| ≤ ulp(hi)/2.
type DD = [number, number];
const twoSum = (a: number, b: number): DD => {
  const s = a + b;
  const v = s - a;
  return [s, a - (s - v) + (b - v)];
};
const split = (a: number): DD => {
  const t = 134217729 * a; // 2^27 + 1
  const hi = t - (t - a);
  return [hi, a - hi];
};
const twoProd = (a: number, b: number): DD => {
  const p = a * b;
  const [ah, al] = split(a);
  const [bh, bl] = split(b);
  return [p, ah * bh - p + ah * bl + al * bh + al * bl];
};
const add = (a: DD, b: DD): DD => {
  const [s, e] = twoSum(a[0], b[0]);
  return twoSum(s, e + a[1] + b[1]);
};
const mul = (a: DD, b: DD): DD => {
  const [p, e] = twoProd(a[0], b[0]);
  return twoSum(p, e + a[0] * b[1] + a[1] * b[0]);
};
const divide = (a: DD, n: number): DD => {
  const q = a[0] / n;
  const [p, e] = twoProd(q, n);
  return twoSum(q, (a[0] - p - e + a[1]) / n);
};
const LN2: DD = [0.6931471805599453, 2.3190468138462996e-17];

/** e^x rounded to the nearest double, for a normal result. */
function expReference(x: number): number {
  const k = Math.round(x / LN2[0]);
  const r = add([x, 0], mul([-k, 0], LN2)); // exact enough: k·ln2 to 107 bits
  let term: DD = [1, 0];
  let sum: DD = [1, 0];
  for (let i = 1; i <= 27; i++) {
    term = mul(term, r);
    term = divide(term, i);
    sum = add(sum, term);
  }
  return (sum[0] + sum[1]) * 2 ** (k - 1) * 2; // in two steps: 2^1024 is not a double
}

/** Distance in units in the last place between two positive finite doubles. */
function ulps(a: number, b: number): number {
  const view = new DataView(new ArrayBuffer(16));
  view.setFloat64(0, a);
  view.setFloat64(8, b);
  return Math.abs(Number(view.getBigInt64(0) - view.getBigInt64(8)));
}

/** n seeded arguments f(u), u uniform on [0, 1). */
function draws(n: number, seed: number, f: (u: number, i: number) => number): Float64Array {
  const next = uniform(seed);
  return Float64Array.from({ length: n }, (_, i) => f(next(), i));
}

/** The largest error of the SIMD kernels' exp on x, in ulp; and checks the scalar kernels give the same bits. */
function maxUlps(x: Float64Array): number {
  const got = simdExp(x);
  expect(Array.from(scalarExp(x))).toEqual(Array.from(got));
  let worst = 0;
  for (let i = 0; i < x.length; i++) worst = Math.max(worst, ulps(got[i], expReference(x[i])));
  return worst;
}

describe('exp in the SIMD kernels', () => {
  it('is within 2 ulp of e^x on [−708, 708], where the lanes take the fast path, in both builds', () => {
    let worst = 0;
    for (let batch = 0; batch < 50; batch++) {
      const x = draws(ROWS_MAX, batch + 1, (u) => -708 + 1416 * u);
      worst = Math.max(worst, maxUlps(x));
    }
    expect(worst).toBeLessThanOrEqual(2);
  });

  it('is within 1 ulp of e^x on [−1, 1] and [−40, 40], where fits spend their time', () => {
    const x = draws(ROWS_MAX, 77, (u, i) => (i % 2 ? 1 : 40) * (2 * u - 1));
    expect(maxUlps(x)).toBeLessThanOrEqual(1);
  });

  it('is within 1 ulp of e^x up to the overflow threshold, in blocks that take the scalar path', () => {
    const x = draws(ROWS_MAX, 5, (u) => 700 + 9.78 * u); // e^x ≤ 1.79e308
    expect(maxUlps(x)).toBeLessThanOrEqual(1);
  });

  it('gives the closed-form special values', () => {
    const got = simdExp([0, -0, Infinity, -Infinity, NaN, 709.79, 710, 1e308, -746, -1e308, 1, -1]);
    expect(Array.from(got.slice(0, 10))).toEqual([1, 1, Infinity, 0, NaN, Infinity, Infinity, Infinity, 0, 0]);
    expect(ulps(got[10], Math.E)).toBeLessThanOrEqual(1);
    expect(ulps(got[11], 1 / Math.E)).toBeLessThanOrEqual(1);
  });

  it('rounds once into the subnormal range (oracle: Math.exp, within one subnormal step)', () => {
    const x = draws(1000, 9, (u) => -745.13 + 37 * u); // e^x from 5e-324 to 1e-308
    const got = simdExp(x);
    for (let i = 0; i < x.length; i++) expect(Math.abs(got[i] - Math.exp(x[i]))).toBeLessThanOrEqual(Math.max(5e-324, 2 * Number.EPSILON * Math.exp(x[i])));
  });

  it('gives a row the same bits whether it falls in a pair of lanes or in the odd row after', () => {
    const x = draws(257, 3, (u) => 50 * (2 * u - 1));
    const whole = simdExp(x); // rows 0–255 in lanes, row 256 alone after them
    const shifted = simdExp(x.subarray(1)); // row 256 now in the last pair of lanes
    const single = Float64Array.from(x, (v) => simdExp([v])[0]); // every row alone
    expect(Array.from(whole)).toEqual(Array.from(single));
    expect(Array.from(shifted)).toEqual(Array.from(single.subarray(1)));
  });
});
