/**
 * Linear error propagation through the covariance, the delta method: a function g(θ) of the
 * parameters has variance ∇gᵀ·C·∇g to first order. What derive, band and the tied parameters'
 * errors and covariance rows share.
 *
 * Gradients of expressions in the parameters are symbolic: the expression compiler's
 * (models/expression/), run by its JavaScript reference evaluator on one row.
 *
 * A parameter the data do not determine has NaN in its row and column of C. A gradient entry
 * that is exactly 0 takes no part in the sum, so a quantity that does not depend on such a
 * parameter keeps a finite error; one that does is NaN.
 */
import { FitError, describe } from '../errors.ts';
import { compileExpression, evaluateProgram } from '../models/expression/index.ts';

/** Σⱼₖ aⱼ·C[j,k]·bₖ over the entries where aⱼ and bₖ are not 0; C is P×P row-major. */
export function bilinear(a: ArrayLike<number>, covariance: ArrayLike<number>, b: ArrayLike<number>): number {
  const P = a.length;
  let sum = 0;
  for (let j = 0; j < P; j++) {
    if (a[j] === 0) continue;
    let row = 0;
    for (let k = 0; k < P; k++) if (b[k] !== 0) row += covariance[j * P + k] * b[k];
    sum += a[j] * row;
  }
  return sum;
}

/** A function of the parameters at the best fit: its value and its gradient over `names`. */
export interface Linearized {
  value: number;
  gradient: Float64Array;
}

/**
 * Compiles `expression` in the parameters `names` (no variables) and evaluates it and its exact
 * gradient at `values`. `label` starts every message: how the caller's user wrote the call.
 */
export function linearize(expression: string, names: readonly string[], values: ArrayLike<number>, label: string, variables: readonly string[] = []): Linearized {
  let program;
  try {
    program = compileExpression(expression, { variables: [] });
  } catch (error) {
    if (!(error instanceof FitError)) throw error;
    // A constant (a tie '0.3', a derive('2*pi')): its value, and no gradient. The compiler wants a
    // parameter; one that multiplies 0 cannot clash, the expression naming none.
    if (error.code === 'NO_PARAMETERS') return { value: constant(expression), gradient: new Float64Array(names.length) };
    throw new FitError(error.code, error.message.replace(/^model: /, `${label}: `));
  }
  const index = program.parameters.map((name) => names.indexOf(name));
  const missing = index.indexOf(-1);
  if (missing >= 0) {
    const name = program.parameters[missing];
    const variable = variables.includes(name) ? ` (${name} is the data's variable: this takes functions of the parameters alone)` : '';
    throw new FitError('UNKNOWN_PARAMETER', `${label} names "${name}", which is not a parameter of this fit${variable}; its parameters are ${names.join(', ')}`);
  }
  const theta = index.map((j) => values[j]);
  const { value, gradient } = evaluateProgram(program, theta, [], 1, true);
  const full = new Float64Array(names.length);
  index.forEach((j, a) => (full[j] += gradient[a][0]));
  return { value: value[0], gradient: full };
}

function constant(expression: string): number {
  const program = compileExpression(`(${expression}) + 0*zero`, { variables: [] });
  return evaluateProgram(program, [0], [], 1).value[0];
}

/** Checks an expression argument: a non-empty string. */
export function expressionArgument(expression: unknown, label: string, example: string): string {
  if (typeof expression !== 'string' || expression.trim() === '') {
    throw new FitError('INVALID_ARGUMENT', `${label} is ${describe(expression)}; expected an expression in the fit's parameters, such as '${example}'`);
  }
  return expression;
}
