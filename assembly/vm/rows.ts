// The row loops of the VM: one operation over every row of a block. The switch on the operation
// sits outside the loop, so each loop body is one load-compute-store the optimiser sees whole.
// `bytes` is rows × 8; `out` may alias an operand (registers are reused in place), which is
// safe because rows are read before they are written, at the same position.
//
// In the SIMD build (ASC_FEATURE_SIMD) the operations f64x2 has — add, sub, mul, div, neg, abs,
// sqrt, square, and exp (vm/exp.ts) — take two rows per step, and the scalar loop after finishes
// an odd row. f64x2 arithmetic is IEEE arithmetic lane by lane, so each row gets the same bits
// either way. The rest (log, pow, the trigonometric functions, sign, the error functions and the
// Faddeeva function) run scalar in both builds.
import {
  OP_ABS, OP_ADD, OP_ATAN, OP_COPY, OP_COS, OP_DIV, OP_ERF, OP_ERFC, OP_ERFCX, OP_EXP, OP_LOG, OP_LOGERFC,
  OP_MUL, OP_NEG, OP_POW, OP_SIGN, OP_SIN, OP_SQRT, OP_SQUARE, OP_SUB, OP_TAN, OP_TANH,
} from '../abi';
import { erf, erfc, erfcx, logerfc } from './erf';
import { exp, expLanes, expLanesHold } from './exp';
import { apply, power } from './operation';

const LANES: usize = 16; // bytes per f64x2 step

/** out[i] = operation(a[i]). */
export function unaryRows(operation: i32, out: usize, a: usize, bytes: usize): void {
  let i: usize = 0;
  switch (operation) {
    case OP_NEG:
      if (ASC_FEATURE_SIMD) for (; i + LANES <= bytes; i += LANES) v128.store(out + i, f64x2.neg(v128.load(a + i)));
      for (; i < bytes; i += 8) store<f64>(out + i, -load<f64>(a + i));
      break;
    case OP_EXP:
      if (ASC_FEATURE_SIMD) {
        if (expLanesHold(a, bytes)) {
          // Four rows a step: two independent chains of the polynomial keep the pipelines busier
          // (a quarter faster here than one f64x2 a step). Up to 3 rows are left to the scalar loop.
          for (; i + 2 * LANES <= bytes; i += 2 * LANES) {
            const x0 = v128.load(a + i), x1 = v128.load(a + i + LANES);
            v128.store(out + i, expLanes(x0));
            v128.store(out + i + LANES, expLanes(x1));
          }
        }
      }
      for (; i < bytes; i += 8) store<f64>(out + i, exp(load<f64>(a + i)));
      break;
    case OP_SQRT:
      if (ASC_FEATURE_SIMD) for (; i + LANES <= bytes; i += LANES) v128.store(out + i, f64x2.sqrt(v128.load(a + i)));
      for (; i < bytes; i += 8) store<f64>(out + i, Math.sqrt(load<f64>(a + i)));
      break;
    case OP_ABS:
      if (ASC_FEATURE_SIMD) for (; i + LANES <= bytes; i += LANES) v128.store(out + i, f64x2.abs(v128.load(a + i)));
      for (; i < bytes; i += 8) store<f64>(out + i, Math.abs(load<f64>(a + i)));
      break;
    case OP_SQUARE:
      if (ASC_FEATURE_SIMD) {
        for (; i + LANES <= bytes; i += LANES) {
          const x = v128.load(a + i);
          v128.store(out + i, f64x2.mul(x, x));
        }
      }
      for (; i < bytes; i += 8) {
        const x = load<f64>(a + i);
        store<f64>(out + i, x * x);
      }
      break;
    case OP_LOG: for (; i < bytes; i += 8) store<f64>(out + i, Math.log(load<f64>(a + i))); break;
    case OP_SIN: for (; i < bytes; i += 8) store<f64>(out + i, Math.sin(load<f64>(a + i))); break;
    case OP_COS: for (; i < bytes; i += 8) store<f64>(out + i, Math.cos(load<f64>(a + i))); break;
    case OP_TAN: for (; i < bytes; i += 8) store<f64>(out + i, Math.tan(load<f64>(a + i))); break;
    case OP_ATAN: for (; i < bytes; i += 8) store<f64>(out + i, Math.atan(load<f64>(a + i))); break;
    case OP_TANH: for (; i < bytes; i += 8) store<f64>(out + i, Math.tanh(load<f64>(a + i))); break;
    case OP_SIGN: for (; i < bytes; i += 8) store<f64>(out + i, Math.sign(load<f64>(a + i))); break;
    case OP_COPY: memory.copy(out, a, bytes); break;
    case OP_ERF: for (; i < bytes; i += 8) store<f64>(out + i, erf(load<f64>(a + i))); break;
    case OP_ERFC: for (; i < bytes; i += 8) store<f64>(out + i, erfc(load<f64>(a + i))); break;
    case OP_ERFCX: for (; i < bytes; i += 8) store<f64>(out + i, erfcx(load<f64>(a + i))); break;
    case OP_LOGERFC: for (; i < bytes; i += 8) store<f64>(out + i, logerfc(load<f64>(a + i))); break;
  }
}

/** out[i] = operation(a[i], b[i]). */
export function binaryRowsVV(operation: i32, out: usize, a: usize, b: usize, bytes: usize): void {
  let i: usize = 0;
  switch (operation) {
    case OP_ADD:
      if (ASC_FEATURE_SIMD) for (; i + LANES <= bytes; i += LANES) v128.store(out + i, f64x2.add(v128.load(a + i), v128.load(b + i)));
      for (; i < bytes; i += 8) store<f64>(out + i, load<f64>(a + i) + load<f64>(b + i));
      break;
    case OP_SUB:
      if (ASC_FEATURE_SIMD) for (; i + LANES <= bytes; i += LANES) v128.store(out + i, f64x2.sub(v128.load(a + i), v128.load(b + i)));
      for (; i < bytes; i += 8) store<f64>(out + i, load<f64>(a + i) - load<f64>(b + i));
      break;
    case OP_MUL:
      if (ASC_FEATURE_SIMD) for (; i + LANES <= bytes; i += LANES) v128.store(out + i, f64x2.mul(v128.load(a + i), v128.load(b + i)));
      for (; i < bytes; i += 8) store<f64>(out + i, load<f64>(a + i) * load<f64>(b + i));
      break;
    case OP_DIV:
      if (ASC_FEATURE_SIMD) for (; i + LANES <= bytes; i += LANES) v128.store(out + i, f64x2.div(v128.load(a + i), v128.load(b + i)));
      for (; i < bytes; i += 8) store<f64>(out + i, load<f64>(a + i) / load<f64>(b + i));
      break;
    case OP_POW: for (; i < bytes; i += 8) store<f64>(out + i, power(load<f64>(a + i), load<f64>(b + i))); break;
    default: for (; i < bytes; i += 8) store<f64>(out + i, apply(operation, load<f64>(a + i), load<f64>(b + i))); // Faddeeva
  }
}

/** out[i] = operation(a[i], s). */
export function binaryRowsVS(operation: i32, out: usize, a: usize, s: f64, bytes: usize): void {
  let i: usize = 0;
  switch (operation) {
    case OP_ADD:
      if (ASC_FEATURE_SIMD) {
        const sv = f64x2.splat(s);
        for (; i + LANES <= bytes; i += LANES) v128.store(out + i, f64x2.add(v128.load(a + i), sv));
      }
      for (; i < bytes; i += 8) store<f64>(out + i, load<f64>(a + i) + s);
      break;
    case OP_SUB:
      if (ASC_FEATURE_SIMD) {
        const sv = f64x2.splat(s);
        for (; i + LANES <= bytes; i += LANES) v128.store(out + i, f64x2.sub(v128.load(a + i), sv));
      }
      for (; i < bytes; i += 8) store<f64>(out + i, load<f64>(a + i) - s);
      break;
    case OP_MUL:
      if (ASC_FEATURE_SIMD) {
        const sv = f64x2.splat(s);
        for (; i + LANES <= bytes; i += LANES) v128.store(out + i, f64x2.mul(v128.load(a + i), sv));
      }
      for (; i < bytes; i += 8) store<f64>(out + i, load<f64>(a + i) * s);
      break;
    case OP_DIV:
      if (ASC_FEATURE_SIMD) {
        const sv = f64x2.splat(s);
        for (; i + LANES <= bytes; i += LANES) v128.store(out + i, f64x2.div(v128.load(a + i), sv));
      }
      for (; i < bytes; i += 8) store<f64>(out + i, load<f64>(a + i) / s);
      break;
    case OP_POW: powerRows(out, a, s, bytes); break;
    default: for (; i < bytes; i += 8) store<f64>(out + i, apply(operation, load<f64>(a + i), s)); // Faddeeva
  }
}

/** out[i] = operation(s, b[i]). */
export function binaryRowsSV(operation: i32, out: usize, s: f64, b: usize, bytes: usize): void {
  let i: usize = 0;
  switch (operation) {
    case OP_ADD:
      if (ASC_FEATURE_SIMD) {
        const sv = f64x2.splat(s);
        for (; i + LANES <= bytes; i += LANES) v128.store(out + i, f64x2.add(sv, v128.load(b + i)));
      }
      for (; i < bytes; i += 8) store<f64>(out + i, s + load<f64>(b + i));
      break;
    case OP_SUB:
      if (ASC_FEATURE_SIMD) {
        const sv = f64x2.splat(s);
        for (; i + LANES <= bytes; i += LANES) v128.store(out + i, f64x2.sub(sv, v128.load(b + i)));
      }
      for (; i < bytes; i += 8) store<f64>(out + i, s - load<f64>(b + i));
      break;
    case OP_MUL:
      if (ASC_FEATURE_SIMD) {
        const sv = f64x2.splat(s);
        for (; i + LANES <= bytes; i += LANES) v128.store(out + i, f64x2.mul(sv, v128.load(b + i)));
      }
      for (; i < bytes; i += 8) store<f64>(out + i, s * load<f64>(b + i));
      break;
    case OP_DIV:
      if (ASC_FEATURE_SIMD) {
        const sv = f64x2.splat(s);
        for (; i + LANES <= bytes; i += LANES) v128.store(out + i, f64x2.div(sv, v128.load(b + i)));
      }
      for (; i < bytes; i += 8) store<f64>(out + i, s / load<f64>(b + i));
      break;
    case OP_POW: for (; i < bytes; i += 8) store<f64>(out + i, power(s, load<f64>(b + i))); break;
    default: for (; i < bytes; i += 8) store<f64>(out + i, apply(operation, s, load<f64>(b + i))); // Faddeeva
  }
}

// out[i] = a[i]^s, with `power`'s shortcuts chosen once for the block instead of once per row.
function powerRows(out: usize, a: usize, s: f64, bytes: usize): void {
  if (s == 2) {
    unaryRows(OP_SQUARE, out, a, bytes);
  } else if (s == 3) {
    for (let i: usize = 0; i < bytes; i += 8) {
      const x = load<f64>(a + i);
      store<f64>(out + i, x * x * x);
    }
  } else if (s == -1) {
    for (let i: usize = 0; i < bytes; i += 8) store<f64>(out + i, 1 / load<f64>(a + i));
  } else if (s == -2) {
    for (let i: usize = 0; i < bytes; i += 8) {
      const x = load<f64>(a + i);
      store<f64>(out + i, 1 / (x * x));
    }
  } else {
    for (let i: usize = 0; i < bytes; i += 8) store<f64>(out + i, Math.pow(load<f64>(a + i), s));
  }
}
