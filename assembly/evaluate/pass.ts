// A pass: model → weight → loss → fold, over the rows in the arena window.
//
// The host copies each chunk of the data into the window and calls passChunk; this walks the
// chunk in blocks of `blockRows` and hands each to the block kernel (block.ts, in the kernel
// module: assembly/kernels.ts), which runs the model's bytecode over the block (vm/), builds
// the block of weighted (and, with a robust loss, rescaled — see loss.ts) residuals and Jacobian,
//
//     A = [ wᵢ·∂f(xᵢ;θ)/∂u₀  …  wᵢ·∂f(xᵢ;θ)/∂u_{P−1}  |  r̃ᵢ ],   rᵢ = (f(xᵢ;θ) − yᵢ)/σᵢ,
//
// and folds it into R̃ = [R | Qᵀr̃] (qr/fold.ts). P counts the free parameters. The solver's
// calibration (lm/calibrate.ts) scales the residuals by s and each column by s·dⱼ, powers of
// two that keep the sums in range. Fixed parameters sit in their scalar slots untouched. Nothing here depends on how many
// rows there are in all: memory is the window plus one block.
//
// Workspace, carved once by evaluatorCreate from one carve list, carveEvaluator, which also
// gives its size (V = variables, B = blockRows, C = chunkRows):
//
//   ┌ Evaluator ┬ prologue code ┬ body code ┬ outputs (1+P) i32 ┬ scalars ┬ vector table ┐
//   ├ slots P i32 ┬ column scales P ┬ registers nRegisters×B ┐
//   ├ block A (P+1)×B ┬ row weights B ┬ R̃ (P+1)² ┐
//   ├ window: x columns V×C ┬ y C ┬ sigma C (only with sigma) ┘
//
// The window is the only part that scales with a setting (chunkRows, from the arena budget).

import {
  LOSS_LINEAR, SCAN_OK, SCAN_START, SCAN_CHECK, SCAN_SIGMA, REGION_BYTECODE, REGION_SCALARS, REGION_REGISTERS, REGION_BLOCK, REGION_FACTOR,
  REGION_WINDOW_X, REGION_WINDOW_Y, REGION_WINDOW_SIGMA,
} from '../abi';
import { arenaFree } from '../memory/arena';
import { carve, carving, countBegin, countEnd, CARVE_SCRATCH_BYTES } from '../memory/carve';
import { zeroF64 } from '../linalg/triangular';
import { allFinite, allPositive, foldBlock, foldColumns, vmRun } from '../kernels/imports';
import { Evaluator } from './evaluator';

// The evaluator's carve list (memory/carve.ts): sizes and carving from this one function. The
// blocks' contents are initialised only when really carving.
function carveEvaluator(
  p: i32, nVariables: i32, nScalars: i32, nRegisters: i32, nPrologue: i32, nBody: i32,
  blockRows: i32, chunkRows: i32, hasSigma: i32,
): Evaluator {
  // The struct is written to scratch while counting: it must fit there.
  if (!carving()) assert(offsetof<Evaluator>() <= CARVE_SCRATCH_BYTES, 'carve list: struct larger than the scratch');
  const e = changetype<Evaluator>(carve(REGION_SCALARS, offsetof<Evaluator>()));
  const b = <usize>blockRows;
  const c = <usize>chunkRows;
  const n1 = <usize>(p + 1);
  e.p = p;
  e.nVariables = nVariables;
  e.nRegisters = nRegisters;
  e.nVectors = nVariables + nRegisters;
  e.nScalars = nScalars;
  e.nPrologue = nPrologue;
  e.nBody = nBody;
  e.blockRows = blockRows;
  e.chunkRows = chunkRows;
  e.hasSigma = hasSigma;
  e.loss = LOSS_LINEAR;
  e.fScale = 1;
  e.overflow = 0;
  e.scale = 1;
  e.kernel = 0;
  e.prologue = carve(REGION_BYTECODE, <usize>nPrologue * 16);
  e.body = carve(REGION_BYTECODE, <usize>nBody * 16);
  e.outputs = carve(REGION_BYTECODE, n1 * 4);
  e.scalars = carve(REGION_SCALARS, <usize>nScalars * 8);
  e.vectors = carve(REGION_SCALARS, <usize>e.nVectors * 4);
  e.slots = carve(REGION_SCALARS, <usize>p * 4);
  e.slope = carve(REGION_SCALARS, <usize>p * 8);
  e.registers = carve(REGION_REGISTERS, <usize>nRegisters * b * 8);
  e.block = carve(REGION_BLOCK, n1 * b * 8);
  e.weights = carve(REGION_BLOCK, b * 8);
  e.columns = carve(REGION_BLOCK, n1 * 4);
  e.dots = carve(REGION_BLOCK, n1 * 8);
  e.inPlace = carve(REGION_BLOCK, <usize>p * 4);
  e.racc = carve(REGION_FACTOR, n1 * n1 * 8);
  e.windowX = carve(REGION_WINDOW_X, <usize>nVariables * c * 8);
  e.windowY = carve(REGION_WINDOW_Y, c * 8);
  e.windowSigma = hasSigma ? carve(REGION_WINDOW_SIGMA, c * 8) : 0;
  if (carving()) {
    for (let k = 0; k < nRegisters; k++) {
      store<u32>(e.vectors + (<usize>(nVariables + k) << 2), <u32>(e.registers + <usize>k * b * 8));
    }
    for (let j = 0; j < p; j++) {
      store<i32>(e.slots + (<usize>j << 2), j);
    }
  }
  return e;
}

/** Bytes evaluatorCreate carves for these sizes. */
export function evaluatorBytes(
  p: i32, nVariables: i32, nScalars: i32, nRegisters: i32, nPrologue: i32, nBody: i32,
  blockRows: i32, chunkRows: i32, hasSigma: i32,
): usize {
  countBegin();
  carveEvaluator(p, nVariables, nScalars, nRegisters, nPrologue, nBody, blockRows, chunkRows, hasSigma);
  return countEnd();
}

/**
 * Carves an evaluator; 0 when it does not fit. The host then writes the code, the outputs
 * (value, then ∂f/∂θ of each free parameter), the constants and fixed values in `scalars`, and
 * for each free parameter its scalar slot (evaluatorParameter).
 */
export function evaluatorCreate(
  p: i32, nVariables: i32, nScalars: i32, nRegisters: i32, nPrologue: i32, nBody: i32,
  blockRows: i32, chunkRows: i32, hasSigma: i32,
): usize {
  if (evaluatorBytes(p, nVariables, nScalars, nRegisters, nPrologue, nBody, blockRows, chunkRows, hasSigma) > arenaFree()) return 0;
  return changetype<usize>(carveEvaluator(p, nVariables, nScalars, nRegisters, nPrologue, nBody, blockRows, chunkRows, hasSigma));
}

/** Free parameter j lives in scalar slot `slot`. */
export function evaluatorParameter(ptr: usize, j: i32, slot: i32): void {
  const e = changetype<Evaluator>(ptr);
  store<i32>(e.slots + (<usize>j << 2), slot);
}

/**
 * The model's compiled kernel (src/wasm/model-kernel/): its index in the function table the
 * kernel module imports (its `block` there, its `values` in the next slot), or 0 to run the
 * bytecode in the VM. The block kernel calls `block` for the linear loss and `values` for the
 * robust ones; the VM keeps the search for a non-finite row.
 */
export function evaluatorKernel(ptr: usize, index: i32): void {
  changetype<Evaluator>(ptr).kernel = index;
}

/** The robust loss (abi.ts LOSS_*) and its scale c > 0. */
export function evaluatorLoss(ptr: usize, loss: i32, fScale: f64): void {
  const e = changetype<Evaluator>(ptr);
  e.loss = loss;
  e.fScale = fScale;
}

/**
 * Starts a pass at the solver's pass point (lm/solver.ts solverPoint: θ P, column scales P,
 * residual scale): θ into the scalar slots, clears R̃ and the sums, runs the prologue.
 */
export function passBegin(ptr: usize, point: usize): void {
  const e = changetype<Evaluator>(ptr);
  const n1 = e.p + 1;
  for (let j = 0; j < e.p; j++) {
    const o = <usize>j << 3;
    const slot = <usize>load<i32>(e.slots + (<usize>j << 2));
    store<f64>(e.scalars + (slot << 3), load<f64>(point + o));
    store<f64>(e.slope + o, load<f64>(point + (<usize>(e.p + j) << 3)));
  }
  e.scale = load<f64>(point + (<usize>(2 * e.p) << 3));
  // A derivative register used by one output only can be scaled and folded where it is (the
  // fold destroys it; the next block recomputes it). Variables, scalars and shared registers are
  // copied into the block.
  for (let j = 0; j < e.p; j++) {
    const out = load<i32>(e.outputs + (<usize>(j + 1) << 2));
    let unique = out >= e.nVariables;
    for (let k = 0; k < e.p && unique; k++) {
      if (k != j && load<i32>(e.outputs + (<usize>(k + 1) << 2)) == out) unique = false;
    }
    store<i32>(e.inPlace + (<usize>j << 2), unique ? 1 : 0);
  }
  zeroF64(e.racc, n1 * n1);
  e.objective = 0;
  e.chi2 = 0;
  e.rows = 0;
  e.finite = 1;
  e.overflow = 0;
  e.badRow = -1;
  vmRun(e.prologue, e.nPrologue, e.scalars, e.vectors, 0);
}

/**
 * Folds the first `rows` rows of the window. Returns 1, or 0 once the pass has met a
 * non-finite value (the host may then end the pass early: its result is a rejected step).
 */
export function passChunk(ptr: usize, rows: i32): i32 {
  const e = changetype<Evaluator>(ptr);
  for (let start = 0; start < rows && e.finite; start += e.blockRows) {
    foldBlock(changetype<usize>(e), start, min(e.blockRows, rows - start));
  }
  return e.finite;
}

/**
 * Checks the first `rows` rows of the window: the first `xColumns` x columns, y and sigma
 * finite, every sigma > 0. Returns SCAN_OK (−1) when all are good; otherwise the column
 * (0..V−1: x columns, V: y, V+1: sigma not finite, V+2: sigma ≤ 0) and sets scanRow to the row
 * within the chunk. `mode` (abi.ts SCAN_*): the first pass scans every chunk before it is folded
 * — SCAN_START starts the weighted statistics of y for R² at this chunk, SCAN_CONTINUE adds to
 * them. A later pass (a source may turn bad on any pass) checks sigma before folding
 * (SCAN_SIGMA: a sigma ≤ 0 keeps the fold finite) and, only when the fold met a non-finite
 * value, the whole chunk (SCAN_CHECK): bad data are an error naming the row, a model not finite
 * there a rejected step. So a good later pass pays for no scan at all.
 */
export function scanChunk(ptr: usize, rows: i32, mode: i32, xColumns: i32): i32 {
  const e = changetype<Evaluator>(ptr);
  const c = <usize>e.chunkRows;
  const v = e.nVariables;
  if (mode == SCAN_SIGMA) return scanSigma(e, rows);
  // The fast branch-free checks first; the exact loop below only to name the row.
  if (mode == SCAN_CHECK && allGood(e, rows, xColumns)) return SCAN_OK;
  for (let k = 0; k < xColumns; k++) {
    const col = e.windowX + <usize>k * c * 8;
    for (let i = 0; i < rows; i++) {
      if (!isFinite(load<f64>(col + (<usize>i << 3)))) return flag(e, k, i);
    }
  }
  if (mode == SCAN_START) {
    e.shift = rows > 0 ? load<f64>(e.windowY) : 0;
    e.sw = 0;
    e.swy = 0;
    e.swyy = 0;
  }
  let sw = e.sw, swy = e.swy, swyy = e.swyy;
  const k = e.shift;
  for (let i = 0; i < rows; i++) {
    const at = <usize>i << 3;
    const y = load<f64>(e.windowY + at);
    if (!isFinite(y)) return flag(e, v, i);
    let w: f64 = 1;
    if (e.hasSigma) {
      const s = load<f64>(e.windowSigma + at);
      if (!isFinite(s)) return flag(e, v + 1, i);
      if (!(s > 0)) return flag(e, v + 2, i);
      w = 1 / (s * s);
    }
    const d = y - k;
    sw += w;
    swy += w * d;
    swyy += w * d * d;
  }
  if (mode != SCAN_CHECK) {
    e.sw = sw;
    e.swy = swy;
    e.swyy = swyy;
  }
  return SCAN_OK;
}

// Sigma alone: finite and > 0 (the fast check, then the exact loop to name the row).
function scanSigma(e: Evaluator, rows: i32): i32 {
  if (!e.hasSigma || allPositive(e.windowSigma, rows)) return SCAN_OK;
  const v = e.nVariables;
  for (let i = 0; i < rows; i++) {
    const s = load<f64>(e.windowSigma + (<usize>i << 3));
    if (!isFinite(s)) return flag(e, v + 1, i);
    if (!(s > 0)) return flag(e, v + 2, i);
  }
  return SCAN_OK;
}

// Every x column, y and sigma of the first `rows` rows finite, and sigma > 0.
function allGood(e: Evaluator, rows: i32, xColumns: i32): bool {
  const c = <usize>e.chunkRows;
  for (let k = 0; k < xColumns; k++) {
    if (!allFinite(e.windowX + <usize>k * c * 8, rows)) return false;
  }
  if (!allFinite(e.windowY, rows)) return false;
  return !e.hasSigma || allPositive(e.windowSigma, rows) != 0;
}

function flag(e: Evaluator, column: i32, row: i32): i32 {
  e.scanRow = <f64>row;
  e.scanColumn = column;
  return column;
}

/**
 * Folds another factor R̃ (n₁×n₁ column-major at src; destroyed) into this pass's: the partial
 * factors that several workers folded from their shares of the rows merge into one, as the QR
 * of the stacked factors (TSQR's reduction step).
 */
export function passMergeFactor(ptr: usize, src: usize): void {
  const e = changetype<Evaluator>(ptr);
  const n1 = e.p + 1;
  for (let j = 0; j < n1; j++) store<u32>(e.columns + (<usize>j << 2), <u32>(src + <usize>(j * n1) * 8));
  foldColumns(e.racc, n1, e.columns, n1, e.dots);
}

/** Writes the statistics of y (shift, Σw, Σw(y−shift), Σw(y−shift)²) to out (4 f64). */
export function evaluatorStatistics(ptr: usize, out: usize): void {
  const e = changetype<Evaluator>(ptr);
  store<f64>(out, e.shift);
  store<f64>(out + 8, e.sw);
  store<f64>(out + 16, e.swy);
  store<f64>(out + 24, e.swyy);
}

/** Sets the statistics of y, merged from several workers' shares of the rows. */
export function evaluatorSetStatistics(ptr: usize, shift: f64, sw: f64, swy: f64, swyy: f64): void {
  const e = changetype<Evaluator>(ptr);
  e.shift = shift;
  e.sw = sw;
  e.swy = swy;
  e.swyy = swyy;
}

export function evaluatorScalars(ptr: usize): usize { return changetype<Evaluator>(ptr).scalars; }
export function evaluatorPrologue(ptr: usize): usize { return changetype<Evaluator>(ptr).prologue; }
export function evaluatorBody(ptr: usize): usize { return changetype<Evaluator>(ptr).body; }
export function evaluatorOutputs(ptr: usize): usize { return changetype<Evaluator>(ptr).outputs; }
export function evaluatorWindowX(ptr: usize): usize { return changetype<Evaluator>(ptr).windowX; }
export function evaluatorWindowY(ptr: usize): usize { return changetype<Evaluator>(ptr).windowY; }
export function evaluatorWindowSigma(ptr: usize): usize { return changetype<Evaluator>(ptr).windowSigma; }
export function evaluatorFactor(ptr: usize): usize { return changetype<Evaluator>(ptr).racc; }
export function evaluatorObjective(ptr: usize): f64 { return changetype<Evaluator>(ptr).objective; }
export function evaluatorChi2(ptr: usize): f64 { return changetype<Evaluator>(ptr).chi2; }
export function evaluatorFinite(ptr: usize): i32 { return changetype<Evaluator>(ptr).finite; }
export function evaluatorOverflow(ptr: usize): i32 { return changetype<Evaluator>(ptr).overflow; }
export function evaluatorBadRow(ptr: usize): f64 { return changetype<Evaluator>(ptr).badRow; }
export function evaluatorScanRow(ptr: usize): f64 { return changetype<Evaluator>(ptr).scanRow; }
/** Σw·y², the weighted size of the data (0 when none). */
export function evaluatorSumOfSquares(ptr: usize): f64 {
  const e = changetype<Evaluator>(ptr);
  return Math.max(0, e.swyy + 2 * e.shift * e.swy + e.shift * e.shift * e.sw);
}

/** Σw·(y − ȳ_w)², the weighted total sum of squares of y, for R². */
export function evaluatorTotalSumOfSquares(ptr: usize): f64 {
  const e = changetype<Evaluator>(ptr);
  return e.sw > 0 ? e.swyy - (e.swy * e.swy) / e.sw : 0;
}
