/**
 * The model of a fit result, to evaluate at new x: its value, and its gradient in the
 * parameters for a band.
 *
 * - An expression: compiled again from its source (compileModel, the same compiler and checks as
 *   the fit's, evaluated by the JavaScript reference evaluator the VM is tested against); the
 *   gradient is the compiler's symbolic one.
 * - A callback: called as the fit called it (models/callback.ts, fresh copies of x and θ, every
 *   fault CALLBACK_ERROR); the gradient is its `jacobian` if it has one, else central
 *   differences with the fit's steps, h = ε^⅓·max(|θ|, ε^¼·|θ|).
 */
import { FitError, describe, readArgument } from '../errors.ts';
import { CallbackEvaluator, type CallbackModel } from '../models/callback.ts';
import { compileModel, type CompiledModel } from '../models/compile-model.ts';
import { compileExpression, evaluateProgram, type CompiledProgram } from '../models/expression/index.ts';
import type { ResultX } from './fit-result.ts';

export interface FittedModel {
  /** The model's parameters, the order of θ below. */
  readonly parameters: readonly string[];
  /** f(x; θ). */
  value(x: ResultX, theta: Float64Array): Float64Array;
  /** f(x; θ) and ∂f/∂θⱼ for j in `which` (indices into parameters), one array each. */
  gradient(x: ResultX, theta: Float64Array, which: number[]): { value: Float64Array; columns: Float64Array[] };
}

/** The model of an expression in `variables`. */
export function expressionModel(expression: string, variables: string[]): FittedModel {
  const compiled: CompiledModel = compileModel(expression, { variables });
  let program: CompiledProgram | undefined;
  return {
    parameters: compiled.names,
    value: (x, theta) => compiled.evaluate(x, theta),
    gradient(x, theta, which) {
      const value = compiled.evaluate(x, theta); // checks x as compileModel does
      program ??= compileExpression(expression, { variables: compiled.variables });
      const columns = compiled.variables.length === 1 && (Array.isArray(x) || ArrayBuffer.isView(x))
        ? [x as ArrayLike<number>]
        : compiled.variables.map((name) => (x as Record<string, ArrayLike<number>>)[name]);
      const { gradient } = evaluateProgram(program, theta, columns, value.length, true);
      return { value, columns: which.map((j) => gradient[j]) };
    },
  };
}

/** The model of a callback whose parameters are `names`. */
export function callbackModel(callback: CallbackModel, names: string[]): FittedModel {
  const run = (x: ResultX, theta: Float64Array, which: number[]) => {
    const xs = readArgument('x', () => oneColumn(x));
    const n = xs.length;
    const bounds = names.map(() => ({ lo: -Infinity, hi: Infinity }));
    const evaluator = new CallbackEvaluator(callback, names.length, which, true, n, bounds, theta);
    const targets = Array.from({ length: 1 + which.length }, () => new Float64Array(n));
    if (n > 0) evaluator.evaluate(xs, n, theta, targets);
    return { value: targets[0], columns: targets.slice(1) };
  };
  return {
    parameters: names,
    value: (x, theta) => run(x, theta, []).value,
    gradient: run,
  };
}

// A callback takes x as one column of numbers.
function oneColumn(x: unknown): Float64Array {
  if (!Array.isArray(x) && !(ArrayBuffer.isView(x) && !(x instanceof DataView))) {
    throw new FitError('INVALID_ARGUMENT', `x is ${describe(x)}; a callback model takes x as one column: expected a Float64Array, Float32Array or number[]`);
  }
  const column = x as ArrayLike<unknown>;
  for (let i = 0; i < column.length; i++) {
    if (typeof column[i] !== 'number') throw new FitError('INVALID_ARGUMENT', `x[${i}] is ${describe(column[i])}; expected a number`);
  }
  return Float64Array.from(column as ArrayLike<number>);
}
