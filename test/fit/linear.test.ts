// Oracle: the closed form of ordinary (and weighted) least squares for a straight line,
// with its textbook standard errors.
import { describe, expect, it } from 'vitest';
import { curveFitSync } from '../../src/index.ts';

function line(n: number, seed: number) {
  let s = seed;
  const random = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) - 0.5;
  const x = Float64Array.from({ length: n }, (_, i) => i / 10);
  const y = x.map((v) => 1.5 + 0.25 * v + 0.3 * random());
  const sigma = x.map((_, i) => 0.5 + (i % 7) * 0.1);
  return { x, y, sigma };
}

// Weighted least squares for y = a + b·x with weights w = 1/σ²: the normal equations in closed form.
function closedForm(x: Float64Array, y: Float64Array, w: Float64Array) {
  let S = 0, Sx = 0, Sy = 0, Sxx = 0, Sxy = 0;
  for (let i = 0; i < x.length; i++) {
    S += w[i]; Sx += w[i] * x[i]; Sy += w[i] * y[i]; Sxx += w[i] * x[i] * x[i]; Sxy += w[i] * x[i] * y[i];
  }
  const delta = S * Sxx - Sx * Sx;
  const a = (Sxx * Sy - Sx * Sxy) / delta;
  const b = (S * Sxy - Sx * Sy) / delta;
  let chi2 = 0;
  for (let i = 0; i < x.length; i++) chi2 += w[i] * (y[i] - a - b * x[i]) ** 2;
  const scale = chi2 / (x.length - 2);
  return { a, b, chi2, errA: Math.sqrt((Sxx / delta) * scale), errB: Math.sqrt((S / delta) * scale), cov: (-Sx / delta) * scale };
}

describe('a straight line', () => {
  it('matches the closed-form least-squares solution and its standard errors', () => {
    const { x, y } = line(500, 7);
    const exact = closedForm(x, y, new Float64Array(x.length).fill(1));
    const r = curveFitSync('a + b*x', x, y, { p0: { a: 0, b: 0 } });
    expect(r.params.a).toBeCloseTo(exact.a, 12);
    expect(r.params.b).toBeCloseTo(exact.b, 12);
    expect(r.errors.a / exact.errA).toBeCloseTo(1, 10);
    expect(r.errors.b / exact.errB).toBeCloseTo(1, 10);
    expect(r.covariance[1] / exact.cov).toBeCloseTo(1, 10);
    expect(r.chi2 / exact.chi2).toBeCloseTo(1, 12);
    expect(r.dof).toBe(498);
    expect(r.converged).toBe(true);
  });

  it('matches weighted least squares when sigma is given', () => {
    const { x, y, sigma } = line(300, 11);
    const exact = closedForm(x, y, sigma.map((s) => 1 / (s * s)));
    const r = curveFitSync('a + b*x', x, y, { sigma });
    expect(r.params.a).toBeCloseTo(exact.a, 12);
    expect(r.params.b).toBeCloseTo(exact.b, 12);
    expect(r.errors.a / exact.errA).toBeCloseTo(1, 10);
    expect(r.errors.b / exact.errB).toBeCloseTo(1, 10);
    expect(r.chi2 / exact.chi2).toBeCloseTo(1, 12);
  });

  it('gives R² = 1 − SSres/SStot', () => {
    const { x, y } = line(200, 3);
    const exact = closedForm(x, y, new Float64Array(x.length).fill(1));
    const mean = y.reduce((s, v) => s + v, 0) / y.length;
    const total = y.reduce((s, v) => s + (v - mean) ** 2, 0);
    const r = curveFitSync('a + b*x', x, y);
    expect(r.rSquared).toBeCloseTo(1 - exact.chi2 / total, 12);
  });

  it('reports an exact fit through points on a line', () => {
    const x = [0, 1, 2, 3];
    const r = curveFitSync('a + b*x', x, [1, 3, 5, 7], { p0: [1, 2] });
    expect(r.status).toBe('exactFit');
    expect(r.params).toEqual({ a: 1, b: 2 });
  });
});
