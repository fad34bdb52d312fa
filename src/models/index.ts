/**
 * Models: what the `model` argument of curveFit may be, resolved to a program for the VM.
 *
 * - An expression string, 'a*exp(-b*x) + c': parsed by our own parser (no eval), differentiated
 *   symbolically, compiled to bytecode. Compiled programs are immutable and cached by source and
 *   variables, so thousands of fits of one model compile it once. Its names are then checked
 *   against the data's variables (name-checks.ts): a model that ignores the data, a built-in
 *   model inside an expression, a misspelt variable, or a reserved name is refused here.
 * - A built-in model's name, 'gaussian': a named expression with a guess of the start.
 * - A model string of built-ins, 'gaussian:g1_ + gaussian:g2_ + linear' (composite/syntax.ts),
 *   or a Model object made by model() (composite/): a tree of built-ins, expressions, sums and
 *   products written out as one expression (composite/render.ts: prefixes, one offset per sum,
 *   distinct names) and compiled like any other, with a guess of the whole (composite/guess.ts).
 * - A callback (callback.ts): evaluated in JS, chunk by chunk; parameters named by p0.
 */
import { FitError, describe } from '../errors.ts';
import { compileExpression, variablesRead, type CompiledProgram } from './expression/index.ts';
import { isCallbackModel, type CallbackModel } from './callback.ts';
import { builtinModel, builtinModelNames, type BuiltinModel } from './builtin/index.ts';
import { checkCompiledNames, checkNearMisses } from './name-checks.ts';
import { checkReservedNames } from './reserved-names.ts';
import { guessModel } from './composite/guess.ts';
import { isModel, leavesOf, MODEL_NODE, type Model, type ModelNode } from './composite/node.ts';
import { renderModel, type Rendered } from './composite/render.ts';
import { parseModelString } from './composite/syntax.ts';

/**
 * What curveFit takes as a model: an expression ('a*exp(-b*x) + c'), a built-in model's name
 * ('gaussian'), a model string of built-ins, a {@link Model} made by model(), or a callback.
 *
 * A model string joins built-in names, each with an optional `:prefix` on its parameter names, by
 * `+` and `*` (tighter): 'gaussian:g1_ + gaussian:g2_ + linear' is lmfit's GaussianModel(prefix=
 * 'g1_') + GaussianModel(prefix='g2_') + LinearModel(), with the parameters g1_A, g1_mu,
 * g1_sigma, g2_A, g2_mu, g2_sigma, slope, intercept. A string is one only when every term is a
 * built-in's name, so an expression is never misread; a string with a ':' must be one
 * (SYNTAX_ERROR otherwise). A sum keeps one constant offset: its linear or polynomial term's, else
 * the first term's (the peaks' c are collinear); names that collide are NAME_COLLISION.
 *
 * @example curveFitSync('gaussian:g1_ + gaussian:g2_ + linear', x, y)   // no p0: the sum guesses its start
 */
export type ModelSpec = string | Model | CallbackModel;

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
  /** The model as one expression (undefined for a callback): what a result evaluates it by. */
  expression?: string;
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
  /** A model string of built-ins: its tree, written out. */
  composite?: { node: ModelNode; rendered: Rendered };
}

const composites = new Map<string, { node: ModelNode; rendered: Rendered } | null>();

/** The tree of a model string of built-ins, written out, or undefined for any other string (cached). */
function compositeOf(model: string): { node: ModelNode; rendered: Rendered } | undefined {
  let entry = composites.get(model);
  if (entry === undefined) {
    const node = parseModelString(model);
    entry = node ? { node, rendered: renderModel(node) } : null;
    if (composites.size >= CACHE_LIMIT) composites.delete(composites.keys().next().value as string);
    composites.set(model, entry);
  }
  return entry ?? undefined;
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
  const composite = compositeOf(model);
  if (composite) {
    if (variables.length !== 1) {
      throw new FitError('INVALID_ARGUMENT', `model "${model.trim()}" is made of built-in models, of one variable x; expected x as one column, not named columns`);
    }
    return { program: compileCached(composite.rendered.expression, ['x']).program, reads: ['x'], composite };
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
  if (isModel(model)) return planModel(model, variables, p0);
  if (typeof model === 'string') {
    const { program, builtin, composite } = planExpression(model, variables, p0);
    if (builtin) return { label: `${builtin.name}: ${builtin.expression}`, names: program.parameters, program, guess: builtin.guess, expression: builtin.expression };
    if (composite) {
      const { node, rendered } = composite;
      return { label: `${rendered.label}: ${rendered.expression}`, names: program.parameters, program, guess: (x, y) => guessModel(rendered, node, x, y), expression: rendered.expression };
    }
    return { label: model, names: program.parameters, program, expression: model };
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

/**
 * A Model object: its expression compiled against the data's variables, which must give the
 * Model's own names (a Model in x fitted to named columns would make x a parameter); a callback
 * Model is a callback with the Model's names, when it has them.
 */
function planModel(model: Model, variables: string[], p0: unknown): ModelPlan {
  const node = model[MODEL_NODE];
  if (node.kind === 'callback') {
    if (variables.length !== 1) {
      throw new FitError('INVALID_ARGUMENT', 'x has named columns, but callback models take x as one column; expected a Float64Array, Float32Array or number[]');
    }
    const names = model.names.length > 0 ? [...model.names] : callbackNames(p0);
    checkReservedNames(names, 'options.p0: the parameter');
    return { label: model.label, names, callback: node.callback };
  }
  // Built-ins alone are in x, whatever the one column is called (as a built-in's name is).
  const inX = variables.length === 1 && leavesOf(node).every((leaf) => leaf.kind === 'builtin');
  const missing = model.variables.filter((name) => !variables.includes(name));
  if (missing.length > 0 && !inX) {
    const expected = model.variables.length === 1 && model.variables[0] === 'x' ? 'x as one column' : `named columns { ${model.variables.join(', ')} }`;
    throw new FitError('INVALID_ARGUMENT', `model ${model.label} reads ${model.variables.join(', ')}, but the data's variables are ${variables.join(', ')}; expected ${expected}`);
  }
  const { program, reads } = compileCached(model.expression, inX ? ['x'] : variables);
  if (!inX) checkNearMisses({ source: model.expression, parameters: program.parameters, variables, reads }, p0);
  if (program.parameters.join(',') !== model.names.join(',')) {
    throw new FitError('INVALID_ARGUMENT', `model ${model.label} has the parameters ${model.names.join(', ')}, but on the data's variables (${variables.join(', ')}) its expression has ${program.parameters.join(', ')}; expected the variables the model was made with (${model.variables.join(', ')})`);
  }
  const label = model.label === model.expression ? model.label : `${model.label}: ${model.expression}`;
  const guess = hasGuess(node) ? (x: ArrayLike<number>, y: ArrayLike<number>) => model.guess(x, y) : undefined;
  return { label, names: program.parameters, program, guess, expression: model.expression };
}

/** True when some leaf is a built-in: a lone expression has nothing to guess. */
function hasGuess(node: ModelNode): boolean {
  if (node.kind === 'sum') return node.terms.some(hasGuess);
  if (node.kind === 'product') return node.factors.some(hasGuess);
  return node.kind === 'builtin';
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

export type { CompiledProgram, CallbackModel, Model };
