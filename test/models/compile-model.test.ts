// compileModel: names, variables and values. Oracle: the closed forms written out in JavaScript
// (a·e^(−b·x) + c, the gaussian, Nelson's b1 − b2·x1·e^(−b3·x2)), and for misuse the contract of
// test/errors.test.ts: a FitError with a stable code whose message names the argument, the value
// seen and the value expected.
import { describe, expect, it } from 'vitest';
import { compileModel, type CompiledModel } from '../../src/index.ts';
import { thrown } from '../support/thrown.ts';

const decay = (x: number, a: number, b: number, c: number) => a * Math.exp(-b * x) + c;
const xs = [0, 0.5, 1, 2.5, -1];

function expectClose(actual: Float64Array, expected: number[]): void {
  expect(actual).toBeInstanceOf(Float64Array);
  expect(actual).toHaveLength(expected.length);
  expected.forEach((v, i) => expect(Math.abs(actual[i] - v)).toBeLessThanOrEqual(4e-16 * Math.max(1, Math.abs(v))));
}

describe('compileModel (oracle: closed forms)', () => {
  it("'a*exp(-b*x) + c': names in order of appearance, variable x, values by name and by array", () => {
    const m: CompiledModel = compileModel('a*exp(-b*x) + c');
    expect(m.names).toEqual(['a', 'b', 'c']);
    expect(m.variables).toEqual(['x']);
    const expected = xs.map((x) => decay(x, 2, 1.3, 0.5));
    expectClose(m.evaluate(xs, { a: 2, b: 1.3, c: 0.5 }), expected);
    expectClose(m.evaluate(Float64Array.from(xs), [2, 1.3, 0.5]), expected);
    expectClose(m.evaluate({ x: xs }, Float64Array.of(2, 1.3, 0.5)), expected);
  });

  it('a Float32Array x is read as its float32 values', () => {
    const x32 = Float32Array.from([0.1, 0.2, 0.3]);
    expectClose(compileModel('a*x').evaluate(x32, { a: 3 }), Array.from(x32, (x) => 3 * x));
  });

  it('a built-in model by name: gaussian is A·exp(−(x−μ)²/(2σ²)) + c', () => {
    const m = compileModel('gaussian');
    expect(m.names).toEqual(['A', 'mu', 'sigma', 'c']);
    expect(m.variables).toEqual(['x']);
    const expected = xs.map((x) => 3 * Math.exp(-((x - 0.5) ** 2) / (2 * 0.7 ** 2)) + 0.1);
    expectClose(m.evaluate(xs, { A: 3, mu: 0.5, sigma: 0.7, c: 0.1 }), expected);
  });

  it("named variables: Nelson's b1 − b2·x1·exp(−b3·x2); variables lists only those the model reads", () => {
    const m = compileModel('b1 - b2*x1*exp(-b3*x2)', { variables: ['x1', 'x2', 'x3'] });
    expect(m.names).toEqual(['b1', 'b2', 'b3']);
    expect(m.variables).toEqual(['x1', 'x2']);
    const x1 = [1, 2, 3];
    const x2 = [0, 0.5, 2];
    const value = m.evaluate({ x1, x2 }, [3, 2, 1]);
    expectClose(value, x1.map((v, i) => 3 - 2 * v * Math.exp(-x2[i])));
    // Extra columns are ignored; the order of the keys does not matter.
    expectClose(m.evaluate({ x2, unused: [9], x1 }, { b1: 3, b2: 2, b3: 1 }), Array.from(value));
  });

  it('a one-variable model in t reads one column as t', () => {
    const m = compileModel('a*t^2', { variables: ['t'] });
    expect(m.variables).toEqual(['t']);
    expectClose(m.evaluate([1, 2, 3], [2]), [2, 8, 18]);
  });

  it('every call returns a fresh array; no rows give an empty one', () => {
    const m = compileModel('a*x + b');
    const first = m.evaluate([1, 2], [1, 1]);
    const second = m.evaluate([1, 2], [1, 1]);
    expect(first).not.toBe(second);
    first[0] = 99;
    expect(m.evaluate([1, 2], [1, 1])[0]).toBe(2);
    expect(m.evaluate([], [1, 1])).toHaveLength(0);
    const { evaluate } = m; // no `this`
    expect(Array.from(evaluate([3], { a: 2, b: 1 }))).toEqual([7]);
  });

  it('evaluate does not change its inputs', () => {
    const x = Float64Array.of(1, 2, 3);
    const params = { a: 2, b: 1 };
    compileModel('a*x^2 + b').evaluate(x, params);
    expect(Array.from(x)).toEqual([1, 2, 3]);
    expect(params).toEqual({ a: 2, b: 1 });
  });
});

describe('compileModel misuse is a FitError naming the argument, the value seen and the value expected', () => {
  const m = compileModel('a*exp(-b*x) + c');
  const two = compileModel('a*x1 + b*x2', { variables: ['x1', 'x2'] });

  const cases: [string, string, () => unknown, RegExp[]][] = [
    ['a model that is not a string', 'INVALID_ARGUMENT', () => compileModel(42 as never), [/model is 42/, /expression/]],
    ['a callback as the model', 'INVALID_ARGUMENT', () => compileModel(((t: number) => t) as never), [/model is a function/, /callback/]],
    ['null as the model', 'INVALID_ARGUMENT', () => compileModel(null as never), [/model is null/]],
    ['a syntax error', 'SYNTAX_ERROR', () => compileModel('a*exp(-b*x'), [/column 11/]],
    ['an unknown built-in', 'UNKNOWN_MODEL', () => compileModel('gausian'), [/"gausian"/, /gaussian/]],
    ['a model that reads no variable', 'MODEL_IGNORES_DATA', () => compileModel('a*exp(-b*t) + c'), [/a, b, t, c/, /\bx\b/]],
    ['a built-in inside an expression', 'UNKNOWN_VARIABLE', () => compileModel('gaussian + a*x'), [/gaussian/, /built-in/]],
    ['a reserved parameter name', 'RESERVED_NAME', () => compileModel('constructor*x'), [/"constructor"/, /rename/]],
    ['a reserved variable name', 'RESERVED_NAME', () => compileModel('a*toString', { variables: ['toString'] }), [/options\.variables/, /"toString"/]],
    ['options that are not an object', 'INVALID_ARGUMENT', () => compileModel('a*x', 'x' as never), [/options is "x"/, /variables/]],
    ['an unknown option', 'INVALID_OPTION', () => compileModel('a*x', { variable: ['x'] } as never), [/options\.variable /, /variables/]],
    ['variables that are not an array', 'INVALID_OPTION', () => compileModel('a*x', { variables: 'x' as never }), [/options\.variables is "x"/, /array/]],
    ['an empty variables array', 'INVALID_OPTION', () => compileModel('a', { variables: [] }), [/options\.variables is an array of length 0/, /non-empty/]],
    ['a variable that is not a name', 'INVALID_OPTION', () => compileModel('a*x', { variables: ['x', '1y'] }), [/options\.variables\[1\] is "1y"/]],
    ['a variable named like a function', 'INVALID_OPTION', () => compileModel('a*x', { variables: ['x', 'exp'] }), [/options\.variables\[1\] is "exp"/]],
    ['a repeated variable', 'INVALID_OPTION', () => compileModel('a*x', { variables: ['x', 'x'] }), [/"x" twice/]],
    ['variables other than x for a built-in', 'INVALID_OPTION', () => compileModel('gaussian', { variables: ['t'] }), [/options\.variables is \["t"\]/, /in x/]],
    ['an expression over the size limit', 'MODEL_TOO_LARGE', () => compileModel('a*x+' + ' '.repeat(1_000_000)), [/1000004/, /1000000/]],
    ['x that is not an array', 'INVALID_ARGUMENT', () => m.evaluate('abc' as never, [1, 1, 1]), [/x is "abc"/, /Float64Array/]],
    ['x that is null', 'INVALID_ARGUMENT', () => m.evaluate(null as never, [1, 1, 1]), [/x is null/]],
    ['a non-number in x', 'INVALID_ARGUMENT', () => m.evaluate([1, '2' as never, 3], [1, 1, 1]), [/x\[1\] is "2"/, /a number/]],
    ['one column for a model of two variables', 'INVALID_ARGUMENT', () => two.evaluate([1, 2], [1, 1]), [/one column/, /x1, x2/]],
    ['a missing named column', 'INVALID_ARGUMENT', () => two.evaluate({ x1: [1], X2: [1] }, [1, 1]), [/no column "x2"/, /x1, X2/]],
    ['named columns of different lengths', 'LENGTH_MISMATCH', () => two.evaluate({ x1: [1, 2, 3], x2: [1, 2] }, [1, 1]), [/x\.x2 has 2 rows/, /x\.x1 has 3/]],
    ['a named column that is not an array', 'INVALID_ARGUMENT', () => two.evaluate({ x1: [1], x2: 5 as never }, [1, 1]), [/x\.x2 is 5/]],
    ['params of the wrong length', 'INVALID_ARGUMENT', () => m.evaluate([1], [1, 2]), [/params has 2 values/, /expected 3/, /a, b, c/]],
    ['a non-number in a params array', 'INVALID_ARGUMENT', () => m.evaluate([1], [1, null as never, 2]), [/params\[1\] \(b\) is null/, /a number/]],
    ['a missing parameter', 'INVALID_ARGUMENT', () => m.evaluate([1], { a: 1, c: 2 }), [/params\.b is missing/, /a, b, c/]],
    ['an unknown parameter', 'UNKNOWN_PARAMETER', () => m.evaluate([1], { a: 1, b: 1, c: 1, d: 1 }), [/"d"/, /a, b, c/]],
    ['a parameter that is not a number', 'INVALID_ARGUMENT', () => m.evaluate([1], { a: 1, b: '1' as never, c: 1 }), [/params\.b is "1"/, /a number/]],
    ['params that are not an object', 'INVALID_ARGUMENT', () => m.evaluate([1], 3 as never), [/params is 3/, /a: 1/]],
    ['an inherited parameter does not count', 'INVALID_ARGUMENT', () => m.evaluate([1], Object.assign(Object.create({ a: 1 }), { b: 1, c: 1 })), [/params\.a is missing/]],
  ];

  for (const [what, code, run, patterns] of cases) {
    it(`${what} is ${code}`, () => {
      const error = thrown(run);
      expect(error.code).toBe(code);
      for (const pattern of patterns) expect(error.message).toMatch(pattern);
    });
  }
});
