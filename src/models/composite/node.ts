// What a composite model is made of: a tree of plain data — built-in models by name with a prefix,
// expressions, sums and products — that model() wraps in a Model object, a model string of
// built-ins parses to, and a worker fit posts to its worker as it is (structured clone; a callback
// leaf is the one kind that cannot cross). The Model interface lives here, below models/index.ts,
// so that resolveModel can take one; model.ts implements it.
import type { CallbackModel } from '../callback.ts';

/** One node of a composite model's tree. Sums and products are flat: no sum holds a sum. */
export type ModelNode =
  | { kind: 'builtin'; name: string; prefix: string }
  | { kind: 'expression'; source: string; prefix: string; variables: string[] }
  | { kind: 'callback'; callback: CallbackModel; names: string[] | undefined; prefix: string }
  | { kind: 'sum'; terms: ModelNode[] }
  | { kind: 'product'; factors: ModelNode[] };

export type LeafNode = Extract<ModelNode, { kind: 'builtin' | 'expression' | 'callback' }>;

/**
 * The brand of a Model object: Symbol.for, so that a Model made by one copy of the library (a
 * second bundle, a worker) is still recognised by another.
 */
export const MODEL_NODE = Symbol.for('arenafit.model');

/**
 * A model as an object: a built-in model (optionally with a prefix on its parameter names), an
 * expression or a callback, and sums and products of them — lmfit's `GaussianModel(prefix='g1_')
 * + LinearModel()`. Made by {@link model}; curveFit, curveFitSync, an engine's curveFit and a
 * worker fitter take one wherever they take a model.
 *
 * @example
 * const peaks = model('gaussian', { prefix: 'g1_' }).plus(model('gaussian', { prefix: 'g2_' })).plus(model('linear'));
 * peaks.names;        // ['g1_A', 'g1_mu', 'g1_sigma', 'g2_A', 'g2_mu', 'g2_sigma', 'slope', 'intercept']
 * peaks.expression;   // 'g1_A*exp(-(x - g1_mu)^2/(2*g1_sigma^2)) + g2_A*exp(…) + slope*x + intercept'
 * curveFitSync(peaks, x, y).params.g2_mu;
 */
export interface Model {
  /** The parameter names, in order of first appearance in `expression`: the order of a fit's `names`. */
  readonly names: string[];
  /** The variables the model reads: ['x'] for built-ins, else those its expressions read. */
  readonly variables: string[];
  /**
   * The whole model as one arenafit expression — what the compiler gets, what a fit of it fits,
   * and what compileModel(m.expression) evaluates. '' for a callback.
   */
  readonly expression: string;
  /**
   * How reports name it: built-ins as `name` or `name:prefix` joined by ' + ' and ' * ' — for a
   * model of built-ins alone, a model string that curveFit accepts — expressions as written.
   */
  readonly label: string;
  /**
   * The model's value at every row, in a fresh Float64Array, as compileModel's evaluate: `params`
   * by name (every parameter) or an array in the order of `names`.
   */
  evaluate(
    x: Float64Array | Float32Array | ArrayLike<number> | Record<string, ArrayLike<number>>,
    params: Record<string, number> | ArrayLike<number>,
  ): Float64Array;
  /**
   * A start for the fit, estimated from the data, by name: what curveFit uses for the parameters
   * p0 leaves out. Parameters of expressions and callbacks are left out (they start at p0, or 1).
   * A sum of peaks and a baseline finds the peaks in the data (see composite/guess.ts).
   */
  guess(x: ArrayLike<number>, y: ArrayLike<number>): Record<string, number>;
  /**
   * The sum of this model and `other` (a Model, or a spec model() takes). The sum keeps one
   * constant offset: a linear or polynomial term's, else the first term's that has one.
   * Parameter names must be distinct: NAME_COLLISION otherwise.
   */
  plus(other: Model | string): Model;
  /** The product of this model and `other`, each with its own offset; names must be distinct. */
  times(other: Model | string): Model;
  /** @internal The tree, for resolveModel and the worker fitter. */
  readonly [MODEL_NODE]: ModelNode;
}

/** True for a Model made by model() (of this copy of the library or another). */
export function isModel(value: unknown): value is Model {
  return typeof value === 'object' && value !== null && MODEL_NODE in value;
}

/** Every leaf of a tree, left to right. */
export function leavesOf(node: ModelNode): LeafNode[] {
  if (node.kind === 'sum') return node.terms.flatMap(leavesOf);
  if (node.kind === 'product') return node.factors.flatMap(leavesOf);
  return [node];
}
