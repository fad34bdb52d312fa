// r.derive and r.aic, r.bic. Oracle: closed forms — the variance of a linear combination,
// var(u·a + v·b) = u²C_aa + 2uv·C_ab + v²C_bb, and the first-order variance of g(b), g'(b)²·C_bb;
// lmfit's definitions of aic and bic written out (Minimizer._calculate_statistics, lmfit 1.1.0).
// The agreement with lmfit's Parameters with `expr` is test/result/lmfit.test.ts's.
import { describe, expect, it } from 'vitest';
import { curveFitSync } from '../../src/index.ts';
import { thrown } from '../support/thrown.ts';

const x = Array.from({ length: 30 }, (_, i) => i / 6);
const y = x.map((t, i) => 2.5 * Math.exp(-0.9 * t) + 0.4 + 0.01 * Math.cos(4 * i));
const r = curveFitSync('a*exp(-b*x) + c', x, y, { p0: { a: 2, b: 1, c: 0 } });
const C = (p: string, q: string) => r.covariance[r.names.indexOf(p) * 3 + r.names.indexOf(q)];

function close(actual: number, expected: number, tolerance = 1e-13): void {
  expect(Math.abs(actual - expected), `${actual} against ${expected}`).toBeLessThanOrEqual(tolerance * Math.abs(expected));
}

describe('r.derive', () => {
  it('gives a parameter itself with its standard error', () => {
    const b = r.derive('b');
    expect(b.value).toBe(r.params.b);
    close(b.error, r.errors.b);
  });

  it('gives a linear combination its variance, correlations included', () => {
    const { value, error } = r.derive('a + 2*c');
    close(value, r.params.a + 2 * r.params.c);
    close(error, Math.sqrt(C('a', 'a') + 4 * C('a', 'c') + 4 * C('c', 'c')));
  });

  it('propagates through functions by their exact derivatives: a half-life log(2)/b', () => {
    const { value, error } = r.derive('log(2)/b');
    close(value, Math.LN2 / r.params.b);
    close(error, (Math.LN2 / r.params.b ** 2) * r.errors.b);
  });

  it('takes a constant, whose error is 0', () => {
    expect(r.derive('2*pi')).toEqual({ value: 2 * Math.PI, error: 0 });
  });

  it('gives a fixed parameter error 0, and NaN to what depends on an undetermined one', () => {
    const fixed = curveFitSync('a*exp(-b*x) + c', x, y, { p0: { a: 2, b: 1 }, fixed: { c: 0.4 } });
    expect(fixed.derive('c*10')).toEqual({ value: 4, error: 0 });
    const blind = curveFitSync('a*exp(-b*x) + c + d*(x - x)', x, y, { p0: { a: 2, b: 1, c: 0 } });
    expect(blind.derive('d').error).toBeNaN();
    expect(Number.isFinite(blind.derive('a/b').error)).toBe(true);
  });

  it('works on a callback model’s result, by the names p0 gave', () => {
    const cb = curveFitSync((t: number, p: Float64Array) => p[0] * Math.exp(-p[1] * t) + p[2], x, y, { p0: { a: 2, b: 1, c: 0 } });
    const half = cb.derive('log(2)/b');
    close(half.value, Math.LN2 / cb.params.b);
    close(half.error, (Math.LN2 / cb.params.b ** 2) * cb.errors.b);
  });

  const bad: [string, string, () => unknown, RegExp[]][] = [
    ['a name that is not a parameter', 'UNKNOWN_PARAMETER', () => r.derive('log(2)/k'), [/r\.derive\("log\(2\)\/k"\) names "k", which is not a parameter of this fit/, /its parameters are a, b, c/]],
    ['the data’s variable', 'UNKNOWN_PARAMETER', () => r.derive('a*x'), [/names "x"/, /x is the data's variable/]],
    ['an expression that does not parse', 'SYNTAX_ERROR', () => r.derive('log(2)/'), [/^r\.derive\("log\(2\)\/"\): syntax error at column 8/]],
    ['an unknown function', 'UNKNOWN_FUNCTION', () => r.derive('ln(b)'), [/^r\.derive\("ln\(b\)"\): unknown function "ln"/]],
    ['a number', 'INVALID_ARGUMENT', () => r.derive(2 as never), [/r\.derive: the expression is 2/, /log\(2\)\/a/]],
    ['an empty string', 'INVALID_ARGUMENT', () => r.derive(''), [/the expression is ""/]],
  ];
  for (const [what, code, run, patterns] of bad) {
    it(`refuses ${what} with ${code}`, () => {
      const error = thrown(run);
      expect(error.code).toBe(code);
      for (const pattern of patterns) expect(error.message).toMatch(pattern);
    });
  }
});

describe('r.aic and r.bic', () => {
  const lmfit = (chi2: number, n: number, k: number) => {
    const neg2 = n * Math.log(Math.max(chi2, 1e-250 * n) / n);
    return { aic: neg2 + 2 * k, bic: neg2 + Math.log(n) * k };
  };

  it('are lmfit’s: N·ln(χ²/N) + 2k and N·ln(χ²/N) + ln(N)·k, k the free parameters', () => {
    const { aic, bic } = lmfit(r.chi2, 30, 3);
    close(r.aic, aic);
    close(r.bic, bic);
  });

  it('count neither fixed nor tied parameters', () => {
    const fixed = curveFitSync('a*exp(-b*x) + c', x, y, { p0: { a: 2, b: 1 }, fixed: { c: 0.4 } });
    close(fixed.aic, lmfit(fixed.chi2, 30, 2).aic);
    const tied = curveFitSync('a*exp(-b*x) + c', x, y, { p0: { a: 2, b: 1 }, constraints: { c: 'a/6' } });
    close(tied.bic, lmfit(tied.chi2, 30, 2).bic);
  });

  it('stay finite for an exact fit (χ² taken as at least 1e-250·N, as lmfit does)', () => {
    const exact = curveFitSync('a + b*x', [0, 1, 2, 3], [1, 3, 5, 7]);
    expect(exact.chi2).toBeLessThan(1e-25);
    close(exact.aic, lmfit(exact.chi2, 4, 2).aic);
    expect(Number.isFinite(exact.aic)).toBe(true);
  });

  it('are in the report', () => {
    expect(r.report()).toMatch(new RegExp(`AIC +${r.aic.toPrecision(10).replace('.', '\\.').replace('-', '\\-')}`));
    expect(r.report()).toMatch(/BIC +-?\d/);
  });
});
