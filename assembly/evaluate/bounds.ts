// Bounds by change of variables: the solver works on an unbounded internal u, the model sees
// θ = T(u) inside [lo, hi] (the MINUIT transformations, as lmfit uses them; James & Roos 1975).
//
//   both:  θ = lo + (hi − lo)·(sin u + 1)/2      T′(u) = (hi − lo)·cos u / 2
//   lower: θ = lo − 1 + √(u² + 1)                T′(u) = u / √(u² + 1)
//   upper: θ = hi + 1 − √(u² + 1)                T′(u) = −u / √(u² + 1)
//
// A parameter at its bound has T′ = 0, so the solver sees a flat direction there; a start
// exactly on a bound is nudged off the flat point (see toInternal) so that it can move.
// The Jacobian columns are scaled by T′(u) during the fit; the covariance is computed from a
// last pass with T′ = 1, i.e. with respect to θ itself, as SciPy's curve_fit reports it.

import { BOUND_LOWER, BOUND_UPPER, BOUND_BOTH } from '../abi';

export function toExternal(kind: i32, lo: f64, hi: f64, u: f64): f64 {
  if (kind == BOUND_BOTH) return lo + ((hi - lo) * (Math.sin(u) + 1)) / 2;
  if (kind == BOUND_LOWER) return lo - 1 + Math.sqrt(u * u + 1);
  if (kind == BOUND_UPPER) return hi + 1 - Math.sqrt(u * u + 1);
  return u;
}

export function externalSlope(kind: i32, lo: f64, hi: f64, u: f64): f64 {
  if (kind == BOUND_BOTH) return ((hi - lo) * Math.cos(u)) / 2;
  if (kind == BOUND_LOWER) return u / Math.sqrt(u * u + 1);
  if (kind == BOUND_UPPER) return -u / Math.sqrt(u * u + 1);
  return 1;
}

// Off the flat point of a bound by this much: far enough for T′ to let the parameter move,
// close enough (θ within ~1e-8 of the range, or 5e-9 absolute one-sided) to be the user's start.
const NUDGE_SINE: f64 = 1 - 2e-8;
const NUDGE_ROOT: f64 = 1e-4;

export function toInternal(kind: i32, lo: f64, hi: f64, theta: f64): f64 {
  if (kind == BOUND_BOTH) {
    const s = Math.max(-NUDGE_SINE, Math.min(NUDGE_SINE, (2 * (theta - lo)) / (hi - lo) - 1));
    return Math.asin(s);
  }
  if (kind == BOUND_LOWER) {
    const t = theta - lo + 1;
    return Math.max(NUDGE_ROOT, Math.sqrt(t * t - 1));
  }
  if (kind == BOUND_UPPER) {
    const t = hi - theta + 1;
    return Math.max(NUDGE_ROOT, Math.sqrt(t * t - 1));
  }
  return theta;
}
