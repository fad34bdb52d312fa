// Bounds, handled directly: an active set and projected steps inside the trust region.
//
// The parameters move in the box lo ≤ u ≤ hi itself — no change of variables (the MINUIT
// transformations bend the problem, flatten it at the bound and stretch wide ranges). At each
// point with its factor (Jacobian) known:
//   - the gradient g = Jᵀr decides which parameters on a bound are held there: those for which
//     the descent direction −g leaves the box (the active set; Bertsekas 1982, projected Newton;
//     SciPy's `dogbox`, Voglis & Lagaris 2004);
//   - the Levenberg–Marquardt step is taken in the other parameters only: their columns of the
//     factor are re-triangularised (a QR of P×P_free, nothing N-sized) and lmpar solves there;
//   - the trial point is the step projected onto the box (Kanzow, Yamashita & Fukushima 2004,
//     "Levenberg–Marquardt methods with strong local convergence properties for solving
//     nonlinear equations with convex constraints"); when the projection changed it, the
//     predicted reduction is that of the quadratic model for the step actually taken.
// Parameters on no bound (or with bounds that never bind) take exactly MINPACK's steps.

import { at, el } from '../linalg/triangular';

/** g = Jᵀr from the unpivoted factor R̃ = [R | Qᵀr] (n₁×n₁): gⱼ = Σᵢ≤ⱼ R(i, j)·(Qᵀr)ᵢ. */
export function gradientFrom(p: i32, factor: usize, g: usize): void {
  const n1 = p + 1;
  for (let j = 0; j < p; j++) {
    let sum: f64 = 0;
    for (let i = 0; i <= j; i++) sum += load<f64>(at(factor, n1, i, j)) * load<f64>(at(factor, n1, i, p));
    store<f64>(el(g, j), sum);
  }
}

/** −1 on the lower bound, +1 on the upper, 0 inside. */
export function boundSide(x: f64, lo: f64, hi: f64): i32 {
  if (x <= lo) return -1;
  if (x >= hi) return 1;
  return 0;
}

/**
 * Lists at `free` (P i32) the parameters that may move from x: those not held by a bound —
 * on the lower bound with gⱼ > 0 or on the upper with gⱼ < 0. Returns how many.
 */
export function freeParameters(p: i32, x: usize, lower: usize, upper: usize, g: usize, free: usize): i32 {
  let n = 0;
  for (let j = 0; j < p; j++) {
    const side = boundSide(load<f64>(el(x, j)), load<f64>(el(lower, j)), load<f64>(el(upper, j)));
    const gj = load<f64>(el(g, j));
    if ((side < 0 && gj > 0) || (side > 0 && gj < 0)) continue;
    store<i32>(free + (<usize>n << 2), j);
    n++;
  }
  return n;
}

/**
 * The factor of the free columns: r (ld p) ← the free columns of R̃'s leading P×P block, in
 * order, compacted to P×n; qtf ← R̃'s last column. The caller then factors it (qrfac, P×n).
 */
export function gatherFree(p: i32, factor: usize, free: usize, n: i32, r: usize, qtf: usize): void {
  const n1 = p + 1;
  for (let k = 0; k < n; k++) {
    const j = load<i32>(free + (<usize>k << 2));
    for (let i = 0; i < p; i++) store<f64>(at(r, p, i, k), i <= j ? load<f64>(at(factor, n1, i, j)) : 0);
  }
  for (let i = 0; i < p; i++) store<f64>(el(qtf, i), load<f64>(at(factor, n1, i, p)));
}

/**
 * trial ← the projection of x + step onto [lower, upper]; step ← trial − x, the step taken.
 * Returns whether the projection changed anything.
 */
export function project(p: i32, x: usize, step: usize, lower: usize, upper: usize, trial: usize): bool {
  let clipped = false;
  for (let j = 0; j < p; j++) {
    const xj = load<f64>(el(x, j));
    const t = xj + load<f64>(el(step, j));
    const c = Math.min(Math.max(t, load<f64>(el(lower, j))), load<f64>(el(upper, j)));
    if (c != t) clipped = true;
    store<f64>(el(trial, j), c);
    store<f64>(el(step, j), c - xj);
  }
  return clipped;
}

/**
 * The quadratic model's reduction for a step s, relative to ‖r‖²: with w = R·s (unpivoted R̃),
 * (‖Qᵀr‖² − ‖Qᵀr + w‖²)/‖r‖² = −(2·(Qᵀr)·w + ‖w‖²)/‖r‖². Also writes (Qᵀr)·w/‖r‖², the
 * directional derivative MINPACK calls dirder, to `dirder` (one f64). `w` is P f64 of work.
 */
export function modelReduction(p: i32, factor: usize, step: usize, fnorm: f64, w: usize, dirder: usize): f64 {
  const n1 = p + 1;
  let cross: f64 = 0;
  let square: f64 = 0;
  for (let i = 0; i < p; i++) {
    let sum: f64 = 0;
    for (let j = i; j < p; j++) sum += load<f64>(at(factor, n1, i, j)) * load<f64>(el(step, j));
    store<f64>(el(w, i), sum / fnorm);
    cross += (load<f64>(at(factor, n1, i, p)) / fnorm) * (sum / fnorm);
    square += (sum / fnorm) * (sum / fnorm);
  }
  store<f64>(dirder, cross);
  return -(2 * cross + square);
}
