// The VM's special functions — erf, erfc, erfcx, logerfc (assembly/vm/erf.ts) and the Faddeeva
// function's two parts (assembly/vm/faddeeva.ts) — run by vmRun of the release kernel modules,
// one instruction over a block, as test/wasm/exp.test.ts runs exp. Oracles
// (test/fixtures/lineshapes/generate.py): 420-digit decimal references for the error functions and,
// for |z| ≤ 8, for w(z); SciPy's wofz for w(z) everywhere; and their TypeScript twins (src/models/expression/erf.ts, faddeeva.ts),
// which the reference evaluator runs: the same algorithm, so the same values but for the last bits
// in which JavaScript's exp, log, sin and cos differ from AssemblyScript's. The scalar and SIMD
// builds must agree to the bit.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  FORM_SV, FORM_VS, FORM_VV, OP_ERF, OP_ERFC, OP_ERFCX, OP_FADDEEVA_IM, OP_FADDEEVA_RE, OP_LOGERFC,
} from '../../assembly/abi.ts';
import { applyOperation } from '../../src/models/expression/operations.ts';

const CODE = 8192; // below: the kernels' static data (the build checks it ends under 4096)
const SCALARS = CODE + 16;
const VECTORS = SCALARS + 16;
const A = 16384;
const ROWS_MAX = 4096;
const B = A + ROWS_MAX * 8;
const OUT = B + ROWS_MAX * 8;

type Run = (operation: number, a: ArrayLike<number>, b?: ArrayLike<number>, form?: number) => Float64Array;

/**
 * operation over a block, as the VM of `file` computes it: FORM_VV on columns a (and b), or for a
 * binary operation FORM_VS (b[0] a scalar) or FORM_SV (a[0] a scalar).
 */
function kernel(file: string): Run {
  const module = new WebAssembly.Module(readFileSync(fileURLToPath(new URL(`../../build/out/${file}`, import.meta.url))));
  const memory = new WebAssembly.Memory({ initial: 2 });
  const abort = () => { throw new Error(`${file}: abort`); };
  const { vmRun } = new WebAssembly.Instance(module, { env: { memory, abort, table: new WebAssembly.Table({ element: 'anyfunc', initial: 1 }) } }).exports as { vmRun(code: number, n: number, scalars: number, vectors: number, rows: number): void };
  new Uint32Array(memory.buffer, VECTORS, 3).set([A, B, OUT]);
  return (operation, a, b = a, form = FORM_VV) => {
    const rows = form === FORM_SV ? b.length : a.length;
    if (rows > ROWS_MAX) throw new Error('one block at a time');
    if (form === FORM_VS) new Float64Array(memory.buffer, SCALARS, 1)[0] = b[0];
    if (form === FORM_SV) new Float64Array(memory.buffer, SCALARS, 1)[0] = a[0];
    if (form !== FORM_SV) new Float64Array(memory.buffer, A, a.length).set(a);
    if (form !== FORM_VS) new Float64Array(memory.buffer, B, b.length).set(b);
    // Operand slots: vectors 0 (a), 1 (b), 2 (out); scalar slot 0.
    const [x, y] = form === FORM_VS ? [0, 0] : form === FORM_SV ? [0, 1] : [0, 1];
    new Int32Array(memory.buffer, CODE, 4).set([(operation << 2) | form, 2, x, y]);
    vmRun(CODE, 1, SCALARS, VECTORS, rows);
    return new Float64Array(memory.buffer, OUT, rows).slice();
  };
}

const simd = kernel('kernels.simd.wasm');
const scalar = kernel('kernels.wasm');

type Numbers = (number | string)[];
const fixture: {
  erf: { x: number[]; reference: Record<string, Numbers> };
  wofz: { x: number[]; y: number[]; re: Numbers; im: Numbers };
  wofzReference: { x: number[]; y: number[]; re: Numbers; im: Numbers };
} = JSON.parse(readFileSync(new URL('../fixtures/lineshapes/lineshapes.json', import.meta.url), 'utf8'));
const MIN_NORMAL = 2.2250738585072014e-308;

function relative(a: number, b: number): number {
  if (a === b || (Number.isNaN(a) && Number.isNaN(b))) return 0;
  return Math.abs(a - b) / Math.abs(b);
}

/** operation over `a` (and `b`) in blocks of ROWS_MAX rows. */
function blocks(run: Run, operation: number, a: number[], b?: number[]): Float64Array {
  const out = new Float64Array(a.length);
  for (let at = 0; at < a.length; at += ROWS_MAX) {
    out.set(run(operation, a.slice(at, at + ROWS_MAX), b?.slice(at, at + ROWS_MAX)), at);
  }
  return out;
}

describe('erf, erfc, erfcx and logerfc in the VM (oracle: 420-digit references)', () => {
  const { x } = fixture.erf;

  it.each([
    ['erf', OP_ERF, 3e-16], ['erfc', OP_ERFC, 4e-16], ['erfcx', OP_ERFCX, 4e-16], ['logerfc', OP_LOGERFC, 3e-16],
  ] as const)('%s is within %s relative of the reference where that is a normal double, within a subnormal ulp elsewhere', (name, operation, bound) => {
    const values = blocks(simd, operation, x);
    fixture.erf.reference[name].map(Number).forEach((o, i) => {
      if (Number.isFinite(o) && Math.abs(o) < MIN_NORMAL) expect(Math.abs(values[i] - o), `${name}(${x[i]})`).toBeLessThanOrEqual(5e-324);
      else expect(relative(values[i], o), `${name}(${x[i]}) = ${values[i]}, not ${o}`).toBeLessThanOrEqual(bound);
    });
  });

  it('erfc(10) is 2.088487583762545e-45 within 1e-15', () => {
    expect(relative(simd(OP_ERFC, [10])[0], 2.088487583762545e-45)).toBeLessThanOrEqual(1e-15);
  });

  it.each([
    ['erf', OP_ERF], ['erfc', OP_ERFC], ['erfcx', OP_ERFCX], ['logerfc', OP_LOGERFC],
  ] as const)('%s: the scalar and SIMD builds agree to the bit, and the TypeScript twin within 3e-16', (name, operation) => {
    const values = blocks(simd, operation, x);
    expect(blocks(scalar, operation, x)).toEqual(values);
    x.forEach((v, i) => expect(relative(values[i], applyOperation(operation, v, 0)), `${name}(${v})`).toBeLessThanOrEqual(3e-16));
  });
});

describe('the Faddeeva function in the VM (oracles: 420-digit Taylor series; scipy.special.wofz)', () => {
  const { x, y } = fixture.wofz;

  it.each([
    ['faddeevaRe', OP_FADDEEVA_RE, 're'], ['faddeevaIm', OP_FADDEEVA_IM, 'im'],
  ] as const)(`%s is within 3e-14 relative of w's Taylor series in 420 digits on ${fixture.wofzReference.x.length} points with |z| ≤ 8`, (name, operation, part) => {
    const reference = fixture.wofzReference;
    const values = blocks(simd, operation, reference.x, reference.y);
    reference[part].map(Number).forEach((o, i) => {
      expect(relative(values[i], o), `${name}(${reference.x[i]}, ${reference.y[i]}) = ${values[i]}, not ${o}`).toBeLessThanOrEqual(3e-14);
    });
  });

  it.each([
    ['faddeevaRe', OP_FADDEEVA_RE, 're', 1e-14], ['faddeevaIm', OP_FADDEEVA_IM, 'im', 5e-13],
  ] as const)(`%s is within %s relative of SciPy on ${x.length} points of every quadrant (Im: SciPy's own error near x = 0)`, (name, operation, part, bound) => {
    const values = blocks(simd, operation, x, y);
    fixture.wofz[part].map(Number).forEach((o, i) => {
      expect(relative(values[i], o), `${name}(${x[i]}, ${y[i]}) = ${values[i]}, not ${o}`).toBeLessThanOrEqual(bound);
    });
  });

  it.each([
    ['faddeevaRe', OP_FADDEEVA_RE], ['faddeevaIm', OP_FADDEEVA_IM],
  ] as const)('%s: the builds agree to the bit, every form gives the same bits, the TypeScript twin within 5e-15·|w|', (name, operation) => {
    const values = blocks(simd, operation, x, y);
    expect(blocks(scalar, operation, x, y)).toEqual(values);
    // A scalar second argument (FORM_VS: x varies, y = 0.3) and a scalar first (FORM_SV).
    const xs = x.slice(0, ROWS_MAX);
    expect(simd(operation, xs, [0.3], FORM_VS)).toEqual(simd(operation, xs, xs.map(() => 0.3)));
    const ys = y.slice(0, ROWS_MAX);
    expect(simd(operation, [2.5], ys, FORM_SV)).toEqual(simd(operation, ys.map(() => 2.5), ys));
    x.forEach((v, i) => {
      const size = Math.hypot(applyOperation(OP_FADDEEVA_RE, v, y[i]), applyOperation(OP_FADDEEVA_IM, v, y[i]));
      expect(Math.abs(values[i] - applyOperation(operation, v, y[i])), `${name}(${v}, ${y[i]})`).toBeLessThanOrEqual(5e-15 * size);
    });
  });
});
