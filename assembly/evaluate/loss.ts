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

import { LOSS_SOFT_L1, LOSS_HUBER, LOSS_CAUCHY, LOSS_ARCTAN } from '../abi';
import { EPSMCH } from '../linalg/precision';

/** The row's Jacobian scale s, after robustRow. */
export let rowScale: f64 = 1;
/** The factor ρ′/s that turns r into r̃, after robustRow. */
export let residualScale: f64 = 1;

export function robustRow(loss: i32, r: f64, c: f64): f64 {
  const z = (r / c) * (r / c);
  let rho: f64, d1: f64, d2: f64;
  if (loss == LOSS_SOFT_L1) {
    const t = 1 + z;
    d1 = 1 / Math.sqrt(t);
    rho = 2 * (Math.sqrt(t) - 1);
    d2 = (-0.5 * d1) / t;
  } else if (loss == LOSS_HUBER) {
    if (z <= 1) {
      rho = z;
      d1 = 1;
      d2 = 0;
    } else {
      const s = Math.sqrt(z);
      rho = 2 * s - 1;
      d1 = 1 / s;
      d2 = -0.5 / (z * s);
    }
  } else if (loss == LOSS_CAUCHY) {
    const t = 1 + z;
    rho = Math.log1p(z);
    d1 = 1 / t;
    d2 = -1 / (t * t);
  } else if (loss == LOSS_ARCTAN) {
    const t = 1 + z * z;
    rho = Math.atan(z);
    d1 = 1 / t;
    d2 = (-2 * z) / (t * t);
  } else {
    rowScale = 1;
    residualScale = 1;
    return r * r;
  }
  const s = Math.sqrt(Math.max(d1 + 2 * z * d2, EPSMCH));
  rowScale = s;
  residualScale = d1 / s;
  return c * c * rho;
}
