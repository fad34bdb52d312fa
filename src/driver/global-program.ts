/**
 * A global fit's programs (passes/global.ts): each dataset's compiled model, rewritten to read
 * the parameters of the whole fit, so that one evaluator runs them all, one after another, in
 * one pass — the program switched between chunks by writing the bytecode region again.
 *
 * A compiled program's scalar slots are [θ of its own parameters │ its constants │ its prologue's
 * results] (models/expression/emit.ts). Rewritten, they are
 *
 *     [θ of every parameter of the fit, in the fit's order │ its constants │ 0 │ its temporaries]
 *
 * so θ sits in the same slots whichever dataset runs — the evaluator writes the solver's point
 * there once per pass, fixed values stay where they were put — and a dataset's constants are all
 * that changes in the scalars. A parameter its model does not read has the derivative 0: its
 * output names the constant 0 after the dataset's constants (a zero Jacobian column for its rows).
 * Vector slots (variables, then registers) are unchanged: every dataset has the same variables.
 *
 * The prologue (scalar instructions that the evaluator runs once, when a pass begins) is put at
 * the head of the body, which runs for every block: a dataset that starts in the middle of a pass
 * then computes its own scalars, at the cost of a few scalar operations per block of rows.
 *
 * The evaluator is carved once, for the largest: the most scalars, registers and instructions of
 * any dataset. Shorter code is padded with scalar no-ops (a copy of a spare slot to itself, past
 * every program's scalars), so that every program has the carved length: one scalar operation per
 * block for each instruction of difference.
 */
import { FORM_SS, FORM_SV, FORM_VS, OP_ADD, OP_COPY, OP_POW } from '../wasm/abi.ts';
import type { CompiledProgram } from '../models/index.ts';
import type { EvaluatorProgram } from '../wasm/evaluator.ts';

// One dataset's program is what the evaluator loads between datasets (wasm/evaluator.ts).
export type { DatasetProgram } from '../wasm/evaluator.ts';
import type { DatasetProgram } from '../wasm/evaluator.ts';

export interface GlobalPrograms {
  /** The sizes the evaluator is carved for (its code: no-ops; every dataset loads its own). */
  carve: EvaluatorProgram;
  datasets: DatasetProgram[];
  /**
   * No-ops, and every output a scalar: loaded when a pass begins, so that no Jacobian column is
   * folded in its register (the evaluator's in-place flags, set then, must hold for every dataset).
   */
  idle: DatasetProgram;
  /** Scalar slot of the first constant: the number of parameters of the fit. */
  constantsAt: number;
}

const INSTRUCTION = 4; // i32 per instruction: opcode, dst, a, b

export function globalPrograms(programs: CompiledProgram[], names: string[], free: number[]): GlobalPrograms {
  const P = names.length;
  const index = new Map(names.map((name, j) => [name, j]));
  // Scalars of each rewritten program: θ of the fit, constants, the 0, temporaries.
  const scalars = programs.map((q) => P + q.nScalars - q.parameters.length + 1);
  const nScalars = Math.max(...scalars) + 1;
  const spare = nScalars - 1; // past every program's slots: the no-ops' own
  const length = Math.max(...programs.map((q) => (q.prologue.length + q.body.length) / INSTRUCTION));
  const noop = [(OP_COPY << 2) | FORM_SS, spare, spare, spare];
  const empty = new Int32Array(0);
  const padded = (code: Int32Array) => {
    const out = new Int32Array(length * INSTRUCTION);
    out.set(code);
    for (let k = code.length; k < out.length; k += INSTRUCTION) out.set(noop, k);
    return out;
  };

  const datasets = programs.map((q): DatasetProgram => {
    const p = q.parameters.length;
    const c = q.constants.length;
    const global = q.parameters.map((name) => index.get(name)!);
    const zero = P + c;
    const slot = (s: number) => (s < p ? global[s] : s < p + c ? P + (s - p) : P + c + 1 + (s - p - c));
    const operand = (o: number) => (o >= 0 ? o : -1 - slot(-1 - o)); // ≥ 0 a vector slot, < 0 a scalar slot
    const code = new Int32Array(q.prologue.length + q.body.length);
    code.set(q.prologue);
    code.set(q.body, q.prologue.length);
    for (let k = 0; k < code.length; k += INSTRUCTION) {
      const form = code[k] & 3;
      const operation = code[k] >> 2;
      if (form === FORM_SS) {
        code[k + 1] = slot(code[k + 1]);
        code[k + 2] = slot(code[k + 2]);
        if (operation >= OP_ADD && operation <= OP_POW) code[k + 3] = slot(code[k + 3]); // a unary operation's b names no slot
      } else if (form === FORM_VS) {
        code[k + 3] = slot(code[k + 3]);
      } else if (form === FORM_SV) {
        code[k + 2] = slot(code[k + 2]);
      }
    }
    const local = new Map(q.parameters.map((name, j) => [name, j]));
    const outputs = new Int32Array(1 + free.length);
    outputs[0] = operand(q.outputs[0]);
    free.forEach((j, k) => {
      const l = local.get(names[j]);
      outputs[1 + k] = l === undefined ? -1 - zero : operand(q.outputs[1 + l]);
    });
    const constants = new Float64Array(c + 1);
    constants.set(q.constants);
    return { prologue: empty, body: padded(code), outputs, constants };
  });

  const carve: EvaluatorProgram = {
    variables: programs[0].variables,
    nScalars,
    nRegisters: Math.max(...programs.map((q) => q.nRegisters)),
    constants: new Float64Array(0),
    prologue: empty,
    body: padded(empty),
    outputs: new Int32Array(1 + P).fill(-1 - spare),
  };
  const idle: DatasetProgram = { prologue: empty, body: carve.body, outputs: new Int32Array(1 + free.length).fill(-1 - spare), constants: new Float64Array(0) };
  return { carve, datasets, idle, constantsAt: P };
}
