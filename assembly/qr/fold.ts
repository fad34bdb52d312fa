// foldColumns: fold a block of rows into an upper-triangular factor (a TSQR step).
//
// Given an upper-triangular n×n matrix R and a block A of m rows, finds orthogonal Q and a new
// upper-triangular R' with
//
//     ⎡ R ⎤       ⎡ R' ⎤
//     ⎣ A ⎦ = Q · ⎣ 0  ⎦ ,    so that  R'ᵀR' = RᵀR + AᵀA,
//
// by one Householder reflection per column whose vector is non-zero only in row k of R and
// in column k of A (the structured update of Golub & Van Loan §5.2; the blocked form of
// MINPACK `lmstr`'s `rwupdt`, which does the same one row at a time with Givens rotations).
// The fit streams its rows through here: with A = [J | r] for a block of rows, the last column
// of R accumulates Qᵀr and R(n−1, n−1) the part of ‖r‖ outside the range of J. Conditioning
// is that of J, never of JᵀJ; memory is O(m·n + n²), whatever the number of rows in all.
//
// The reflection for column k needs ‖a_k‖² and the products a_k·a_j (j > k) of the columns as
// the earlier reflections left them. Each sweep over the rows therefore applies reflection k
// to a column and, in the same loop, gathers those sums for reflection k + 1. In the SIMD build
// one sweep also takes the next two columns (and the first sweep three products): n sweeps a
// block for up to four columns (P ≤ 3) instead of ~n²/2, the same bits (linalg/sweeps.ts).
//
//   in/out: R → n×n f64 column-major (leading dimension n); upper triangle used
//   in:     columns → n u32 pointers, each to m f64 (A's columns); destroyed
//   work:   dots → n f64
//   cost:   ≈ 2·m·n² flops in n sweeps; no other workspace.

import { dot, reflectSweep, subtractScaledDot, subtractScaledSumSquares, sumSquares, sumSquaresDots } from '../linalg/sweeps';

@inline function column(columns: usize, j: i32): usize {
  return <usize>load<u32>(columns + (<usize>j << 2));
}

// Column j, or 0 past the last (a fused sweep then does not read it).
@inline function columnOr0(columns: usize, j: i32, n: i32): usize {
  return j < n ? column(columns, j) : 0;
}

export function foldColumns(r: usize, n: i32, columns: usize, m: i32, dots: usize): void {
  // Sums for reflection 0: ‖a₀‖² and a₀·a_j.
  const a0 = column(columns, 0);
  let sigma2: f64;
  let first = 1; // the first a_j whose product is left to its own sweep
  if (ASC_FEATURE_SIMD) {
    // ‖a₀‖² and the first three products in one sweep (linalg/sweeps.ts: the same bits), into dots[0 … 3].
    first = min(n, 4);
    sumSquaresDots(a0, columnOr0(columns, 1, n), columnOr0(columns, 2, n), columnOr0(columns, 3, n), first - 1, m, dots);
    sigma2 = load<f64>(dots);
  } else {
    sigma2 = sumSquares(a0, m);
  }
  for (let j = first; j < n; j++) store<f64>(dots + (<usize>j << 3), dot(a0, column(columns, j), m));

  for (let k = 0; k < n; k++) {
    const ak = column(columns, k);
    const rkk = r + ((<usize>(k + k * n)) << 3);
    let scale: f64 = 0; // v_i = scale·a_k[i], with v₀ = 1 in row k of R
    if (sigma2 != 0) {
      const alpha = load<f64>(rkk);
      let norm: f64;
      if (isFinite(sigma2) && sigma2 > 1e-280 && Math.abs(alpha) < 1e140) {
        norm = Math.sqrt(alpha * alpha + sigma2);
      } else {
        norm = scaledNorm(alpha, ak, m); // the rare over/underflow case, redone with scaling
      }
      // β = −sign(α)·‖(α, a_k)‖ keeps α − β free of cancellation (LAPACK dlarfg).
      const beta = alpha >= 0 ? -norm : norm;
      const tau = (beta - alpha) / beta;
      scale = 1 / (alpha - beta);
      store<f64>(rkk, beta);
      // Row k of R, and the multiples of a_k that reflection k subtracts from each a_j.
      for (let j = k + 1; j < n; j++) {
        const rkj = r + ((<usize>(k + j * n)) << 3);
        const s = tau * (load<f64>(rkj) + scale * load<f64>(dots + (<usize>j << 3)));
        store<f64>(rkj, load<f64>(rkj) - s);
        store<f64>(dots + (<usize>j << 3), s * scale);
      }
    }
    if (k + 1 >= n) break;

    // Apply reflection k to a_{k+1} and gather ‖a_{k+1}‖²; then to each later a_j, gathering
    // a_{k+1}·a_j — each in one sweep.
    const next = column(columns, k + 1);
    let nextSigma2: f64;
    let from = k + 2; // the first later a_j left to its own sweep
    if (ASC_FEATURE_SIMD && scale != 0) {
      // a_{k+1} and the next two a_j in one sweep; the results land in dots[k+1 … k+3] (dots[k+1],
      // the multiple for a_{k+1}, is read first and not needed after).
      const count = min(2, n - k - 2);
      const d = dots + (<usize>(k + 1) << 3);
      reflectSweep(load<f64>(d), ak, next, count >= 1 ? load<f64>(d, 8) : 0, columnOr0(columns, k + 2, n), count >= 2 ? load<f64>(d, 16) : 0, columnOr0(columns, k + 3, n), count, m, d);
      nextSigma2 = load<f64>(d);
      from = k + 2 + count;
    } else {
      nextSigma2 = scale != 0 ? subtractScaledSumSquares(load<f64>(dots + (<usize>(k + 1) << 3)), ak, next, m) : sumSquares(next, m);
    }
    for (let j = from; j < n; j++) {
      const aj = column(columns, j);
      const s = scale != 0 ? subtractScaledDot(load<f64>(dots + (<usize>j << 3)), ak, aj, next, m) : dot(next, aj, m);
      store<f64>(dots + (<usize>j << 3), s);
    }
    sigma2 = nextSigma2;
  }
}

// ‖(α, a₀…a_{m−1})‖ with every term scaled by the largest magnitude.
function scaledNorm(alpha: f64, a: usize, m: i32): f64 {
  let big = Math.abs(alpha);
  for (let i = 0; i < m; i++) big = Math.max(big, Math.abs(load<f64>(a + (<usize>i << 3))));
  if (big == 0 || !isFinite(big)) return big;
  const inv = 1 / big;
  let s = (alpha * inv) * (alpha * inv);
  for (let i = 0; i < m; i++) {
    const v = load<f64>(a + (<usize>i << 3)) * inv;
    s += v * v;
  }
  return big * Math.sqrt(s);
}
