// What resolveModel refuses before a fit: a model that ignores the data, a built-in model used
// inside an expression, a parameter that is a near miss of a variable the model leaves unused,
// and names that every object already has. Oracles: lmfit's ExpressionModel, which refuses an
// expression without its independent variable; the list Object.getOwnPropertyNames(Object.prototype);
// and, for the models that must keep working, their fits on noise-free data (the true parameters).
import { describe, expect, it } from 'vitest';
import { curveFitSync } from '../../src/index.ts';
import { resolveModel } from '../../src/models/index.ts';
import { planParameters } from '../../src/options/parameters.ts';
import { thrown } from '../support/thrown.ts';

const x = Float64Array.from({ length: 40 }, (_, i) => i / 8);
const decay = Float64Array.from(x, (t) => 2.5 * Math.exp(-1.3 * t) + 0.5);

describe('a model that reads none of the data’s variables is MODEL_IGNORES_DATA (oracle: lmfit ExpressionModel)', () => {
  it("'a*exp(-b*t)+c' on x as one column names its identifiers and the variable x", () => {
    const error = thrown(() => curveFitSync('a*exp(-b*t)+c', x, decay));
    expect(error.code).toBe('MODEL_IGNORES_DATA');
    expect(error.message).toContain('a*exp(-b*t)+c');
    expect(error.message).toMatch(/a, b, t, c/);
    expect(error.message).toMatch(/\bx\b/);
    expect(error.message).not.toMatch(/did you mean/); // t is not a near miss of x
  });

  it('a near miss of a variable gets "did you mean": tme for time, X for x, Time for time', () => {
    const time = thrown(() => curveFitSync('a*exp(-b*tme) + c', { time: x }, decay));
    expect(time.code).toBe('MODEL_IGNORES_DATA');
    expect(time.message).toMatch(/did you mean "?time"?/);
    expect(time.message).toContain('tme');
    const upper = thrown(() => curveFitSync('a*X + b', x, decay));
    expect(upper.code).toBe('MODEL_IGNORES_DATA');
    expect(upper.message).toMatch(/did you mean "?x"?/);
    expect(thrown(() => curveFitSync('a*exp(-b*Time) + c', { time: x }, decay)).message).toMatch(/did you mean "?time"?/);
  });

  it('named columns: a model in none of them is refused, listing the columns', () => {
    const error = thrown(() => curveFitSync('a*u + b*w', { p: x, q: x }, decay));
    expect(error.code).toBe('MODEL_IGNORES_DATA');
    expect(error.message).toMatch(/p, q/);
    expect(error.message).toMatch(/a, u, b, w/);
  });

  it('resolveModel refuses it directly, before any data pass', () => {
    expect(thrown(() => resolveModel('a*b + c', ['x'], undefined)).code).toBe('MODEL_IGNORES_DATA');
  });
});

describe('a built-in model inside an expression is UNKNOWN_VARIABLE naming the built-in', () => {
  it.each([
    ['gaussian + linear + a*x', ['gaussian', 'linear']],
    ['2*exponential', ['exponential']],
    ['a*x + lorentzian', ['lorentzian']],
    ['polynomial2 + b*x', ['polynomial2']],
  ])('%s', (model, builtins) => {
    const error = thrown(() => curveFitSync(model, x, decay));
    expect(error.code).toBe('UNKNOWN_VARIABLE');
    expect(error.message).toMatch(/built-in/);
    expect(error.message).toMatch(/cannot be combined inside an expression/);
    for (const name of builtins) expect(error.message).toContain(name);
  });
});

describe('a parameter that is a near miss of an unused variable is UNKNOWN_VARIABLE (two or more variables)', () => {
  const x1 = Float64Array.from({ length: 30 }, (_, i) => i / 10);
  const x2 = Float64Array.from({ length: 30 }, (_, i) => Math.sin(i));
  const y = Float64Array.from(x1, (v, i) => 2 * v + 3 * x2[i]);

  it("'a*x1 + b*x3' with variables x1, x2: did you mean x2?", () => {
    const error = thrown(() => curveFitSync('a*x1 + b*x3', { x1, x2 }, y));
    expect(error.code).toBe('UNKNOWN_VARIABLE');
    expect(error.message).toContain('x3');
    expect(error.message).toMatch(/did you mean "?x2"?\?/);
  });

  it('a case variant or a typo of an unused column: X2, tmp for temp', () => {
    expect(thrown(() => curveFitSync('a*x1 + b*X2', { x1, x2 }, y)).message).toMatch(/did you mean "?x2"?/);
    const error = thrown(() => curveFitSync('a*time + b*tmp', { time: x1, temp: x2 }, y));
    expect(error.code).toBe('UNKNOWN_VARIABLE');
    expect(error.message).toMatch(/did you mean "?temp"?/);
  });

  it('legitimate parameters are left alone: b1, b2 beside x1, x2; x0 and xc as centres; a start in p0', () => {
    expect(curveFitSync('b1*x1 + b2*x2', { x1, x2 }, y).params.b2).toBeCloseTo(3, 8);
    expect(resolveModel('b1*x1 + b2', ['x1', 'x2'], undefined).names).toEqual(['b1', 'b2']);
    expect(resolveModel('A*exp(-(x1 - x0)^2) + c', ['x1', 'x2'], undefined).names).toEqual(['A', 'x0', 'c']);
    expect(resolveModel('A*exp(-(x1 - xc)^2) + c', ['x1', 'x2'], undefined).names).toEqual(['A', 'xc', 'c']);
    expect(resolveModel('a*x1 + x3', ['x1', 'x2'], { a: 1, x3: 0 }).names).toEqual(['a', 'x3']);
  });

  it('one variable: x0 in a peak is a parameter, as ever', () => {
    const y1 = Float64Array.from(x, (v) => 2 * Math.exp(-((v - 2) ** 2)));
    const r = curveFitSync('A*exp(-(x-x0)^2)', x, y1, { p0: { A: 1, x0: 1.8 } });
    expect(r.params.x0).toBeCloseTo(2, 8);
  });

  it('the built-in models still resolve and fit', () => {
    for (const name of ['linear', 'exponential', 'gaussian', 'lorentzian', 'polynomial3', 'sine']) {
      expect(resolveModel(name, ['x'], undefined).names.length).toBeGreaterThan(1);
    }
    expect(curveFitSync('exponential', x, decay).params.b).toBeCloseTo(1.3, 6);
  });
});

describe('names that every object has are RESERVED_NAME (oracle: Object.getOwnPropertyNames(Object.prototype))', () => {
  const reserved = Object.getOwnPropertyNames(Object.prototype);

  it.each(reserved)('a parameter called %s', (name) => {
    const error = thrown(() => resolveModel(`a*x + ${name}`, ['x'], undefined));
    expect(error.code).toBe('RESERVED_NAME');
    expect(error.message).toContain(name);
    expect(error.message).toMatch(/rename/);
  });

  it('through curveFit: constructor, toString, __proto__ as parameters', () => {
    for (const model of ['constructor*exp(-b*x)', 'a*exp(-toString*x)', '__proto__*x + c']) {
      expect(thrown(() => curveFitSync(model, x, decay)).code).toBe('RESERVED_NAME');
    }
  });

  it('a named x column called constructor or __proto__ (an own key, as JSON.parse makes)', () => {
    const error = thrown(() => curveFitSync('a*u + b', { u: x, constructor: x } as never, decay));
    expect(error.code).toBe('RESERVED_NAME');
    expect(error.message).toContain('constructor');
    const proto = JSON.parse('{"__proto__": [0, 1, 2], "u": [0, 1, 2]}');
    expect(thrown(() => curveFitSync('a*u + b', proto, [1, 2, 3])).code).toBe('RESERVED_NAME');
    expect(thrown(() => resolveModel('a*x + b', ['x', 'valueOf'], undefined)).code).toBe('RESERVED_NAME');
  });

  it('a callback whose p0 names hasOwnProperty or __proto__', () => {
    const callback = (t: number, p: Float64Array) => p[0] * t + p[1];
    const error = thrown(() => curveFitSync(callback, x, decay, { p0: { a: 1, hasOwnProperty: 0 } }));
    expect(error.code).toBe('RESERVED_NAME');
    expect(error.message).toContain('hasOwnProperty');
    expect(thrown(() => resolveModel(callback, ['x'], JSON.parse('{"a": 1, "__proto__": 0}'))).code).toBe('RESERVED_NAME');
  });

  it('near names are fine: constructor_, proto, to_string', () => {
    expect(resolveModel('constructor_*x + proto + to_string', ['x'], undefined).names).toEqual(['constructor_', 'proto', 'to_string']);
  });
});

describe('planParameters reads only own properties of p0, fixed and bounds', () => {
  it('inherited entries are not options', () => {
    const plan = planParameters(['a', 'b'], {
      p0: Object.create({ a: 5 }),
      fixed: Object.create({ b: 2 }),
      bounds: Object.create({ a: [10, 20] }),
    });
    expect(Array.from(plan.start)).toEqual([1, 1]);
    expect(plan.fixed).toEqual([false, false]);
    expect(plan.bounds[0].lo).toBe(-Infinity);
  });

  it('an own key that is not a parameter, such as "__proto__" from JSON.parse, is UNKNOWN_PARAMETER', () => {
    for (const option of ['p0', 'fixed', 'bounds'] as const) {
      const value = JSON.parse(option === 'bounds' ? '{"__proto__": [0, 1]}' : '{"__proto__": 1}');
      const error = thrown(() => planParameters(['a', 'b'], { [option]: value }));
      expect(error.code).toBe('UNKNOWN_PARAMETER');
      expect(error.message).toContain('__proto__');
    }
  });

  it('p0 by name with 8,000 parameters (near-linear lookups)', () => {
    const names = Array.from({ length: 8000 }, (_, j) => `p${j}`);
    const p0 = Object.fromEntries(names.map((name, j) => [name, j]));
    const plan = planParameters(names, { p0, fixed: { p7999: -1 } });
    expect(plan.start[4321]).toBe(4321);
    expect(plan.start[7999]).toBe(-1);
    expect(plan.free).toHaveLength(7999);
  });
});
