// Oracle: a dense solve in plain JS of the normal equations (JᵀJ + D²)·x = Jᵀr of the
// least-squares system [J; D]·x ≈ [r; 0] that MINPACK qrsolv solves from the pivoted R of J
// (test/support/dense.ts); and the factor it leaves, S with Πᵀ(JᵀJ + D²)Π = SᵀS, multiplied out.
import { describe, expect, it } from 'vitest';
import { add, diagonal, fromColumnMajor, gram, matVec, multiply, pivotedFactor, relativeError, solve, toColumnMajor, transpose } from '../../support/dense.ts';
import { type DebugExports, getF64, putF64, putI32 } from '../../support/debug-core.ts';
import { loadKernelHarness, useKernels } from '../../support/kernel-harness.ts';
import { seeded } from '../../support/random.ts';

let core: DebugExports;
useKernels(loadKernelHarness, (loaded) => (core = loaded));

/** A seeded problem with P parameters and its pivoted factor; D is drawn unless given. */
function problem(p: number, seed: number, d?: number[]) {
  const random = seeded(seed);
  const jacobian = random.matrix(2 * p + 3, p);
  const residuals = random.vector(2 * p + 3);
  const ipvt = random.permutation(p);
  const diag = d ?? Array.from({ length: p }, () => random.between(0.1, 3));
  const expected = solve(add(gram(jacobian), diagonal(diag.map((v) => v * v))), matVec(transpose(jacobian), residuals));
  return { p, jacobian, ipvt, diag, expected, ...pivotedFactor(jacobian, residuals, ipvt) };
}

/** qrsolv on the problem: x, and r (n×n, column-major) and sdiag as it leaves them. */
function qrsolv(pr: ReturnType<typeof problem>) {
  const { p } = pr;
  const r = putF64(core, toColumnMajor(pr.r));
  const [x, sdiag] = [putF64(core, new Float64Array(p)), putF64(core, new Float64Array(p))];
  core.qrsolv(p, r, p, putI32(core, pr.ipvt), putF64(core, pr.diag), putF64(core, pr.qtb), x, sdiag, putF64(core, new Float64Array(p)));
  return { x: getF64(core, x, p), r: fromColumnMajor(getF64(core, r, p * p), p, p), sdiag: getF64(core, sdiag, p) };
}

describe('qrsolv', () => {
  it.each([1, 3, 8])('solves [J; D]·x ≈ [r; 0] as the normal equations (JᵀJ + D²)·x = Jᵀr do (P = %i)', (p) => {
    const pr = problem(p, 40 + p);
    expect(relativeError(qrsolv(pr).x, pr.expected)).toBeLessThan(1e-13);
  });

  it('lets a zero in D leave that parameter to J alone, and D = 0 give the least-squares solution', () => {
    for (const d of [[0, 1.5, 0, 0.2, 2], [0, 0, 0, 0, 0]]) {
      const pr = problem(5, 50, d);
      expect(relativeError(qrsolv(pr).x, pr.expected)).toBeLessThan(1e-13);
    }
  });

  it.each([1, 3, 8])('leaves S with Πᵀ(JᵀJ + D²)Π = SᵀS below the diagonal and R above it, unchanged (P = %i)', (p) => {
    const pr = problem(p, 60 + p);
    const { r, sdiag } = qrsolv(pr);
    // S: sdiag on the diagonal, its strict upper triangle transposed into r's strict lower one.
    const s = r.map((row, i) => row.map((_, j) => (i === j ? sdiag[i] : i < j ? r[j][i] : 0)));
    const normal = add(gram(pr.jacobian), diagonal(pr.diag.map((v) => v * v)));
    const pivoted = pr.ipvt.map((l) => pr.ipvt.map((k) => normal[l][k]));
    expect(relativeError(multiply(transpose(s), s), pivoted)).toBeLessThan(1e-14);
    r.forEach((row, i) => row.forEach((v, j) => j >= i && expect(v).toBe(pr.r[i][j])));
  });
});
