// AST → DAG: each syntax node becomes a (simplified, hash-consed) graph node.
import {
  OP_ABS, OP_ADD, OP_ATAN, OP_COS, OP_DIV, OP_EXP, OP_LOG, OP_MUL, OP_NEG, OP_POW, OP_SIN, OP_SQRT,
  OP_SUB, OP_TAN, OP_TANH,
} from '../../../assembly/abi.ts';
import type { Graph } from './graph.ts';
import type { Ast, BinaryOperator, FunctionName } from './parse.ts';
import { make } from './simplify.ts';

const FUNCTION_OPERATIONS: Record<FunctionName, number> = {
  exp: OP_EXP, log: OP_LOG, sqrt: OP_SQRT, sin: OP_SIN, cos: OP_COS, tan: OP_TAN, atan: OP_ATAN, tanh: OP_TANH, abs: OP_ABS,
};

const BINARY_OPERATIONS: Record<BinaryOperator, number> = {
  '+': OP_ADD, '-': OP_SUB, '*': OP_MUL, '/': OP_DIV, '^': OP_POW,
};

/** The graph node of `ast`. */
export function lower(g: Graph, ast: Ast): number {
  switch (ast.kind) {
    case 'number': return g.constant(ast.value);
    case 'variable': return g.variable(ast.index);
    case 'parameter': return g.parameter(ast.index);
    case 'negate': return make(g, OP_NEG, lower(g, ast.operand));
    case 'call': return make(g, FUNCTION_OPERATIONS[ast.name], lower(g, ast.argument));
    case 'binary': return make(g, BINARY_OPERATIONS[ast.operator], lower(g, ast.left), lower(g, ast.right));
  }
}
