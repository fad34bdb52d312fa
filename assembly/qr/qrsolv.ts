// qrsolv: least-squares solution of  A·x = b,  D·x = 0  from the pivoted QR of A (MINPACK `qrsolv`).
//
// With A·Π = Q·R, the system is equivalent to  R·z = Qᵀb,  Πᵀ·D·Π·z = 0,  x = Π·z. Givens
// rotations eliminate the diagonal D row by row, giving an upper-triangular S with
// Πᵀ(AᵀA + D²)Π = SᵀS; a singular S gets a least-squares solution. lmpar calls this with
// D = √λ·diag for each trial value of the Levenberg–Marquardt parameter λ.
//
//   in/out: r → n×n f64 column-major (ldr): upper triangle R, unchanged; the strict lower
//           triangle receives the strict upper triangle of S, transposed
//   in:     ipvt → n i32 (0-based), diag → n f64, qtb → n f64
//   out:    x → n f64, sdiag → n f64 (the diagonal of S)
//   work:   wa → n f64

import { at, el } from '../linalg/triangular';

@inline function ipvtAt(ipvt: usize, j: i32): i32 {
  return load<i32>(ipvt + (<usize>j << 2));
}

export function qrsolv(n: i32, r: usize, ldr: i32, ipvt: usize, diag: usize, qtb: usize, x: usize, sdiag: usize, wa: usize): void {
  // Copy R and Qᵀb to preserve the input and initialise S; keep R's diagonal in x.
  for (let j = 0; j < n; j++) {
    for (let i = j; i < n; i++) store<f64>(at(r, ldr, i, j), load<f64>(at(r, ldr, j, i)));
    store<f64>(el(x, j), load<f64>(at(r, ldr, j, j)));
    store<f64>(el(wa, j), load<f64>(el(qtb, j)));
  }

  // Eliminate the diagonal matrix D using Givens rotations.
  for (let j = 0; j < n; j++) {
    const l = ipvtAt(ipvt, j);
    const dl = load<f64>(el(diag, l));
    if (dl != 0) {
      for (let k = j; k < n; k++) store<f64>(el(sdiag, k), 0);
      store<f64>(el(sdiag, j), dl);
      // The rotations that eliminate this row of D change only one element of (Qᵀb, 0)
      // beyond the first n, which starts at zero.
      let qtbpj: f64 = 0;
      for (let k = j; k < n; k++) {
        const sk = load<f64>(el(sdiag, k));
        if (sk == 0) continue;
        const rkk = load<f64>(at(r, ldr, k, k));
        let cos: f64, sin: f64;
        if (Math.abs(rkk) < Math.abs(sk)) {
          const cotan = rkk / sk;
          sin = 0.5 / Math.sqrt(0.25 + 0.25 * cotan * cotan);
          cos = sin * cotan;
        } else {
          const tan = sk / rkk;
          cos = 0.5 / Math.sqrt(0.25 + 0.25 * tan * tan);
          sin = cos * tan;
        }
        const wk = load<f64>(el(wa, k));
        store<f64>(el(wa, k), cos * wk + sin * qtbpj);
        qtbpj = -sin * wk + cos * qtbpj;
        store<f64>(at(r, ldr, k, k), cos * rkk + sin * sk);
        for (let i = k + 1; i < n; i++) {
          const rik = load<f64>(at(r, ldr, i, k));
          const si = load<f64>(el(sdiag, i));
          store<f64>(at(r, ldr, i, k), cos * rik + sin * si);
          store<f64>(el(sdiag, i), -sin * rik + cos * si);
        }
      }
    }
    // Store the diagonal of S and restore the diagonal of R.
    store<f64>(el(sdiag, j), load<f64>(at(r, ldr, j, j)));
    store<f64>(at(r, ldr, j, j), load<f64>(el(x, j)));
  }

  // Solve S·z = w; if S is singular, a least-squares solution (trailing components zero).
  let nsing = n;
  for (let j = 0; j < n; j++) {
    if (load<f64>(el(sdiag, j)) == 0 && nsing == n) nsing = j;
    if (nsing < n) store<f64>(el(wa, j), 0);
  }
  for (let j = nsing - 1; j >= 0; j--) {
    let sum: f64 = 0;
    for (let i = j + 1; i < nsing; i++) sum += load<f64>(at(r, ldr, i, j)) * load<f64>(el(wa, i));
    store<f64>(el(wa, j), (load<f64>(el(wa, j)) - sum) / load<f64>(el(sdiag, j)));
  }

  // Permute z back to x.
  for (let j = 0; j < n; j++) store<f64>(el(x, ipvtAt(ipvt, j)), load<f64>(el(wa, j)));
}
