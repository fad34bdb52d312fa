// Calibration: the powers of two that keep the solver's numbers inside double precision.
//
// The residuals, χ² and the Jacobian scale with σ, y and the parameters' units; the solver's
// tests are relative and do not care, but the arithmetic does: residuals of 1e-155 square to
// nothing, those of 1e155 to infinity, and the fold (qr/fold.ts) sums squares of Jacobian columns
// unscaled. So the solver works on s·rᵢ and on uⱼ = θⱼ/dⱼ — the Jacobian's columns become
// s·dⱼ·∂rᵢ/∂θⱼ — with s and every dⱼ powers of two. Multiplying by a power of two is exact, and
// MINPACK's algorithm with its column scaling (lmder mode 1) is invariant under both scalings
// (Moré 1978, §6), so a calibrated fit computes what the uncalibrated one would have in a wider
// exponent range: the same steps, the same parameters, errors and tests.
//
// The first pass at the start is looked at once it is folded: when the norm of the residuals or
// of a Jacobian column lies outside 2^±COMFORT, s (then each dⱼ) is chosen to bring it near 1.
// Inside 2^±REFOLD the folded factor is rescaled in place (exact); beyond it (or when the pass
// overflowed) what the pass folded was already damaged and it is run again, at most
// MAX_CALIBRATIONS times. Data of ordinary size keep s = dⱼ = 1 and never pay for any of it.

import { enorm } from '../linalg/enorm';
import { at, el } from '../linalg/triangular';

const COMFORT: i32 = 200;
const REFOLD: i32 = 400;
/** Passes at the start the calibration may ask for again. */
export const MAX_CALIBRATIONS: i32 = 3;
/** After an overflow, the residual scale is lowered by this exponent and the pass repeated. */
export const OVERFLOW_STEP: i32 = 512;

/** ⌊log₂ v⌋ for finite v > 0 (subnormal included), from the exponent bits. */
export function exponentOf(v: f64): i32 {
  const e = <i32>((reinterpret<u64>(v) >> 52) & 0x7ff);
  if (e == 0) return exponentOf(v * TWO_64) - 64; // subnormal: normalise first
  return e - 1023;
}

const TWO_64: f64 = 18446744073709551616.0;

/** 2^k for |k| ≤ 2000, from the exponent bits; a product of two when one would leave the range. */
export function pow2(k: i32): f64 {
  if (k > 1000) return pow2(k - 1000) * pow2(1000);
  if (k < -1000) return pow2(k + 1000) * pow2(-1000);
  return reinterpret<f64>(<u64>(k + 1023) << 52);
}

/** After chooseShifts: whether the factor cannot be rescaled in place and the pass must run again. */
export let refold: bool = false;

/**
 * Chooses the residual exponent and the column exponents for a pass folded into `factor`
 * (n₁×n₁, n₁ = p + 1). Writes the column exponents to `columnShift` (P i32: the column is to
 * be multiplied by 2^shift, on top of the residual's), returns the residual's shift and sets
 * `refold`. `forced` ≠ 0 imposes the residual's shift (residuals that squared to 0: their size
 * is unknown) and asks for the pass again; the columns whose norms are known are then kept near 1.
 * The norms are MINPACK's enorm of the factor's columns (‖J eⱼ‖ = ‖R eⱼ‖), which neither under-
 * nor overflows; the residuals' is R̃'s last column, ‖r̃‖ — with a robust loss the objective
 * Σc²ρ can be of quite another size (a tiny fScale makes c²ρ ≈ 2c|r|).
 */
export function chooseShifts(p: i32, factor: usize, columnShift: usize, forced: i32): i32 {
  const n1 = p + 1;
  refold = forced != 0;
  let rs: i32 = forced;
  const rnorm = enorm(n1, at(factor, n1, 0, p));
  if (forced == 0 && rnorm > 0 && isFinite(rnorm)) {
    const e = exponentOf(rnorm);
    if (e > COMFORT || e < -COMFORT) rs = -e;
    if (e > REFOLD || e < -REFOLD) refold = true;
  }
  for (let j = 0; j < p; j++) {
    const norm = enorm(j + 1, at(factor, n1, 0, j));
    let cs: i32 = 0;
    if (norm > 0 && isFinite(norm)) {
      const e = exponentOf(norm) + rs;
      if (e > COMFORT || e < -COMFORT) cs = -e;
      if (e - rs > REFOLD || e - rs < -REFOLD) refold = true;
    }
    store<i32>(columnShift + (<usize>j << 2), cs);
  }
  return rs;
}

/** Rescales a folded factor in place: column j by 2^(rs + shiftⱼ), the residual column by 2^rs. */
export function rescaleFactor(p: i32, factor: usize, rs: i32, columnShift: usize): void {
  const n1 = p + 1;
  for (let j = 0; j <= p; j++) {
    const k = j < p ? rs + load<i32>(columnShift + (<usize>j << 2)) : rs;
    if (k == 0) continue;
    const f = pow2(k);
    for (let i = 0; i < n1; i++) store<f64>(at(factor, n1, i, j), load<f64>(at(factor, n1, i, j)) * f);
  }
}

/** Scales p values at v by 2^(−shiftⱼ) (a parameter's new units are 2^shiftⱼ times the old: u ← u/2^shift). */
export function rescalePoint(p: i32, v: usize, columnShift: usize): void {
  for (let j = 0; j < p; j++) {
    const k = load<i32>(columnShift + (<usize>j << 2));
    if (k != 0) store<f64>(el(v, j), load<f64>(el(v, j)) * pow2(-k));
  }
}
