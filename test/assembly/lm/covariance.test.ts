// Oracle: (JᵀJ)⁻¹ by a plain Gauss–Jordan inverse in JS (test/support/dense.ts), where
// JᵀJ = Π·RᵀR·Πᵀ is built from the R and the pivoting ipvt that covar is given; for an R whose
// trailing diagonal is (numerically) zero, the convention in covariance.ts's header: the
// undetermined parameters' rows and columns are NaN, the rest is the inverse of the determined
// parameters' block of JᵀJ (what fixing the undetermined ones gives).
import { describe, expect, it } from 'vitest';
import { RESULT_ARRAYS, RESULT_HEADER, RESULT_RANK } from '../../../assembly/abi.ts';
import { fromColumnMajor, gram, householderR, inverse, relativeError, toColumnMajor } from '../../support/dense.ts';
import { type DebugExports, getF64, loadDebugCore, putF64, putI32 } from '../../support/debug-core.ts';
import { loadKernelHarness, useKernels } from '../../support/kernel-harness.ts';
import { type Matrix, seeded } from '../../support/random.ts';

const RANK_TOLERANCE = 1e-13; // the fit's, src/driver/run.ts

/** JᵀJ for J·Π = Q·R: (JᵀJ)[ipvt[i]][ipvt[k]] = (RᵀR)[i][k]. */
function normalMatrix(r: Matrix, ipvt: number[]): Matrix {
  const rtr = gram(r);
  const out = rtr.map((row) => row.map(() => 0));
  ipvt.forEach((l, i) => ipvt.forEach((k, j) => (out[l][k] = rtr[i][j])));
  return out;
}

/** The rows and columns `kept` of M. */
const block = (m: Matrix, kept: number[]): Matrix => kept.map((i) => kept.map((j) => m[i][j]));

describe('covar', () => {
  let core: DebugExports;
  useKernels(loadKernelHarness, (loaded) => (core = loaded));

  /** covar on R with pivoting ipvt: the covariance (n×n) and the rank. */
  function covar(r: Matrix, ipvt: number[]) {
    const n = r.length;
    const ptr = putF64(core, toColumnMajor(r));
    const rank = core.covar(n, ptr, n, putI32(core, ipvt), RANK_TOLERANCE, putF64(core, new Float64Array(n)));
    return { rank, covariance: fromColumnMajor(getF64(core, ptr, n * n), n, n) };
  }

  it.each([1, 3, 8])('is (JᵀJ)⁻¹ = Π(RᵀR)⁻¹Πᵀ for a well-conditioned R, un-pivoted (P = %i)', (p) => {
    const random = seeded(70 + p);
    const r = householderR(random.matrix(2 * p + 2, p));
    const ipvt = random.permutation(p);
    const { rank, covariance } = covar(r, ipvt);
    expect(rank).toBe(p);
    expect(relativeError(covariance, inverse(normalMatrix(r, ipvt)))).toBeLessThan(1e-12);
  });

  it.each([
    ['exactly zero', 0],
    ['below tol·|R₀₀|', 1e-15],
  ])('marks the parameters past a trailing diagonal %s as NaN, and inverts the rest', (_, tail) => {
    const random = seeded(80);
    const p = 5;
    const rank = 3;
    // What a pivoted QR of a rank-3 Jacobian leaves: the rows past the rank (numerically) zero.
    const full = householderR(random.matrix(12, p));
    const r = full.map((row, i) => (i < rank ? row : row.map((_, j) => (j === i ? tail * Math.abs(full[0][0]) : 0))));
    const ipvt = random.permutation(p);
    const result = covar(r, ipvt);
    expect(result.rank).toBe(rank);
    const determined = ipvt.slice(0, rank);
    const expected = inverse(block(normalMatrix(r, ipvt), determined));
    result.covariance.forEach((row, i) => row.forEach((v, j) => (determined.includes(i) && determined.includes(j)) || expect(v).toBeNaN()));
    expect(relativeError(block(result.covariance, determined), expected)).toBeLessThan(1e-12);
  });
});

describe('the solver\'s covariance (solverRefinish: qrfac of the folded factor, then covar)', () => {
  /** The covariance and rank the debug core computes from the folded factor R̃ of [J | r]. */
  async function fromFactor(jacobian: Matrix, residuals: number[]) {
    const p = jacobian[0].length;
    const core = await loadDebugCore();
    const solver = core.solverCreate(p) >>> 0;
    core.solverStart(solver, 1e-14, 1e-14, 0, 100, 100, RANK_TOLERANCE);
    const factor = householderR(jacobian.map((row, i) => [...row, residuals[i]]));
    core.solverRefinish(solver, putF64(core, toColumnMajor(factor)));
    // The answer block (abi.ts): a header with the rank, RESULT_ARRAYS arrays of P, then the (symmetric) covariance.
    const at = RESULT_HEADER + RESULT_ARRAYS * p;
    const result = getF64(core, core.solverResult(solver), at + p * p);
    return { rank: result[RESULT_RANK], covariance: fromColumnMajor(result.subarray(at), p, p) };
  }

  it('is (JᵀJ)⁻¹ for columns of very different sizes, which qrfac pivots', async () => {
    const random = seeded(90);
    const jacobian = random.matrix(30, 4).map((row) => row.map((v, j) => v * 10 ** (j - 2)));
    const { rank, covariance } = await fromFactor(jacobian, random.vector(30));
    expect(rank).toBe(4);
    expect(relativeError(covariance, inverse(gram(jacobian)))).toBeLessThan(1e-12);
  });

  it('is NaN for a parameter the model ignores (a zero column of J), and (JᵀJ)⁻¹ for the rest', async () => {
    const random = seeded(91);
    const jacobian = random.matrix(30, 4).map((row) => row.map((v, j) => (j === 1 ? 0 : v)));
    const { rank, covariance } = await fromFactor(jacobian, random.vector(30));
    expect(rank).toBe(3);
    covariance.forEach((row, i) => row.forEach((v, j) => (i === 1 || j === 1) && expect(v).toBeNaN()));
    const kept = [0, 2, 3];
    expect(relativeError(block(covariance, kept), inverse(block(gram(jacobian), kept)))).toBeLessThan(1e-12);
  });
});
