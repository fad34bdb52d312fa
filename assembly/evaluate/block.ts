// The block kernel: one block of rows through the model, the weights and the loss into A, and A
// folded into R̃ (see pass.ts for the whole pass, and the layout of the evaluator's workspace).
// It lives in the kernel module (assembly/kernels.ts), with the VM and the fold it calls: the
// hot loops, built scalar, f64x2 SIMD and relaxed SIMD under one core. Where the model has its
// own compiled kernel (src/wasm/model-kernel/), that does the VM's part, or all of it.

import { LOSS_LINEAR } from '../abi';
import { madd } from '../linalg/madd';
import { foldColumns } from '../qr/fold';
import { vmRun } from '../vm/run';
import { Evaluator } from './evaluator';
import { robustRow, rowScale, residualScale } from './loss';

// Row i's residual rᵢ = (fᵢ − yᵢ)·(s/σᵢ) stored, and with sigma its weight 1/σᵢ; returns rᵢ².
// s/σᵢ first: (fᵢ − yᵢ)/σᵢ may overflow where the scaled residual does not (s is a power of
// two, so the order changes no bit otherwise).
@inline function residualRow(valueVector: usize, valueScalar: f64, y: usize, sigma: usize, residual: usize, weights: usize, i: i32, scale: f64): f64 {
  const at = <usize>i << 3;
  let r = (valueVector ? load<f64>(valueVector + at) : valueScalar) - load<f64>(y + at);
  if (sigma) {
    const w = 1 / load<f64>(sigma + at);
    r *= scale != 1 ? w * scale : w;
    store<f64>(weights + at, w);
  } else if (scale != 1) {
    r *= scale;
  }
  store<f64>(residual + at, r);
  return r * r;
}

/** One block of m rows from row `start` of the window: point the variable slots at the window, run the model, build A, fold it. */
export function foldBlock(ptr: usize, start: i32, m: i32): void {
  const e = changetype<Evaluator>(ptr);
  const c = <usize>e.chunkRows;
  const offset = <usize>start << 3;
  for (let k = 0; k < e.nVariables; k++) {
    store<u32>(e.vectors + (<usize>k << 2), <u32>(e.windowX + <usize>k * c * 8 + offset));
  }
  if (e.kernel != 0 && e.loss == LOSS_LINEAR) {
    compiledBlock(e, start, m);
    return;
  }
  // The model's values and derivatives into their registers: the compiled kernel's `values`
  // (the slot after its `block`), or the VM.
  if (e.kernel != 0) call_indirect<f64>(<u32>(e.kernel + 1), e.vectors, e.scalars, m, 0, 0, 0, 0, 0, 0.0);
  else vmRun(e.body, e.nBody, e.scalars, e.vectors, m);

  const p = e.p;
  const b = <usize>e.blockRows;
  const y = e.windowY + offset;
  const sigma = e.hasSigma ? e.windowSigma + offset : 0;
  const residual = e.block + <usize>p * b * 8;
  const weights = e.weights;
  const robust = e.loss != LOSS_LINEAR;
  // Whether rows need individual weights for the Jacobian: 1/σᵢ, times the loss's sᵢ.
  const weighted = sigma != 0 || robust;

  // Residuals rᵢ = s·(fᵢ − yᵢ)/σᵢ (s: the solver's calibration, 1 for data of ordinary size);
  // the objective and χ²; with a robust loss, r̃ᵢ and sᵢ (its scale c becomes s·c).
  const scale = e.scale;
  const value = load<i32>(e.outputs);
  const valueVector: usize = value >= 0 ? <usize>load<u32>(e.vectors + (<usize>value << 2)) : 0;
  const valueScalar: f64 = value < 0 ? load<f64>(e.scalars + (<usize>(-1 - value) << 3)) : 0;
  let blockChi2: f64 = 0;
  let blockObjective: f64 = 0;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    if (!robust) {
      // Two rows per step (the robust losses stay scalar); χ² in two lanes, added at the end.
      let chi2 = f64x2.splat(0);
      const fs = f64x2.splat(valueScalar);
      const ss = f64x2.splat(scale);
      for (; i + 2 <= m; i += 2) {
        const at = <usize>i << 3;
        const f = value >= 0 ? v128.load(valueVector + at) : fs;
        let r = f64x2.sub(f, v128.load(y + at));
        if (sigma) {
          const w = f64x2.div(f64x2.splat(1), v128.load(sigma + at));
          r = f64x2.mul(r, scale != 1 ? f64x2.mul(w, ss) : w);
          v128.store(weights + at, w);
        } else if (scale != 1) {
          r = f64x2.mul(r, ss);
        }
        chi2 = madd(r, r, chi2);
        v128.store(residual + at, r);
      }
      blockChi2 = f64x2.extract_lane(chi2, 0) + f64x2.extract_lane(chi2, 1);
    }
  } else if (!robust) {
    // Rows in pairs, χ² in two sums (even rows, odd rows): the order the SIMD build adds them in.
    let even: f64 = 0, odd: f64 = 0;
    for (; i + 2 <= m; i += 2) {
      even += residualRow(valueVector, valueScalar, y, sigma, residual, weights, i, scale);
      odd += residualRow(valueVector, valueScalar, y, sigma, residual, weights, i + 1, scale);
    }
    blockChi2 = even + odd;
  }
  for (; i < m; i++) {
    const r2 = residualRow(valueVector, valueScalar, y, sigma, residual, weights, i, scale);
    if (robust) {
      // χ² in the data's own units, row by row: with a robust loss the scaled rᵢ² may overflow
      // where the objective does not (a tiny fScale). r̃ᵢ = rᵢ·ρ′/s and the row's weight (1/σᵢ)·s (loss.ts).
      const at = <usize>i << 3;
      const r = load<f64>(residual + at);
      const u = r / scale;
      blockChi2 += u * u;
      blockObjective += robustRow(e.loss, r, e.fScale * scale);
      store<f64>(residual + at, r * residualScale);
      store<f64>(weights + at, (sigma ? load<f64>(weights + at) : 1) * rowScale);
    } else {
      blockChi2 += r2;
    }
  }
  // The linear loss: the objective is s²·χ²; χ² itself is kept in the data's units.
  if (!robust) {
    blockObjective = blockChi2;
    blockChi2 = (blockChi2 / scale) / scale;
  }

  // Jacobian columns wᵢ·∂f/∂θⱼ·s·dⱼ (s·dⱼ = 1 for data of ordinary size): in place in their
  // registers where possible, else in the block; a derivative that does not vary by row is broadcast.
  for (let j = 0; j < p; j++) {
    const out = load<i32>(e.outputs + (<usize>(j + 1) << 2));
    const slope = load<f64>(e.slope + (<usize>j << 3));
    let column = e.block + <usize>j * b * 8;
    if (out < 0) {
      const s = load<f64>(e.scalars + (<usize>(-1 - out) << 3)) * slope;
      let i = 0;
      if (ASC_FEATURE_SIMD) {
        const sv = f64x2.splat(s);
        for (; i + 2 <= m; i += 2) {
          const at = <usize>i << 3;
          v128.store(column + at, weighted ? f64x2.mul(sv, v128.load(weights + at)) : sv);
        }
      }
      for (; i < m; i++) {
        const at = <usize>i << 3;
        store<f64>(column + at, weighted ? s * load<f64>(weights + at) : s);
      }
    } else {
      const src = <usize>load<u32>(e.vectors + (<usize>out << 2));
      if (load<i32>(e.inPlace + (<usize>j << 2))) column = src;
      let i = 0;
      if (ASC_FEATURE_SIMD) {
        const sv = f64x2.splat(slope);
        if (weighted) {
          for (; i + 2 <= m; i += 2) {
            const at = <usize>i << 3;
            v128.store(column + at, f64x2.mul(v128.load(src + at), f64x2.mul(v128.load(weights + at), sv)));
          }
        } else if (slope != 1 || column != src) {
          for (; i + 2 <= m; i += 2) {
            const at = <usize>i << 3;
            v128.store(column + at, f64x2.mul(v128.load(src + at), sv));
          }
        }
      }
      if (weighted) {
        for (; i < m; i++) {
          const at = <usize>i << 3;
          store<f64>(column + at, load<f64>(src + at) * (load<f64>(weights + at) * slope));
        }
      } else if (slope != 1 || column != src) {
        for (; i < m; i++) {
          const at = <usize>i << 3;
          store<f64>(column + at, load<f64>(src + at) * slope);
        }
      }
    }
    store<u32>(e.columns + (<usize>j << 2), <u32>column);
  }
  store<u32>(e.columns + (<usize>p << 2), <u32>residual);
  foldRows(e, start, m, blockObjective, blockChi2);
}

// The model's compiled kernel (src/wasm/model-kernel/emit.ts), called through the shared
// function table: one loop over the block computes each row's value and derivatives, the
// weighted residual and Jacobian row, and writes them into A's columns — what the VM's row
// loops and the loops above do in 3 + 2P sweeps, with the same operations in the same order,
// so the same bits. It returns Σ rᵢ² in the order the loops above add it.
function compiledBlock(e: Evaluator, start: i32, m: i32): void {
  const p = e.p;
  const stride = <usize>e.blockRows << 3;
  const offset = <usize>start << 3;
  const sigma = e.hasSigma ? e.windowSigma + offset : 0;
  const objective = call_indirect<f64>(<u32>e.kernel, e.vectors, e.scalars, m, e.block, stride, e.windowY + offset, sigma, e.slope, e.scale);
  for (let j = 0; j <= p; j++) store<u32>(e.columns + (<usize>j << 2), <u32>(e.block + <usize>j * stride));
  foldRows(e, start, m, objective, (objective / e.scale) / e.scale);
}

// A, built, folded into R̃ — unless a value in it is not finite.
function foldRows(e: Evaluator, start: i32, m: i32, blockObjective: f64, blockChi2: f64): void {
  const p = e.p;
  if (!isFinite(blockObjective)) {
    markNonFinite(e, start, m);
    return;
  }
  foldColumns(e.racc, p + 1, e.columns, m, e.dots);
  // A NaN or ±∞ anywhere in A reaches the diagonal of R̃ through the fold's sums.
  let probe: f64 = 0;
  for (let k = 0; k <= p; k++) probe += load<f64>(e.racc + (<usize>(k + k * (p + 1)) << 3)) * 0;
  if (probe != 0) {
    markNonFinite(e, start, m);
    return;
  }
  e.objective += blockObjective;
  e.chi2 += blockChi2;
  e.rows += <f64>m;
}

// The rare path: find the first row of the block whose value or derivatives are not finite —
// by running the model on the block again, since the fold destroyed what it folded. When there
// is none, the model was finite and the sums overflowed: a matter of scale (lm/calibrate.ts).
function markNonFinite(e: Evaluator, start: i32, m: i32): void {
  e.finite = 0;
  vmRun(e.body, e.nBody, e.scalars, e.vectors, m);
  const y = e.windowY + (<usize>start << 3);
  for (let i = 0; i < m; i++) {
    const at = <usize>i << 3;
    let probe: f64 = load<f64>(y + at) * 0;
    for (let j = 0; j <= e.p; j++) {
      const out = load<i32>(e.outputs + (<usize>j << 2));
      const v = out >= 0 ? load<f64>(<usize>load<u32>(e.vectors + (<usize>out << 2)) + at) : load<f64>(e.scalars + (<usize>(-1 - out) << 3));
      probe += v * 0;
    }
    if (probe != 0) {
      e.badRow = e.rows + <f64>i;
      return;
    }
  }
  e.badRow = e.rows;
  e.overflow = 1;
}

