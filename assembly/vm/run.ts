// PLACEHOLDER — replaced by the expression VM (see assembly/abi.ts for the bytecode).
export function vmRun(code: usize, nInstructions: i32, scalars: usize, vectors: usize, rows: i32): void {}
