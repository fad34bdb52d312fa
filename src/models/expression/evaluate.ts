// The reference semantics of a compiled program, in JavaScript: the same bytecode the VM runs,
// executed with one Float64Array per vector slot. Tests check the VM against it; the facade
// uses it where WASM is not worth a round trip (a curve to plot). Results equal the VM's but for
// last-bit differences between JavaScript's Math and AssemblyScript's.
import { FORM_SS, FORM_SV, FORM_VS, FORM_VV } from '../../wasm/abi.ts';
import { FitError } from '../../errors.ts';
import type { CompiledProgram } from './compile.ts';
import { applyOperation, isBinary } from './operations.ts';

export interface Evaluation {
  value: Float64Array; // f at each row
  gradient: Float64Array[]; // ∂f/∂θⱼ at each row, one array per parameter; [] without gradient
}

type Column = ArrayLike<number>;

function run(code: Int32Array, scalars: Float64Array, vectors: readonly Column[], rows: number): void {
  for (let k = 0; k < code.length; k += 4) {
    const operation = code[k] >> 2;
    const dst = code[k + 1];
    const a = code[k + 2];
    const b = code[k + 3];
    switch (code[k] & 3) {
      case FORM_SS:
        scalars[dst] = applyOperation(operation, scalars[a], scalars[b]);
        continue;
      case FORM_VV: {
        const out = vectors[dst] as Float64Array;
        const x = vectors[a];
        const y = isBinary(operation) ? vectors[b] : x;
        for (let i = 0; i < rows; i++) out[i] = applyOperation(operation, x[i], y[i]);
        continue;
      }
      case FORM_VS: {
        const out = vectors[dst] as Float64Array;
        const x = vectors[a];
        const s = scalars[b];
        for (let i = 0; i < rows; i++) out[i] = applyOperation(operation, x[i], s);
        continue;
      }
      case FORM_SV: {
        const out = vectors[dst] as Float64Array;
        const s = scalars[a];
        const y = vectors[b];
        for (let i = 0; i < rows; i++) out[i] = applyOperation(operation, s, y[i]);
        continue;
      }
    }
  }
}

/** Runs `program` on `rows` rows of `columns` (one per variable) at parameters `theta`. */
export function evaluateProgram(
  program: CompiledProgram,
  theta: ArrayLike<number>,
  columns: ArrayLike<number>[],
  rows: number,
  withGradient = false,
): Evaluation {
  const P = program.parameters.length;
  if (theta.length !== P) {
    throw new FitError('INVALID_ARGUMENT', `theta: expected ${P} values (${program.parameters.join(', ')}) but got ${theta.length}`);
  }
  if (columns.length !== program.variables.length || columns.some((column) => column.length < rows)) {
    throw new FitError(
      'INVALID_ARGUMENT',
      `columns: expected ${program.variables.length} columns (${program.variables.join(', ')}) of at least ${rows} rows`,
    );
  }
  const scalars = new Float64Array(program.nScalars);
  for (let j = 0; j < P; j++) scalars[j] = theta[j];
  scalars.set(program.constants, P);
  run(program.prologue, scalars, [], 0);

  const registers = Array.from({ length: program.nRegisters }, () => new Float64Array(rows));
  const vectors: Column[] = [...columns, ...registers];
  run(withGradient ? program.body : program.valueBody, scalars, vectors, rows);

  // A scalar output (a model or derivative that does not depend on the variables) is broadcast.
  const read = (operand: number): Float64Array =>
    operand >= 0 ? Float64Array.from({ length: rows }, (_, i) => vectors[operand][i]) : new Float64Array(rows).fill(scalars[-1 - operand]);
  return {
    value: read(withGradient ? program.outputs[0] : program.valueOutputs[0]),
    gradient: withGradient ? Array.from(program.outputs.subarray(1), read) : [],
  };
}
