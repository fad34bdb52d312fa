// Symbolic differentiation on the DAG: every ∂f/∂θⱼ as new nodes of the same graph, in one sweep.
//
// Reverse accumulation (the adjoint method; Griewank & Walther, "Evaluating Derivatives", 2008,
// §3.2): walking the nodes f depends on from f down to the leaves, each node n hands its adjoint
// f̄ₙ = ∂f/∂n to its children c as f̄ₙ·∂n/∂c, and a node's adjoint is the sum of what its
// parents hand it; ∂f/∂θⱼ is then the adjoint of the leaf θⱼ. Each edge of the DAG adds O(1)
// nodes, so the whole gradient costs O(nodes), where differentiating once per parameter (forward
// mode, as this file did before) walks the graph P times: p0*x + … + p7999*x took 14 s to
// compile that way and takes ~90 ms now.
//
// Because nodes are hash-consed, an adjoint reuses the subexpressions of f: in a·exp(-b·x) + c
// the adjoint of exp(-b·x) is a, that of -b·x is a·exp(-b·x) — the node f already has — and
// ∂f/∂a is exp(-b·x) itself. Zero contributions vanish through simplification. Against forward
// mode, the 27 NIST StRD and 22 built-in and test models came out with fewer per-row
// instructions (661 → 621 in all, none more but log(b·x), +1) and registers (254 → 244); the
// factors multiply in another order, so a derivative may differ in its last bit.
import {
  OP_ABS, OP_ADD, OP_ATAN, OP_COPY, OP_COS, OP_DIV, OP_ERF, OP_ERFC, OP_ERFCX, OP_EXP, OP_FADDEEVA_IM,
  OP_FADDEEVA_RE, OP_LOG, OP_LOGERFC, OP_MUL, OP_NEG, OP_POW, OP_SIGN, OP_SIN, OP_SQRT, OP_SQUARE, OP_SUB,
  OP_TAN, OP_TANH,
} from '../../wasm/abi.ts';
import { FitError } from '../../errors.ts';
import { NONE, PARAMETER, type Graph } from './graph.ts';
import { make } from './simplify.ts';

/** The nodes ∂root/∂θⱼ for j = 0 … nParameters − 1 (the constant 0 where root does not depend on θⱼ). */
export function gradient(g: Graph, root: number, nParameters: number): number[] {
  const zero = g.constant(0);
  const one = g.constant(1);
  const m = (operation: number, a: number, b: number = NONE): number => make(g, operation, a, b);

  // Children have smaller ids than their parents, so a sweep up the ids finds which nodes root
  // reaches and which of them depend on a parameter (only those receive adjoints), and a sweep
  // down visits every parent before its children.
  const size = root + 1;
  const reached = new Uint8Array(size);
  const varies = new Uint8Array(size);
  reached[root] = 1;
  for (let n = root; n >= 0; n--) {
    if (!reached[n]) continue;
    if (g.a[n] !== NONE) reached[g.a[n]] = 1;
    if (g.b[n] !== NONE) reached[g.b[n]] = 1;
  }
  for (let n = 0; n < size; n++) {
    if (!reached[n]) continue;
    const a = g.a[n];
    const b = g.b[n];
    varies[n] = g.operation[n] === PARAMETER || (a !== NONE && varies[a]) || (b !== NONE && varies[b]) ? 1 : 0;
  }

  const adjoint = new Int32Array(size).fill(NONE);
  const give = (child: number, contribution: number): void => {
    if (!varies[child] || contribution === zero) return;
    adjoint[child] = adjoint[child] === NONE ? contribution : m(OP_ADD, adjoint[child], contribution);
  };
  if (varies[root]) adjoint[root] = one;
  const twoOverSqrtPi = g.constant(1.1283791670955126); // 2/√π
  /** 2/√π·exp(−u²): the derivative of erf(u). */
  const gaussianOf = (u: number): number => m(OP_MUL, twoOverSqrtPi, m(OP_EXP, m(OP_NEG, m(OP_SQUARE, u))));

  for (let n = root; n >= 0; n--) {
    const d = adjoint[n];
    if (d === NONE || d === zero || !g.isOperation(n)) continue;
    const u = g.a[n];
    const v = g.b[n];
    switch (g.operation[n]) {
      case OP_ADD: give(u, d); give(v, d); break;
      case OP_SUB: give(u, d); if (varies[v]) give(v, m(OP_NEG, d)); break;
      case OP_MUL:
        if (varies[u]) give(u, m(OP_MUL, d, v));
        if (varies[v]) give(v, m(OP_MUL, d, u));
        break;
      case OP_DIV: // ∂(u/v)/∂v = −(u/v)/v reuses u/v
        if (varies[u]) give(u, m(OP_DIV, d, v));
        if (varies[v]) give(v, m(OP_NEG, m(OP_DIV, m(OP_MUL, d, n), v)));
        break;
      case OP_POW:
        if (varies[u]) {
          give(u, varies[v]
            ? m(OP_MUL, d, m(OP_DIV, m(OP_MUL, n, v), u)) // u^v·v/u: u^(v−1) would need a second pow
            : m(OP_MUL, d, m(OP_MUL, v, m(OP_POW, u, m(OP_SUB, v, one))))); // c·u^(c−1)
        }
        if (varies[v]) give(v, m(OP_MUL, d, m(OP_MUL, n, m(OP_LOG, u)))); // u^v·log u
        break;
      case OP_NEG: give(u, m(OP_NEG, d)); break;
      case OP_EXP: give(u, m(OP_MUL, d, n)); break;
      case OP_LOG: give(u, m(OP_DIV, d, u)); break;
      case OP_SQRT: give(u, m(OP_DIV, m(OP_MUL, g.constant(0.5), d), n)); break; // 1/(2√u) reuses √u
      case OP_SIN: give(u, m(OP_MUL, d, m(OP_COS, u))); break;
      case OP_COS: give(u, m(OP_MUL, m(OP_NEG, d), m(OP_SIN, u))); break;
      case OP_TAN: give(u, m(OP_MUL, d, m(OP_ADD, one, m(OP_SQUARE, n)))); break;
      case OP_ATAN: give(u, m(OP_DIV, d, m(OP_ADD, one, m(OP_SQUARE, u)))); break;
      case OP_TANH: give(u, m(OP_MUL, d, m(OP_SUB, one, m(OP_SQUARE, n)))); break;
      case OP_ABS: give(u, m(OP_MUL, d, m(OP_SIGN, u))); break;
      case OP_SIGN: break; // piecewise constant
      case OP_SQUARE: give(u, m(OP_MUL, m(OP_MUL, g.constant(2), d), u)); break;
      case OP_COPY: give(u, d); break;
      case OP_ERF: give(u, m(OP_MUL, d, gaussianOf(u))); break;
      case OP_ERFC: give(u, m(OP_NEG, m(OP_MUL, d, gaussianOf(u)))); break;
      case OP_ERFCX: give(u, m(OP_MUL, d, m(OP_SUB, m(OP_MUL, m(OP_MUL, g.constant(2), u), n), twoOverSqrtPi))); break; // 2u·erfcx(u) − 2/√π
      case OP_LOGERFC: give(u, m(OP_NEG, m(OP_DIV, m(OP_MUL, twoOverSqrtPi, d), m(OP_ERFCX, u)))); break; // −(2/√π)/erfcx(u)
      case OP_FADDEEVA_RE:
      case OP_FADDEEVA_IM: {
        // w′(z) = −2z·w(z) + 2i/√π (z = u + iv): with w = R + iI, Re w′ = 2(vI − uR) and
        // Im w′ = 2/√π − 2(uI + vR). w is analytic, so (Cauchy–Riemann) ∂R/∂u = ∂I/∂v = Re w′
        // and ∂I/∂u = −∂R/∂v = Im w′. The other part is one more node on the same (u, v).
        const isRe = g.operation[n] === OP_FADDEEVA_RE;
        const R = isRe ? n : m(OP_FADDEEVA_RE, u, v);
        const I = isRe ? m(OP_FADDEEVA_IM, u, v) : n;
        const two = g.constant(2);
        const reW = m(OP_MUL, two, m(OP_SUB, m(OP_MUL, v, I), m(OP_MUL, u, R)));
        const imW = m(OP_SUB, twoOverSqrtPi, m(OP_MUL, two, m(OP_ADD, m(OP_MUL, u, I), m(OP_MUL, v, R))));
        if (varies[u]) give(u, m(OP_MUL, d, isRe ? reW : imW));
        if (varies[v]) give(v, m(OP_MUL, d, isRe ? m(OP_NEG, imW) : reW));
        break;
      }
      default: throw new FitError('INTERNAL', `expression: no derivative rule for operation ${g.operation[n]}`);
    }
  }

  const result: number[] = new Array<number>(nParameters).fill(zero);
  for (let n = 0; n < size; n++) {
    if (reached[n] && g.operation[n] === PARAMETER && adjoint[n] !== NONE) result[g.value[n]] = adjoint[n];
  }
  return result;
}
