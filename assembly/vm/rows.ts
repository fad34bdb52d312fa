// The row loops of the VM: one operation over every row of a block. The switch on the operation
// sits outside the loop, so each loop body is one load-compute-store the optimiser sees whole.
// `bytes` is rows × 8; `out` may alias an operand (registers are reused in place), which is
// safe because row i is read before it is written.
import {
  OP_ABS, OP_ADD, OP_ATAN, OP_COPY, OP_COS, OP_DIV, OP_EXP, OP_LOG, OP_MUL, OP_NEG, OP_POW,
  OP_SIGN, OP_SIN, OP_SQRT, OP_SQUARE, OP_SUB, OP_TAN, OP_TANH,
} from '../abi';
import { power } from './operation';

/** out[i] = operation(a[i]). */
export function unaryRows(operation: i32, out: usize, a: usize, bytes: usize): void {
  switch (operation) {
    case OP_NEG: for (let i: usize = 0; i < bytes; i += 8) store<f64>(out + i, -load<f64>(a + i)); break;
    case OP_EXP: for (let i: usize = 0; i < bytes; i += 8) store<f64>(out + i, Math.exp(load<f64>(a + i))); break;
    case OP_LOG: for (let i: usize = 0; i < bytes; i += 8) store<f64>(out + i, Math.log(load<f64>(a + i))); break;
    case OP_SQRT: for (let i: usize = 0; i < bytes; i += 8) store<f64>(out + i, Math.sqrt(load<f64>(a + i))); break;
    case OP_SIN: for (let i: usize = 0; i < bytes; i += 8) store<f64>(out + i, Math.sin(load<f64>(a + i))); break;
    case OP_COS: for (let i: usize = 0; i < bytes; i += 8) store<f64>(out + i, Math.cos(load<f64>(a + i))); break;
    case OP_TAN: for (let i: usize = 0; i < bytes; i += 8) store<f64>(out + i, Math.tan(load<f64>(a + i))); break;
    case OP_ATAN: for (let i: usize = 0; i < bytes; i += 8) store<f64>(out + i, Math.atan(load<f64>(a + i))); break;
    case OP_TANH: for (let i: usize = 0; i < bytes; i += 8) store<f64>(out + i, Math.tanh(load<f64>(a + i))); break;
    case OP_ABS: for (let i: usize = 0; i < bytes; i += 8) store<f64>(out + i, Math.abs(load<f64>(a + i))); break;
    case OP_SIGN: for (let i: usize = 0; i < bytes; i += 8) store<f64>(out + i, Math.sign(load<f64>(a + i))); break;
    case OP_SQUARE:
      for (let i: usize = 0; i < bytes; i += 8) {
        const x = load<f64>(a + i);
        store<f64>(out + i, x * x);
      }
      break;
    case OP_COPY: memory.copy(out, a, bytes); break;
  }
}

/** out[i] = operation(a[i], b[i]). */
export function binaryRowsVV(operation: i32, out: usize, a: usize, b: usize, bytes: usize): void {
  switch (operation) {
    case OP_ADD: for (let i: usize = 0; i < bytes; i += 8) store<f64>(out + i, load<f64>(a + i) + load<f64>(b + i)); break;
    case OP_SUB: for (let i: usize = 0; i < bytes; i += 8) store<f64>(out + i, load<f64>(a + i) - load<f64>(b + i)); break;
    case OP_MUL: for (let i: usize = 0; i < bytes; i += 8) store<f64>(out + i, load<f64>(a + i) * load<f64>(b + i)); break;
    case OP_DIV: for (let i: usize = 0; i < bytes; i += 8) store<f64>(out + i, load<f64>(a + i) / load<f64>(b + i)); break;
    case OP_POW: for (let i: usize = 0; i < bytes; i += 8) store<f64>(out + i, power(load<f64>(a + i), load<f64>(b + i))); break;
  }
}

/** out[i] = operation(a[i], s). */
export function binaryRowsVS(operation: i32, out: usize, a: usize, s: f64, bytes: usize): void {
  switch (operation) {
    case OP_ADD: for (let i: usize = 0; i < bytes; i += 8) store<f64>(out + i, load<f64>(a + i) + s); break;
    case OP_SUB: for (let i: usize = 0; i < bytes; i += 8) store<f64>(out + i, load<f64>(a + i) - s); break;
    case OP_MUL: for (let i: usize = 0; i < bytes; i += 8) store<f64>(out + i, load<f64>(a + i) * s); break;
    case OP_DIV: for (let i: usize = 0; i < bytes; i += 8) store<f64>(out + i, load<f64>(a + i) / s); break;
    case OP_POW: powerRows(out, a, s, bytes); break;
  }
}

/** out[i] = operation(s, b[i]). */
export function binaryRowsSV(operation: i32, out: usize, s: f64, b: usize, bytes: usize): void {
  switch (operation) {
    case OP_ADD: for (let i: usize = 0; i < bytes; i += 8) store<f64>(out + i, s + load<f64>(b + i)); break;
    case OP_SUB: for (let i: usize = 0; i < bytes; i += 8) store<f64>(out + i, s - load<f64>(b + i)); break;
    case OP_MUL: for (let i: usize = 0; i < bytes; i += 8) store<f64>(out + i, s * load<f64>(b + i)); break;
    case OP_DIV: for (let i: usize = 0; i < bytes; i += 8) store<f64>(out + i, s / load<f64>(b + i)); break;
    case OP_POW: for (let i: usize = 0; i < bytes; i += 8) store<f64>(out + i, power(s, load<f64>(b + i))); break;
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
