// The constants both sides of the WASM boundary agree on, for the TypeScript side: opcodes and
// operand forms (the expression compiler emits them), request and status codes, bound kinds,
// losses, scan codes and arena regions. assembly/abi.ts is the one source; this file is the one
// door to it from src/ (nothing else in src/ imports assembly/).
export * from '../../assembly/abi.ts';
