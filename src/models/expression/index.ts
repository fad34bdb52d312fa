// Expression models: a formula such as "a*exp(-b*x) + c" compiled to bytecode that computes the
// model and its exact (symbolic) derivatives, for the WASM VM (assembly/vm/) or in JavaScript.
export { checkVariables, compileExpression, type CompiledProgram, type CompileOptions } from './compile.ts';
export { evaluateProgram, type Evaluation } from './evaluate.ts';
export { variablesRead } from './reads.ts';
