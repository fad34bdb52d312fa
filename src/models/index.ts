/**
 * Models: what the `model` argument of curveFit may be, resolved to a program for the VM.
 *
 * - An expression string, 'a*exp(-b*x) + c': parsed by our own parser (no eval), differentiated
 *   symbolically, compiled to bytecode. Compiled programs are immutable and cached by source and
 *   variables, so thousands of fits of one model compile it once. Its names are then checked
 *   against the data's variables (name-checks.ts): a model that ignores the data, a built-in
 *   model inside an expression, a misspelt variable, or a reserved name is refused here.
 * - A built-in model's name, 'gaussian': a named expression with a guess of the start.
 * - A callback (callback.ts): evaluated in JS, chunk by chunk; parameters named by p0.
 */
import { FitError, describe } from '../errors.ts';
import { compileExpression, variablesRead, type CompiledProgram } from './expression/index.ts';
import { isCallbackModel, type CallbackModel } from './callback.ts';
import { builtinModel, builtinModelNames, type BuiltinModel } from './builtin/index.ts';
import { checkCompiledNames, checkNearMisses } from './name-checks.ts';
import { checkReservedNames } from './reserved-names.ts';

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

/** A compiled expression and the variables its source names (for the checks of name-checks.ts). */
interface Compiled {
  program: CompiledProgram;
  reads: string[];
}

const CACHE_LIMIT = 64;
const cache = new Map<string, Compiled>();

// The model of the last call, checked before the cache: many small fits of one model then skip
// building the key and the cache's re-insertion.
let last: { source: string; variables: string; compiled: Compiled } | undefined;

function compileCached(source: string, variables: string[]): Compiled {
  const names = variables.join(',');
  if (last && last.source === source && last.variables === names) return last.compiled;
  const key = `${names}\n${source}`;
  let compiled = cache.get(key);
  if (compiled) {
    cache.delete(key); // re-insert: the Map's order is the least-recently-used order
  } else {
    const program = compileExpression(source, { variables });
    compiled = { program, reads: variablesRead(source, variables) };
    // The checks that do not depend on p0, once per compiled model (a refused one is not cached).
    checkCompiledNames({ source, parameters: program.parameters, variables, reads: compiled.reads });
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  }
  cache.set(key, compiled);
  last = { source, variables: names, compiled };
  return compiled;
}

const IDENTIFIER = /^\s*[A-Za-z_][A-Za-z0-9_]*\s*$/;

/** An expression or a built-in model's name, compiled and its names checked against the data's variables. */
export interface ExpressionPlan {
  program: CompiledProgram;
  /** The variables the model reads: ['x'] for a built-in, else those its expression names. */
  reads: string[];
  builtin?: BuiltinModel;
}

/**
 * Compiles `model`, a built-in model's name or an expression in `variables`, and runs every
 * check on its names (name-checks.ts); `p0`, when it is an object, exempts the names it gives a
 * start from the near-miss check. Shared by resolveModel and compileModel, which have refused
 * reserved variable names, each naming them as its caller wrote them.
 */
export function planExpression(model: string, variables: string[], p0?: unknown): ExpressionPlan {
  const builtin = builtinModel(model.trim());
  if (builtin) {
    if (variables.length !== 1) {
      throw new FitError('INVALID_ARGUMENT', `model "${model}" is a built-in model of one variable x; expected x as one column, not named columns`);
    }
    return { program: compileCached(builtin.expression, ['x']).program, reads: ['x'], builtin };
  }
  // A lone name that is not a built-in is a misspelt built-in far more often than a constant model.
  if (IDENTIFIER.test(model) && !variables.includes(model.trim())) {
    throw new FitError('UNKNOWN_MODEL', `model "${model.trim()}" is not a built-in model; expected one of ${builtinModelNames.join(', ')}, or an expression such as 'a*exp(-b*x) + c'`);
  }
  const { program, reads } = compileCached(model, variables);
  checkNearMisses({ source: model, parameters: program.parameters, variables, reads }, p0);
  return { program, reads };
}

export function resolveModel(model: unknown, variables: string[], p0: unknown): ModelPlan {
  checkReservedNames(variables, 'x: the named column');
  if (typeof model === 'string') {
    const { program, builtin } = planExpression(model, variables, p0);
    if (builtin) return { label: `${builtin.name}: ${builtin.expression}`, names: program.parameters, program, guess: builtin.guess };
    return { label: model, names: program.parameters, program };
  }
  if (isCallbackModel(model)) {
    if (variables.length !== 1) {
      throw new FitError('INVALID_ARGUMENT', 'x has named columns, but callback models take x as one column; expected a Float64Array, Float32Array or number[]');
    }
    const names = callbackNames(p0);
    checkReservedNames(names, 'options.p0: the parameter');
    return { label: typeof model === 'function' ? 'callback (x, p) => number' : 'callback { evaluate }', names, callback: model };
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
