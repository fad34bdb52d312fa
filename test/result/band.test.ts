// r.evaluate and r.band. Oracle: the textbook intervals of a straight line (Draper & Smith,
// Applied Regression Analysis, §1.4 and §2.1): at x₀, ŷ ± t·s·√(1/n + (x₀ − x̄)²/Sxx) for the
// curve and ŷ ± t·s·√(1 + 1/n + (x₀ − x̄)²/Sxx) for a new observation, s² = χ²/(n − 2), with
// Student's t from SciPy 1.10.1 (t.ppf(0.975, 18) = 2.10092204024096, t.ppf(0.95, 18) =
// 1.7340636066175354); with absolute sigmas, the weighted forms with s = 1. A callback model's
// band (central differences) against the same model as an expression (symbolic derivatives).
// The agreement with lmfit's eval_uncertainty is test/result/lmfit.test.ts's.
import { describe, expect, it } from 'vitest';
import { curveFitSync } from '../../src/index.ts';
import { thrown } from '../support/thrown.ts';

const n = 20;
const x = Array.from({ length: n }, (_, i) => i * 0.5);
const y = x.map((t, i) => 1.2 + 0.7 * t + 0.3 * Math.sin(3.1 * i));
const sigma = x.map((t) => 0.1 + 0.02 * t);
const T975 = 2.10092204024096;
const T95 = 1.7340636066175354;
const at = [-1, 0, 2.25, 4.75, 12];

function close(actual: number, expected: number, tolerance = 1e-12): void {
  expect(Math.abs(actual - expected), `${actual} against ${expected}`).toBeLessThanOrEqual(tolerance * Math.abs(expected));
}

// Weighted least squares of a line in closed form: the estimates and (XᵀWX)⁻¹.
function line(w: number[]) {
  const S = w.reduce((s, v) => s + v, 0);
  const Sx = w.reduce((s, v, i) => s + v * x[i], 0);
  const Sxx = w.reduce((s, v, i) => s + v * x[i] * x[i], 0);
  const Sy = w.reduce((s, v, i) => s + v * y[i], 0);
  const Sxy = w.reduce((s, v, i) => s + v * x[i] * y[i], 0);
  const det = S * Sxx - Sx * Sx;
  const b = (S * Sxy - Sx * Sy) / det;
  const a = (Sy - b * Sx) / S;
  const chi2 = w.reduce((s, v, i) => s + v * (y[i] - a - b * x[i]) ** 2, 0);
  // (XᵀWX)⁻¹ = [[Sxx, −Sx], [−Sx, S]]/det; the variance of a + b·x₀ in units of it:
  const leverage = (x0: number) => (Sxx - 2 * Sx * x0 + S * x0 * x0) / det;
  return { a, b, chi2, leverage };
}

describe('r.band', () => {
  const r = curveFitSync('a + b*x', x, y);
  const ols = line(x.map(() => 1));
  const s2 = ols.chi2 / (n - 2);

  it('is the textbook confidence band of a straight line, at level 0.95 by default', () => {
    const { value, lower, upper } = r.band(at);
    at.forEach((x0, i) => {
      close(value[i], ols.a + ols.b * x0, 1e-12);
      const half = T975 * Math.sqrt(s2 * ols.leverage(x0));
      close(upper[i] - value[i], half, 1e-9);
      close(value[i] - lower[i], half, 1e-9);
    });
  });

  it('is the textbook prediction band with kind prediction, and takes other levels', () => {
    const { value, upper } = r.band(at, { kind: 'prediction', level: 0.9 });
    at.forEach((x0, i) => close(upper[i] - value[i], T95 * Math.sqrt(s2 * (1 + ols.leverage(x0))), 1e-9));
  });

  it('takes a new observation’s sigma for a prediction band, a number or one per x', () => {
    const one = r.band(at, { kind: 'prediction', sigma: 2 });
    const each = r.band(at, { kind: 'prediction', sigma: at.map(() => 2) });
    at.forEach((x0, i) => {
      close(one.upper[i] - one.value[i], T975 * Math.sqrt(s2 * (4 + ols.leverage(x0))), 1e-9);
      expect(each.upper[i]).toBe(one.upper[i]);
    });
  });

  it('with absoluteSigma, takes the sigmas as known: s = 1 in both bands', () => {
    const w = sigma.map((s) => 1 / (s * s));
    const wls = line(w);
    const abs = curveFitSync('a + b*x', x, y, { sigma, absoluteSigma: true });
    const confidence = abs.band(at);
    const prediction = abs.band(at, { kind: 'prediction', sigma: 0.2 });
    at.forEach((x0, i) => {
      close(confidence.upper[i] - confidence.value[i], T975 * Math.sqrt(wls.leverage(x0)), 1e-9);
      close(prediction.upper[i] - prediction.value[i], T975 * Math.sqrt(0.04 + wls.leverage(x0)), 1e-9);
    });
    // Relative sigmas: the same band scaled by s² = χ²/dof.
    const rel = curveFitSync('a + b*x', x, y, { sigma });
    const band = rel.band(at, { kind: 'prediction', sigma: 0.2 });
    at.forEach((x0, i) => close(band.upper[i] - band.value[i], T975 * Math.sqrt((wls.chi2 / (n - 2)) * (0.04 + wls.leverage(x0))), 1e-9));
  });

  it('has the curve as its value: the same numbers as evaluate', () => {
    expect(Array.from(r.band(at).value)).toEqual(Array.from(r.evaluate(at)));
  });

  it('of a callback model, by central differences, is the expression’s to 1e-8', () => {
    const decay = x.map((t, i) => 2.5 * Math.exp(-0.6 * t) + 0.4 + 0.01 * Math.sin(5 * i));
    const expression = curveFitSync('a*exp(-b*x) + c', x, decay, { p0: { a: 2, b: 1, c: 0 } });
    const scalar = curveFitSync((t: number, p: Float64Array) => p[0] * Math.exp(-p[1] * t) + p[2], x, decay, { p0: { a: 2, b: 1, c: 0 } });
    const vector = curveFitSync({
      evaluate: (xs: Float64Array, p: Float64Array, out: Float64Array) => xs.forEach((t, i) => (out[i] = p[0] * Math.exp(-p[1] * t) + p[2])),
      jacobian: (xs: Float64Array, p: Float64Array, columns: Float64Array[]) => xs.forEach((t, i) => {
        columns[0][i] = Math.exp(-p[1] * t);
        columns[1][i] = -p[0] * t * Math.exp(-p[1] * t);
        columns[2][i] = 1;
      }),
    }, x, decay, { p0: { a: 2, b: 1, c: 0 } });
    const oracle = expression.band(at, { kind: 'prediction' });
    for (const r2 of [scalar, vector]) {
      const band = r2.band(at, { kind: 'prediction' });
      at.forEach((_, i) => {
        close(band.value[i], oracle.value[i], 1e-9);
        close(band.upper[i] - band.value[i], oracle.upper[i] - oracle.value[i], 1e-8);
      });
      close(r2.evaluate([3])[0], expression.evaluate([3])[0], 1e-9);
    }
  });

  it('takes named columns for a model of several variables', () => {
    const u = x.map((t) => Math.cos(t));
    const z = x.map((t, i) => 1 + 2 * t - 0.5 * u[i] + 0.05 * Math.sin(7 * i));
    const plane = curveFitSync('a + b*t + c*u', { t: x, u }, z);
    const band = plane.band({ t: [1, 2], u: [0, 1] });
    close(band.value[1], plane.params.a + 2 * plane.params.b + plane.params.c, 1e-13);
    expect(band.upper[0]).toBeGreaterThan(band.value[0]);
  });

  it('leaves out fixed parameters, and is finite where an undetermined one does not move the curve', () => {
    const fixed = curveFitSync('a + b*x', x, y, { fixed: { a: 1.2 } });
    const half = fixed.band([0]).upper[0] - fixed.band([0]).value[0];
    expect(half).toBe(0); // at x = 0 only a, which is fixed, moves the curve
    const blind = curveFitSync('a + b*x + c*(x - x)', x, y);
    expect(blind.undetermined).toEqual(['c']);
    const band = blind.band(at);
    at.forEach((_, i) => expect(Number.isFinite(band.upper[i])).toBe(true));
  });

  it('is NaN with no degrees of freedom', () => {
    const exact = curveFitSync('a + b*x', [0, 1], [1, 3]);
    expect(exact.dof).toBe(0);
    expect(exact.band([0.5]).upper[0]).toBeNaN();
  });

  const bad: [string, string, () => unknown, RegExp][] = [
    ['a level of 1', 'INVALID_OPTION', () => r.band(at, { level: 1 }), /options\.level is 1; expected a probability strictly between 0 and 1/],
    ['a level of 0', 'INVALID_OPTION', () => r.band(at, { level: 0 }), /options\.level is 0/],
    ['a level given as a string', 'INVALID_OPTION', () => r.band(at, { level: '0.95' as never }), /options\.level is "0\.95"/],
    ['a level in percent', 'INVALID_OPTION', () => r.band(at, { level: 95 }), /options\.level is 95/],
    ['an unknown kind', 'INVALID_OPTION', () => r.band(at, { kind: 'both' as never }), /options\.kind is "both"; expected 'confidence' or 'prediction'/],
    ['an unknown option', 'INVALID_OPTION', () => r.band(at, { sigmas: 1 } as never), /options\.sigmas is not an option/],
    ['options that are not an object', 'INVALID_ARGUMENT', () => r.band(at, 0.95 as never), /options is 0\.95/],
    ['a sigma for a confidence band', 'INVALID_OPTION', () => r.band(at, { sigma: 1 }), /options\.sigma is given for a confidence band/],
    ['a negative sigma', 'INVALID_OPTION', () => r.band(at, { kind: 'prediction', sigma: -1 }), /options\.sigma is -1; expected a finite number ≥ 0/],
    ['a NaN among the sigmas', 'INVALID_OPTION', () => r.band(at, { kind: 'prediction', sigma: [1, NaN, 1, 1, 1] }), /options\.sigma\[1\] is NaN/],
    ['sigmas of another length than x', 'LENGTH_MISMATCH', () => r.band(at, { kind: 'prediction', sigma: [1, 2] }), /options\.sigma has 2 entries and x has 5 rows/],
    ['no sigma for a prediction band of a weighted fit', 'INVALID_OPTION', () => curveFitSync('a + b*x', x, y, { sigma }).band(at, { kind: 'prediction' }), /options\.sigma is missing; this fit was weighted by sigma/],
    ['x that is not numbers', 'INVALID_ARGUMENT', () => r.band('abc' as never), /x is "abc"/],
    ['x missing a named column', 'INVALID_ARGUMENT', () => curveFitSync('a + b*t + c*u', { t: x, u: x.map(Math.cos) }, y).band({ t: [1] }), /x has no column "u"/],
    ['x of a callback model as named columns', 'INVALID_ARGUMENT', () => curveFitSync((t: number, p: Float64Array) => p[0] + p[1] * t, x, y, { p0: [1, 1] }).band({ x: [1] }), /callback model takes x as one column/],
  ];
  for (const [what, code, run, pattern] of bad) {
    it(`refuses ${what} with ${code}`, () => {
      const error = thrown(run);
      expect(error.code).toBe(code);
      expect(error.message).toMatch(pattern);
    });
  }
});

describe('r.evaluate', () => {
  it('is the fitted curve at new x, as compileModel evaluates it', () => {
    const r = curveFitSync('a + b*x', x, y);
    const f = r.evaluate(new Float64Array([0, 10]));
    expect(f).toBeInstanceOf(Float64Array);
    close(f[0], r.params.a, 1e-15);
    close(f[1], r.params.a + 10 * r.params.b, 1e-15);
  });

  it('of a built-in model evaluates its expression', () => {
    const r = curveFitSync('exponential', x, x.map((t) => 2 * Math.exp(-0.5 * t) + 1));
    expect(r.expression).toBe('a*exp(-b*x) + c');
    close(r.evaluate([0])[0], r.params.a + r.params.c, 1e-14);
  });

  it('calls a callback model', () => {
    const calls: number[] = [];
    const r = curveFitSync((t: number, p: Float64Array) => (calls.push(t), p[0] + p[1] * t), x, y, { p0: [1, 1] });
    calls.length = 0;
    close(r.evaluate([100])[0], r.params.p0 + 100 * r.params.p1, 1e-15);
    expect(calls).toEqual([100]);
  });

  it('refuses x of the wrong shape with the message compileModel gives', () => {
    const r = curveFitSync('a + b*x', x, y);
    expect(thrown(() => r.evaluate({ t: [1] } as never)).message).toMatch(/x has no column "x"/);
    expect(thrown(() => r.evaluate([1, '2'] as never)).message).toMatch(/x\[1\] is "2"; expected a number/);
  });
});
