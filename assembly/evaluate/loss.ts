// Robust losses with SciPy `least_squares` semantics.
//
// For a residual r and scale c (fScale), z = (r/c)² and the row contributes c²·ρ(z) to 2·cost.
// The solver stays a Gauss–Newton/LM solver on modified residuals and Jacobian rows
// (Triggs et al. 2000, "Bundle adjustment — a modern synthesis", §4.3; SciPy's
// scale_for_robust_loss_function):
//
//     s = √max(ρ′(z) + 2·z·ρ″(z), ε),   r̃ = r·ρ′(z)/s,   J̃ᵢ = s·Jᵢ,
//
// so that J̃ᵀJ̃ is the Gauss–Newton part of the Hessian of the robust cost and J̃ᵀr̃ its gradient.
// robustRow returns c²·ρ(z) and leaves s and ρ′/s in the globals below (no allocation).

import { LOSS_LINEAR, LOSS_SOFT_L1, LOSS_HUBER, LOSS_CAUCHY, LOSS_ARCTAN } from '../abi';
import { EPSMCH } from '../linalg/precision';

/** The row's Jacobian scale s, after robustRow. */
export let rowScale: f64 = 1;
/** The factor ρ′/s that turns r into r̃, after robustRow. */
export let residualScale: f64 = 1;

export function robustRow(loss: i32, r: f64, c: f64): f64 {
  const t = r / c;
  const z = t * t;
  if (loss == LOSS_LINEAR) {
    rowScale = 1;
    residualScale = 1;
    return r * r;
  }
  let rho: f64, d1: f64, twoZd2: f64; // ρ, ρ′, 2z·ρ″
  if (!isFinite(z)) {
    // |r/c| beyond 1e154: z overflows, but every loss has a finite limit (ρ′ and 2zρ″ → 0, and
    // ρ grows like 2|t|, 2 ln|t| or π/2), so that a tiny fScale is a loss, not an overflow.
    const a = Math.abs(t);
    rho = loss == LOSS_SOFT_L1 || loss == LOSS_HUBER ? 2 * a : loss == LOSS_CAUCHY ? 2 * Math.log(a) : Math.PI / 2;
    d1 = loss == LOSS_SOFT_L1 || loss == LOSS_HUBER ? 1 / a : 0;
    twoZd2 = loss == LOSS_SOFT_L1 || loss == LOSS_HUBER ? -1 / a : 0;
  } else if (loss == LOSS_SOFT_L1) {
    const q = 1 + z;
    d1 = 1 / Math.sqrt(q);
    rho = 2 * (Math.sqrt(q) - 1);
    twoZd2 = (2 * z * (-0.5 * d1)) / q;
  } else if (loss == LOSS_HUBER) {
    if (z <= 1) {
      rho = z;
      d1 = 1;
      twoZd2 = 0;
    } else {
      const a = Math.sqrt(z);
      rho = 2 * a - 1;
      d1 = 1 / a;
      twoZd2 = -1 / a;
    }
  } else if (loss == LOSS_CAUCHY) {
    const q = 1 + z;
    rho = Math.log1p(z);
    d1 = 1 / q;
    twoZd2 = (-2 * z) / (q * q);
  } else {
    // arctan; 2zρ″ = −4z²/(1 + z²)², written so that a large z gives 0, not ∞/∞
    const q = 1 + z * z;
    rho = Math.atan(z);
    d1 = 1 / q;
    const w = z / q;
    twoZd2 = -4 * w * w;
  }
  const sc = Math.sqrt(Math.max(d1 + twoZd2, EPSMCH));
  rowScale = sc;
  residualScale = d1 / sc;
  return c * (c * rho); // c·(c·ρ): c² alone may underflow where c²ρ does not
}
