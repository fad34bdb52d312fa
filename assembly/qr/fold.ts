// foldBlock: fold a block of rows into an upper-triangular factor (a TSQR step).
//
// Given an upper-triangular n×n matrix R and a block A of m rows, finds orthogonal Q and a new
// upper-triangular R' with
//
//     ⎡ R ⎤       ⎡ R' ⎤
//     ⎣ A ⎦ = Q · ⎣ 0  ⎦ ,    so that  R'ᵀR' = RᵀR + AᵀA,
//
// by one Householder reflection per column whose vector is non-zero only in row k of R and
// in column k of A (the structured update of Golub & Van Loan §5.2 / the blocked form of
// MINPACK `lmstr`'s `rwupdt`, which does the same one row at a time with Givens rotations).
// The fit streams its rows through here: with A = [J | r] for a block of rows, the last column
// of R accumulates Qᵀr and R(n−1, n−1) the part of ‖r‖ outside the range of J. Conditioning
// is that of J, never of JᵀJ; memory is O(m·n + n²), whatever the number of rows in all.
//
//   in/out: R → n×n f64 column-major (leading dimension n); upper triangle used
//   in:     A → n columns of m f64, column j at A + 8·j·lda; destroyed (holds reflectors)
//   cost:   ≈ 2·m·n² flops; no workspace.


export function foldBlock(r: usize, n: i32, a: usize, lda: i32, m: i32): void {
  for (let k = 0; k < n; k++) {
    const ak = a + ((<usize>k * <usize>lda) << 3);
    const rkk = r + ((<usize>(k + k * n)) << 3);

    // The norm of the column below R(k, k); squares are summed directly and the rare
    // over/underflow case redone with scaling, so the common path stays one tight loop.
    let sigma2: f64 = 0;
    for (let i = 0; i < m; i++) {
      const v = load<f64>(ak + (<usize>i << 3));
      sigma2 += v * v;
    }
    if (sigma2 == 0) continue; // nothing to eliminate in this column
    const alpha = load<f64>(rkk);
    let norm: f64;
    if (isFinite(sigma2) && sigma2 > 1e-280 && Math.abs(alpha) < 1e140) {
      norm = Math.sqrt(alpha * alpha + sigma2);
    } else {
      norm = scaledNorm(alpha, ak, m);
    }
    // β = −sign(α)·‖(α, a)‖ keeps α − β free of cancellation (LAPACK dlarfg).
    const beta = alpha >= 0 ? -norm : norm;
    const tau = (beta - alpha) / beta;
    const scale = 1 / (alpha - beta);
    for (let i = 0; i < m; i++) {
      const p = ak + (<usize>i << 3);
      store<f64>(p, load<f64>(p) * scale); // the reflector v, with v₀ = 1 implied
    }
    store<f64>(rkk, beta);

    // Apply I − τ·v·vᵀ to the remaining columns: row k of R and the block's columns.
    for (let j = k + 1; j < n; j++) {
      const aj = a + ((<usize>j * <usize>lda) << 3);
      const rkj = r + ((<usize>(k + j * n)) << 3);
      let s = load<f64>(rkj);
      for (let i = 0; i < m; i++) {
        s += load<f64>(ak + (<usize>i << 3)) * load<f64>(aj + (<usize>i << 3));
      }
      s *= tau;
      store<f64>(rkj, load<f64>(rkj) - s);
      for (let i = 0; i < m; i++) {
        const p = aj + (<usize>i << 3);
        store<f64>(p, load<f64>(p) - s * load<f64>(ak + (<usize>i << 3)));
      }
    }
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

