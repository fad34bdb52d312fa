// r.toJSON, fitResultFromJSON, structuredClone. Oracle: the result itself — what is read back
// equals what was written, to the bit, and evaluates, bands, derives and reports as the original.
import { describe, expect, it } from 'vitest';
import { curveFitSync, fitResultFromJSON, type FitResult, type FitResultJSON } from '../../src/index.ts';
import { thrown } from '../support/thrown.ts';

const x = Array.from({ length: 25 }, (_, i) => i / 5);
const y = x.map((t, i) => 3 * Math.exp(-1.1 * t) + 0.5 + 0.02 * Math.sin(9 * i));
const p0 = { a: 2, b: 1, c: 0 };
const r = curveFitSync('a*exp(-b*x) + c', x, y, { p0 });
const at = [0, 0.7, 2, 6];

/** The same numbers, NaN equal to NaN. */
function same(a: ArrayLike<number>, b: ArrayLike<number>): void {
  expect(Array.from(a).map(String)).toEqual(Array.from(b).map(String));
}

function behavesAs(again: FitResult, original: FitResult): void {
  expect(again.params).toEqual(original.params);
  same(again.values, original.values);
  same(again.covariance, original.covariance);
  same(again.evaluate(at), original.evaluate(at));
  const band = again.band(at, { level: 0.9, kind: 'prediction' });
  const oracle = original.band(at, { level: 0.9, kind: 'prediction' });
  same(band.lower, oracle.lower);
  same(band.upper, oracle.upper);
  expect(again.derive('log(2)/b')).toEqual(original.derive('log(2)/b'));
  expect(again.report()).toBe(original.report());
}

describe('JSON.stringify(r)', () => {
  const text = JSON.stringify(r);
  const json = JSON.parse(text);

  it('writes plain arrays, the covariance as one array per row, and no functions', () => {
    expect(text).not.toMatch(/"0":/);
    expect(json.values).toEqual(Array.from(r.values));
    expect(json.covariance).toEqual([0, 1, 2].map((i) => Array.from(r.covariance.subarray(3 * i, 3 * i + 3))));
    expect(json).toMatchObject({ format: 'arenafit.FitResult', version: 1, expression: 'a*exp(-b*x) + c', variables: ['x'], label: 'a*exp(-b*x) + c' });
  });

  it('holds every field of the result, and nothing else but format and version', () => {
    expect(Object.keys(json).sort()).toEqual([...Object.keys(r), 'format', 'version'].sort());
  });

  it('is read back by fitResultFromJSON, as the text or parsed, into a result that behaves as the original', () => {
    behavesAs(fitResultFromJSON(text), r);
    behavesAs(fitResultFromJSON(json), r);
    behavesAs(fitResultFromJSON(r.toJSON()), r);
  });

  it('writes NaN as null, read back as NaN', () => {
    const blind = curveFitSync('a*exp(-b*x) + c + d*(x - x)', x, y, { p0 });
    const again = fitResultFromJSON(JSON.stringify(blind));
    expect(JSON.parse(JSON.stringify(blind)).errors.d).toBeNull();
    expect(again.errors.d).toBeNaN();
    same(again.covariance, blind.covariance);
  });

  it('keeps the ties, a built-in model’s expression and named columns', () => {
    const tied = curveFitSync('a*exp(-b*x) + c', x, y, { p0, constraints: { c: 'a/6' } });
    const again = fitResultFromJSON(JSON.stringify(tied));
    expect(again.tied).toEqual({ c: 'a/6' });
    behavesAs(again, tied);
    const builtin = curveFitSync('exponential', x, y);
    behavesAs(fitResultFromJSON(JSON.stringify(builtin)), builtin);
    const u = x.map(Math.cos);
    const plane = curveFitSync('p + q*t + s*u', { t: x, u, unused: x }, y);
    const planeAgain = fitResultFromJSON(JSON.stringify(plane));
    expect(planeAgain.variables).toEqual(['t', 'u']);
    same(planeAgain.evaluate({ t: [1, 2], u: [0, 1] }), plane.evaluate({ t: [1, 2], u: [0, 1] }));
  });

  it('shares nothing with the result: changing one leaves the other', () => {
    const written = r.toJSON();
    written.params.a = 0;
    written.names.push('z');
    written.memory.regions.length = 0;
    expect(r.params.a).not.toBe(0);
    expect(r.names).toEqual(['a', 'b', 'c']);
    expect(r.memory.regions.length).toBeGreaterThan(0);
  });
});

describe('structuredClone(r) and postMessage', () => {
  it('copy the data and leave the methods behind; fitResultFromJSON gives them back', () => {
    const clone = structuredClone(r);
    expect(Object.getPrototypeOf(clone)).toBe(Object.prototype);
    expect('evaluate' in clone).toBe(false);
    same(clone.covariance, r.covariance);
    expect(clone.covariance).toBeInstanceOf(Float64Array);
    behavesAs(fitResultFromJSON(clone), r);
  });

  it('spreading a result gives its data alone', () => {
    expect(Object.values({ ...r }).some((v) => typeof v === 'function')).toBe(false);
  });
});

describe('a callback model’s result', () => {
  const cb = curveFitSync((t: number, p: Float64Array) => p[0] * Math.exp(-p[1] * t) + p[2], x, y, { p0 });

  it('is cloneable too: the callback is held where structuredClone does not look', () => {
    expect(() => structuredClone(cb)).not.toThrow();
  });

  it('writes its JSON without the model (expression null)', () => {
    const json = JSON.parse(JSON.stringify(cb));
    expect(json.expression).toBeNull();
    expect(json.label).toBe('callback (x, p) => number');
  });

  it('read back, derives and reports, but has no model to evaluate: NO_MODEL', () => {
    const again = fitResultFromJSON(JSON.stringify(cb));
    expect(again.derive('a + c')).toEqual(cb.derive('a + c'));
    expect(again.report()).toBe(cb.report());
    for (const run of [() => again.evaluate(at), () => again.band(at)]) {
      const error = thrown(run);
      expect(error.code).toBe('NO_MODEL');
      expect(error.message).toMatch(/JSON holds no functions/);
    }
    expect(cb.evaluate([0])[0]).toBeCloseTo(cb.params.a + cb.params.c, 12); // the live result has its callback
  });
});

describe('fitResultFromJSON refuses', () => {
  const json = (): FitResultJSON => r.toJSON();
  const cases: [string, () => unknown, RegExp][] = [
    ['a number', () => fitResultFromJSON(3), /json\.\(the argument\) is 3; expected an object/],
    ['text that is not JSON', () => fitResultFromJSON('{ names: '), /json is a string that is not JSON/],
    ['another format', () => fitResultFromJSON({ ...json(), format: 'lmfit.ModelResult' }), /json\.format is "lmfit\.ModelResult"; expected "arenafit\.FitResult"/],
    ['another version', () => fitResultFromJSON({ ...json(), version: 2 }), /json\.version is 2; expected 1/],
    ['no names', () => fitResultFromJSON({ ...json(), names: undefined as never }), /json\.names is undefined; expected an array/],
    ['a parameter without a value', () => fitResultFromJSON({ ...json(), params: { a: 1, b: 2 } }), /json\.params has no entry for "c"/],
    ['a value that is not a number', () => fitResultFromJSON({ ...json(), chi2: '1.5' as never }), /json\.chi2 is "1\.5"; expected a number \(or null for NaN\)/],
    ['a covariance of the wrong size', () => fitResultFromJSON({ ...json(), covariance: [[1, 0], [0, 1]] }), /json\.covariance has 2 rows; expected 3/],
    ['a covariance row of the wrong length', () => fitResultFromJSON({ ...json(), covariance: [[1, 0, 0], [0, 1], [0, 0, 1]] }), /json\.covariance\[1\] has 2 entries; expected 3/],
    ['a list naming a stranger', () => fitResultFromJSON({ ...json(), fixed: ['k'] }), /json\.fixed names "k", which json\.names does not/],
    ['an expression in other parameters', () => fitResultFromJSON({ ...json(), expression: 'a*exp(-k*x) + c' }), /json\.expression names the parameter "k"/],
    ['a memory without its figures', () => fitResultFromJSON({ ...json(), memory: { regions: [] } as never }), /json\.memory\.passes is undefined/],
  ];
  for (const [what, run, pattern] of cases) {
    it(`${what} with INVALID_ARGUMENT`, () => {
      const error = thrown(run);
      expect(error.code).toBe('INVALID_ARGUMENT');
      expect(error.message).toMatch(pattern);
    });
  }

  it('an expression that does not compile with the compiler’s FitError', () => {
    expect(thrown(() => fitResultFromJSON({ ...json(), expression: 'a*exp(-b*x' })).code).toBe('SYNTAX_ERROR');
  });
});
