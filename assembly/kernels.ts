// The kernel module: the loops a pass spends its time in, and nothing else. It is compiled three
// times from these sources — scalar, with f64x2 SIMD (ASC_FEATURE_SIMD), and with relaxed SIMD's
// fused multiply-adds too (ASC_FEATURE_RELAXED_SIMD, linalg/madd.ts) — and the host links the
// core module (assembly/index.ts) to the fastest build the WebAssembly engine validates
// (src/wasm/core.ts). Every build imports the core's linear memory and the function table the
// models' compiled kernels are called through, and keeps no state.
//   vm/        the expression bytecode over a block of rows
//   qr/fold    the TSQR update of R̃ by a block
//   evaluate/block   one block: model, weights, loss, fold
//   linalg/finite    the fast data checks of the passes after the first
export { vmRun } from './vm/run';
export { foldColumns } from './qr/fold';
export { foldBlock } from './evaluate/block';
export { allFinite, allPositive } from './linalg/finite';
// For the models' compiled kernels (src/wasm/model-kernel/), which import them: what one
// bytecode operation computes on one row, scalar e^x, and where expLanes' constants are.
export { apply as operate } from './vm/operation';
export { exp, expConstants } from './vm/exp';
