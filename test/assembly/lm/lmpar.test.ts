// Oracle: MINPACK lmpar's contract (Moré 1978, §5), checked in plain JS on a seeded random
// problem J·x ≈ r: when the Gauss–Newton step lies outside the trust region (‖D·x_GN‖ > 1.1·Δ),
// λ > 0 and |‖D·x‖ − Δ| ≤ 0.1·Δ; when it lies inside, λ = 0 and x is the Gauss–Newton step
// (from a dense solve of the normal equations JᵀJ·x = Jᵀr). Either way x solves
// (JᵀJ + λ·DᵀD)·x = Jᵀr, to 1e-10 relative. (The solver steps by p = −x, solving
// (JᵀJ + λDᵀD)·p = −Jᵀr; lmpar returns x with MINPACK's sign.)
import { describe, expect, it } from 'vitest';
import { add, diagonal, gram, matVec, norm, pivotedFactor, relativeError, solve, toColumnMajor, transpose } from '../../support/dense.ts';
import { type DebugExports, getF64, putF64, putI32 } from '../../support/debug-core.ts';
import { loadKernelHarness, useKernels } from '../../support/kernel-harness.ts';
import { seeded } from '../../support/random.ts';

let core: DebugExports;
useKernels(loadKernelHarness, (loaded) => (core = loaded));

/** A seeded problem with P parameters, its pivoted factor, a scaling D and its Gauss–Newton step. */
function problem(p: number, seed: number) {
  const random = seeded(seed);
  const jacobian = random.matrix(3 * p + 2, p);
  const residuals = random.vector(3 * p + 2);
  const ipvt = random.permutation(p);
  const diag = Array.from({ length: p }, () => random.between(0.5, 2));
  const gradient = matVec(transpose(jacobian), residuals); // Jᵀr
  const gaussNewton = solve(gram(jacobian), gradient);
  const dNorm = (x: ArrayLike<number>) => norm(Array.from(x, (v, j) => diag[j] * v));
  return { p, jacobian, ipvt, diag, gradient, gaussNewton, dNorm, ...pivotedFactor(jacobian, residuals, ipvt) };
}

/** lmpar on the problem for radius Δ, from the starting λ `par`. */
function lmpar(pr: ReturnType<typeof problem>, delta: number, par = 0) {
  const { p } = pr;
  const x = putF64(core, new Float64Array(p));
  const work = () => putF64(core, new Float64Array(p));
  const lambda = core.lmpar(p, putF64(core, toColumnMajor(pr.r)), p, putI32(core, pr.ipvt), putF64(core, pr.diag), putF64(core, pr.qtb), delta, par, x, work(), work(), work());
  return { lambda: lambda as number, x: getF64(core, x, p) };
}

/** ‖(JᵀJ + λDᵀD)·x − Jᵀr‖ / ‖Jᵀr‖. */
function normalEquationsResidual(pr: ReturnType<typeof problem>, lambda: number, x: Float64Array) {
  const lhs = matVec(add(gram(pr.jacobian), diagonal(pr.diag.map((d) => lambda * d * d))), Array.from(x));
  return norm(lhs.map((v, i) => v - pr.gradient[i])) / norm(pr.gradient);
}

describe('lmpar', () => {
  // Radii as fractions of ‖D·x_GN‖: below 1/1.1 the Gauss–Newton step is outside the region.
  // The solver's polishing steps ask for Δ = ∞.
  const outside = [1e-3, 0.1, 0.5, 0.9];
  const inside = [1 / 1.05, 2, 1e3, Infinity];

  it.each([1, 3, 8])('finds λ > 0 with ‖D·x‖ within a tenth of Δ when the Gauss–Newton step is outside (P = %i)', (p) => {
    const pr = problem(p, 10 + p);
    for (const fraction of outside) {
      for (const start of [0, 0.3]) {
        const delta = fraction * pr.dNorm(pr.gaussNewton);
        const { lambda, x } = lmpar(pr, delta, start);
        expect(lambda).toBeGreaterThan(0);
        expect(Math.abs(pr.dNorm(x) - delta)).toBeLessThanOrEqual(0.1 * delta);
        expect(normalEquationsResidual(pr, lambda, x)).toBeLessThan(1e-10);
      }
    }
  });

  it.each([1, 3, 8])('returns λ = 0 and the Gauss–Newton step when it is inside (P = %i)', (p) => {
    const pr = problem(p, 20 + p);
    for (const fraction of inside) {
      const { lambda, x } = lmpar(pr, fraction * pr.dNorm(pr.gaussNewton), 0.3);
      expect(lambda).toBe(0);
      expect(relativeError(x, pr.gaussNewton)).toBeLessThan(1e-10);
      expect(normalEquationsResidual(pr, 0, x)).toBeLessThan(1e-10);
    }
  });

  it('meets the radius with a rank-deficient Jacobian (a parameter the model ignores, pivoted last)', () => {
    const pr = problem(4, 30);
    pr.jacobian.forEach((row) => (row[2] = 0));
    const ipvt = [...pr.ipvt.filter((l) => l !== 2), 2];
    const residuals = seeded(31).vector(pr.jacobian.length);
    const gradient = matVec(transpose(pr.jacobian), residuals);
    const deficient = { ...pr, ipvt, gradient, ...pivotedFactor(pr.jacobian, residuals, ipvt) };
    expect(deficient.r[3][3]).toBe(0);
    // The Gauss–Newton step MINPACK takes then: the least-squares solution with x₂ = 0.
    const kept = [0, 1, 3];
    const reduced = solve(kept.map((i) => kept.map((j) => gram(pr.jacobian)[i][j])), kept.map((i) => gradient[i]));
    const basic = [reduced[0], reduced[1], 0, reduced[2]];
    for (const fraction of [...outside, ...inside]) {
      const delta = fraction * pr.dNorm(basic);
      const { lambda, x } = lmpar(deficient, delta);
      expect(x[2]).toBe(0);
      if (fraction < 1 / 1.1) {
        expect(lambda).toBeGreaterThan(0);
        expect(Math.abs(pr.dNorm(x) - delta)).toBeLessThanOrEqual(0.1 * delta);
      } else {
        expect(lambda).toBe(0);
        expect(relativeError(x, basic)).toBeLessThan(1e-10);
      }
      expect(normalEquationsResidual(deficient, lambda, x)).toBeLessThan(1e-10);
    }
  });
});
