// Oracle: the algebra of the fold, R'ᵀR' = RᵀR + AᵀA, computed in plain JS; and a dense
// Householder QR of the stacked rows [R; A] in plain JS (test/support/dense.ts), whose R the
// fold's R' must equal up to the signs of its rows. For the augmented factor R̃ = [R | Qᵀr], the
// least-squares solution of J·x ≈ r from the normal equations, solved densely in JS. For rows
// of extreme magnitude, R(2ᵏ·A) = 2ᵏ·R(A): scaling by a power of two is exact.
import { describe, expect, it } from 'vitest';
import { add, fromColumnMajor, gram, householderR, matVec, norm, relativeError, solve, toColumnMajor, transpose, upper, zeros } from '../../support/dense.ts';
import { type DebugExports, getF64, loadDebugCore, putF64, putI32 } from '../../support/debug-core.ts';
import { loadSimdKernels, useKernels } from '../../support/kernel-harness.ts';
import { type Matrix, seeded } from '../../support/random.ts';

/** foldColumns on R (n×n, upper) and the block A (m×n): the new R. */
function fold(core: DebugExports, r: Matrix, a: Matrix): Matrix {
  const n = r.length;
  const rPtr = putF64(core, toColumnMajor(r));
  const columns = putI32(core, transpose(a).map((column) => putF64(core, column)));
  core.foldColumns(rPtr, n, columns, a.length, putF64(core, new Float64Array(n)));
  return upper(fromColumnMajor(getF64(core, rPtr, n * n), n, n));
}

/** R with each row's sign chosen to match the reference's diagonal. */
const signsLike = (r: Matrix, reference: Matrix): Matrix => r.map((row, i) => (Math.sign(row[i]) * Math.sign(reference[i][i]) < 0 ? row.map((v) => -v) : row));

/** An upper-triangular P×P factor, as the fold of earlier rows would leave it. */
const triangle = (random: ReturnType<typeof seeded>, p: number): Matrix => householderR(random.matrix(p + 2, p));

const shapes = [1, 3, 8].flatMap((p) => [1, 3, 8, 37].map((m) => [p, m]));

describe.each([
  ['the scalar debug build', () => loadDebugCore()],
  ['the SIMD release build', loadSimdKernels],
])('foldColumns in %s', (_, load) => {
  let core: DebugExports;
  useKernels(load, (loaded) => (core = loaded));

  it.each(shapes)('folds a block so that RᵀR grows by AᵀA (P = %i, m = %i)', (p, m) => {
    const random = seeded(100 * p + m);
    const r = triangle(random, p);
    const a = random.matrix(m, p);
    expect(relativeError(gram(fold(core, r, a)), add(gram(r), gram(a)))).toBeLessThan(1e-14);
  });

  it.each(shapes)('gives the R of a Householder QR of [R; A], up to row signs (P = %i, m = %i)', (p, m) => {
    const random = seeded(200 * p + m);
    const r = triangle(random, p);
    const a = random.matrix(m, p);
    const reference = householderR([...r, ...a]);
    expect(relativeError(signsLike(fold(core, r, a), reference), reference)).toBeLessThan(1e-14);
  });

  it.each([1, 3, 8])('streams blocks of 1 to 37 rows into the R of one QR of all the rows (P = %i)', (p) => {
    const random = seeded(300 + p);
    const blocks = [1, 37, 2, 8, 3, 1, 20].map((m) => random.matrix(m, p));
    const r = blocks.reduce((acc, a) => fold(core, acc, a), zeros(p, p));
    const reference = householderR(blocks.flat());
    expect(relativeError(signsLike(r, reference), reference)).toBeLessThan(1e-14);
  });

  it.each([1, 3, 8])('carries Qᵀr and the residual norm in the last column of R̃ = [R | Qᵀr] (P = %i)', (p) => {
    const random = seeded(400 + p);
    const jacobian = random.matrix(60, p);
    const residuals = random.vector(60);
    const rows = jacobian.map((row, i) => [...row, residuals[i]]);
    let factor = zeros(p + 1, p + 1);
    for (let start = 0; start < rows.length; start += 16) factor = fold(core, factor, rows.slice(start, start + 16));
    // R·x = Qᵀr is the least-squares solution; |R̃(P, P)| is what is left of ‖r‖.
    const rTop = factor.slice(0, p).map((row) => row.slice(0, p));
    const qtr = factor.slice(0, p).map((row) => row[p]);
    const x = solve(rTop, qtr);
    const expected = solve(gram(jacobian), matVec(transpose(jacobian), residuals));
    expect(relativeError(x, expected)).toBeLessThan(1e-13);
    const fitted = matVec(jacobian, expected);
    expect(Math.abs(Math.abs(factor[p][p]) / norm(residuals.map((v, i) => v - fitted[i])) - 1)).toBeLessThan(1e-13);
    // And the whole R̃ is the R of a dense QR of [J | r], up to row signs.
    const reference = householderR(rows);
    expect(relativeError(signsLike(factor, reference), reference)).toBeLessThan(1e-14);
  });

  // At 2^-540 every a² is below the smallest subnormal double, at 2^511 the sums a_k·a_j pass the
  // largest one: a fold that scales its sums (as LAPACK's dlarfg and MINPACK's enorm do) keeps
  // R(2ᵏ·A) = 2ᵏ·R(A) there too. At 2^-500, ‖a_k‖² < 1e-280 takes fold.ts's rescaled norm.
  const scaledFold = (k: number) => {
    const a = seeded(500).matrix(10, 3);
    const reference = fold(core, zeros(3, 3), a);
    const scaled = fold(core, zeros(3, 3), a.map((row) => row.map((v) => v * 2 ** k)));
    expect(relativeError(scaled.map((row) => row.map((v) => v * 2 ** -k)), reference)).toBeLessThan(1e-14);
  };
  it.each([-500, 500])('folds rows scaled by 2^%i into R scaled alike (P = 3)', scaledFold);
  // The kernel's limit, kept visible: fold.ts sums a_k·a_j unscaled, so R is lost (0) at 2^-540
  // and overflows (Inf, NaN) at 2^511. The solver keeps a fit's rows away from it: its
  // calibration (assembly/lm/calibrate.ts) brings residual and column norms to within 2^±200 by
  // exact powers of two (test/fit/scale.test.ts). If the fold ever scales its sums these start to
  // pass, and `it.fails` says so by failing.
  it.fails.each([-540, 511])('folds rows scaled by 2^%i into R scaled alike (P = 3) — not yet', scaledFold);
});
