// Builds DAG nodes through algebraic simplification: x+0, x*1, x*0 → 0, x/1, --x, x^1, x^0,
// x^2 → square, x*x → square, a+(-b) → a-b, a·(1/b) → a/b, and constant folding (in Graph.node).
//
// For vectors (nodes that depend on a variable) it also moves negations and scalar factors
// outward, into one scalar factor per product: -(s·u)·v → (-s)·(u·v). A scalar costs one
// instruction per pass, a vector one per row, and derivatives are full of such products:
// ∂/∂b of a·exp(-b·x) is a·exp(-b·x)·(-x), which this turns into (-a)·(exp(-b·x)·x), two
// vector instructions instead of three. Reassociating rounds differently by an ulp or so.
import {
  OP_ADD, OP_DIV, OP_MUL, OP_NEG, OP_POW, OP_SQUARE, OP_SUB,
} from '../../wasm/abi.ts';
import { NONE, type Graph } from './graph.ts';

/** The node operation(a, b), simplified (b = NONE for unary operations). */
export function make(g: Graph, operation: number, a: number, b: number = NONE): number {
  if (g.isConstant(a) && (b === NONE || g.isConstant(b))) return g.node(operation, a, b);
  switch (operation) {
    case OP_ADD: return add(g, a, b);
    case OP_SUB: return subtract(g, a, b);
    case OP_MUL: return multiply(g, a, b);
    case OP_DIV: return divide(g, a, b);
    case OP_POW: return power(g, a, b);
    case OP_NEG: return negate(g, a);
    case OP_SQUARE: return square(g, a);
    default: return g.node(operation, a, b);
  }
}

/** u when id is -u, else NONE. */
function negated(g: Graph, id: number): number {
  return g.operation[id] === OP_NEG ? g.a[id] : NONE;
}

/** u when id is 1/u, else NONE. Reverse differentiation makes these: ∂log(u)/∂u = 1/u. */
function reciprocal(g: Graph, id: number): number {
  return g.operation[id] === OP_DIV && g.isConstant(g.a[id], 1) ? g.b[id] : NONE;
}

/** A vector negation -u: its u, else NONE. Only these move; a negated scalar is a factor already. */
function negatedVector(g: Graph, id: number): number {
  const u = negated(g, id);
  return u !== NONE && g.isVector[u] ? u : NONE;
}

/** A scaled vector s·v (s scalar, v vector) as [s, v], else undefined. */
function scaled(g: Graph, id: number): [number, number] | undefined {
  if (g.operation[id] !== OP_MUL) return undefined;
  const a = g.a[id];
  const b = g.b[id];
  if (!g.isVector[a] && g.isVector[b]) return [a, b];
  if (g.isVector[a] && !g.isVector[b]) return [b, a];
  return undefined;
}

function add(g: Graph, a: number, b: number): number {
  if (g.isConstant(a, 0)) return b;
  if (g.isConstant(b, 0)) return a;
  if (negated(g, b) !== NONE) return subtract(g, a, negated(g, b));
  if (negated(g, a) !== NONE) return subtract(g, b, negated(g, a));
  return g.node(OP_ADD, a, b);
}

function subtract(g: Graph, a: number, b: number): number {
  if (g.isConstant(b, 0)) return a;
  if (g.isConstant(a, 0)) return negate(g, b);
  if (negated(g, b) !== NONE) return add(g, a, negated(g, b));
  if (negated(g, a) !== NONE) return negate(g, add(g, negated(g, a), b));
  return g.node(OP_SUB, a, b);
}

function negate(g: Graph, a: number): number {
  if (g.isConstant(a)) return g.node(OP_NEG, a);
  if (negated(g, a) !== NONE) return negated(g, a);
  if (g.operation[a] === OP_SUB) return subtract(g, g.b[a], g.a[a]);
  const s = scaled(g, a);
  if (s) return multiply(g, negate(g, s[0]), s[1]);
  return g.node(OP_NEG, a);
}

function multiply(g: Graph, a: number, b: number): number {
  if (g.isConstant(a, 0) || g.isConstant(b, 0)) return g.constant(0);
  if (g.isConstant(a, 1)) return b;
  if (g.isConstant(b, 1)) return a;
  if (g.isConstant(a, -1)) return negate(g, b);
  if (g.isConstant(b, -1)) return negate(g, a);
  if (a === b) return square(g, a);
  if (reciprocal(g, b) !== NONE) return divide(g, a, reciprocal(g, b));
  if (reciprocal(g, a) !== NONE) return divide(g, b, reciprocal(g, a));
  if (negated(g, a) !== NONE && negated(g, b) !== NONE) return multiply(g, negated(g, a), negated(g, b));
  if (g.isVector[a] || g.isVector[b]) {
    const u = negatedVector(g, a);
    if (u !== NONE) return g.isVector[b] ? negate(g, multiply(g, u, b)) : multiply(g, negate(g, b), u);
    const v = negatedVector(g, b);
    if (v !== NONE) return g.isVector[a] ? negate(g, multiply(g, a, v)) : multiply(g, negate(g, a), v);
    const sb = scaled(g, b);
    if (sb) return g.isVector[a] ? multiply(g, sb[0], multiply(g, a, sb[1])) : multiply(g, multiply(g, a, sb[0]), sb[1]);
    const sa = scaled(g, a);
    if (sa) return g.isVector[b] ? multiply(g, sa[0], multiply(g, sa[1], b)) : multiply(g, multiply(g, b, sa[0]), sa[1]);
  }
  return g.node(OP_MUL, a, b);
}

function divide(g: Graph, a: number, b: number): number {
  if (g.isConstant(b, 1)) return a;
  if (g.isConstant(a, 0)) return g.constant(0);
  if (g.isVector[a] || g.isVector[b]) {
    const u = negatedVector(g, a);
    if (u !== NONE) return g.isVector[b] ? negate(g, divide(g, u, b)) : divide(g, u, negate(g, b));
    const v = negatedVector(g, b);
    if (v !== NONE) return g.isVector[a] ? negate(g, divide(g, a, v)) : divide(g, negate(g, a), v);
    const sa = scaled(g, a);
    if (sa) return g.isVector[b] ? multiply(g, sa[0], divide(g, sa[1], b)) : multiply(g, divide(g, sa[0], b), sa[1]);
    const sb = scaled(g, b);
    if (sb && !g.isVector[a]) return divide(g, divide(g, a, sb[0]), sb[1]);
  }
  return g.node(OP_DIV, a, b);
}

function power(g: Graph, a: number, b: number): number {
  if (g.isConstant(b, 1)) return a;
  if (g.isConstant(b, 0)) return g.constant(1);
  if (g.isConstant(b, 2)) return square(g, a);
  return g.node(OP_POW, a, b);
}

function square(g: Graph, a: number): number {
  if (negated(g, a) !== NONE) return square(g, negated(g, a));
  return g.node(OP_SQUARE, a);
}
