// The options a curve_fit user relies on, each against a closed form or a fit it must equal.
import { describe, expect, it } from 'vitest';
import { curveFitSync } from '../../src/index.ts';
import { normal, synthetic } from '../support/synthetic.ts';

const decay = 'a*exp(-b*x) + c';
const truth = (t: number) => 2.5 * Math.exp(-1.3 * t) + 0.5;
const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('sigma and absoluteSigma', () => {
  const { x, y } = synthetic(400, truth, 0.02, 21);
  const sigma = x.map((_, i) => 0.01 + 0.02 * ((i * 7) % 5) / 4);

  it('multiplying every sigma by a constant changes neither the parameters nor the errors (curve_fit semantics)', () => {
    const a = curveFitSync(decay, x, y, { sigma });
    const b = curveFitSync(decay, x, y, { sigma: sigma.map((s) => 10 * s) });
    for (const name of a.names) {
      expect(rel(b.params[name], a.params[name])).toBeLessThan(1e-12);
      expect(rel(b.errors[name], a.errors[name])).toBeLessThan(1e-10);
    }
  });

  it('absoluteSigma gives the unscaled (JᵀJ)⁻¹: the scaled covariance divided by χ²/dof', () => {
    const scaled = curveFitSync(decay, x, y, { sigma });
    const absolute = curveFitSync(decay, x, y, { sigma, absoluteSigma: true });
    const factor = scaled.chi2 / scaled.dof;
    absolute.covariance.forEach((v, i) => expect(rel(v * factor, scaled.covariance[i])).toBeLessThan(1e-10));
  });
});

describe('fixed parameters', () => {
  const { x, y } = synthetic(300, truth, 0.02, 22);

  it('holds a parameter in any position, reports it with error 0, and leaves it out of dof', () => {
    for (const [name, value] of [['a', 2.5], ['b', 1.3], ['c', 0.5]] as const) {
      const r = curveFitSync(decay, x, y, { fixed: { [name]: value } });
      expect(r.params[name]).toBe(value);
      expect(r.errors[name]).toBe(0);
      expect(r.fixed).toEqual([name]);
      expect(r.dof).toBe(300 - 2);
      const j = r.names.indexOf(name);
      for (let k = 0; k < 3; k++) expect(r.covariance[j * 3 + k]).toBe(0);
    }
  });

  it('equals the fit of the model with the value written in (oracle: the substituted expression)', () => {
    const held = curveFitSync(decay, x, y, { fixed: { c: 0.5 } });
    const written = curveFitSync('a*exp(-b*x) + 0.5', x, y);
    expect(rel(held.params.a, written.params.a)).toBeLessThan(1e-12);
    expect(rel(held.errors.b, written.errors.b)).toBeLessThan(1e-10);
  });
});

describe('bounds', () => {
  const { x, y } = synthetic(300, truth, 0.02, 23);

  it('inactive bounds give the unbounded answer', () => {
    const free = curveFitSync(decay, x, y);
    const bounded = curveFitSync(decay, x, y, { bounds: { a: [0, 10], b: [0, Infinity], c: [-Infinity, 5] } });
    for (const name of free.names) {
      expect(rel(bounded.params[name], free.params[name])).toBeLessThan(1e-8);
      expect(rel(bounded.errors[name], free.errors[name])).toBeLessThan(1e-6);
    }
    expect(bounded.atBound).toEqual([]);
    expect(bounded.converged).toBe(true);
  });

  it('an active bound holds the parameter on it, says so, and the rest equal the fit with it fixed there', () => {
    const bounded = curveFitSync(decay, x, y, { bounds: { c: [0.6, 2] } });
    const fixed = curveFitSync(decay, x, y, { fixed: { c: 0.6 } });
    expect(bounded.atBound).toEqual(['c']);
    expect(Math.abs(bounded.params.c - 0.6)).toBeLessThan(1e-7);
    expect(rel(bounded.params.a, fixed.params.a)).toBeLessThan(1e-6);
    expect(rel(bounded.params.b, fixed.params.b)).toBeLessThan(1e-6);
    expect(bounded.converged).toBe(true);
  });

  it('starts a parameter with no p0 inside its bounds', () => {
    const r = curveFitSync(decay, x, y, { bounds: { b: [1.1, 3] } });
    expect(r.params.b).toBeGreaterThan(1.1);
    expect(rel(r.params.b, curveFitSync(decay, x, y).params.b)).toBeLessThan(1e-6);
  });
});

describe('robust losses', () => {
  const g = normal(24);
  const x = Float64Array.from({ length: 200 }, (_, i) => i / 20);
  const y = x.map((t, i) => truth(t) + 0.02 * g() + (i % 17 === 3 ? 1.5 : 0)); // every 17th point an outlier

  it('soft_l1, huber, cauchy and arctan land nearer the truth than least squares when there are outliers', () => {
    const linear = curveFitSync(decay, x, y);
    for (const loss of ['soft_l1', 'huber', 'cauchy', 'arctan'] as const) {
      const r = curveFitSync(decay, x, y, { loss, fScale: 0.05 });
      expect(Math.abs(r.params.b - 1.3)).toBeLessThan(Math.abs(linear.params.b - 1.3));
      expect(r.cost).toBeLessThan(linear.chi2 / 2);
    }
  });

  it("cost is ½χ² for the linear loss", () => {
    const r = curveFitSync(decay, x, y);
    expect(r.cost).toBe(r.chi2 / 2);
  });
});

describe("nanPolicy 'omit'", () => {
  const { x, y, sigma } = synthetic(200, truth, 0.02, 25);
  const holes = [3, 50, 51, 199];
  const yNaN = Float64Array.from(y);
  const xNaN = Float64Array.from(x);
  yNaN[3] = NaN;
  xNaN[50] = NaN;
  yNaN[51] = NaN;
  const sigmaNaN = Float64Array.from(sigma);
  sigmaNaN[199] = NaN;
  const keep = (_: number, i: number) => !holes.includes(i);

  it('gives the fit of the data with those rows removed (oracle: the filtered arrays), and counts them', () => {
    const omitted = curveFitSync(decay, xNaN, yNaN, { sigma: sigmaNaN, nanPolicy: 'omit' });
    const filtered = curveFitSync(decay, x.filter(keep), y.filter(keep), { sigma: sigma.filter(keep) });
    expect(omitted.omittedRows).toBe(4);
    expect(omitted.rows).toBe(196);
    expect(omitted.params).toEqual(filtered.params);
    expect(omitted.errors).toEqual(filtered.errors);
  });

  it('is the same with every chunk size (the same rows on every pass)', () => {
    const whole = curveFitSync(decay, xNaN, yNaN, { nanPolicy: 'omit' });
    const chunked = curveFitSync(decay, xNaN, yNaN, { nanPolicy: 'omit', chunkRows: 7 });
    for (const name of whole.names) expect(rel(chunked.params[name], whole.params[name])).toBeLessThan(1e-12);
  });
});

describe('several independent variables', () => {
  it('fits named columns used by name (oracle: a plane, closed form)', () => {
    const n = 50;
    const x1 = Float64Array.from({ length: n }, (_, i) => i % 10);
    const x2 = Float64Array.from({ length: n }, (_, i) => Math.floor(i / 10));
    const y = x1.map((u, i) => 1 + 2 * u - 3 * x2[i]);
    const r = curveFitSync('a + b*x1 + c*x2', { x1, x2 }, y);
    expect(r.params.a).toBeCloseTo(1, 10);
    expect(r.params.b).toBeCloseTo(2, 10);
    expect(r.params.c).toBeCloseTo(-3, 10);
  });
});

describe('rank deficiency', () => {
  it('reports the rank and names the undetermined parameter, with NaN (not 1e25) in its covariance', () => {
    const { x, y } = synthetic(100, (t) => 3 * t, 0.01, 26);
    const r = curveFitSync('a*b*x', x, y, { p0: { a: 1, b: 2 } });
    expect(r.rank).toBe(1);
    expect(r.undetermined).toHaveLength(1);
    const j = r.names.indexOf(r.undetermined[0]);
    expect(Number.isNaN(r.errors[r.undetermined[0]])).toBe(true);
    expect(Number.isNaN(r.covariance[j * 2 + j])).toBe(true);
    expect(r.params.a * r.params.b).toBeCloseTo(3, 3);
  });
});

describe('a status you can trust', () => {
  const { x, y } = synthetic(200, truth, 0.02, 27);

  it('maxIterations returns the best point so far, not converged', () => {
    const r = curveFitSync(decay, x, y, { p0: { a: 1, b: 5, c: 0 }, maxIterations: 2 });
    expect(r.status).toBe('maxIterations');
    expect(r.converged).toBe(false);
    expect(r.iterations).toBe(2);
    const start = curveFitSync(decay, x, y, { p0: { a: 1, b: 5, c: 0 }, maxIterations: 1 });
    expect(r.chi2).toBeLessThanOrEqual(start.chi2);
  });

  it('is not converged when the tolerances stop a fit far from a minimum', () => {
    const r = curveFitSync(decay, x, y, { p0: { a: 1, b: 5, c: 0 }, ftol: 0.5, xtol: 0.5 });
    expect(r.converged).toBe(false);
  });

  it('is converged when the start is already the minimum', () => {
    const best = curveFitSync(decay, x, y);
    const again = curveFitSync(decay, x, y, { p0: best.params });
    expect(again.converged).toBe(true);
    expect(rel(again.params.b, best.params.b)).toBeLessThan(1e-12);
  });
});
