// qrfac: Householder QR with column pivoting of a small dense matrix (MINPACK `qrfac`).
//
// Finds a permutation Π, orthogonal Q and upper-triangular R with diagonal of non-increasing
// magnitude such that A·Π = Q·R. The solver applies it to the streamed factor of the Jacobian
// (P×P), so lmpar and covar see exactly what MINPACK `lmder` gives them: R pivoted by column
// norms, which is how a rank-deficient Jacobian is detected and handled.
//
//   in/out: a → m×n f64 column-major (leading dimension lda). On return the strict lower
//           trapezoid holds the Householder vectors (scaled so v_j(j) = a(j, j)), the strict
//           upper triangle holds R, and the diagonal holds the vectors' leading entries.
//   out:    ipvt → n i32: column j of Π is column ipvt[j] of the identity (0-based)
//           rdiag → n f64: the diagonal of R
//           acnorm → n f64: the norms of A's columns, before the factorisation
//   work:   wa → n f64

import { enorm } from '../linalg/enorm';
import { EPSMCH } from '../linalg/precision';
import { at, el } from '../linalg/triangular';

export function qrfac(m: i32, n: i32, a: usize, lda: i32, ipvt: usize, rdiag: usize, acnorm: usize, wa: usize): void {
  for (let j = 0; j < n; j++) {
    const norm = enorm(m, at(a, lda, 0, j));
    store<f64>(el(acnorm, j), norm);
    store<f64>(el(rdiag, j), norm);
    store<f64>(el(wa, j), norm);
    store<i32>(ipvt + (<usize>j << 2), j);
  }
  const minmn = min(m, n);
  for (let j = 0; j < minmn; j++) {
    // Bring the column of largest remaining norm into the pivot position.
    let kmax = j;
    for (let k = j; k < n; k++) if (load<f64>(el(rdiag, k)) > load<f64>(el(rdiag, kmax))) kmax = k;
    if (kmax != j) {
      for (let i = 0; i < m; i++) {
        const t = load<f64>(at(a, lda, i, j));
        store<f64>(at(a, lda, i, j), load<f64>(at(a, lda, i, kmax)));
        store<f64>(at(a, lda, i, kmax), t);
      }
      store<f64>(el(rdiag, kmax), load<f64>(el(rdiag, j)));
      store<f64>(el(wa, kmax), load<f64>(el(wa, j)));
      const pj = load<i32>(ipvt + (<usize>j << 2));
      store<i32>(ipvt + (<usize>j << 2), load<i32>(ipvt + (<usize>kmax << 2)));
      store<i32>(ipvt + (<usize>kmax << 2), pj);
    }

    // The Householder transformation that reduces column j below the diagonal to zero.
    let ajnorm = enorm(m - j, at(a, lda, j, j));
    if (ajnorm != 0) {
      if (load<f64>(at(a, lda, j, j)) < 0) ajnorm = -ajnorm;
      for (let i = j; i < m; i++) store<f64>(at(a, lda, i, j), load<f64>(at(a, lda, i, j)) / ajnorm);
      store<f64>(at(a, lda, j, j), load<f64>(at(a, lda, j, j)) + 1);

      // Apply it to the remaining columns and update their norms.
      const ajj = load<f64>(at(a, lda, j, j));
      for (let k = j + 1; k < n; k++) {
        let sum: f64 = 0;
        for (let i = j; i < m; i++) sum += load<f64>(at(a, lda, i, j)) * load<f64>(at(a, lda, i, k));
        const temp = sum / ajj;
        for (let i = j; i < m; i++) {
          store<f64>(at(a, lda, i, k), load<f64>(at(a, lda, i, k)) - temp * load<f64>(at(a, lda, i, j)));
        }
        const rk = load<f64>(el(rdiag, k));
        if (rk != 0) {
          const t = load<f64>(at(a, lda, j, k)) / rk;
          const updated = rk * Math.sqrt(Math.max(0, 1 - t * t));
          store<f64>(el(rdiag, k), updated);
          // Downdating norms loses accuracy; recompute once too much has cancelled.
          const ratio = updated / load<f64>(el(wa, k));
          if (0.05 * ratio * ratio <= EPSMCH) {
            const fresh = enorm(m - j - 1, at(a, lda, j + 1, k));
            store<f64>(el(rdiag, k), fresh);
            store<f64>(el(wa, k), fresh);
          }
        }
      }
    }
    store<f64>(el(rdiag, j), -ajnorm);
  }
}

/**
 * Applies Qᵀ from `qrfac` to b (m f64) in place, then puts R's diagonal into a, so that a's
 * upper triangle is R and b's first n entries are (Qᵀb)₁..ₙ — the form lmpar and qrsolv take.
 */
export function qrApplyTranspose(m: i32, n: i32, a: usize, lda: i32, rdiag: usize, b: usize): void {
  for (let j = 0; j < n; j++) {
    const ajj = load<f64>(at(a, lda, j, j));
    if (ajj != 0) {
      let sum: f64 = 0;
      for (let i = j; i < m; i++) sum += load<f64>(at(a, lda, i, j)) * load<f64>(el(b, i));
      const temp = -sum / ajj;
      for (let i = j; i < m; i++) store<f64>(el(b, i), load<f64>(el(b, i)) + load<f64>(at(a, lda, i, j)) * temp);
    }
    store<f64>(at(a, lda, j, j), load<f64>(el(rdiag, j)));
  }
}
