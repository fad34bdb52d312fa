/**
 * Models: what the `model` argument of curveFit may be, resolved to a compiled program.
 *
 * Today: an expression string such as 'a*exp(-b*x) + c', parsed by our own parser (no eval),
 * differentiated symbolically and compiled to the bytecode the WASM VM runs. Compiled programs
 * are immutable and cached by source, so thousands of fits of one model compile it once.
 */
import { FitError, describe } from '../errors.ts';
import { compileExpression, type CompiledProgram } from './expression/index.ts';

const CACHE_LIMIT = 64;
const cache = new Map<string, CompiledProgram>();

export function resolveModel(model: unknown): CompiledProgram {
  if (typeof model !== 'string') {
    throw new FitError('INVALID_ARGUMENT', `model is ${describe(model)}; expected an expression string such as 'a*exp(-b*x) + c'`);
  }
  let program = cache.get(model);
  if (program) {
    cache.delete(model); // re-insert: the Map's order is the least-recently-used order
  } else {
    program = compileExpression(model);
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  }
  cache.set(model, program);
  return program;
}

export type { CompiledProgram };
