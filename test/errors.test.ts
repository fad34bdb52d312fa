// Oracle: the contract for bad input. Each throws FitError with its own stable code and a
// message that names the argument, the value seen and the value expected — and leaves the
// engine usable with its arena back at its mark.
import { describe, expect, it } from 'vitest';
import { createEngine, curveFit, FitError } from '../src/index.ts';
import { thrown } from './support/thrown.ts';

const engine = createEngine({ arenaBytes: 1 << 20 });
const x = [0, 1, 2, 3, 4, 5, 6, 7];
const y = [3.0, 1.6, 1.0, 0.7, 0.6, 0.55, 0.52, 0.51];
const model = 'a*exp(-b*x) + c';

const cases: [string, string, () => unknown, RegExp[]][] = [
  ['x and y of different lengths', 'LENGTH_MISMATCH', () => engine.curveFitSync(model, x, y.slice(1)), [/x has 8 rows/, /y has 7/]],
  ['sigma of a different length', 'LENGTH_MISMATCH', () => engine.curveFitSync(model, x, y, { sigma: [1, 2] }), [/options\.sigma has 2 rows/, /y has 8/]],
  ['fewer rows than parameters', 'TOO_FEW_ROWS', () => engine.curveFitSync(model, [1, 2], [1, 2]), [/2 rows/, /at least 3/]],
  ['NaN in x', 'NON_FINITE_DATA', () => engine.curveFitSync(model, [0, 1, 2, NaN, 4], [1, 2, 3, 4, 5]), [/x\[3\] is NaN/, /finite/]],
  ['Infinity in y', 'NON_FINITE_DATA', () => engine.curveFitSync(model, x, [...y.slice(0, 6), Infinity, 0.5]), [/y\[6\] is Infinity/, /finite/]],
  ['NaN in sigma', 'NON_FINITE_DATA', () => engine.curveFitSync(model, x, y, { sigma: [1, 1, 1, 1, 1, NaN, 1, 1] }), [/options\.sigma\[5\] is NaN/]],
  ['a non-positive sigma', 'SIGMA_NOT_POSITIVE', () => engine.curveFitSync(model, x, y, { sigma: [1, 1, 0, 1, 1, 1, 1, 1] }), [/options\.sigma\[2\] is 0/, /> 0/]],
  ['a negative sigma', 'SIGMA_NOT_POSITIVE', () => engine.curveFitSync(model, x, y, { sigma: [1, 1, 1, 1, 1, 1, 1, -2] }), [/options\.sigma\[7\] is -2/]],
  ['a syntax error', 'SYNTAX_ERROR', () => engine.curveFitSync('a*exp(-b*x', x, y), [/column 11/]],
  ['an unknown function', 'UNKNOWN_FUNCTION', () => engine.curveFitSync('a*foo(b*x)', x, y), [/foo/, /column 3/, /exp/]],
  ['p0 naming a parameter the model lacks', 'UNKNOWN_PARAMETER', () => engine.curveFitSync(model, x, y, { p0: { a: 1, d: 2 } }), [/"d"/, /a, b, c/]],
  ['p0 holding NaN', 'NON_FINITE_P0', () => engine.curveFitSync(model, x, y, { p0: { b: NaN } }), [/options\.p0\.b is NaN/, /finite/]],
  ['p0 holding Infinity', 'NON_FINITE_P0', () => engine.curveFitSync(model, x, y, { p0: { a: Infinity } }), [/options\.p0\.a is Infinity/]],
  ['p0 holding a string', 'NON_FINITE_P0', () => engine.curveFitSync(model, x, y, { p0: { a: '1' as unknown as number } }), [/options\.p0\.a is "1"/]],
  ['an arena too small for the problem', 'ARENA_TOO_SMALL', () => createEngine({ arenaBytes: 64 << 10 }).curveFitSync(
    Array.from({ length: 90 }, (_, k) => `p${k}*x^${k % 5}`).join(' + '), Array.from({ length: 100 }, (_, i) => i), Array.from({ length: 100 }, () => 1)),
    [/needs at least \d+ bytes/, /arenaBytes/]],
  ['a model that is not finite at the start', 'NON_FINITE_MODEL', () => engine.curveFitSync('a*log(x - b)', x, y, { p0: { a: 1, b: 2 } }), [/row 0/, /b: 2/]],
  ['a model that is not a string', 'INVALID_ARGUMENT', () => engine.curveFitSync(42 as unknown as string, x, y), [/model is 42/, /expression/]],
  ['x that is not an array', 'INVALID_ARGUMENT', () => engine.curveFitSync(model, 'abc' as unknown as number[], y), [/x is "abc"/, /Float64Array/]],
  ['a non-number in a plain array', 'INVALID_ARGUMENT', () => engine.curveFitSync(model, x, [...y.slice(0, 4), '0.6' as unknown as number, ...y.slice(5)]), [/y\[4\] is "0.6"/, /a number/]],
  ['an unknown option', 'INVALID_OPTION', () => engine.curveFitSync(model, x, y, { p00: {} } as never), [/options\.p00/, /p0/]],
  ['a negative tolerance', 'INVALID_OPTION', () => engine.curveFitSync(model, x, y, { ftol: -1 }), [/options\.ftol is -1/, /≥ 0/]],
  ['a model with no parameters', 'NO_PARAMETERS', () => engine.curveFitSync('2*x + 1', x, y), [/2\*x \+ 1/]],
  ['bounds with lo ≥ hi', 'INVALID_BOUNDS', () => engine.curveFitSync(model, x, y, { bounds: { b: [2, 1] } }), [/options\.bounds\.b is \[2, 1\]/, /lo < hi/]],
  ['bounds that are not numbers', 'INVALID_BOUNDS', () => engine.curveFitSync(model, x, y, { bounds: { b: ['0', 1] as never } }), [/options\.bounds\.b/, /two numbers/]],
  ['bounds naming an unknown parameter', 'UNKNOWN_PARAMETER', () => engine.curveFitSync(model, x, y, { bounds: { k: [0, 1] } }), [/"k"/, /a, b, c/]],
  ['a start outside its bounds', 'START_OUTSIDE_BOUNDS', () => engine.curveFitSync(model, x, y, { p0: { b: 5 }, bounds: { b: [0, 2] } }), [/start of b is 5/, /\[0, 2\]/]],
  ['fixed naming an unknown parameter', 'UNKNOWN_PARAMETER', () => engine.curveFitSync(model, x, y, { fixed: { z: 1 } }), [/options\.fixed names "z"/]],
  ['fixed holding every parameter', 'NO_FREE_PARAMETERS', () => engine.curveFitSync(model, x, y, { fixed: { a: 1, b: 1, c: 1 } }), [/every parameter/, /a, b, c/]],
  ['an unknown loss', 'INVALID_OPTION', () => engine.curveFitSync(model, x, y, { loss: 'l2' as never }), [/options\.loss is "l2"/, /'soft_l1'/]],
  ['a non-positive fScale', 'INVALID_OPTION', () => engine.curveFitSync(model, x, y, { fScale: 0 }), [/options\.fScale is 0/, /> 0/]],
  ['an unknown nanPolicy', 'INVALID_OPTION', () => engine.curveFitSync(model, x, y, { nanPolicy: 'skip' as never }), [/options\.nanPolicy is "skip"/, /'omit'/]],
  ['a built-in model name that does not exist', 'UNKNOWN_MODEL', () => engine.curveFitSync('gausian', x, y), [/"gausian"/, /gaussian/, /lorentzian/]],
  ['named columns of different lengths', 'LENGTH_MISMATCH', () => engine.curveFitSync('a*u + b*v', { u: x, v: x.slice(1) }, y), [/x\.v has 7 rows/, /x\.u has 8/]],
  ['a callback model without p0', 'INVALID_OPTION', () => engine.curveFitSync((t: number, p: Float64Array) => p[0] * t, x, y), [/options\.p0 is undefined/, /callback/]],
  ['an arenaBytes that is not an integer', 'INVALID_OPTION', () => createEngine({ arenaBytes: 1.5e6 + 0.5 }), [/arenaBytes is 1500000.5/]],
  ['a deterministic that is not a boolean', 'INVALID_OPTION', () => createEngine({ deterministic: 'yes' as never }), [/createEngine options\.deterministic is "yes"/, /true or false/]],
  ['a model in a variable the data lack', 'MODEL_IGNORES_DATA', () => engine.curveFitSync('a*exp(-b*t) + c', x, y), [/a\*exp\(-b\*t\) \+ c/, /\(x\)/, /a, b, t, c/]],
  ['a near miss of the variable', 'MODEL_IGNORES_DATA', () => engine.curveFitSync('a*exp(-b*X) + c', x, y), [/did you mean "x" for "X"/]],
  ['built-in models added in an expression', 'UNKNOWN_VARIABLE', () => engine.curveFitSync('gaussian + linear + a*x', x, y), [/gaussian, linear/, /cannot be combined/]],
  ['a parameter named __proto__', 'RESERVED_NAME', () => engine.curveFitSync('a*x + __proto__', x, y), [/"__proto__"/, /rename/]],
  ['a parameter named toString', 'RESERVED_NAME', () => engine.curveFitSync('toString*exp(-b*x)', x, y), [/"toString"/]],
  ['an expression over the size limit', 'MODEL_TOO_LARGE', () => engine.curveFitSync('a*x' + ' + a*x'.repeat(200_000), x, y), [/characters/, /1000000/]],
  ['a callback that writes nothing', 'CALLBACK_ERROR', () => engine.curveFitSync({ evaluate: () => undefined }, x, y, { p0: { a: 1 } }), [/evaluate/, /no value/]],
  ['a fit on a closed engine', 'ENGINE_CLOSED', () => { const closed = createEngine(); closed.close(); return closed.curveFitSync(model, x, y); }, [/closed/, /createEngine/]],
];

describe('bad input', () => {
  for (const [what, code, run, patterns] of cases) {
    it(`${what} throws ${code} and leaves the arena at its mark`, () => {
      const error = thrown(run);
      expect(error.code).toBe(code);
      for (const pattern of patterns) expect(error.message).toMatch(pattern);
      expect(engine.memory().usedBytes).toBe(0);
      const r = engine.curveFitSync(model, x, y, { p0: { a: 2.5, b: 1, c: 0.5 } });
      expect(r.converged).toBe(true);
    });
  }

  it('rejects the promise of the async curveFit with the same FitError', async () => {
    await expect(curveFit(model, x, y.slice(2))).rejects.toMatchObject({ name: 'FitError', code: 'LENGTH_MISMATCH' });
  });
});
