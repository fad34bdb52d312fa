// The core module's view of the kernel module (assembly/kernels.ts): the hot loops, imported so
// that the host can link the core to the scalar or the SIMD build of the kernels — whichever it
// validates — while the solver, the arena and the evaluator's set-up exist once. Both modules
// share one linear memory; the kernels keep no state of their own.

// @ts-ignore: decorator
@external('kernels', 'vmRun')
export declare function vmRun(code: usize, nInstructions: i32, scalars: usize, vectors: usize, rows: i32): void;

// @ts-ignore: decorator
@external('kernels', 'foldColumns')
export declare function foldColumns(r: usize, n: i32, columns: usize, m: i32, dots: usize): void;

// @ts-ignore: decorator
@external('kernels', 'foldBlock')
export declare function foldBlock(ptr: usize, start: i32, m: i32): void;

// The data checks of later passes (linalg/finite.ts): a pass over the window's columns, so in
// the kernel module with the other per-row loops, SIMD where the engine has it.

// @ts-ignore: decorator
@external('kernels', 'allFinite')
export declare function allFinite(x: usize, n: i32): i32;

// @ts-ignore: decorator
@external('kernels', 'allPositive')
export declare function allPositive(x: usize, n: i32): i32;
