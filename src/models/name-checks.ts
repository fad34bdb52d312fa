// The names of an expression model checked against the data, before a fit. In an expression
// every name that is not a variable is a parameter, so a misspelt variable does not fail to
// compile: it becomes one more parameter, and the fit runs on a model that is not the one meant.
// These checks turn the common cases into errors:
//
//   - a name every object has (reserved-names.ts)                               RESERVED_NAME
//   - a built-in model's name used as a parameter, 'gaussian + linear'         UNKNOWN_VARIABLE
//   - a model that names none of the data's variables, 'a*exp(-b*t) + c'
//     on x (lmfit's ExpressionModel refuses the same: "No independent
//     variable found in …", lmfit/models.py)                                   MODEL_IGNORES_DATA
//   - with two or more variables, a parameter that looks like a variable the
//     model leaves unused: 'a*x1 + b*x3' on x1, x2                             UNKNOWN_VARIABLE
//
// The last is kept narrow, since parameters are often named after variables (x0, xc, b2 beside
// x2): it takes only a case variant (X2), the same stem with other digits (x3; not x0, the usual
// name of a centre or an origin), or a one-letter typo in a stem of three or more letters with
// the same digits (tme, tmp for time, temp); and never a name that options.p0 gives a start.
// The same test picks the "did you mean" of a model that ignores the data (X for x, tme for time).
import { FitError, describe } from '../errors.ts';
import { builtinModel } from './builtin/index.ts';
import { checkReservedNames } from './reserved-names.ts';

/** The model's names and the data's variables, as the checks need them. */
export interface ModelNames {
  /** The expression, for messages. */
  source: string;
  /** Its parameters: every name that is not a variable, a function or a constant. */
  parameters: readonly string[];
  /** The data's variables. */
  variables: readonly string[];
  /** The variables the expression names (expression/reads.ts). */
  reads: readonly string[];
}

/** Throws the first failed check on an expression model's names; see the file's header. */
/** The checks that depend on the model and the variables alone: run once when it is compiled. */
export function checkCompiledNames(model: ModelNames): void {
  checkReservedNames(model.parameters, 'model: the parameter');
  checkBuiltinNames(model);
  if (model.reads.length === 0) throw ignoresData(model);
}

function checkBuiltinNames({ source, parameters }: ModelNames): void {
  const builtins = parameters.filter((name) => builtinModel(name) !== undefined);
  if (builtins.length === 0) return;
  const { name, expression } = builtinModel(builtins[0])!;
  const [s, as] = builtins.length > 1 ? ['s', 'parameters'] : ['', 'a parameter'];
  throw new FitError(
    'UNKNOWN_VARIABLE',
    `model: ${describe(source)} uses the built-in model name${s} ${list(builtins)} as ${as}; ` +
      `built-in models cannot be combined inside an expression. Expected a built-in model's name alone, such as ` +
      `'${name}', or an expression that writes it out (${name} is ${expression}) with other names for its parameters`,
  );
}

function ignoresData({ source, parameters, variables }: ModelNames): FitError {
  const hints = parameters.flatMap((name) => variables.filter((v) => mistakenFor(name, v)).map((v) => `"${v}" for "${name}"`));
  return new FitError(
    'MODEL_IGNORES_DATA',
    `model: ${describe(source)} names none of the data's variables (${list(variables)}), so all its names ` +
      `(${list(parameters)}) would be parameters and the fit would ignore the data; expected a model in ` +
      `${variables.length === 1 ? variables[0] : `at least one of ${list(variables)}`}` +
      (hints.length > 0 ? `; did you mean ${hints.join(', ')}?` : '') +
      (variables.length === 1 && variables[0] === 'x' ? ' (x as one column is the variable x; named columns, such as { t: [...] }, give other names)' : ''),
  );
}

export function checkNearMisses({ source, parameters, variables, reads }: ModelNames, p0: unknown): void {
  const unused = variables.filter((v) => !reads.includes(v));
  if (variables.length < 2 || unused.length === 0) return;
  // Arrays are left out: "length" is an own key of every one.
  const started = (name: string) => p0 !== null && typeof p0 === 'object' && !Array.isArray(p0) && Object.hasOwn(p0, name);
  for (const name of parameters) {
    const near = unused.filter((v) => mistakenFor(name, v));
    if (near.length === 0 || started(name)) continue;
    throw new FitError(
      'UNKNOWN_VARIABLE',
      `model: ${describe(source)} names "${name}", not one of the data's variables (${list(variables)}), so it would be ` +
        `fitted as a parameter while the model leaves ${list(near)} unused; did you mean ${near.map((v) => `"${v}"`).join(' or ')}? ` +
        `Expected a variable's name, or, if "${name}" is a parameter, a start for it in options.p0`,
    );
  }
}

/** True when `name` looks like a slip for `variable`: see the file's header. */
function mistakenFor(name: string, variable: string): boolean {
  const a = name.toLowerCase();
  const b = variable.toLowerCase();
  if (a === b) return true;
  const [stemA, digitsA] = split(a);
  const [stemB, digitsB] = split(b);
  if (stemA === stemB) return digitsA !== '' && digitsB !== '' && !/^0+$/.test(digitsA);
  return digitsA === digitsB && Math.min(stemA.length, stemB.length) >= 3 && withinOneEdit(stemA, stemB);
}

/** A name's stem and trailing digits: 'x12' → ['x', '12']. */
function split(name: string): [string, string] {
  const match = /^(.*?)(\d*)$/.exec(name)!;
  return [match[1], match[2]];
}

/**
 * True when one substitution, insertion, deletion or swap of neighbours turns a into b (the
 * optimal-string-alignment distance is at most 1), in O(length).
 */
function withinOneEdit(a: string, b: string): boolean {
  if (a.length > b.length) [a, b] = [b, a];
  if (b.length - a.length > 1) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  if (a.length < b.length) return a.slice(i) === b.slice(i + 1);
  if (a.slice(i + 1) === b.slice(i + 1)) return true;
  return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
}

/** Names for a message: all of a short list, the first dozen of a long one. */
function list(names: readonly string[]): string {
  const LONGEST = 12;
  if (names.length <= LONGEST) return names.join(', ');
  return `${names.slice(0, LONGEST).join(', ')}, … (${names.length} in all)`;
}
