// Scale-free: multiplying sigma, or y and the parameters that carry y's unit, by a constant
// gives the same fit, scaled, at any magnitude a double can hold (10^±300). Oracle: closed forms,
// the fit at scale 1 transformed.
// - sigma = s (constant): the residuals become r/s and J becomes J/s, so the minimum does not
//   move, and with absoluteSigma false the covariance (JᵀJ)⁻¹·χ²/dof is unchanged: the
//   parameters and the errors of the fit with sigma = 1 (curve_fit's semantics).
// - y·s with p0.a, p0.c times s: a*exp(-b*x)+c is linear in a and c, so a and c scale by s, b
//   does not move; J's columns for a and c are unchanged and b's scales by s, χ² by s², so the
//   errors of a and c scale by s and b's is unchanged.
// Those are the same problem in exact arithmetic, and the solver takes the same steps up to
// rounding (10^k is not a power of two): the answers agree to 1e-10 relative, far inside what
// the stopping tests (ftol = 1e-14) leave open.
// Before the rewrite, sigma ≤ 1e-154 or y ≥ 1e155 threw NON_FINITE_MODEL ("choose another p0"):
// χ² overflowed at the start; at sigma ≥ 1e160 or y ≤ 1e-160 the fit stopped at or near its
// start (χ² underflowed); and the errors of the y-scaled fits came out NaN.
import { describe, expect, it } from 'vitest';
import { curveFitSync } from '../../src/index.ts';
import { codeOf } from '../support/code-of.ts';

const decay = 'a*exp(-b*x)+c';
const p0 = { a: 1, b: 1, c: 0 };
const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
const RELATIVE = 1e-10;

// 50 rows, x = 0, 0.2, …, 9.8: y = 3·exp(−0.7x) + 0.5 plus a small deterministic wiggle.
const x = Float64Array.from({ length: 50 }, (_, i) => 0.2 * i);
const y = x.map((t) => 3 * Math.exp(-0.7 * t) + 0.5 + 0.01 * Math.sin(13 * t));

// k = −300, −280, …, 300, and both sides of 10^±154 (where a square of the scale leaves the
// doubles: (1e155)² = 1e310 overflows, (1e-160)² = 1e-320 is subnormal).
const EXPONENTS = [...Array.from({ length: 31 }, (_, i) => -300 + 20 * i), 155, 160, -155, -160];

const unit = curveFitSync(decay, x, y, { p0 });

describe('a constant sigma = 10^k changes neither the parameters nor the errors', () => {
  it('the fit with sigma = 1 converges (the reference)', () => {
    expect(unit.converged, unit.message).toBe(true);
  });

  it.each(EXPONENTS)('sigma = 1e%d: parameters and errors equal those with sigma = 1 to 1e-10, converged alike', (k) => {
    const s = 10 ** k;
    const r = curveFitSync(decay, x, y, { p0, sigma: x.map(() => s) });
    for (const name of unit.names) {
      expect(rel(r.params[name], unit.params[name]), `${name} = ${r.params[name]} against ${unit.params[name]}; ${r.message}`).toBeLessThanOrEqual(RELATIVE);
      expect(rel(r.errors[name], unit.errors[name]), `error of ${name} = ${r.errors[name]} against ${unit.errors[name]}; ${r.message}`).toBeLessThanOrEqual(RELATIVE);
    }
    expect(r.converged, r.message).toBe(unit.converged);
  });
});

describe('y and the start of a and c times 10^k: a, c and their errors scale by 10^k, b and its error do not move', () => {
  it.each(EXPONENTS)('y × 1e%d', (k) => {
    const s = 10 ** k;
    const r = curveFitSync(decay, x, y.map((v) => v * s), { p0: { a: p0.a * s, b: p0.b, c: p0.c * s } });
    const factor: Record<string, number> = { a: s, b: 1, c: s };
    for (const name of unit.names) {
      const expected = unit.params[name] * factor[name];
      const error = unit.errors[name] * factor[name];
      expect(rel(r.params[name], expected), `${name} = ${r.params[name]} against ${expected}; ${r.message}`).toBeLessThanOrEqual(RELATIVE);
      expect(rel(r.errors[name], error), `error of ${name} = ${r.errors[name]} against ${error}; ${r.message}`).toBeLessThanOrEqual(RELATIVE);
    }
    expect(r.converged, r.message).toBe(unit.converged);
  });
});

describe('tiny sigma or huge y never throws NON_FINITE_MODEL', () => {
  // A start whose χ² overflows is not a model that is not finite: the model is finite, only the
  // sum of squares of its residuals is not. These start from p0 = (1, 1, 0) as it is, far from
  // y's scale. The fit must return, and with finite parameters.
  it.each([1e-154, 1e-155, 1e-160, 1e-200, 1e-300])('sigma = %s', (s) => {
    const r = curveFitSync(decay, x, y, { p0, sigma: x.map(() => s) });
    for (const name of r.names) expect(Number.isFinite(r.params[name]), `${name} = ${r.params[name]}`).toBe(true);
  });

  it.each([1e155, 1e160, 1e200, 1e300])('y × %s', (s) => {
    const r = curveFitSync(decay, x, y.map((v) => v * s), { p0 });
    for (const name of r.names) expect(Number.isFinite(r.params[name]), `${name} = ${r.params[name]}`).toBe(true);
  });
});

describe('beyond 10^±300: subnormal data, a tiny fScale, sums that no scaling brings back', () => {
  // y × 1e-310 is subnormal: y keeps about 44 of its 53 bits (a relative 1e-13), and the
  // parameters a and c, times 1e-310, are subnormal too. Oracle as above: the fit at scale 1,
  // transformed, to 1e-8 — what 44 bits leave after a fit. Before the calibration's limits the
  // column scale s·d overflowed and the fit threw NON_FINITE_MODEL naming "row NaN".
  it('y and the start of a and c × 1e-310: a and c scale by 1e-310 and b does not move, to 1e-8', () => {
    const s = 1e-310;
    const r = curveFitSync(decay, x, y.map((v) => v * s), { p0: { a: s, b: 1, c: 0 } });
    expect(rel(r.params.a / s, unit.params.a), `a = ${r.params.a}; ${r.message}`).toBeLessThanOrEqual(1e-8);
    expect(rel(r.params.b, unit.params.b), `b = ${r.params.b}; ${r.message}`).toBeLessThanOrEqual(1e-8);
    expect(r.converged, r.message).toBe(true);
  });

  // With fScale = 1e-300 every |r/fScale| is near 1e300 and (r/fScale)² overflows; the loss has
  // a finite limit there (soft_l1's ρ ≈ 2|r|/fScale). The start is no exact fit: χ² there is
  // that of p0 = (1, 1, 1), far from zero — before, the fit threw NON_FINITE_MODEL, and a first
  // calibration called it exactFit.
  it('a tiny fScale (1e-300) is a loss, not an overflow, and never an exact fit away from one', () => {
    const r = curveFitSync(decay, x, y, { p0: { a: 1, b: 1, c: 1 }, loss: 'soft_l1', fScale: 1e-300 });
    expect(r.status, r.message).not.toBe('exactFit');
    for (const name of r.names) expect(Number.isFinite(r.params[name]), `${name} = ${r.params[name]}`).toBe(true);
  });

  // Weights 1/σ from 1 to 1e300 on data of size 1e20: (f − y)/σ reaches 1e320 before any scaling,
  // (f − y)·(s/σ) does not. The data lie on the line 1e20·(2x + 1): oracle, that line (exactly).
  it('rows weighted from 1 to 1e300 on data of size 1e20: the line through them, to 1e-12', () => {
    const xs = [0, 1, 2, 3];
    const r = curveFitSync('a*x + b', xs, xs.map((t) => 1e20 * (2 * t + 1)), { p0: { a: 1e20, b: 1e20 }, sigma: [1, 1e-150, 1e-300, 1e-20] });
    expect(rel(r.params.a, 2e20), `a = ${r.params.a}; ${r.message}`).toBeLessThanOrEqual(1e-12);
    expect(rel(r.params.b, 1e20), `b = ${r.params.b}; ${r.message}`).toBeLessThanOrEqual(1e-12);
    expect(r.converged, r.message).toBe(true);
  });

  // y and the model at ±1.7e308: f − y itself overflows before any scaling can act. That is
  // OUT_OF_RANGE, not a model that is not finite (it is finite everywhere).
  it('residuals that overflow before any scaling are OUT_OF_RANGE, not NON_FINITE_MODEL', async () => {
    expect(await codeOf(() => curveFitSync('a + 0*x', [0, 1, 2], [1.7e308, 1.7e308, 1.7e308], { p0: { a: -1.7e308 } }))).toBe('OUT_OF_RANGE');
  });
});
