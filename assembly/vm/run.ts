// The expression VM: runs compiled model bytecode (src/models/expression/) over a block of rows.
//
// Maths: each instruction [opcode, dst, a, b] (assembly/abi.ts), opcode = operation << 2 | form,
// computes dst = operation(a, b) — add, sub, mul, div, pow, Re and Im of the Faddeeva function
// w(a + ib) (vm/faddeeva.ts), and the unary neg, exp, log, sqrt, sin, cos, tan, atan, tanh, abs,
// sign (sign(±0) = ±0, sign(NaN) = NaN), square, copy, erf, erfc, erfcx, logerfc (vm/erf.ts),
// which ignore b. A compiled model is a prologue (FORM_SS only: θ and constants → scalar temporaries,
// run once per pass) and a body (vector forms, run once per block), which together leave
// f(xᵢ; θ) and every ∂f/∂θⱼ in the slots its outputs name.
//
// Inputs:
//   code          nInstructions × 4 i32                  the instructions
//   scalars       nScalars f64: θ (P), constants, temporaries; read, and written by FORM_SS
//   vectors       one u32 pointer per vector slot, each to `rows` f64:
//                   [0, nVariables) the variable columns of the block (read only)
//                   [nVariables, nVariables + nRegisters) registers (written)
//   rows          rows in the block (vector forms only)
// Outputs: the destination slots of the instructions.
// Workspace: none beyond the registers, which the caller carves (nRegisters × rows × 8 bytes).
//
//   vectors ──► ┌ ptr x ┬ ptr r0 ┬ ptr r1 ┬ … ┐
//                  │       │        └──► rows f64
//                  │       └──► rows f64
//                  └──► rows f64 (the block's x column)
//
// Each instruction is decoded once and dispatched to a row loop (rows.ts), so the cost of
// interpretation is per block, not per row.
import { FORM_SS, FORM_VS, FORM_VV } from '../abi';
import { apply, isBinary } from './operation';
import { binaryRowsSV, binaryRowsVS, binaryRowsVV, unaryRows } from './rows';

@inline function scalarAt(scalars: usize, slot: i32): f64 {
  return load<f64>(scalars + (<usize>slot << 3));
}

@inline function vectorAt(vectors: usize, slot: i32): usize {
  return <usize>load<u32>(vectors + (<usize>slot << 2));
}

export function vmRun(code: usize, nInstructions: i32, scalars: usize, vectors: usize, rows: i32): void {
  const bytes = <usize>rows << 3;
  for (let k: i32 = 0; k < nInstructions; k++) {
    const at = code + (<usize>k << 4);
    const opcode = load<i32>(at);
    const dst = load<i32>(at, 4);
    const a = load<i32>(at, 8);
    const b = load<i32>(at, 12);
    const operation = opcode >> 2;
    const form = opcode & 3;
    if (form == FORM_SS) {
      // A unary operation's b names no slot: do not read it.
      const y = isBinary(operation) ? scalarAt(scalars, b) : 0;
      store<f64>(scalars + (<usize>dst << 3), apply(operation, scalarAt(scalars, a), y));
    } else if (!isBinary(operation)) { // unary operations have FORM_VV
      unaryRows(operation, vectorAt(vectors, dst), vectorAt(vectors, a), bytes);
    } else if (form == FORM_VV) {
      binaryRowsVV(operation, vectorAt(vectors, dst), vectorAt(vectors, a), vectorAt(vectors, b), bytes);
    } else if (form == FORM_VS) {
      binaryRowsVS(operation, vectorAt(vectors, dst), vectorAt(vectors, a), scalarAt(scalars, b), bytes);
    } else { // FORM_SV
      binaryRowsSV(operation, vectorAt(vectors, dst), scalarAt(scalars, a), vectorAt(vectors, b), bytes);
    }
  }
}
