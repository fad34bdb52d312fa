// The expression DAG. Nodes are hash-consed — a node is its operation and its children, so an
// expression that occurs twice, in f or in f and its derivatives, is one node and is computed
// once. Node ids are creation order, which is a topological order: children exist first.
// Algebraic simplification is simplify.ts's job; here only constant folding and the canonical
// order of commutative operands, which hash-consing needs.
import { OP_ADD, OP_MUL } from '../../wasm/abi.ts';
import { applyOperation } from './operations.ts';

// Leaf kinds, beside the OP_* codes of assembly/abi.ts (all positive).
export const CONSTANT = -1; // value: the number
export const PARAMETER = -2; // value: index into θ
export const VARIABLE = -3; // value: index into the variables

/** Marks the missing second child of a leaf or a unary node. */
export const NONE = -1;

export class Graph {
  readonly operation: number[] = []; // OP_* or a leaf kind
  readonly a: number[] = []; // first child, or NONE
  readonly b: number[] = []; // second child, or NONE
  readonly value: number[] = []; // leaves only: see the leaf kinds
  readonly isVector: boolean[] = []; // depends on a variable: one value per row, not one per pass
  private readonly ids = new Map<string, number>();

  get size(): number {
    return this.operation.length;
  }

  constant(value: number): number {
    // String() tells every double apart except the two zeros; NaN is one constant.
    return this.intern(`c${Object.is(value, -0) ? '-0' : value}`, CONSTANT, NONE, NONE, value, false);
  }

  parameter(index: number): number {
    return this.intern(`p${index}`, PARAMETER, NONE, NONE, index, false);
  }

  variable(index: number): number {
    return this.intern(`v${index}`, VARIABLE, NONE, NONE, index, true);
  }

  /** The node operation(a, b) as written (b = NONE for unary operations), folded if constant. */
  node(operation: number, a: number, b: number = NONE): number {
    if (this.isConstant(a) && (b === NONE || this.isConstant(b))) {
      return this.constant(applyOperation(operation, this.value[a], b === NONE ? 0 : this.value[b]));
    }
    if ((operation === OP_ADD || operation === OP_MUL) && a > b) [a, b] = [b, a];
    const isVector = this.isVector[a] || (b !== NONE && this.isVector[b]);
    return this.intern(`${operation},${a},${b}`, operation, a, b, 0, isVector);
  }

  isConstant(id: number, value?: number): boolean {
    return this.operation[id] === CONSTANT && (value === undefined || this.value[id] === value);
  }

  /** True for nodes that take an instruction: operations, not leaves. */
  isOperation(id: number): boolean {
    return this.operation[id] > 0;
  }

  private intern(key: string, operation: number, a: number, b: number, value: number, isVector: boolean): number {
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.operation.push(operation) - 1;
      this.a.push(a);
      this.b.push(b);
      this.value.push(value);
      this.isVector.push(isVector);
      this.ids.set(key, id);
    }
    return id;
  }
}
