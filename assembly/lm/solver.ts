// The Levenberg–Marquardt solver as a reverse-communication state machine.
//
// MINPACK `lmder` (Moré 1978) with one inversion: the solver never calls the model. Each call
// of `solverStep` consumes the pass the host just streamed — the residual sum of squares and
// the factor R̃ = [R | Qᵀr] folded from every row (qr/fold.ts) — and says what it needs next:
// another pass at the trial point, or nothing (done). Every pass folds the Jacobian too, so an
// accepted trial point already has its factor: one pass per iteration, not two.
//
// Per outer iteration (Jacobian at x known):
//   pivoted QR of the P×P factor (qrfac) → scaled gradient test (gtol) → rescale diag →
//   inner loop: λ from lmpar for radius Δ → trial x + p → pass → ratio ρ of actual to
//   predicted reduction → update Δ and λ → accept if ρ ≥ 10⁻⁴ → ftol/xtol tests.
//
// Workspace, carved once by solverCreate (P = parameters, n₁ = P + 1), all f64 unless said:
//
//   ┌ Solver struct ┬ x P ┬ trial P ┬ diag P ┬ qtf P ┬ wa1..wa4 P each ┬ ipvt P·i32 ┐
//   ├ r P×P (pivoted factor for lmpar) ┬ rcur n₁×n₁ (R̃ at x) ┬ cov P×P ┘
//
// The factor being accumulated during a pass belongs to the evaluator (evaluate/pass.ts); it
// is handed in to solverStep.

import {
  REQUEST_DONE, REQUEST_PASS, STATUS_RUNNING, STATUS_FTOL, STATUS_XTOL, STATUS_FTOL_XTOL, STATUS_GTOL,
  STATUS_MAX_ITERATIONS, STATUS_FTOL_TOO_SMALL, STATUS_XTOL_TOO_SMALL, STATUS_GTOL_TOO_SMALL,
  STATUS_EXACT_FIT, STATUS_NON_FINITE_START, REGION_SOLVER, REGION_FACTOR, REGION_COVARIANCE,
  RESULT_STATUS, RESULT_ITERATIONS, RESULT_RANK, RESULT_OBJECTIVE, RESULT_CHI2, RESULT_HEADER,
} from '../abi';
import { arenaFree } from '../memory/arena';
import { carve, carving, countBegin, countEnd, CARVE_SCRATCH_BYTES } from '../memory/carve';
import { enorm } from '../linalg/enorm';
import { EPSMCH } from '../linalg/precision';
import { at, el, copyF64 } from '../linalg/triangular';
import { qrfac, qrApplyTranspose } from '../qr/qrfac';
import { lmpar } from './lmpar';
import { covar } from './covariance';

const PHASE_START = 0;
const PHASE_AFTER_START = 1;
const PHASE_AFTER_TRIAL = 2;
const PHASE_AFTER_POLISH = 3;
const PHASE_DONE = 4;

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
  ftol: f64;
  xtol: f64;
  gtol: f64;
  factor: f64;
  rankTol: f64;
  objective: f64; // the objective ‖r̃(x)‖² = Σ c²ρ(zᵢ) as summed by the pass (Σ rᵢ² for the linear loss)
  chi2: f64; // Σ rᵢ² at x
  fnorm: f64; // ‖r(x)‖
  xnorm: f64; // ‖diag·x‖
  radius: f64; // trust-region radius Δ (MINPACK's delta)
  lambda: f64; // Levenberg–Marquardt parameter λ (MINPACK's par)
  pnorm: f64;
  gnorm: f64;
  x: usize;
  trial: usize;
  diag: usize;
  qtf: usize;
  wa1: usize;
  wa2: usize;
  wa3: usize;
  wa4: usize;
  ipvt: usize;
  r: usize;
  rcur: usize;
  result: usize; // the answer block (abi.ts RESULT_*): header, then cosines, then cov
  cov: usize; // inside result
  cosines: usize; // inside result; per parameter: |cos(angle between r and J e_j)| at the last factor
}

// The answer block: RESULT_HEADER scalars, P cosines, the P×P covariance.
function resultBytes(p: i32): usize {
  return <usize>(RESULT_HEADER + p + p * p) * 8;
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
  s.r = carve(REGION_FACTOR, <usize>(p * p) * 8);
  s.rcur = carve(REGION_FACTOR, <usize>((p + 1) * (p + 1)) * 8);
  s.result = carve(REGION_COVARIANCE, resultBytes(p));
  s.cosines = s.result + <usize>RESULT_HEADER * 8;
  s.cov = s.cosines + vec;
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

/** Sets tolerances and limits; the host has written the start into x. */
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
  s.rank = 0;
  s.lambda = 0;
  s.radius = 0;
  s.objective = 0;
  s.chi2 = 0;
  s.fnorm = 0;
  s.xnorm = 0;
  s.pnorm = 0;
  s.gnorm = 0;
}

/**
 * Consumes the pass just streamed (objective = Σ c²ρ, chi2 = Σ rᵢ², racc = R̃ of
 * n₁×n₁, finite = no NaN/∞ seen) and returns the next request. On REQUEST_PASS, `trial` holds
 * the point to evaluate.
 */
export function solverStep(ptr: usize, racc: usize, objective: f64, chi2: f64, finite: bool): i32 {
  const s = changetype<Solver>(ptr);
  const p = s.p;
  const n1 = p + 1;
  if (s.phase == PHASE_START) {
    copyF64(s.trial, s.x, p);
    s.phase = PHASE_AFTER_START;
    return REQUEST_PASS;
  }
  if (s.phase == PHASE_AFTER_START) {
    if (!finite) return finish(s, STATUS_NON_FINITE_START);
    s.objective = objective;
    s.chi2 = chi2;
    s.fnorm = Math.sqrt(objective);
    copyF64(s.rcur, racc, n1 * n1);
    return outerIteration(s);
  }
  if (s.phase == PHASE_AFTER_TRIAL) return afterTrial(s, racc, objective, chi2, finite);
  if (s.phase == PHASE_AFTER_POLISH) return afterPolish(s, racc, objective, chi2, finite);
  return REQUEST_DONE;
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

  s.gnorm = scaledGradient(s);
  if (s.gnorm <= s.gtol) return finish(s, STATUS_GTOL);

  // Rescale: the scaling never decreases (Moré 1978, §6).
  for (let j = 0; j < p; j++) {
    store<f64>(el(s.diag, j), Math.max(load<f64>(el(s.diag, j)), load<f64>(el(s.wa2, j))));
  }
  return innerIteration(s);
}

// The pivoted QR of the streamed factor at x: r ← R of (leading P×P block of R̃)·Π, qtf ← the
// matching Qᵀr, column norms of J → wa2 (‖J e_j‖ = ‖R e_j‖: Q is orthogonal).
function factorAtX(s: Solver): void {
  const p = s.p;
  const n1 = p + 1;
  for (let j = 0; j < p; j++) {
    for (let i = 0; i < p; i++) store<f64>(at(s.r, p, i, j), i <= j ? load<f64>(at(s.rcur, n1, i, j)) : 0);
    store<f64>(el(s.qtf, j), load<f64>(at(s.rcur, n1, j, p)));
  }
  qrfac(p, p, s.r, p, s.ipvt, s.wa1, s.wa2, s.wa3);
  qrApplyTranspose(p, p, s.r, p, s.wa1, s.qtf);
}

// The scaled gradient after factorAtX: max over columns of |cos(angle between r and J e_j)|
// (lmder's gnorm), 0 for a zero residual. Each column's cosine is kept in `cosines`, so the
// host can leave out parameters that end on a bound (pressed against it, their cosine is not 0).
function scaledGradient(s: Solver): f64 {
  const p = s.p;
  let gnorm: f64 = 0;
  for (let j = 0; j < p; j++) {
    const l = load<i32>(s.ipvt + (<usize>j << 2));
    const cn = load<f64>(el(s.wa2, l));
    let cosine: f64 = 0;
    if (cn != 0 && s.fnorm != 0) {
      let sum: f64 = 0;
      for (let i = 0; i <= j; i++) sum += load<f64>(at(s.r, p, i, j)) * (load<f64>(el(s.qtf, i)) / s.fnorm);
      cosine = Math.abs(sum / cn);
    }
    store<f64>(el(s.cosines, l), cosine);
    gnorm = Math.max(gnorm, cosine);
  }
  return gnorm;
}

// lmder L200–L210: the step for the current radius, and a pass at x + p.
function innerIteration(s: Solver): i32 {
  const p = s.p;
  s.lambda = lmpar(p, s.r, p, s.ipvt, s.diag, s.qtf, s.radius, s.lambda, s.wa1, s.wa2, s.wa3, s.wa4);
  for (let j = 0; j < p; j++) {
    const step = -load<f64>(el(s.wa1, j));
    store<f64>(el(s.wa1, j), step);
    store<f64>(el(s.trial, j), load<f64>(el(s.x, j)) + step);
    store<f64>(el(s.wa3, j), load<f64>(el(s.diag, j)) * step);
  }
  s.pnorm = enorm(p, s.wa3);
  if (s.iter == 1) s.radius = Math.min(s.radius, s.pnorm); // first iteration: adjust the bound
  s.steps++;
  s.phase = PHASE_AFTER_TRIAL;
  return REQUEST_PASS;
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

  // Predicted reduction and directional derivative, from the pivoted R and the step.
  for (let j = 0; j < p; j++) {
    store<f64>(el(s.wa3, j), 0);
    const l = load<i32>(s.ipvt + (<usize>j << 2));
    const temp = load<f64>(el(s.wa1, l));
    for (let i = 0; i <= j; i++) store<f64>(el(s.wa3, i), load<f64>(el(s.wa3, i)) + load<f64>(at(s.r, p, i, j)) * temp);
  }
  const temp1 = enorm(p, s.wa3) / s.fnorm;
  const temp2 = (Math.sqrt(s.lambda) * s.pnorm) / s.fnorm;
  const prered = temp1 * temp1 + (temp2 * temp2) / 0.5;
  const dirder = -(temp1 * temp1 + temp2 * temp2);
  const ratio = prered != 0 ? actred / prered : 0;

  // Update the step bound.
  if (ratio <= 0.25) {
    let temp: f64 = actred >= 0 ? 0.5 : (0.5 * dirder) / (dirder + 0.5 * actred);
    if (0.1 * fnorm1 >= s.fnorm || temp < 0.1) temp = 0.1;
    s.radius = temp * Math.min(s.radius, s.pnorm / 0.1);
    s.lambda /= temp;
  } else if (s.lambda == 0 || ratio >= 0.75) {
    s.radius = s.pnorm / 0.5;
    s.lambda *= 0.5;
  }

  // A successful iteration: the trial point, its norm and its folded Jacobian become current.
  const accepted = ratio >= 1e-4;
  if (accepted) {
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

// The ftol and xtol tests look at the last step, so they stop where the cost has stopped
// changing — up to √ftol (in units of the parameters' errors) short of the minimum, at a point
// that depends on rounding (a different chunk size or a rescaled sigma can stop one iteration
// earlier or later). Gauss–Newton steps from the factor at x, with no trust region, close that
// gap: each is taken while it changes the scaled parameters by more than POLISH_STEP relative
// and does not raise the cost, at most MAX_POLISH of them (large-residual problems converge
// linearly, a factor of 10–100 per step).
const POLISH_STEP: f64 = 1e-13;
const MAX_POLISH = 3;

function polish(s: Solver, status: i32): i32 {
  const p = s.p;
  s.converged = status;
  factorAtX(s);
  lmpar(p, s.r, p, s.ipvt, s.diag, s.qtf, Infinity, 0, s.wa1, s.wa2, s.wa3, s.wa4);
  for (let j = 0; j < p; j++) {
    const step = -load<f64>(el(s.wa1, j));
    store<f64>(el(s.trial, j), load<f64>(el(s.x, j)) + step);
    store<f64>(el(s.wa3, j), load<f64>(el(s.diag, j)) * step);
  }
  if (!(enorm(p, s.wa3) > POLISH_STEP * s.xnorm) || s.polished >= MAX_POLISH) return finish(s, status);
  s.polished++;
  s.steps++;
  s.phase = PHASE_AFTER_POLISH;
  return REQUEST_PASS;
}

// Near the minimum the cost is flat to rounding: points 1e-7 of an error bar apart have costs
// equal to ~1e-16, and summing N squares rounds at about that size. A polishing step is
// therefore kept unless it raises the cost by more than POLISH_COST relative.
const POLISH_COST: f64 = 1e-13;

function afterPolish(s: Solver, racc: usize, objective: f64, chi2: f64, finite: bool): i32 {
  if (!(finite && objective <= s.objective * (1 + POLISH_COST))) return finish(s, s.converged);
  const p = s.p;
  const n1 = p + 1;
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

// Stop with `status`. The factor at x is always current: the gradient test that `converged`
// relies on and the covariance both come from it.
function finish(s: Solver, status: i32): i32 {
  s.status = status;
  s.phase = PHASE_DONE;
  if (status == STATUS_NON_FINITE_START) return REQUEST_DONE;
  factorAtX(s);
  s.gnorm = scaledGradient(s);
  covarianceFrom(s, s.rcur);
  return REQUEST_DONE;
}

// cov ← (JᵀJ)⁻¹ from the leading P×P block of a folded factor R̃ (n₁×n₁), with the rank.
function covarianceFrom(s: Solver, factor: usize): void {
  const p = s.p;
  const n1 = p + 1;
  for (let j = 0; j < p; j++) {
    for (let i = 0; i < p; i++) store<f64>(at(s.cov, p, i, j), i <= j ? load<f64>(at(factor, n1, i, j)) : 0);
  }
  qrfac(p, p, s.cov, p, s.ipvt, s.wa1, s.wa2, s.wa3);
  for (let j = 0; j < p; j++) store<f64>(at(s.cov, p, j, j), load<f64>(el(s.wa1, j)));
  s.rank = covar(p, s.cov, p, s.ipvt, s.rankTol, s.wa4);
}

/**
 * Recomputes the covariance from another factor folded at x — with bounds, the pass with
 * columns ∂f/∂θ rather than ∂f/∂u, so that the errors are those of the parameters themselves.
 */
export function solverCovarianceFrom(ptr: usize, factor: usize): void {
  covarianceFrom(changetype<Solver>(ptr), factor);
}

export function solverX(ptr: usize): usize { return changetype<Solver>(ptr).x; }
export function solverTrial(ptr: usize): usize { return changetype<Solver>(ptr).trial; }
export function solverIterations(ptr: usize): i32 { return changetype<Solver>(ptr).steps; }
/** The objective at the best point so far: Σ c²ρ(zᵢ) (Σ rᵢ² for the linear loss), twice the cost. */
export function solverObjective(ptr: usize): f64 { return changetype<Solver>(ptr).objective; }

/** Fills the answer block's header (abi.ts RESULT_*) and returns the block: header, cosines, covariance. */
export function solverResult(ptr: usize): usize {
  const s = changetype<Solver>(ptr);
  const r = s.result;
  store<f64>(r + <usize>RESULT_STATUS * 8, <f64>s.status);
  store<f64>(r + <usize>RESULT_ITERATIONS * 8, <f64>s.steps);
  store<f64>(r + <usize>RESULT_RANK * 8, <f64>s.rank);
  store<f64>(r + <usize>RESULT_OBJECTIVE * 8, s.objective);
  store<f64>(r + <usize>RESULT_CHI2 * 8, s.chi2);
  return r;
}
