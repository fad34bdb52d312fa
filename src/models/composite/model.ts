/**
 * model(): composite models — lmfit's `GaussianModel(prefix='g1_') + GaussianModel(prefix='g2_')
 * + LinearModel()` as `model('gaussian', { prefix: 'g1_' }).plus(model('gaussian', { prefix:
 * 'g2_' })).plus(model('linear'))`, or as the model string 'gaussian:g1_ + gaussian:g2_ + linear'.
 *
 * A Model is a tree of plain data (node.ts) with its expression written out (render.ts: prefixes,
 * one offset per sum, distinct names), compiled by compileModel — the same compiler and checks as
 * a fit's — and a guess of the whole (guess.ts). curveFit takes one wherever it takes a model
 * (models/index.ts resolves it by its expression); a worker fit posts its tree, which the worker
 * makes into a Model again (modelFromNode).
 */
import { FitError, describe, readArgument } from '../../errors.ts';
import { builtinModel, builtinModelNames } from '../builtin/index.ts';
import { isCallbackModel, type CallbackModel } from '../callback.ts';
import { compileModel } from '../compile-model.ts';
import { checkVariables } from '../expression/index.ts';
import { checkReservedNames } from '../reserved-names.ts';
import { guessModel } from './guess.ts';
import { isModel, leavesOf, MODEL_NODE, type Model, type ModelNode } from './node.ts';
import { renderModel } from './render.ts';
import { parseModelString } from './syntax.ts';
import { checkArrays } from '../../sources/rows.ts';

/** Options of {@link model}. */
export interface ModelOptions {
  /**
   * Put in front of every parameter name, so that two models of one kind can be added:
   * model('gaussian', { prefix: 'g1_' }) has the parameters g1_A, g1_mu, g1_sigma, g1_c.
   * Letters, digits and _, not starting with a digit. Default '' (the names as they are). On a
   * Model or a model string it goes in front of every term's own prefix.
   */
  prefix?: string;
  /** The variables of an expression, as compileModel's; default ['x']. Built-ins are in x. */
  variables?: readonly string[];
  /** A callback's parameter names; default: named by options.p0 at the fit, as a callback is. */
  names?: readonly string[];
}

const PREFIX = /^([A-Za-z_][A-Za-z0-9_]*)?$/;
const IDENTIFIER = /^\s*[A-Za-z_][A-Za-z0-9_]*\s*$/;

/**
 * A model as an object, to add and multiply: a built-in model's name, an expression, a model
 * string of built-ins, a callback, or a Model. Prefixes keep names apart; a sum keeps one
 * constant offset (a linear or polynomial term's, else the first term's: model('gaussian',
 * { prefix: 'g1_' }).plus(model('gaussian', { prefix: 'g2_' })) has g1_c and no g2_c); two terms
 * that name a parameter alike are NAME_COLLISION. Making one compiles it: ~0.1 ms for a few terms.
 *
 * @example
 * const peaks = model('gaussian', { prefix: 'g1_' }).plus(model('gaussian', { prefix: 'g2_' })).plus(model('linear'));
 * const r = curveFitSync(peaks, x, y);              // no p0: peaks.guess(x, y) finds both peaks
 * r.params.g1_mu; r.params.slope;
 * model('gaussian:g1_ + gaussian:g2_ + linear').names;   // the same model, from a model string
 * model('a*exp(-b*x)', { prefix: 'e_' }).names;          // ['e_a', 'e_b']
 */
export function model(spec: string | Model | CallbackModel, options?: ModelOptions): Model {
  return readArgument('an argument of model', () => {
    const { prefix, variables, names } = readOptions(options);
    return modelFromNode(nodeOf(spec, prefix, variables, names));
  });
}

/** A Model of a tree: a worker's copy of the caller's Model (the tree is plain data), and model()'s own. */
export function modelFromNode(node: ModelNode): Model {
  const rendered = renderModel(node);
  const callback = node.kind === 'callback' ? node : undefined;
  const variables = declaredVariables(node);
  const compiled = callback ? undefined : compileModel(rendered.expression, { variables });
  const made: Model = {
    names: compiled ? [...compiled.names] : rendered.names,
    variables: compiled ? [...compiled.variables] : ['x'],
    expression: rendered.expression,
    label: rendered.label,
    evaluate: (x, params) => (compiled ? compiled.evaluate(x, params) : evaluateCallback(callback!.callback, rendered.names, x, params)),
    guess: (x, y) => readArgument('an argument of guess', () => {
      checkArrays(x, y, undefined); // x and y as a fit takes them: x[i] is y[i]'s
      return guessModel(rendered, node, x, y);
    }),
    plus: (other) => combine('sum', node, other),
    times: (other) => combine('product', node, other),
    [MODEL_NODE]: node,
  };
  return Object.freeze(made);
}

function combine(kind: 'sum' | 'product', node: ModelNode, other: unknown): Model {
  return readArgument(`the argument of ${kind === 'sum' ? 'plus' : 'times'}`, () => {
    const right = nodeOf(other, '', undefined, undefined);
    if (kind === 'sum') {
      const terms = (n: ModelNode) => (n.kind === 'sum' ? n.terms : [n]);
      return modelFromNode({ kind: 'sum', terms: [...terms(node), ...terms(right)] });
    }
    const factors = (n: ModelNode) => (n.kind === 'product' ? n.factors : [n]);
    return modelFromNode({ kind: 'product', factors: [...factors(node), ...factors(right)] });
  });
}

/** The tree of a spec, with `prefix` in front of every leaf's own. */
function nodeOf(spec: unknown, prefix: string, variables: string[] | undefined, names: string[] | undefined): ModelNode {
  if (names !== undefined && !isCallbackModel(spec)) {
    throw new FitError('INVALID_OPTION', `options.names is given for ${describe(spec)}; expected names only for a callback model (an expression's parameters are its own names)`);
  }
  if (isModel(spec)) {
    if (variables !== undefined) throw new FitError('INVALID_OPTION', 'options.variables is given for a Model, which has its variables; expected prefix only');
    return withPrefix(spec[MODEL_NODE], prefix);
  }
  if (typeof spec === 'string') {
    const builtin = builtinModel(spec.trim());
    const tree = builtin ? undefined : parseModelString(spec);
    if ((builtin || tree) && variables !== undefined && !(variables.length === 1 && variables[0] === 'x')) {
      throw new FitError('INVALID_OPTION', `options.variables is ${JSON.stringify(variables)}; the built-in model ${builtin?.name ?? spec.trim()} is in x: expected ["x"] or no variables`);
    }
    if (builtin) return { kind: 'builtin', name: builtin.name, prefix };
    if (tree) return withPrefix(tree, prefix);
    if (IDENTIFIER.test(spec)) {
      throw new FitError('UNKNOWN_MODEL', `model "${spec.trim()}" is not a built-in model; expected one of ${builtinModelNames.join(', ')}, or an expression such as 'a*exp(-b*x) + c'`);
    }
    return { kind: 'expression', source: spec, prefix, variables: variables ?? ['x'] };
  }
  if (isCallbackModel(spec)) {
    if (prefix && names === undefined) throw new FitError('INVALID_OPTION', 'options.prefix is given for a callback without options.names; expected names to put the prefix on');
    return { kind: 'callback', callback: spec, names, prefix };
  }
  throw new FitError('INVALID_ARGUMENT', `model is ${describe(spec)}; expected a built-in model's name, an expression such as 'a*exp(-b*x) + c', a model string such as 'gaussian:g1_ + linear', a Model or a callback`);
}

function withPrefix(node: ModelNode, prefix: string): ModelNode {
  if (!prefix) return node;
  if (node.kind === 'sum') return { kind: 'sum', terms: node.terms.map((term) => withPrefix(term, prefix)) };
  if (node.kind === 'product') return { kind: 'product', factors: node.factors.map((factor) => withPrefix(factor, prefix)) };
  return { ...node, prefix: prefix + node.prefix };
}

/** Every variable a leaf may read, in order: x for built-ins and callbacks. */
function declaredVariables(node: ModelNode): string[] {
  return [...new Set(leavesOf(node).flatMap((leaf) => (leaf.kind === 'expression' ? leaf.variables : ['x'])))];
}

function readOptions(options: unknown): { prefix: string; variables?: string[]; names?: string[] } {
  if (options === undefined || options === null) return { prefix: '' };
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw new FitError('INVALID_ARGUMENT', `options is ${describe(options)}; expected an object such as { prefix: 'g1_' }`);
  }
  for (const key of Object.keys(options)) {
    if (key !== 'prefix' && key !== 'variables' && key !== 'names') throw new FitError('INVALID_OPTION', `options.${key} is not an option of model; expected prefix, variables or names`);
  }
  const { prefix = '', variables, names } = options as ModelOptions;
  if (typeof prefix !== 'string' || !PREFIX.test(prefix)) {
    throw new FitError('INVALID_OPTION', `options.prefix is ${describe(prefix)}; expected letters, digits and _ that do not start with a digit, such as 'g1_'`);
  }
  let checked: string[] | undefined;
  if (variables !== undefined) {
    if (Array.isArray(variables) && variables.length === 0) throw new FitError('INVALID_OPTION', "options.variables is an empty array; expected names such as ['x']");
    checked = checkVariables(variables, 'options.variables');
    checkReservedNames(checked, 'options.variables: the variable');
  }
  let named: string[] | undefined;
  if (names !== undefined) {
    named = checkVariables(names, 'options.names');
    checkReservedNames(named, 'options.names: the parameter');
  }
  return { prefix, variables: checked, names: named };
}

/** A callback Model's value at x (one column), params by name (when it has names) or in order. */
function evaluateCallback(callback: CallbackModel, names: string[], x: unknown, params: unknown): Float64Array {
  return readArgument('an argument of evaluate', () => {
    if (!Array.isArray(x) && !ArrayBuffer.isView(x)) throw new FitError('INVALID_ARGUMENT', `x is ${describe(x)}; a callback model takes x as one column`);
    const xs = Float64Array.from(x as ArrayLike<number>);
    let p: Float64Array;
    if (Array.isArray(params) || ArrayBuffer.isView(params)) p = Float64Array.from(params as ArrayLike<number>);
    else if (params !== null && typeof params === 'object' && names.length > 0) p = Float64Array.from(names, (name) => Number((params as Record<string, unknown>)[name]));
    else throw new FitError('INVALID_ARGUMENT', `params is ${describe(params)}; expected an array${names.length > 0 ? ` or an object by name (${names.join(', ')})` : ' (this callback model has no names)'}`);
    const out = new Float64Array(xs.length);
    if (typeof callback === 'function') for (let i = 0; i < xs.length; i++) out[i] = callback(xs[i], p.slice());
    else callback.evaluate(xs, p.slice(), out);
    return out;
  });
}
