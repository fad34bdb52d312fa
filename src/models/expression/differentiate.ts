// Symbolic differentiation on the DAG: ∂f/∂θⱼ as new nodes of the same graph. Because nodes are
// hash-consed, a derivative reuses the subexpressions of f (the exp(-b·x) of a·exp(-b·x) + c is
// one node in f, ∂f/∂a and ∂f/∂b), and zero derivatives vanish through simplification.
import {
  OP_ABS, OP_ADD, OP_ATAN, OP_COPY, OP_COS, OP_DIV, OP_EXP, OP_LOG, OP_MUL, OP_NEG, OP_POW,
  OP_SIGN, OP_SIN, OP_SQRT, OP_SQUARE, OP_SUB, OP_TAN, OP_TANH,
} from '../../../assembly/abi.ts';
import { FitError } from '../../errors.ts';
import { NONE, PARAMETER, type Graph } from './graph.ts';
import { make } from './simplify.ts';

/** The node ∂root/∂θ[parameter]. */
export function differentiate(g: Graph, root: number, parameter: number): number {
  const zero = g.constant(0);
  const one = g.constant(1);
  const memo = new Map<number, number>();
  const m = (operation: number, a: number, b: number = NONE): number => make(g, operation, a, b);

  function derivative(n: number): number {
    let d = memo.get(n);
    if (d === undefined) {
      d = rule(n);
      memo.set(n, d);
    }
    return d;
  }

  // u^v, by which of u and v depend on θⱼ.
  function power(n: number, u: number, v: number, du: number, dv: number): number {
    if (dv === zero) return m(OP_MUL, m(OP_MUL, v, du), m(OP_POW, u, m(OP_SUB, v, one))); // c·u^(c−1)·u'
    if (du === zero) return m(OP_MUL, n, m(OP_MUL, m(OP_LOG, u), dv)); // c^v·log(c)·v'
    return m(OP_MUL, n, m(OP_ADD, m(OP_MUL, dv, m(OP_LOG, u)), m(OP_DIV, m(OP_MUL, v, du), u))); // u^v(v' log u + v u'/u)
  }

  function rule(n: number): number {
    if (!g.isOperation(n)) return g.operation[n] === PARAMETER && g.value[n] === parameter ? one : zero;
    const u = g.a[n];
    const v = g.b[n];
    const du = derivative(u);
    const dv = v === NONE ? zero : derivative(v);
    if (du === zero && dv === zero) return zero;
    switch (g.operation[n]) {
      case OP_ADD: return m(OP_ADD, du, dv);
      case OP_SUB: return m(OP_SUB, du, dv);
      case OP_MUL: return m(OP_ADD, m(OP_MUL, du, v), m(OP_MUL, u, dv));
      case OP_DIV: return m(OP_DIV, m(OP_SUB, du, m(OP_MUL, n, dv)), v); // (u' − (u/v)·v')/v reuses u/v
      case OP_POW: return power(n, u, v, du, dv);
      case OP_NEG: return m(OP_NEG, du);
      case OP_EXP: return m(OP_MUL, n, du);
      case OP_LOG: return m(OP_DIV, du, u);
      case OP_SQRT: return m(OP_DIV, m(OP_MUL, g.constant(0.5), du), n); // u'/(2√u) reuses √u
      case OP_SIN: return m(OP_MUL, m(OP_COS, u), du);
      case OP_COS: return m(OP_MUL, m(OP_NEG, du), m(OP_SIN, u));
      case OP_TAN: return m(OP_MUL, m(OP_ADD, one, m(OP_SQUARE, n)), du);
      case OP_ATAN: return m(OP_DIV, du, m(OP_ADD, one, m(OP_SQUARE, u)));
      case OP_TANH: return m(OP_MUL, m(OP_SUB, one, m(OP_SQUARE, n)), du);
      case OP_ABS: return m(OP_MUL, m(OP_SIGN, u), du);
      case OP_SIGN: return zero; // piecewise constant
      case OP_SQUARE: return m(OP_MUL, m(OP_MUL, g.constant(2), du), u);
      case OP_COPY: return du;
    }
    throw new FitError('INTERNAL', `expression: no derivative rule for operation ${g.operation[n]}`);
  }

  return derivative(root);
}
