// covar: the covariance (JᵀJ)⁻¹ from the pivoted R of J (MINPACK `covar`), with numerical rank.
//
// With J·Π = Q·R, (JᵀJ)⁻¹ = Π·(RᵀR)⁻¹·Πᵀ = Π·R⁻¹R⁻ᵀ·Πᵀ: R is inverted in place, multiplied
// by its transpose and un-pivoted. The numerical rank is the largest k with
// |R(k−1, k−1)| > tol·|R(0, 0)|; because the pivoting orders the diagonal by size, the
// columns past it are the parameters the data do not determine. MINPACK zeroes their rows and
// columns; here they are NaN, so that no one mistakes an undetermined parameter for one
// known exactly (SciPy returns 1e25 or inf there).
//
//   in/out: r → n×n f64 column-major (ldr): upper triangle R on entry; the full symmetric
//           covariance (unscaled) on return
//   in:     ipvt → n i32 (0-based), tol ≥ 0
//   work:   wa → n f64
//   returns the numerical rank

import { at, el } from '../linalg/triangular';

export function covar(n: i32, r: usize, ldr: i32, ipvt: usize, tol: f64, wa: usize): i32 {
  const tolr = tol * Math.abs(load<f64>(r));

  // The inverse of R in R's upper triangle, for the leading l + 1 well-determined columns.
  let l = -1;
  for (let k = 0; k < n; k++) {
    const rkk = load<f64>(at(r, ldr, k, k));
    if (!(Math.abs(rkk) > tolr)) break; // also stops on NaN
    store<f64>(at(r, ldr, k, k), 1 / rkk);
    for (let j = 0; j < k; j++) {
      const temp = load<f64>(at(r, ldr, k, k)) * load<f64>(at(r, ldr, j, k));
      store<f64>(at(r, ldr, j, k), 0);
      for (let i = 0; i <= j; i++) {
        store<f64>(at(r, ldr, i, k), load<f64>(at(r, ldr, i, k)) - temp * load<f64>(at(r, ldr, i, j)));
      }
    }
    l = k;
  }

  // The upper triangle of R⁻¹R⁻ᵀ = (RᵀR)⁻¹.
  for (let k = 0; k <= l; k++) {
    for (let j = 0; j < k; j++) {
      const temp = load<f64>(at(r, ldr, j, k));
      for (let i = 0; i <= j; i++) {
        store<f64>(at(r, ldr, i, j), load<f64>(at(r, ldr, i, j)) + temp * load<f64>(at(r, ldr, i, k)));
      }
    }
    const temp = load<f64>(at(r, ldr, k, k));
    for (let i = 0; i <= k; i++) store<f64>(at(r, ldr, i, k), load<f64>(at(r, ldr, i, k)) * temp);
  }

  // Un-pivot into the strict lower triangle and wa, marking undetermined columns with NaN.
  for (let j = 0; j < n; j++) {
    const jj = load<i32>(ipvt + (<usize>j << 2));
    const singular = j > l;
    for (let i = 0; i <= j; i++) {
      if (singular) store<f64>(at(r, ldr, i, j), NaN);
      const ii = load<i32>(ipvt + (<usize>i << 2));
      if (ii > jj) store<f64>(at(r, ldr, ii, jj), load<f64>(at(r, ldr, i, j)));
      else if (ii < jj) store<f64>(at(r, ldr, jj, ii), load<f64>(at(r, ldr, i, j)));
    }
    store<f64>(el(wa, jj), load<f64>(at(r, ldr, j, j)));
  }

  // Symmetrise.
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < j; i++) store<f64>(at(r, ldr, i, j), load<f64>(at(r, ldr, j, i)));
    store<f64>(at(r, ldr, j, j), load<f64>(el(wa, j)));
  }
  return l + 1;
}
