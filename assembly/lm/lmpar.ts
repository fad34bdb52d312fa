// lmpar: the Levenberg–Marquardt parameter for a trust region of radius Δ (MINPACK `lmpar`;
// Moré 1978, "The Levenberg–Marquardt algorithm: implementation and theory", §5).
//
// Finds λ ≥ 0 such that x solving  A·x ≈ b,  √λ·D·x ≈ 0  (least squares) satisfies either
// λ = 0 and ‖D·x‖ ≤ 1.1·Δ, or λ > 0 and |‖D·x‖ − Δ| ≤ 0.1·Δ. Newton's method on
// φ(λ) = ‖D·x(λ)‖ − Δ, safeguarded by bounds [parl, paru]; at most 10 iterations, each a
// qrsolv on the small factor. A is never formed: only its pivoted R and Qᵀb are needed.
//
//   in:     r → n×n f64 column-major (ldr), upper triangle R of A·Π = Q·R (strict lower
//           triangle overwritten with S, see qrsolv); ipvt → n i32 (0-based); diag → n f64;
//           qtb → n f64; delta > 0; par: the starting λ
//   out:    x → n f64 (the step, for the returned λ); sdiag → n f64; returns λ
//   work:   wa1, wa2 → n f64 each

import { enorm } from '../linalg/enorm';
import { DWARF } from '../linalg/precision';
import { at, el } from '../linalg/triangular';
import { qrsolv } from '../qr/qrsolv';

@inline function ipvtAt(ipvt: usize, j: i32): i32 {
  return load<i32>(ipvt + (<usize>j << 2));
}

export function lmpar(
  n: i32, r: usize, ldr: i32, ipvt: usize, diag: usize, qtb: usize, delta: f64, par: f64,
  x: usize, sdiag: usize, wa1: usize, wa2: usize,
): f64 {
  // The Gauss–Newton direction; for a rank-deficient Jacobian, a least-squares solution.
  let nsing = n;
  for (let j = 0; j < n; j++) {
    store<f64>(el(wa1, j), load<f64>(el(qtb, j)));
    if (load<f64>(at(r, ldr, j, j)) == 0 && nsing == n) nsing = j;
    if (nsing < n) store<f64>(el(wa1, j), 0);
  }
  for (let j = nsing - 1; j >= 0; j--) {
    const t = load<f64>(el(wa1, j)) / load<f64>(at(r, ldr, j, j));
    store<f64>(el(wa1, j), t);
    for (let i = 0; i < j; i++) store<f64>(el(wa1, i), load<f64>(el(wa1, i)) - load<f64>(at(r, ldr, i, j)) * t);
  }
  for (let j = 0; j < n; j++) store<f64>(el(x, ipvtAt(ipvt, j)), load<f64>(el(wa1, j)));

  // Accept the Gauss–Newton step if it lies inside the region.
  let iter = 0;
  for (let j = 0; j < n; j++) store<f64>(el(wa2, j), load<f64>(el(diag, j)) * load<f64>(el(x, j)));
  let dxnorm = enorm(n, wa2);
  let fp = dxnorm - delta;
  if (fp <= 0.1 * delta) return 0;

  // With full rank, the Newton step gives a lower bound parl for the zero of φ.
  let parl: f64 = 0;
  if (nsing >= n) {
    for (let j = 0; j < n; j++) {
      const l = ipvtAt(ipvt, j);
      store<f64>(el(wa1, j), load<f64>(el(diag, l)) * (load<f64>(el(wa2, l)) / dxnorm));
    }
    for (let j = 0; j < n; j++) {
      let sum: f64 = 0;
      for (let i = 0; i < j; i++) sum += load<f64>(at(r, ldr, i, j)) * load<f64>(el(wa1, i));
      store<f64>(el(wa1, j), (load<f64>(el(wa1, j)) - sum) / load<f64>(at(r, ldr, j, j)));
    }
    const temp = enorm(n, wa1);
    parl = fp / delta / temp / temp;
  }

  // An upper bound paru from the scaled gradient.
  for (let j = 0; j < n; j++) {
    let sum: f64 = 0;
    for (let i = 0; i <= j; i++) sum += load<f64>(at(r, ldr, i, j)) * load<f64>(el(qtb, i));
    store<f64>(el(wa1, j), sum / load<f64>(el(diag, ipvtAt(ipvt, j))));
  }
  const gnorm = enorm(n, wa1);
  let paru = gnorm / delta;
  if (paru == 0) paru = DWARF / Math.min(delta, 0.1);

  // Start inside (parl, paru).
  par = Math.max(par, parl);
  par = Math.min(par, paru);
  if (par == 0) par = gnorm / dxnorm;

  for (;;) {
    iter++;
    if (par == 0) par = Math.max(DWARF, 0.001 * paru);
    const sq = Math.sqrt(par);
    for (let j = 0; j < n; j++) store<f64>(el(wa1, j), sq * load<f64>(el(diag, j)));
    qrsolv(n, r, ldr, ipvt, wa1, qtb, x, sdiag, wa2);
    for (let j = 0; j < n; j++) store<f64>(el(wa2, j), load<f64>(el(diag, j)) * load<f64>(el(x, j)));
    dxnorm = enorm(n, wa2);
    const previous = fp;
    fp = dxnorm - delta;

    // Close enough, or the exceptional cases: parl = 0 with φ decreasing, or 10 iterations.
    if (Math.abs(fp) <= 0.1 * delta || (parl == 0 && fp <= previous && previous < 0) || iter == 10) break;
    // ‖D·x‖ = 0 satisfies the bound trivially; the Newton correction would divide by it.
    if (dxnorm == 0) break;

    // The Newton correction, from S (lower triangle of r plus sdiag).
    for (let j = 0; j < n; j++) {
      const l = ipvtAt(ipvt, j);
      store<f64>(el(wa1, j), load<f64>(el(diag, l)) * (load<f64>(el(wa2, l)) / dxnorm));
    }
    for (let j = 0; j < n; j++) {
      const t = load<f64>(el(wa1, j)) / load<f64>(el(sdiag, j));
      store<f64>(el(wa1, j), t);
      for (let i = j + 1; i < n; i++) store<f64>(el(wa1, i), load<f64>(el(wa1, i)) - load<f64>(at(r, ldr, i, j)) * t);
    }
    const temp = enorm(n, wa1);
    const parc = fp / delta / temp / temp;

    if (fp > 0) parl = Math.max(parl, par);
    if (fp < 0) paru = Math.min(paru, par);
    par = Math.max(parl, par + parc);
  }
  return par;
}
