/**
 * Constraints: parameters tied to expressions in the others, `{ g2_sigma: 'g1_sigma' }`
 * (options.constraints; lmfit's Parameter `expr`).
 *
 * A tied parameter is not a parameter of the fit at all: its expression, in parentheses, takes
 * its place in the model's source — name token by name token, never inside another name — before
 * the model is compiled, so the compiler differentiates the model with the tie written in and
 * the Jacobian of the parameters left is exact by the chain rule. Ties may chain (c = b, b = 2*a):
 * each is first written in terms of untied parameters only. After the fit the result evaluates
 * the ties again (result/tied.ts): value, error and covariance row, propagated.
 *
 * Checked here, once the model's parameters are known (each a FitError naming the constraint):
 *   - a tie of a name the model lacks, or an expression naming one          UNKNOWN_PARAMETER
 *   - an expression that names the data's variables, or the tied parameter
 *     itself; ties that go round in a circle; a tie of a parameter that
 *     options.fixed holds or options.bounds bounds; a callback model         INVALID_CONSTRAINT
 *   - an expression that does not parse                                     SYNTAX_ERROR
 * A start for a tied parameter in options.p0 is ignored, as lmfit ignores the value of a
 * Parameter with `expr`; an array p0 is in the order of every parameter of the model as written.
 */
import { FitError, describe } from '../errors.ts';
import { parse } from './expression/parse.ts';
import { tokenize } from './expression/tokenize.ts';
import { variablesRead } from './expression/reads.ts';
import { resolveModel, type ModelPlan } from './index.ts';

/** A model's ties, as the fit and its result need them. */
export interface ConstraintPlan {
  /** Every parameter of the model as written, in order of first appearance: the result's names. */
  names: string[];
  /** Tied parameter → its expression as given, in `names` order. */
  tied: Record<string, string>;
  /** Tied parameter → its expression in untied parameters only (chains written out). */
  resolved: Record<string, string>;
}

/** A model plan whose source has its ties written in. */
export interface ConstrainedPlan extends ModelPlan {
  constraints?: ConstraintPlan;
}

/** The options a tie is checked against. */
export interface ConstraintOptions {
  constraints?: Record<string, string>;
  p0?: Record<string, number> | ArrayLike<number>;
  fixed?: Record<string, number>;
  bounds?: Record<string, readonly [number, number]>;
}

const invalid = (message: string) => new FitError('INVALID_CONSTRAINT', message);

/**
 * `source` with every name token in `by` replaced by its text in parentheses; all else — other
 * names, numbers, operators, whitespace — as it was.
 */
export function substituteNames(source: string, by: ReadonlyMap<string, string>): string {
  let out = '';
  let at = 0;
  for (const token of tokenize(source)) {
    if (token.kind !== 'name') continue;
    const text = by.get(token.text);
    if (text === undefined) continue;
    const start = token.column - 1;
    out += source.slice(at, start) + `(${text})`;
    at = start + token.text.length;
  }
  return out + source.slice(at);
}

/** The parameters an expression names, checked for syntax; its messages name `label`. */
function namesIn(expression: string, variables: readonly string[], label: string): string[] {
  try {
    return parse(expression, variables).parameters;
  } catch (error) {
    if (error instanceof FitError) throw new FitError(error.code, error.message.replace(/^model: /, `${label}: `));
    throw error;
  }
}

/**
 * The model of `plan` with the ties of options.constraints written in, checked as the header
 * says; `plan` itself when there are none. The plan returned has the untied parameters as its
 * names (in the order they first appear in the new source), the original label and guess, and
 * `constraints` for the result.
 */
export function constrainModel(plan: ModelPlan, variables: string[], options: ConstraintOptions): ConstrainedPlan {
  const given = options.constraints;
  if (given === undefined || Object.keys(given).length === 0) return plan;
  if (plan.callback || !plan.program) {
    throw invalid(`options.constraints is given with a callback model; expected an expression model (a callback computes a tied parameter itself: leave it out of p0 and compute it from the others)`);
  }
  const names = plan.names;
  const known = new Set(names);
  const list = names.join(', ');
  const unknown = (name: string, where: string) =>
    new FitError('UNKNOWN_PARAMETER', `${where} names "${name}", which the model does not have; its parameters are ${list}`);

  // Each tie on its own: its name, its expression's names.
  const depends = new Map<string, string[]>();
  for (const [name, expression] of Object.entries(given)) {
    const label = `options.constraints.${name}`;
    if (!known.has(name)) throw unknown(name, 'options.constraints');
    if (options.fixed !== undefined && Object.hasOwn(options.fixed, name)) {
      throw invalid(`${label} ties ${name}, which options.fixed holds at ${describe(options.fixed[name])}; expected one or the other`);
    }
    if (options.bounds !== undefined && Object.hasOwn(options.bounds, name)) {
      throw invalid(`${label} ties ${name}, which options.bounds bounds; expected bounds on the parameters its expression names, not on ${name}, whose value follows from them`);
    }
    const reads = variablesRead(expression, variables);
    if (reads.length > 0) {
      throw invalid(`${label} is ${describe(expression)}, which names the data's variable${reads.length > 1 ? 's' : ''} ${reads.join(', ')}; expected an expression in other parameters, such as '${names.find((n) => n !== name) ?? 'a'}'`);
    }
    const parameters = namesIn(expression, variables, label);
    if (parameters.includes(name)) {
      throw invalid(`${label} is ${describe(expression)}, which names ${name} itself; expected an expression in other parameters`);
    }
    for (const other of parameters) if (!known.has(other)) throw unknown(other, `${label} (${describe(expression)})`);
    depends.set(name, parameters.filter((other) => Object.hasOwn(given, other)));
  }

  // Chains written out in untied parameters; a circle is found on the way (depth-first).
  const resolved = new Map<string, string>();
  const visiting: string[] = [];
  const resolve = (name: string): string => {
    const done = resolved.get(name);
    if (done !== undefined) return done;
    const at = visiting.indexOf(name);
    if (at >= 0) {
      const circle = [...visiting.slice(at), name];
      throw invalid(`options.constraints are circular: ${circle.slice(0, -1).map((n) => `${n} = ${given[n]}`).join(', ')} (${circle.join(' → ')}); expected every tied parameter to follow, in the end, from untied ones`);
    }
    visiting.push(name);
    const inner = new Map(depends.get(name)!.map((other) => [other, resolve(other)]));
    visiting.pop();
    const text = inner.size > 0 ? substituteNames(given[name], inner) : given[name];
    resolved.set(name, text);
    return text;
  };
  for (const name of depends.keys()) resolve(name);

  const untied = names.filter((name) => !resolved.has(name));
  if (untied.length === 0) {
    throw new FitError('NO_FREE_PARAMETERS', `options.constraints ties every parameter (${list}); expected at least one left to fit`);
  }
  const source = substituteNames(plan.program.source, resolved);
  const constrained = resolveModel(source, variables, untiedStarts(options.p0, names, resolved));
  const tied: Record<string, string> = {};
  const written: Record<string, string> = {};
  for (const name of names) {
    if (!resolved.has(name)) continue;
    tied[name] = given[name];
    written[name] = resolved.get(name)!;
  }
  return {
    ...constrained,
    label: plan.label,
    guess: plan.guess,
    constraints: { names: [...names], tied, resolved: written },
  };
}

/**
 * p0 for the untied parameters: an object without the tied names (their starts are ignored), an
 * array in the order of every parameter of the model (`names`) turned into an object by name.
 */
function untiedStarts(p0: ConstraintOptions['p0'], names: string[], tied: ReadonlyMap<string, string>): ConstraintOptions['p0'] {
  if (p0 === undefined || p0 === null || typeof p0 !== 'object') return p0;
  if (Array.isArray(p0) || ArrayBuffer.isView(p0)) {
    const values = p0 as ArrayLike<number>;
    if (values.length !== names.length) {
      throw new FitError('INVALID_OPTION', `options.p0 has ${values.length} values; expected ${names.length}, one per parameter in order (${names.join(', ')}; the starts of tied ones are ignored)`);
    }
    const byName: Record<string, number> = {};
    names.forEach((name, j) => {
      if (!tied.has(name)) byName[name] = values[j];
    });
    return byName;
  }
  return Object.fromEntries(Object.entries(p0).filter(([name]) => !tied.has(name)));
}

/** The parameter options of a constrained model: p0 without the tied parameters' starts. */
export function untiedOptions<T extends ConstraintOptions>(options: T, plan: ConstrainedPlan): T {
  const constraints = plan.constraints;
  if (!constraints) return options;
  return { ...options, p0: untiedStarts(options.p0, constraints.names, new Map(Object.entries(constraints.resolved))) };
}
