/**
 * Models: what the `model` argument of curveFit may be, resolved to a program for the VM.
 *
 * - An expression string, 'a*exp(-b*x) + c': parsed by our own parser (no eval), differentiated
 *   symbolically, compiled to bytecode. Compiled programs are immutable and cached by source and
 *   variables, so thousands of fits of one model compile it once.
 * - A built-in model's name, 'gaussian': a named expression with a guess of the start.
 * - A callback (callback.ts): evaluated in JS, chunk by chunk; parameters named by p0.
 */
import { FitError, describe } from '../errors.ts';
import { compileExpression, type CompiledProgram } from './expression/index.ts';
import { isCallbackModel, type CallbackModel } from './callback.ts';
import { builtinModel, builtinModelNames } from './builtin/index.ts';

/** What curveFit takes as a model: an expression, a built-in model's name, or a callback. */
export type Model = string | CallbackModel;

export interface ModelPlan {
  /** How the report names the model. */
  label: string;
  /** Parameter names, in order. */
  names: string[];
  /** The compiled expression; absent for a callback (the driver builds its program). */
  program?: CompiledProgram;
  callback?: CallbackModel;
  /** Estimates a start from the data (built-in models). */
  guess?: (x: ArrayLike<number>, y: ArrayLike<number>) => Record<string, number>;
}

const CACHE_LIMIT = 64;
const cache = new Map<string, CompiledProgram>();

// The model of the last call, checked before the cache: many small fits of one model then skip
// building the key and the cache's re-insertion.
let last: { source: string; variables: string; program: CompiledProgram } | undefined;

function compileCached(source: string, variables: string[]): CompiledProgram {
  const names = variables.join(',');
  if (last && last.source === source && last.variables === names) return last.program;
  const key = `${names}\n${source}`;
  let program = cache.get(key);
  if (program) {
    cache.delete(key); // re-insert: the Map's order is the least-recently-used order
  } else {
    program = compileExpression(source, { variables });
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  }
  cache.set(key, program);
  last = { source, variables: names, program };
  return program;
}

const IDENTIFIER = /^\s*[A-Za-z_][A-Za-z0-9_]*\s*$/;

export function resolveModel(model: unknown, variables: string[], p0: unknown): ModelPlan {
  if (typeof model === 'string') {
    const builtin = builtinModel(model.trim());
    if (builtin) {
      if (variables.length !== 1) {
        throw new FitError('INVALID_ARGUMENT', `model "${model}" is a built-in model of one variable x; expected x as one column, not named columns`);
      }
      const program = compileCached(builtin.expression, ['x']);
      return { label: `${builtin.name}: ${builtin.expression}`, names: program.parameters, program, guess: builtin.guess };
    }
    // A lone name that is not a built-in is a misspelt built-in far more often than a constant model.
    if (IDENTIFIER.test(model) && !variables.includes(model.trim())) {
      throw new FitError('UNKNOWN_MODEL', `model "${model.trim()}" is not a built-in model; expected one of ${builtinModelNames.join(', ')}, or an expression such as 'a*exp(-b*x) + c'`);
    }
    const program = compileCached(model, variables);
    return { label: model, names: program.parameters, program };
  }
  if (isCallbackModel(model)) {
    if (variables.length !== 1) {
      throw new FitError('INVALID_ARGUMENT', 'x has named columns, but callback models take x as one column; expected a Float64Array, Float32Array or number[]');
    }
    return { label: typeof model === 'function' ? 'callback (x, p) => number' : 'callback { evaluate }', names: callbackNames(p0), callback: model };
  }
  throw new FitError('INVALID_ARGUMENT', `model is ${describe(model)}; expected an expression such as 'a*exp(-b*x) + c', a built-in model name, or a callback (x, p) => number`);
}

// A callback's parameters are named by p0: its keys, or p0, p1, … for an array.
function callbackNames(p0: unknown): string[] {
  if (Array.isArray(p0) || ArrayBuffer.isView(p0)) return Array.from({ length: (p0 as ArrayLike<number>).length }, (_, j) => `p${j}`);
  if (p0 !== null && typeof p0 === 'object' && Object.keys(p0).length > 0) return Object.keys(p0);
  throw new FitError('INVALID_OPTION', `options.p0 is ${describe(p0)}; a callback model needs p0 (an object by name, or an array) to know its parameters`);
}

/**
 * The program of a callback model: no instructions; its value and the derivatives of the free
 * parameters are window columns 0, 1, … that the host fills in JS (callback.ts).
 */
export function callbackProgram(names: string[], free: number[]): CompiledProgram {
  const outputs = new Int32Array(1 + names.length).fill(-1);
  outputs[0] = 0;
  free.forEach((j, k) => (outputs[1 + j] = 1 + k));
  const empty = new Int32Array(0);
  return {
    source: '',
    parameters: names,
    variables: ['value', ...free.map((j) => `d${names[j]}`)],
    nScalars: names.length,
    constants: new Float64Array(0),
    nRegisters: 0,
    prologue: empty,
    body: empty,
    outputs,
    valueBody: empty,
    valueOutputs: Int32Array.of(0),
  };
}

export type { CompiledProgram, CallbackModel };
