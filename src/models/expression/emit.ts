// DAG → bytecode (assembly/abi.ts). Nodes that depend on no variable are scalars: one
// instruction each in the prologue, run once per pass. Nodes that depend on a variable are
// vectors: scheduled depth-first from the outputs into a body, run once per block of rows, with
// registers assigned by liveness — a register is reused after its operand's last use, outputs
// stay live to the end — since each register costs the VM one f64 per block row.
//
// Scalar slots:  [0, P) θ │ [P, P + nConstants) constants │ then one per prologue result
// Vector slots:  [0, nVariables) variable columns │ then registers
import { FORM_SS, FORM_SV, FORM_VS, FORM_VV } from '../../wasm/abi.ts';
import { CONSTANT, NONE, PARAMETER, VARIABLE, type Graph } from './graph.ts';

export interface Emitted {
  nScalars: number;
  constants: Float64Array;
  nRegisters: number;
  prologue: Int32Array;
  body: Int32Array;
  outputs: Int32Array;
  valueBody: Int32Array;
  valueOutputs: Int32Array;
}

interface Body {
  code: Int32Array;
  outputs: Int32Array;
  nRegisters: number;
}

/** Every node that `roots` depend on, leaves included, in id (topological) order. */
function reachable(g: Graph, roots: readonly number[]): number[] {
  const seen = new Uint8Array(g.size);
  const stack = [...roots];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (seen[id]) continue;
    seen[id] = 1;
    if (g.a[id] !== NONE) stack.push(g.a[id]);
    if (g.b[id] !== NONE) stack.push(g.b[id]);
  }
  const ids: number[] = [];
  seen.forEach((isSeen, id) => isSeen && ids.push(id));
  return ids;
}

function children(g: Graph, id: number): number[] {
  return g.b[id] === NONE || g.b[id] === g.a[id] ? [g.a[id]] : [g.a[id], g.b[id]];
}

/**
 * The vector operations `roots` need, each after its operands: depth-first, in root order. The
 * walk keeps its own stack: a sum of n terms is a chain n deep, too deep for recursion.
 */
function schedule(g: Graph, roots: readonly number[]): number[] {
  const order: number[] = [];
  const done = new Uint8Array(g.size);
  const stack: number[] = []; // the path from a root to the node being visited
  const next: number[] = []; // for each node on it, the index of the child to visit next
  const enter = (id: number): void => {
    if (done[id] || !g.isVector[id] || !g.isOperation(id)) return;
    done[id] = 1;
    stack.push(id);
    next.push(0);
  };
  for (const root of roots) {
    enter(root);
    while (stack.length > 0) {
      const top = stack.length - 1;
      const id = stack[top];
      const operands = children(g, id);
      if (next[top] < operands.length) {
        enter(operands[next[top]++]);
      } else {
        stack.pop();
        next.pop();
        order.push(id);
      }
    }
  }
  return order;
}

/** The operand form of a vector operation: which operands are vectors. */
function vectorForm(g: Graph, id: number): number {
  const a = g.a[id];
  const b = g.b[id];
  if (b === NONE || (g.isVector[a] && g.isVector[b])) return FORM_VV;
  return g.isVector[a] ? FORM_VS : FORM_SV;
}

/** Assigns scalar slots and emits the prologue; returns the slot of every scalar node it needs. */
function scalars(g: Graph, nodes: readonly number[], nParameters: number) {
  const slot = new Map<number, number>();
  const constants: number[] = [];
  for (const id of nodes) {
    if (g.operation[id] === PARAMETER) slot.set(id, g.value[id]);
    if (g.operation[id] === CONSTANT) slot.set(id, nParameters + constants.push(g.value[id]) - 1);
  }
  const prologue: number[] = [];
  let next = nParameters + constants.length;
  for (const id of nodes) {
    if (g.isVector[id] || !g.isOperation(id)) continue;
    slot.set(id, next++);
    const b = g.b[id] === NONE ? 0 : slot.get(g.b[id])!; // unary: b is ignored
    prologue.push((g.operation[id] << 2) | FORM_SS, slot.get(id)!, slot.get(g.a[id])!, b);
  }
  return { slot, constants: Float64Array.from(constants), prologue: Int32Array.from(prologue), nScalars: next };
}

/**
 * Register numbers for the allocator: take() is the lowest free register, or a new one. A binary
 * heap of the freed ones, because with thousands of outputs live to the end a linear search for
 * the lowest free register made emitting quadratic in the number of parameters.
 */
class FreeRegisters {
  count = 0; // registers handed out so far, free or not
  readonly #heap: number[] = [];

  take(): number {
    const heap = this.#heap;
    if (heap.length === 0) return this.count++;
    const lowest = heap[0];
    const last = heap.pop()!;
    if (heap.length > 0) {
      let k = 0;
      for (;;) {
        const left = 2 * k + 1;
        if (left >= heap.length) break;
        const child = left + 1 < heap.length && heap[left + 1] < heap[left] ? left + 1 : left;
        if (heap[child] >= last) break;
        heap[k] = heap[child];
        k = child;
      }
      heap[k] = last;
    }
    return lowest;
  }

  release(register: number): void {
    const heap = this.#heap;
    let k = heap.push(register) - 1;
    while (k > 0 && heap[(k - 1) >> 1] > register) {
      heap[k] = heap[(k - 1) >> 1];
      k = (k - 1) >> 1;
    }
    heap[k] = register;
  }
}

/** Schedules and emits the vector operations `roots` need, allocating registers. */
function body(g: Graph, roots: readonly number[], scalarSlot: ReadonlyMap<number, number>, nVariables: number): Body {
  const order = schedule(g, roots);
  const lastUse = new Map<number, number>();
  order.forEach((id, step) => children(g, id).forEach((child) => lastUse.set(child, step)));
  roots.forEach((root) => lastUse.set(root, Infinity));

  const register = new Map<number, number>();
  const free = new FreeRegisters();
  const operand = (id: number): number => {
    if (!g.isVector[id]) return scalarSlot.get(id)!;
    return g.operation[id] === VARIABLE ? g.value[id] : nVariables + register.get(id)!;
  };
  const code: number[] = [];
  order.forEach((id, step) => {
    // Free the operands that die here first, so the result may overwrite one in place.
    for (const child of children(g, id)) {
      if (lastUse.get(child) === step && register.has(child)) free.release(register.get(child)!);
    }
    const r = free.take();
    register.set(id, r);
    const b = g.b[id] === NONE ? 0 : operand(g.b[id]); // unary: b is ignored
    code.push((g.operation[id] << 2) | vectorForm(g, id), nVariables + r, operand(g.a[id]), b);
  });
  const outputs = roots.map((root) => (g.isVector[root] ? operand(root) : -1 - scalarSlot.get(root)!));
  return { code: Int32Array.from(code), outputs: Int32Array.from(outputs), nRegisters: free.count };
}

/** Bytecode computing `value` and its `gradient` (one node per parameter). */
export function emit(g: Graph, value: number, gradient: readonly number[], nParameters: number, nVariables: number): Emitted {
  const roots = [value, ...gradient];
  const { slot, constants, prologue, nScalars } = scalars(g, reachable(g, roots), nParameters);
  const full = body(g, roots, slot, nVariables);
  const valueOnly = body(g, [value], slot, nVariables);
  return {
    nScalars,
    constants,
    nRegisters: Math.max(full.nRegisters, valueOnly.nRegisters),
    prologue,
    body: full.code,
    outputs: full.outputs,
    valueBody: valueOnly.code,
    valueOutputs: valueOnly.outputs,
  };
}
