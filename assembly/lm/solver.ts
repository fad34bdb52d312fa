// The Levenberg–Marquardt solver as a reverse-communication state machine.
//
// MINPACK `lmder` (Moré 1978) with one inversion: the solver never calls the model. Each call
// of `solverStep` consumes the pass the host just streamed — the residual sum of squares and
// the factor R̃ = [R | Qᵀr] folded from every row (qr/fold.ts) — and says what it needs next:
// another pass at the trial point, or nothing (done). Every pass folds the Jacobian too, so an
// accepted trial point already has its factor: one pass per iteration, not two.
//
// Per outer iteration (Jacobian at x known):
//   pivoted QR of the P×P factor (qrfac) → negligible-cost and scaled gradient (gtol) tests →
//   rescale diag → the parameters free of their bounds (bounds.ts) → inner loop: λ from lmpar
//   for radius Δ → trial = x + p projected onto the bounds → pass → ratio ρ of actual to
//   predicted reduction → update Δ and λ → accept if ρ ≥ 10⁻⁴ → ftol/xtol tests.
// Before the first iteration the pass at the start calibrates the scales (calibrate.ts).
//
// Workspace, carved once by solverCreate (P = parameters, n₁ = P + 1), all f64 unless said:
//
//   ┌ Solver struct ┬ x P ┬ trial P ┬ diag P ┬ qtf P ┬ wa1..wa4 P each ┬ ipvt P·i32 ┐
//   ├ lower P ┬ upper P ┬ units P ┬ gradient P ┬ step P ┬ free diag P ┬ free P·i32 ┐
//   ├ shifts P·i32 ┬ pass point 2P+1 ┬ xprev P ┬ gprev P ┐
//   ├ r P×P (pivoted factor for lmpar) ┬ rcur n₁×n₁ (R̃ at x) ┬ answer block ┘
//
// The factor being accumulated during a pass belongs to the evaluator (evaluate/pass.ts); it
// is handed in to solverStep. x, trial, the bounds and the step are in the solver's units
// uⱼ = θⱼ/dⱼ; the pass point the evaluator reads holds θ, the column scales s·dⱼ and s.

import {
  REQUEST_DONE, REQUEST_PASS, STATUS_RUNNING, STATUS_FTOL, STATUS_XTOL, STATUS_FTOL_XTOL, STATUS_GTOL,
  STATUS_MAX_ITERATIONS, STATUS_FTOL_TOO_SMALL, STATUS_XTOL_TOO_SMALL, STATUS_GTOL_TOO_SMALL,
  STATUS_EXACT_FIT, STATUS_NON_FINITE_START, REGION_SOLVER, REGION_FACTOR, REGION_COVARIANCE,
  RESULT_STATUS, RESULT_ITERATIONS, RESULT_RANK, RESULT_OBJECTIVE, RESULT_CHI2, RESULT_SCALE, RESULT_NEGLIGIBLE, RESULT_IN_RANGE,
  RESULT_HEADER, RESULT_VALUES, RESULT_UNITS, RESULT_COSINES, RESULT_SLOPES, RESULT_BOUNDS, RESULT_COLUMNS, RESULT_ARRAYS,
} from '../abi';
import { arenaFree } from '../memory/arena';
import { carve, carving, countBegin, countEnd, CARVE_SCRATCH_BYTES } from '../memory/carve';
import { enorm } from '../linalg/enorm';
import { EPSMCH } from '../linalg/precision';
import { at, el, copyF64 } from '../linalg/triangular';
import { qrfac, qrApplyTranspose } from '../qr/qrfac';
import { lmpar } from './lmpar';
import { covar } from './covariance';
import { boundSide, freeParameters, gatherFree, gradientFrom, modelReduction, project } from './bounds';
import { MAX_CALIBRATIONS, OVERFLOW_STEP, chooseShifts, exponentOf, pow2, refold, rescaleFactor, rescalePoint } from './calibrate';

const PHASE_START = 0;
const PHASE_AFTER_START = 1;
const PHASE_AFTER_TRIAL = 2;
const PHASE_AFTER_POLISH = 3;
const PHASE_AFTER_SECANT = 4;
const PHASE_DONE = 5;


@unmanaged export class Solver {
  p: i32;
  phase: i32;
  status: i32;
  iter: i32; // lmder's iteration count: 1 + accepted steps
  steps: i32; // trial steps taken, accepted or not
  maxSteps: i32;
  rank: i32;
  converged: i32; // the status a polishing step will report
  polished: i32; // polishing steps taken
  calibrations: i32; // passes at the start run again by the calibration
  nfree: i32; // parameters not held by a bound at x (the step is taken in these)
  clipped: i32; // 1 when the projection onto the bounds changed the trial step
  negligible: i32; // 1 when the residuals at the answer are rounding (negligible)
  remembered: i32; // 1 once xprev and gprev hold an earlier accepted point and its gradient
  inRange: i32; // 1 when the residuals at the answer lie in the range of J
  ftol: f64;
  xtol: f64;
  gtol: f64;
  factor: f64;
  rankTol: f64;
  scale: f64; // s: the residuals the solver sees are s·rᵢ (calibrate.ts)
  objective: f64; // the objective ‖r̃(x)‖² = Σ c²ρ(zᵢ) as summed by the pass (Σ rᵢ² for the linear loss)
  chi2: f64; // Σ rᵢ² at x, in the data's units (the pass keeps it unscaled)
  fnorm: f64; // ‖r(x)‖
  startFnorm: f64; // ‖r(x₀)‖ (scaled)
  xnorm: f64; // ‖diag·x‖
  radius: f64; // trust-region radius Δ (MINPACK's delta)
  lambda: f64; // Levenberg–Marquardt parameter λ (MINPACK's par)
  pnorm: f64;
  gnorm: f64;
  dirder: f64; // the model's directional derivative for a projected step (bounds.ts)
  slope: f64; // max |gⱼ|/diagⱼ at x before a secant step (polish)
  x: usize;
  trial: usize;
  diag: usize;
  qtf: usize;
  wa1: usize;
  wa2: usize;
  wa3: usize;
  wa4: usize;
  ipvt: usize;
  lower: usize;
  upper: usize;
  units: usize; // dⱼ: uⱼ = θⱼ/dⱼ
  gradient: usize; // g = J̃ᵀr̃ at x
  step: usize; // the step taken (after projection), all P
  dfree: usize; // diag of the free parameters, compacted
  free: usize; // P i32: the free parameters' indices
  shifts: usize; // P i32: the calibration's column exponents
  xprev: usize; // the accepted point before x
  gprev: usize; // the gradient there
  point: usize; // the pass point: θ P, column scales s·dⱼ P, s
  r: usize;
  rcur: usize;
  result: usize; // the answer block (abi.ts RESULT_*): header, arrays, then cov
  cov: usize; // inside result
}

// The answer block: RESULT_HEADER scalars, RESULT_ARRAYS arrays of P, the P×P covariance.
function resultBytes(p: i32): usize {
  return <usize>(RESULT_HEADER + RESULT_ARRAYS * p + p * p) * 8;
}

@inline function resultArray(s: Solver, k: i32): usize {
  return s.result + <usize>(RESULT_HEADER + k * s.p) * 8;
}

// The solver's carve list (memory/carve.ts): sizes and carving from this one function.
function carveSolver(p: i32): Solver {
  // The struct is written to scratch while counting: it must fit there.
  if (!carving()) assert(offsetof<Solver>() <= CARVE_SCRATCH_BYTES, 'carve list: struct larger than the scratch');
  const s = changetype<Solver>(carve(REGION_SOLVER, offsetof<Solver>()));
  const vec = <usize>p * 8;
  s.p = p;
  s.x = carve(REGION_SOLVER, vec);
  s.trial = carve(REGION_SOLVER, vec);
  s.diag = carve(REGION_SOLVER, vec);
  s.qtf = carve(REGION_SOLVER, vec);
  s.wa1 = carve(REGION_SOLVER, vec);
  s.wa2 = carve(REGION_SOLVER, vec);
  s.wa3 = carve(REGION_SOLVER, vec);
  s.wa4 = carve(REGION_SOLVER, vec);
  s.ipvt = carve(REGION_SOLVER, <usize>p * 4);
  s.lower = carve(REGION_SOLVER, vec);
  s.upper = carve(REGION_SOLVER, vec);
  s.units = carve(REGION_SOLVER, vec);
  s.gradient = carve(REGION_SOLVER, vec);
  s.step = carve(REGION_SOLVER, vec);
  s.dfree = carve(REGION_SOLVER, vec);
  s.free = carve(REGION_SOLVER, <usize>p * 4);
  s.shifts = carve(REGION_SOLVER, <usize>p * 4);
  s.xprev = carve(REGION_SOLVER, vec);
  s.gprev = carve(REGION_SOLVER, vec);
  s.point = carve(REGION_SOLVER, <usize>(2 * p + 1) * 8);
  s.r = carve(REGION_FACTOR, <usize>(p * p) * 8);
  s.rcur = carve(REGION_FACTOR, <usize>((p + 1) * (p + 1)) * 8);
  s.result = carve(REGION_COVARIANCE, resultBytes(p));
  s.cov = s.result + <usize>(RESULT_HEADER + RESULT_ARRAYS * p) * 8;
  if (carving()) {
    for (let j = 0; j < p; j++) {
      store<f64>(el(s.lower, j), -Infinity);
      store<f64>(el(s.upper, j), Infinity);
    }
  }
  return s;
}

/** Bytes solverCreate carves for P parameters (each block rounded to 16 by the arena). */
export function solverBytes(p: i32): usize {
  countBegin();
  carveSolver(p);
  return countEnd();
}

/** Carves a solver for P parameters from the arena; 0 when it does not fit. */
export function solverCreate(p: i32): usize {
  if (solverBytes(p) > arenaFree()) return 0;
  return changetype<usize>(carveSolver(p));
}

/** Parameter j lives in [lo, hi] (±Infinity for an open side). Before solverStart. */
export function solverBound(ptr: usize, j: i32, lo: f64, hi: f64): void {
  const s = changetype<Solver>(ptr);
  store<f64>(el(s.lower, j), lo);
  store<f64>(el(s.upper, j), hi);
}

/** Sets tolerances and limits; the host has written the start θ₀ (inside the bounds) into x. */
export function solverStart(ptr: usize, ftol: f64, xtol: f64, gtol: f64, factor: f64, maxSteps: i32, rankTol: f64): void {
  const s = changetype<Solver>(ptr);
  s.ftol = ftol;
  s.xtol = xtol;
  s.gtol = gtol;
  s.factor = factor;
  s.maxSteps = maxSteps;
  s.rankTol = rankTol;
  s.phase = PHASE_START;
  s.status = STATUS_RUNNING;
  s.iter = 1;
  s.steps = 0;
  s.polished = 0;
  s.calibrations = 0;
  s.nfree = s.p;
  s.clipped = 0;
  s.negligible = 0;
  s.remembered = 0;
  s.inRange = 0;
  s.rank = 0;
  s.lambda = 0;
  s.radius = 0;
  s.scale = 1;
  s.objective = 0;
  s.chi2 = 0;
  s.fnorm = 0;
  s.startFnorm = 0;
  s.xnorm = 0;
  s.pnorm = 0;
  s.gnorm = 0;
  for (let j = 0; j < s.p; j++) store<f64>(el(s.units, j), 1);
}

/**
 * Consumes the pass just streamed (objective = Σ c²ρ, chi2 = Σ rᵢ², racc = R̃ of n₁×n₁;
 * finite: no NaN/∞ seen; overflow: the model was finite but the sums overflowed) and returns
 * the next request. On REQUEST_PASS, the pass point (solverPoint) says where to evaluate.
 */
export function solverStep(ptr: usize, racc: usize, objective: f64, chi2: f64, finite: bool, overflow: bool): i32 {
  const s = changetype<Solver>(ptr);
  const p = s.p;
  const n1 = p + 1;
  if (s.phase == PHASE_START) {
    copyF64(s.trial, s.x, p);
    s.phase = PHASE_AFTER_START;
    return requestPass(s);
  }
  if (s.phase == PHASE_AFTER_START) {
    if (!finite) {
      // An overflow (the model finite): lower s and look again, down to 2^−SCALE_LIMIT.
      const e = exponentOf(s.scale);
      if (!overflow || s.calibrations >= MAX_CALIBRATIONS || e <= -SCALE_LIMIT) return finish(s, STATUS_NON_FINITE_START);
      s.scale *= pow2(max(-OVERFLOW_STEP, -SCALE_LIMIT - e));
      s.calibrations++;
      return requestPass(s);
    }
    // Residuals of exactly 0 may be ones too small to square: look once more, scaled up.
    const forced = objective == 0 && s.calibrations == 0 ? OVERFLOW_STEP : 0;
    const rs = chooseShifts(p, racc, s.shifts, forced);
    const applied = applyShifts(s, rs);
    if (refold && s.calibrations < MAX_CALIBRATIONS) {
      s.calibrations++;
      copyF64(s.trial, s.x, p);
      return requestPass(s);
    }
    copyF64(s.rcur, racc, n1 * n1);
    rescaleFactor(p, s.rcur, applied, s.shifts);
    const f = pow2(2 * applied);
    s.objective = objective * f;
    s.chi2 = chi2; // in the data's units already
    s.fnorm = Math.sqrt(s.objective);
    s.startFnorm = s.fnorm;
    return outerIteration(s);
  }
  if (s.phase == PHASE_AFTER_TRIAL) return afterTrial(s, racc, objective, chi2, finite);
  if (s.phase == PHASE_AFTER_POLISH) return afterPolish(s, racc, objective, chi2, finite);
  if (s.phase == PHASE_AFTER_SECANT) return afterSecant(s, racc, objective, chi2, finite);
  return REQUEST_DONE;
}

// The calibration's new units: s by 2^rs, dⱼ by 2^shiftⱼ; x and the bounds follow (u = θ/d).
// s, each dⱼ and each column scale s·dⱼ (one double in the pass point) stay within
// 2^±SCALE_LIMIT: data beyond that — subnormal values, whose digits are already lost — are
// beyond the reach of any scaling.
function applyShifts(s: Solver, rs: i32): i32 {
  const p = s.p;
  const es = exponentOf(s.scale);
  rs = min(max(rs, -SCALE_LIMIT - es), SCALE_LIMIT - es);
  s.scale *= pow2(rs);
  const scaled = es + rs;
  for (let j = 0; j < p; j++) {
    const at = s.shifts + (<usize>j << 2);
    const ed = exponentOf(load<f64>(el(s.units, j)));
    const low = max(-SCALE_LIMIT - ed, -SCALE_LIMIT - ed - scaled);
    const high = min(SCALE_LIMIT - ed, SCALE_LIMIT - ed - scaled);
    const k = min(max(load<i32>(at), low), high);
    store<i32>(at, k);
    if (k != 0) store<f64>(el(s.units, j), load<f64>(el(s.units, j)) * pow2(k));
  }
  rescalePoint(p, s.x, s.shifts);
  rescalePoint(p, s.lower, s.shifts);
  rescalePoint(p, s.upper, s.shifts);
  return rs;
}

const SCALE_LIMIT: i32 = 1000;

// Writes the pass point for `trial`: θⱼ = uⱼ·dⱼ, the column scales s·dⱼ, and s.
function requestPass(s: Solver): i32 {
  const p = s.p;
  for (let j = 0; j < p; j++) {
    const d = load<f64>(el(s.units, j));
    store<f64>(el(s.point, j), load<f64>(el(s.trial, j)) * d);
    store<f64>(el(s.point, p + j), s.scale * d);
  }
  store<f64>(el(s.point, 2 * p), s.scale);
  return REQUEST_PASS;
}

// lmder L30–L190: the Jacobian at x is in rcur; factor it with pivoting and test the gradient.
function outerIteration(s: Solver): i32 {
  const p = s.p;
  factorAtX(s);

  if (s.iter == 1) {
    // Scale by the column norms of the initial Jacobian (lmder mode 1), and set Δ.
    for (let j = 0; j < p; j++) {
      const c = load<f64>(el(s.wa2, j));
      store<f64>(el(s.diag, j), c == 0 ? 1 : c);
    }
    for (let j = 0; j < p; j++) store<f64>(el(s.wa3, j), load<f64>(el(s.diag, j)) * load<f64>(el(s.x, j)));
    s.xnorm = enorm(p, s.wa3);
    s.radius = s.factor * s.xnorm;
    if (s.radius == 0) s.radius = s.factor;
  }

  if (s.fnorm == 0) return finish(s, STATUS_EXACT_FIT);
  // Residuals of rounding size: Gauss–Newton steps may still take them to 0 (a zero-residual
  // problem converges quadratically there), then stop. Relative tests alone cannot see this
  // (Powell's singular function keeps halving its residuals for a thousand steps).
  if (negligible(s)) return polish(s, STATUS_EXACT_FIT);

  s.gnorm = scaledGradient(s);
  if (s.gnorm <= s.gtol) return finish(s, STATUS_GTOL);

  // Rescale: the scaling never decreases (Moré 1978, §6).
  for (let j = 0; j < p; j++) {
    store<f64>(el(s.diag, j), Math.max(load<f64>(el(s.diag, j)), load<f64>(el(s.wa2, j))));
  }
  factorFree(s);
  return innerIteration(s);
}

// The residuals are rounding when a change of the parameters by a few ε relative could explain
// them (a backward error, Higham 2002 §1.10): ‖r‖ ≤ ROUNDING·ε·Σⱼ ‖J eⱼ‖·|xⱼ| (the model's
// value at each row carries rounding of its terms, up to several). Scale-free, and taken at the
// point itself: neither the start nor y (0 for many test problems) says how small is small.
// After factorAtX (wa2: the column norms).
const ROUNDING: f64 = 8;
const VANISHED: f64 = EPSMCH * 1.4901161193847656e-8; // ε^{3/2}

function negligible(s: Solver): bool {
  let explained: f64 = 0;
  for (let j = 0; j < s.p; j++) explained += load<f64>(el(s.wa2, j)) * Math.abs(load<f64>(el(s.x, j)));
  // With a robust loss, both r̃ (what was folded) and r itself: r̃ can be far smaller than r (a
  // tiny fScale), and J̃ is J shrunk by the loss, so this is the stricter reading.
  const r = Math.max(residualNorm(s), s.scale * Math.sqrt(s.chi2));
  return r <= ROUNDING * EPSMCH * explained;
}

// The pivoted QR of the streamed factor at x: r ← R of (leading P×P block of R̃)·Π, qtf ← the
// matching Qᵀr, column norms of J → wa2 (‖J e_j‖ = ‖R e_j‖: Q is orthogonal). Also the
// gradient g = Jᵀr and the parameters free of their bounds.
function factorAtX(s: Solver): void {
  const p = s.p;
  const n1 = p + 1;
  for (let j = 0; j < p; j++) {
    for (let i = 0; i < p; i++) store<f64>(at(s.r, p, i, j), i <= j ? load<f64>(at(s.rcur, n1, i, j)) : 0);
    store<f64>(el(s.qtf, j), load<f64>(at(s.rcur, n1, j, p)));
  }
  qrfac(p, p, s.r, p, s.ipvt, s.wa1, s.wa2, s.wa3);
  qrApplyTranspose(p, p, s.r, p, s.wa1, s.qtf);
  gradientFrom(p, s.rcur, s.gradient);
  s.nfree = freeParameters(p, s.x, s.lower, s.upper, s.gradient, s.free);
}

// When bounds hold some parameters, the factor lmpar works on is that of the free columns
// only (bounds.ts): r, qtf and ipvt are replaced by the P×nfree QR, dfree by their diag.
function factorFree(s: Solver): void {
  const p = s.p;
  const n = s.nfree;
  if (n == p) return;
  gatherFree(p, s.rcur, s.free, n, s.r, s.qtf);
  for (let k = 0; k < n; k++) {
    store<f64>(el(s.dfree, k), load<f64>(el(s.diag, load<i32>(s.free + (<usize>k << 2)))));
  }
  qrfac(p, n, s.r, p, s.ipvt, s.wa1, s.wa3, s.wa4);
  qrApplyTranspose(p, n, s.r, p, s.wa1, s.qtf);
}

// The scaled gradient after factorAtX: max over columns of |cos(angle between r and J e_j)|
// (lmder's gnorm), 0 for a zero residual and for a parameter its bound holds. Each column's
// cosine is kept in the answer block.
function scaledGradient(s: Solver): f64 {
  const p = s.p;
  const cosines = resultArray(s, RESULT_COSINES);
  const rnorm = residualNorm(s);
  let gnorm: f64 = 0;
  for (let j = 0; j < p; j++) {
    const cn = load<f64>(el(s.wa2, j));
    let cosine: f64 = 0;
    if (cn != 0 && rnorm != 0 && isFree(s, j)) cosine = Math.abs(load<f64>(el(s.gradient, j)) / rnorm / cn);
    store<f64>(el(cosines, j), cosine);
    gnorm = Math.max(gnorm, cosine);
  }
  return gnorm;
}

// ‖r̃‖ from R̃'s last column: with a robust loss the rescaled residuals r̃ whose angle with the
// columns of J̃ the cosine measures (‖r̃‖² is not the objective Σc²ρ then); ‖r‖ for the linear loss.
function residualNorm(s: Solver): f64 {
  return enorm(s.p + 1, at(s.rcur, s.p + 1, 0, s.p));
}

function isFree(s: Solver, j: i32): bool {
  for (let k = 0; k < s.nfree; k++) if (load<i32>(s.free + (<usize>k << 2)) == j) return true;
  return false;
}

// lmpar's step for radius Δ and starting λ in the free parameters, scattered to all P (0 for
// the held ones) into `step`; the compacted step stays in wa1 (as MINPACK's, the step itself).
function freeStep(s: Solver, radius: f64, lambda: f64): f64 {
  const p = s.p;
  const n = s.nfree;
  const d = n == p ? s.diag : s.dfree;
  const par = lmpar(n, s.r, p, s.ipvt, d, s.qtf, radius, lambda, s.wa1, s.wa2, s.wa3, s.wa4);
  for (let j = 0; j < p; j++) store<f64>(el(s.step, j), 0);
  for (let k = 0; k < n; k++) {
    const v = -load<f64>(el(s.wa1, k));
    store<f64>(el(s.wa1, k), v);
    store<f64>(el(s.step, load<i32>(s.free + (<usize>k << 2))), v);
  }
  s.clipped = project(p, s.x, s.step, s.lower, s.upper, s.trial) ? 1 : 0;
  for (let j = 0; j < p; j++) store<f64>(el(s.wa3, j), load<f64>(el(s.diag, j)) * load<f64>(el(s.step, j)));
  s.pnorm = enorm(p, s.wa3);
  return par;
}

// lmder L200–L210: the step for the current radius, and a pass at x + p.
function innerIteration(s: Solver): i32 {
  s.lambda = freeStep(s, s.radius, s.lambda);
  if (s.iter == 1) s.radius = Math.min(s.radius, s.pnorm); // first iteration: adjust the bound
  s.steps++;
  s.phase = PHASE_AFTER_TRIAL;
  return requestPass(s);
}

// lmder L220–L290: judge the trial point, update Δ and λ, accept or reject, test convergence.
function afterTrial(s: Solver, racc: usize, objective: f64, chi2: f64, finite: bool): i32 {
  const p = s.p;
  const n1 = p + 1;
  // A non-finite model at the trial point is a failed step: the region shrinks.
  const fnorm1 = finite ? Math.sqrt(objective) : Infinity;

  let actred: f64 = -1;
  if (0.1 * fnorm1 < s.fnorm) {
    const q = fnorm1 / s.fnorm;
    actred = 1 - q * q;
  }

  const prered = predictedReduction(s, s.lambda);
  const dirder = s.dirder;
  const ratio = prered > 0 ? actred / prered : 0;

  // Update the step bound.
  if (ratio <= 0.25) {
    let temp: f64 = actred >= 0 ? 0.5 : (0.5 * dirder) / (dirder + 0.5 * actred);
    if (0.1 * fnorm1 >= s.fnorm || !(temp >= 0.1)) temp = 0.1;
    s.radius = temp * Math.min(s.radius, s.pnorm / 0.1);
    s.lambda /= temp;
  } else if (s.lambda == 0 || ratio >= 0.75) {
    s.radius = s.pnorm / 0.5;
    s.lambda *= 0.5;
  }

  // A successful iteration: the trial point, its norm and its folded Jacobian become current.
  const accepted = ratio >= 1e-4;
  if (accepted) {
    remember(s);
    copyF64(s.x, s.trial, p);
    for (let j = 0; j < p; j++) store<f64>(el(s.wa2, j), load<f64>(el(s.diag, j)) * load<f64>(el(s.x, j)));
    s.xnorm = enorm(p, s.wa2);
    s.fnorm = fnorm1;
    s.objective = objective;
    s.chi2 = chi2;
    copyF64(s.rcur, racc, n1 * n1);
    s.iter++;
  }

  // Convergence tests.
  const ftolMet = Math.abs(actred) <= s.ftol && prered <= s.ftol && 0.5 * ratio <= 1;
  const xtolMet = s.radius <= s.xtol * s.xnorm;
  if (ftolMet && xtolMet) return polish(s, STATUS_FTOL_XTOL);
  if (ftolMet) return polish(s, STATUS_FTOL);
  if (xtolMet) return polish(s, STATUS_XTOL);

  // Termination tests for limits and for tolerances too small to be met.
  if (s.steps >= s.maxSteps) return finish(s, STATUS_MAX_ITERATIONS);
  if (Math.abs(actred) <= EPSMCH && prered <= EPSMCH && 0.5 * ratio <= 1) return finish(s, STATUS_FTOL_TOO_SMALL);
  if (s.radius <= EPSMCH * s.xnorm) return finish(s, STATUS_XTOL_TOO_SMALL);
  if (s.gnorm <= EPSMCH) return finish(s, STATUS_GTOL_TOO_SMALL);

  return accepted ? outerIteration(s) : innerIteration(s);
}

// The predicted relative reduction of the step just computed (freeStep) for λ, and in s.dirder
// the directional derivative: MINPACK's, from the pivoted R and the LM step; for a step the
// bounds cut short, the quadratic model's own (bounds.ts).
function predictedReduction(s: Solver, lambda: f64): f64 {
  const p = s.p;
  if (s.clipped) return modelReduction(p, s.rcur, s.step, s.fnorm, s.wa3, changetype<usize>(s) + offsetof<Solver>('dirder'));
  const n = s.nfree;
  for (let j = 0; j < n; j++) {
    store<f64>(el(s.wa3, j), 0);
    const l = load<i32>(s.ipvt + (<usize>j << 2));
    const temp = load<f64>(el(s.wa1, l));
    for (let i = 0; i <= j; i++) store<f64>(el(s.wa3, i), load<f64>(el(s.wa3, i)) + load<f64>(at(s.r, p, i, j)) * temp);
  }
  const temp1 = enorm(n, s.wa3) / s.fnorm;
  const temp2 = (Math.sqrt(lambda) * s.pnorm) / s.fnorm;
  s.dirder = -(temp1 * temp1 + temp2 * temp2);
  return temp1 * temp1 + (temp2 * temp2) / 0.5;
}

// The ftol and xtol tests look at the last step, so they stop where the cost has stopped
// changing — up to √ftol (in units of the parameters' errors) short of the minimum, at a point
// that depends on rounding (a different chunk size or a rescaled sigma can stop one iteration
// earlier or later). Gauss–Newton steps from the factor at x, with no trust region (projected
// onto the bounds, in the free parameters), close that gap: each is taken while it changes the
// scaled parameters by more than POLISH_STEP relative and does not raise the cost, at most
// MAX_POLISH of them (large-residual problems converge linearly, a factor of 10–100 per step).
const POLISH_STEP: f64 = 1e-13;
const SQRT_EPSMCH: f64 = 1.4901161193847656e-8;
const MAX_POLISH = 3;

function polish(s: Solver, status: i32): i32 {
  s.converged = status;
  factorAtX(s);
  factorFree(s);
  freeStep(s, Infinity, 0);
  // Polishing serves tolerances tighter than √ε, where rounding stops the relative tests
  // varies (arenafit's defaults, 1e-14); at MINPACK's √ε the caller has asked for that precision
  // and no more. A step below xtol (relative) is one the caller does not need either.
  const tight = Math.min(s.ftol, s.xtol) < SQRT_EPSMCH;
  if (!tight || !(s.pnorm > Math.max(POLISH_STEP, s.xtol) * s.xnorm) || s.polished >= MAX_POLISH) return finish(s, status);
  s.polished++;
  s.steps++;
  s.phase = PHASE_AFTER_POLISH;
  return requestPass(s);
}

// Near the minimum the cost is flat to rounding: points 1e-7 of an error bar apart have costs
// equal to ~1e-16, and summing N squares rounds at about that size. A polishing step is
// therefore kept unless it raises the cost by more than POLISH_COST relative.
const POLISH_COST: f64 = 1e-13;

function afterPolish(s: Solver, racc: usize, objective: f64, chi2: f64, finite: bool): i32 {
  if (!(finite && objective <= s.objective * (1 + POLISH_COST))) return secant(s);
  return acceptPolish(s, racc, objective, chi2);
}

// A polishing step kept: it becomes x, and polishing goes on from there.
function acceptPolish(s: Solver, racc: usize, objective: f64, chi2: f64): i32 {
  const p = s.p;
  const n1 = p + 1;
  remember(s);
  copyF64(s.x, s.trial, p);
  for (let j = 0; j < p; j++) store<f64>(el(s.wa2, j), load<f64>(el(s.diag, j)) * load<f64>(el(s.x, j)));
  s.xnorm = enorm(p, s.wa2);
  s.objective = objective;
  s.chi2 = chi2;
  s.fnorm = Math.sqrt(objective);
  copyF64(s.rcur, racc, n1 * n1);
  s.iter++;
  return polish(s, s.converged);
}

// Before x moves: x and its gradient (s.gradient, from the last factorAtX at x) become the
// previous point, for the secant step.
function remember(s: Solver): void {
  copyF64(s.xprev, s.x, s.p);
  copyF64(s.gprev, s.gradient, s.p);
  s.remembered = 1;
}

// A flat minimum — a Jacobian that vanishes there, like f = p² + 5 at p = 0 — defeats the
// Gauss–Newton step (it divides by J) and leaves the fit √ε·(scale) short of it, where the cost
// no longer changes in double precision. The gradient still does: a secant step on it along the
// last move, t = −g·d / ((g − g_prev)·d) with d = x − x_prev (a quasi-Newton step in one
// direction, with the curvature the two gradients measure), is taken when the curvature is
// positive, and kept when the cost does not rise (POLISH_COST) and the scaled gradient
// max|gⱼ|/diagⱼ falls. Only after a Gauss–Newton polishing step was refused.
function secant(s: Solver): i32 {
  const p = s.p;
  if (!s.remembered || s.polished >= MAX_POLISH) return finish(s, s.converged);
  let along: f64 = 0;
  let curvature: f64 = 0;
  for (let j = 0; j < p; j++) {
    const d = load<f64>(el(s.x, j)) - load<f64>(el(s.xprev, j));
    const g = load<f64>(el(s.gradient, j));
    along += g * d;
    curvature += (g - load<f64>(el(s.gprev, j))) * d;
  }
  if (!(curvature > 0) || along == 0) return finish(s, s.converged);
  const t = -along / curvature;
  for (let j = 0; j < p; j++) store<f64>(el(s.step, j), t * (load<f64>(el(s.x, j)) - load<f64>(el(s.xprev, j))));
  s.clipped = project(p, s.x, s.step, s.lower, s.upper, s.trial) ? 1 : 0;
  for (let j = 0; j < p; j++) store<f64>(el(s.wa3, j), load<f64>(el(s.diag, j)) * load<f64>(el(s.step, j)));
  s.pnorm = enorm(p, s.wa3);
  if (!(s.pnorm > POLISH_STEP * s.xnorm)) return finish(s, s.converged);
  s.slope = gradientSlope(s, s.gradient);
  s.polished++;
  s.steps++;
  s.phase = PHASE_AFTER_SECANT;
  return requestPass(s);
}

function afterSecant(s: Solver, racc: usize, objective: f64, chi2: f64, finite: bool): i32 {
  if (!(finite && objective <= s.objective * (1 + POLISH_COST))) return finish(s, s.converged);
  gradientFrom(s.p, racc, s.wa4);
  if (!(gradientSlope(s, s.wa4) < s.slope)) return finish(s, s.converged);
  return acceptPolish(s, racc, objective, chi2);
}

// max over the parameters of |gⱼ|/diagⱼ: the gradient in the solver's scaled units.
function gradientSlope(s: Solver, g: usize): f64 {
  let m: f64 = 0;
  for (let j = 0; j < s.p; j++) m = Math.max(m, Math.abs(load<f64>(el(g, j))) / load<f64>(el(s.diag, j)));
  return m;
}

// Stop with `status`. The factor at x is always current: the gradient test that `converged`
// relies on and the covariance both come from it.
function finish(s: Solver, status: i32): i32 {
  s.status = status;
  s.phase = PHASE_DONE;
  if (status == STATUS_NON_FINITE_START) return REQUEST_DONE;
  const p = s.p;
  factorAtX(s);
  s.gnorm = scaledGradient(s);
  // Where the residuals lie in the range of J (the part outside it, R̃(P, P), below √ε·‖r‖ —
  // one row, rows that repeat one another) the cosine is 1 by construction and says nothing: the
  // minimum is where the derivative itself vanishes. The slope |gⱼ|/(‖r‖·diagⱼ) measures the
  // gradient against the column's largest size in the fit (MINPACK's diag) instead.
  const slopes = resultArray(s, RESULT_SLOPES);
  const sides = resultArray(s, RESULT_BOUNDS);
  const rnorm = residualNorm(s);
  const inRange = Math.abs(load<f64>(at(s.rcur, p + 1, p, p))) <= Math.sqrt(EPSMCH) * rnorm;
  s.inRange = inRange ? 1 : 0;
  copyF64(resultArray(s, RESULT_COLUMNS), s.wa2, p);
  // The flag also takes residuals below ε^{3/2} of those at the start as zero: a zero-residual
  // problem whose solution is at 0 (Powell's singular function) has no backward error to go by.
  s.negligible = s.fnorm == 0 || negligible(s) || s.fnorm <= VANISHED * s.startFnorm ? 1 : 0;
  for (let j = 0; j < p; j++) {
    const xj = load<f64>(el(s.x, j));
    const g = Math.abs(load<f64>(el(s.gradient, j)));
    const d = Math.max(load<f64>(el(s.diag, j)), load<f64>(el(s.wa2, j)));
    store<f64>(el(slopes, j), isFree(s, j) && g > 0 ? g / rnorm / d : 0);
    store<f64>(el(sides, j), <f64>boundSide(xj, load<f64>(el(s.lower, j)), load<f64>(el(s.upper, j))));
  }
  covarianceFrom(s, s.rcur);
  return REQUEST_DONE;
}

// cov ← (JᵀJ)⁻¹ from the leading P×P block of a folded factor R̃ (n₁×n₁), with the rank.
// Every column counts, those on a bound too: the errors are the curvature's, as SciPy's
// curve_fit reports them (see FitResult.errors). The columns are first brought to norms near 1
// by powers of two (exact), so that the rank tolerance judges how dependent the columns are, not
// the parameters' units (an amplitude of 1e-20 beside a rate of 1 is not rank-deficient).
function covarianceFrom(s: Solver, factor: usize): void {
  const p = s.p;
  const n1 = p + 1;
  const d = s.wa4; // the columns' powers of two
  for (let j = 0; j < p; j++) {
    const norm = enorm(j + 1, at(factor, n1, 0, j));
    const f = norm > 0 && isFinite(norm) ? pow2(-exponentOf(norm)) : 1;
    store<f64>(el(d, j), f);
    for (let i = 0; i < p; i++) store<f64>(at(s.cov, p, i, j), i <= j ? load<f64>(at(factor, n1, i, j)) * f : 0);
  }
  qrfac(p, p, s.cov, p, s.ipvt, s.wa1, s.wa2, s.wa3);
  for (let j = 0; j < p; j++) store<f64>(at(s.cov, p, j, j), load<f64>(el(s.wa1, j)));
  s.rank = covar(p, s.cov, p, s.ipvt, s.rankTol, s.wa3);
  for (let j = 0; j < p; j++) {
    for (let i = 0; i < p; i++) store<f64>(at(s.cov, p, i, j), load<f64>(at(s.cov, p, i, j)) * load<f64>(el(d, i)) * load<f64>(el(d, j)));
  }
}

/** Asks for one more pass at the answer x (the host folds a better Jacobian there: solverRefinish). */
export function solverRecheck(ptr: usize): void {
  const s = changetype<Solver>(ptr);
  copyF64(s.trial, s.x, s.p);
  requestPass(s);
}

/** Takes the factor of a pass at x (solverRecheck) as the one at x, and finishes again from it. */
export function solverRefinish(ptr: usize, factor: usize): void {
  const s = changetype<Solver>(ptr);
  const n1 = s.p + 1;
  copyF64(s.rcur, factor, n1 * n1);
  finish(s, s.status);
}

export function solverX(ptr: usize): usize { return changetype<Solver>(ptr).x; }
/** The pass point of the last REQUEST_PASS: θ (P), the column scales s·dⱼ (P), s. */
export function solverPoint(ptr: usize): usize { return changetype<Solver>(ptr).point; }
export function solverIterations(ptr: usize): i32 { return changetype<Solver>(ptr).steps; }
/** The objective at the best point so far, in the caller's units: Σ c²ρ(zᵢ) (Σ rᵢ² for the linear loss), twice the cost. */
export function solverObjective(ptr: usize): f64 {
  const s = changetype<Solver>(ptr);
  return s.objective / s.scale / s.scale;
}

/** Fills the answer block (abi.ts RESULT_*) and returns it: header, arrays, covariance. */
export function solverResult(ptr: usize): usize {
  const s = changetype<Solver>(ptr);
  const r = s.result;
  store<f64>(r + <usize>RESULT_STATUS * 8, <f64>s.status);
  store<f64>(r + <usize>RESULT_ITERATIONS * 8, <f64>s.steps);
  store<f64>(r + <usize>RESULT_RANK * 8, <f64>s.rank);
  store<f64>(r + <usize>RESULT_OBJECTIVE * 8, s.objective);
  store<f64>(r + <usize>RESULT_CHI2 * 8, s.chi2);
  store<f64>(r + <usize>RESULT_SCALE * 8, s.scale);
  store<f64>(r + <usize>RESULT_NEGLIGIBLE * 8, s.negligible);
  store<f64>(r + <usize>RESULT_IN_RANGE * 8, s.inRange);
  const values = resultArray(s, RESULT_VALUES);
  const units = resultArray(s, RESULT_UNITS);
  for (let j = 0; j < s.p; j++) {
    const d = load<f64>(el(s.units, j));
    store<f64>(el(values, j), load<f64>(el(s.x, j)) * d);
    store<f64>(el(units, j), d);
  }
  return r;
}
