// compileExpression: model source → bytecode for the value and every ∂f/∂θⱼ. The pipeline is
// tokenize → parse (names resolved) → lower to a hash-consed DAG → differentiate (the whole
// gradient in one reverse sweep) → emit. Every stage is linear in the expression's size, which
// limits.ts caps before the work starts.
import { FitError, describe } from '../../errors.ts';
import { gradient } from './differentiate.ts';
import { emit } from './emit.ts';
import { Graph } from './graph.ts';
import { checkModelSize, MAX_SOURCE_LENGTH } from './limits.ts';
import { lower } from './lower.ts';
import { CONSTANTS, FUNCTIONS, parse } from './parse.ts';

/** A model compiled to the bytecode of assembly/abi.ts. */
export interface CompiledProgram {
  source: string;
  parameters: string[]; // identifiers that are not variables/functions/constants, order of first appearance
  variables: string[]; // the variable names the program reads, as given in options (default ['x'])
  nScalars: number; // total scalar slots = P + constants.length + scalar temporaries
  constants: Float64Array; // initial values of scalar slots [P, P + constants.length)
  nRegisters: number; // vector registers needed (vector slots [nVariables, nVariables + nRegisters))
  prologue: Int32Array; // FORM_SS instructions only: run once per pass after θ is written
  body: Int32Array; // per-block instructions computing the value and all ∂f/∂θⱼ
  outputs: Int32Array; // length 1 + P: [value, ∂f/∂θ₀, ..., ∂f/∂θ_{P−1}], operand-encoded
  valueBody: Int32Array; // per-block instructions computing the value only
  valueOutputs: Int32Array; // length 1: the value operand for valueBody
}

export interface CompileOptions {
  /** The names that take one value per row; every other free name is a parameter. Default ['x']. */
  variables?: readonly string[];
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The variables option checked: an array of distinct names of letters, digits and _, none of them
 * a function or a constant. `label` names the option in messages, as its caller's user wrote it
 * (compileModel's 'options.variables').
 */
export function checkVariables(variables: unknown, label: string): string[] {
  const invalid = (message: string) => new FitError('INVALID_OPTION', `${label}${message}`);
  if (!Array.isArray(variables)) throw invalid(` is ${describe(variables)}; expected an array of names, such as ['x'] or ['x1', 'x2']`);
  variables.forEach((name: unknown, i) => {
    if (typeof name !== 'string' || !IDENTIFIER.test(name)) {
      throw invalid(`[${i}] is ${describe(name)}; expected a name of letters, digits and _ that does not start with a digit`);
    }
    if ((FUNCTIONS as readonly string[]).includes(name) || CONSTANTS.has(name)) {
      throw invalid(`[${i}] is "${name}", the name of a function or constant of the expression language; expected another name`);
    }
    if (variables.indexOf(name) !== i) throw invalid(` names "${name}" twice; expected distinct names`);
  });
  return [...variables];
}

function compile(source: string, variables: string[]): CompiledProgram {
  const { ast, parameters } = parse(source, variables);
  if (parameters.length === 0) {
    throw new FitError(
      'NO_PARAMETERS',
      `model: ${JSON.stringify(source)} has no parameters to fit: every name in it is a variable ` +
        `(${variables.join(', ') || 'none'}), a function or a constant (pi, e)`,
    );
  }
  const g = new Graph();
  const value = lower(g, ast);
  return { source, parameters, variables, ...emit(g, value, gradient(g, value, parameters.length), parameters.length, variables.length) };
}

/**
 * Compiles a model expression to bytecode for its value and its exact derivatives; every name
 * that is not a variable (default `x`), a function or `pi`/`e` is a parameter, in order of first
 * appearance. It takes ~70 µs for NIST's 8-parameter Gauss2 and ~100 ms for 8,000 parameters
 * (linear in the size), so cache programs per source. A source over 1,000,000 characters or
 * 250,000 tokens is refused with MODEL_TOO_LARGE before any parsing (limits.ts).
 *
 * @example compileExpression('a*exp(-b*x) + c').parameters // ['a', 'b', 'c']
 */
export function compileExpression(source: string, options: CompileOptions = {}): CompiledProgram {
  if (typeof source !== 'string') {
    throw new FitError('INVALID_ARGUMENT', `model: expected a string expression such as "a*exp(-b*x) + c" but got ${describe(source)}`);
  }
  checkModelSize(source.length, MAX_SOURCE_LENGTH, 'characters');
  // Messages here start with what they are about ("model: "). The variables are not always an
  // option the user wrote (a fit's are the names of its x columns), so they are "variables".
  const variables = checkVariables(options?.variables === undefined ? ['x'] : options.variables, 'variables: variables');
  try {
    return compile(source, variables);
  } catch (error) {
    // Only the parser recurses, once per level of nesting, and MAX_NESTING keeps that shallow;
    // this is the backstop for an engine whose call stack is smaller still.
    if (!(error instanceof RangeError)) throw error;
    throw new FitError(
      'INVALID_ARGUMENT',
      `model: expected an expression nested less deeply, but got one too deep for this engine's call stack ` +
        `to compile (${source.length} characters)`,
      { cause: error },
    );
  }
}
