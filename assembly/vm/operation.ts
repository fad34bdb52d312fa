// What each bytecode operation computes on one pair of f64 values: the AssemblyScript twin of
// src/models/expression/operations.ts, which the compiler's constant folder and the reference
// evaluator use. Keep the two in step.
import {
  OP_ABS, OP_ADD, OP_ATAN, OP_COPY, OP_COS, OP_DIV, OP_ERF, OP_ERFC, OP_ERFCX, OP_EXP, OP_FADDEEVA_IM,
  OP_FADDEEVA_RE, OP_LOG, OP_LOGERFC, OP_MUL, OP_NEG, OP_POW, OP_SIGN, OP_SIN, OP_SQRT, OP_SQUARE, OP_SUB,
  OP_TAN, OP_TANH,
} from '../abi';
import { erf, erfc, erfcx, logerfc } from './erf';
import { exp } from './exp';
import { faddeevaIm, faddeevaRe } from './faddeeva';

/** True for the operations that read both operands (the arithmetic and the Faddeeva function); the others ignore b. */
@inline export function isBinary(operation: i32): bool {
  return operation <= OP_POW ? operation >= OP_ADD : operation >= OP_FADDEEVA_RE;
}

/**
 * x^y with shortcuts for small integer exponents: repeated multiplication is ~20× cheaper than
 * pow, and the models' derivatives are full of u^2, u^3, u^-1, u^-2.
 */
@inline export function power(x: f64, y: f64): f64 {
  if (y == 2) return x * x;
  if (y == 3) return x * x * x;
  if (y == -1) return 1 / x;
  if (y == -2) return 1 / (x * x);
  return Math.pow(x, y);
}

/** operation(x, y); unary operations ignore y. An unknown operation gives NaN. */
export function apply(operation: i32, x: f64, y: f64): f64 {
  switch (operation) {
    case OP_ADD: return x + y;
    case OP_SUB: return x - y;
    case OP_MUL: return x * y;
    case OP_DIV: return x / y;
    case OP_POW: return power(x, y);
    case OP_NEG: return -x;
    case OP_EXP: return exp(x);
    case OP_LOG: return Math.log(x);
    case OP_SQRT: return Math.sqrt(x);
    case OP_SIN: return Math.sin(x);
    case OP_COS: return Math.cos(x);
    case OP_TAN: return Math.tan(x);
    case OP_ATAN: return Math.atan(x);
    case OP_TANH: return Math.tanh(x);
    case OP_ABS: return Math.abs(x);
    case OP_SIGN: return Math.sign(x);
    case OP_SQUARE: return x * x;
    case OP_COPY: return x;
    case OP_ERF: return erf(x);
    case OP_ERFC: return erfc(x);
    case OP_ERFCX: return erfcx(x);
    case OP_LOGERFC: return logerfc(x);
    case OP_FADDEEVA_RE: return faddeevaRe(x, y);
    case OP_FADDEEVA_IM: return faddeevaIm(x, y);
  }
  return NaN;
}
