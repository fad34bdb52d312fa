// AST → DAG: each syntax node becomes a (simplified, hash-consed) graph node.
import {
  OP_ABS, OP_ADD, OP_ATAN, OP_COS, OP_DIV, OP_ERF, OP_ERFC, OP_ERFCX, OP_EXP, OP_FADDEEVA_IM, OP_FADDEEVA_RE,
  OP_LOG, OP_LOGERFC, OP_MUL, OP_NEG, OP_POW, OP_SIN, OP_SQRT, OP_SUB, OP_TAN, OP_TANH,
} from '../../wasm/abi.ts';
import type { Graph } from './graph.ts';
import type { Ast, BinaryOperator, FunctionName } from './parse.ts';
import { make } from './simplify.ts';

const FUNCTION_OPERATIONS: Record<FunctionName, number> = {
  exp: OP_EXP, log: OP_LOG, sqrt: OP_SQRT, sin: OP_SIN, cos: OP_COS, tan: OP_TAN, atan: OP_ATAN, tanh: OP_TANH, abs: OP_ABS,
  erf: OP_ERF, erfc: OP_ERFC, erfcx: OP_ERFCX, logerfc: OP_LOGERFC, faddeevaRe: OP_FADDEEVA_RE, faddeevaIm: OP_FADDEEVA_IM,
};

const BINARY_OPERATIONS: Record<BinaryOperator, number> = {
  '+': OP_ADD, '-': OP_SUB, '*': OP_MUL, '/': OP_DIV, '^': OP_POW,
};

/**
 * The graph node of `ast`. A post-order walk with its own stack, not recursion: a sum of n terms
 * is an AST n deep (left-associative), and 8,000 terms overflowed the call stack. Left operands
 * are lowered before right ones, so node ids come out as the recursive walk made them.
 */
export function lower(g: Graph, ast: Ast): number {
  const pending: Ast[] = [ast];
  const expanded: boolean[] = [false]; // pending[k]'s operands are lowered: combine them
  const nodes: number[] = []; // lowered operands, the last on top
  while (pending.length > 0) {
    const node = pending.pop()!;
    const ready = expanded.pop()!;
    switch (node.kind) {
      case 'number': nodes.push(g.constant(node.value)); break;
      case 'variable': nodes.push(g.variable(node.index)); break;
      case 'parameter': nodes.push(g.parameter(node.index)); break;
      case 'negate':
        if (ready) {
          nodes.push(make(g, OP_NEG, nodes.pop()!));
        } else {
          pending.push(node, node.operand);
          expanded.push(true, false);
        }
        break;
      case 'call':
        if (ready) {
          const args = nodes.splice(nodes.length - node.args.length);
          nodes.push(make(g, FUNCTION_OPERATIONS[node.name], args[0], args[1]));
        } else {
          pending.push(node, ...[...node.args].reverse());
          expanded.push(true, ...node.args.map(() => false));
        }
        break;
      case 'binary':
        if (ready) {
          const right = nodes.pop()!;
          const left = nodes.pop()!;
          nodes.push(make(g, BINARY_OPERATIONS[node.operator], left, right));
        } else {
          pending.push(node, node.right, node.left);
          expanded.push(true, false, false);
        }
        break;
    }
  }
  return nodes[0];
}
