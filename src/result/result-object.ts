/**
 * The FitResult object: the fit's data as own enumerable properties, its methods on the
 * prototype — so structuredClone(r) and postMessage copy the data and leave the methods behind
 * (a plain object), `{ ...r }` is the data, and JSON.stringify(r) writes r.toJSON() — and
 * fitResultFromJSON, which makes one again from r.toJSON() or from such a copy.
 *
 * What evaluation needs besides the data — a callback model, the compiled expression — is held
 * in private fields: not data, so never copied. A callback cannot be: a result read back from a
 * callback fit's JSON has no model (evaluate and band: FitError NO_MODEL; derive works, it needs
 * only the parameters and their covariance).
 */
import { FitError, describe } from '../errors.ts';
import type { CallbackModel } from '../models/callback.ts';
import type { Band, BandOptions, Derived, FitMemory, FitResult, FitResultData, FitResultJSON, FitStatus, ResultX } from './fit-result.ts';
import { callbackModel, expressionModel, type FittedModel } from './fitted-model.ts';
import { formatReport } from './report.ts';
import { band, derive, evaluateAt } from './uncertainty.ts';

const FORMAT = 'arenafit.FitResult';
const VERSION = 1;

export class ResultObject implements FitResult {
  declare names: string[];
  declare params: Record<string, number>;
  declare values: Float64Array;
  declare errors: Record<string, number>;
  declare covariance: Float64Array;
  declare rank: number;
  declare undetermined: string[];
  declare fixed: string[];
  declare tied: Record<string, string>;
  declare atBound: string[];
  declare chi2: number;
  declare cost: number;
  declare reducedChi2: number;
  declare dof: number;
  declare aic: number;
  declare bic: number;
  declare rSquared: number;
  declare rows: number;
  declare omittedRows: number;
  declare iterations: number;
  declare evaluations: number;
  declare status: FitStatus;
  declare message: string;
  declare converged: boolean;
  declare memory: FitMemory;
  declare expression: string | null;
  declare variables: string[];
  declare label: string;
  declare weighted: boolean;
  declare absoluteSigma: boolean;

  readonly #callback: CallbackModel | undefined;
  #model: FittedModel | undefined;

  /** `data` in the order of FitResultData's fields; `model` when already compiled. */
  constructor(data: FitResultData, callback?: CallbackModel, model?: FittedModel) {
    // Field by field, in one order: every result gets the same hidden class (Object.assign of
    // 30 keys cost a fifth of a 100-row fit).
    this.names = data.names;
    this.params = data.params;
    this.values = data.values;
    this.errors = data.errors;
    this.covariance = data.covariance;
    this.rank = data.rank;
    this.undetermined = data.undetermined;
    this.fixed = data.fixed;
    this.tied = data.tied;
    this.atBound = data.atBound;
    this.chi2 = data.chi2;
    this.cost = data.cost;
    this.reducedChi2 = data.reducedChi2;
    this.dof = data.dof;
    this.aic = data.aic;
    this.bic = data.bic;
    this.rSquared = data.rSquared;
    this.rows = data.rows;
    this.omittedRows = data.omittedRows;
    this.iterations = data.iterations;
    this.evaluations = data.evaluations;
    this.status = data.status;
    this.message = data.message;
    this.converged = data.converged;
    this.memory = data.memory;
    this.expression = data.expression;
    this.variables = data.variables;
    this.label = data.label;
    this.weighted = data.weighted;
    this.absoluteSigma = data.absoluteSigma;
    this.#callback = callback;
    this.#model = model;
  }

  #fitted(what: string): FittedModel {
    if (this.#model) return this.#model;
    if (this.#callback) return (this.#model = callbackModel(this.#callback, this.names));
    if (this.expression === null) {
      throw new FitError('NO_MODEL', `r.${what}: this result holds no model — it was read back from the JSON of a callback model's fit, and JSON holds no functions; expected a result of an expression model, or the fit's own result`);
    }
    return (this.#model = expressionModel(this.expression, this.variables));
  }

  evaluate(x: ResultX): Float64Array {
    return evaluateAt(this, this.#fitted('evaluate'), x);
  }

  band(x: ResultX, options?: BandOptions): Band {
    return band(this, this.#fitted('band'), x, options);
  }

  derive(expression: string): Derived {
    return derive(this, expression);
  }

  toJSON(): FitResultJSON {
    const P = this.names.length;
    const rows = Array.from({ length: P }, (_, j) => Array.from(this.covariance.subarray(j * P, (j + 1) * P)));
    return {
      format: FORMAT,
      version: VERSION,
      ...(this as FitResultData),
      values: Array.from(this.values),
      covariance: rows,
      // Fresh copies: the JSON shares nothing with the result.
      names: [...this.names],
      params: { ...this.params },
      errors: { ...this.errors },
      undetermined: [...this.undetermined],
      fixed: [...this.fixed],
      tied: { ...this.tied },
      atBound: [...this.atBound],
      memory: { ...this.memory, regions: this.memory.regions.map((region) => ({ ...region })) },
      variables: [...this.variables],
    };
  }

  report(): string {
    return formatReport(this, this.label);
  }
}

// --- reading ----------------------------------------------------------------------------------

const where = (key: string) => `json.${key}`;

function invalid(key: string, value: unknown, expected: string): FitError {
  return new FitError('INVALID_ARGUMENT', `${where(key)} is ${describe(value)}; expected ${expected}`);
}

/** A number; null (JSON's NaN and ±Infinity) reads as NaN. */
function num(value: unknown, key: string): number {
  if (value === null) return NaN;
  if (typeof value !== 'number') throw invalid(key, value, 'a number (or null for NaN)');
  return value;
}

function count(value: unknown, key: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw invalid(key, value, 'a whole number ≥ 0');
  return value;
}

function text(value: unknown, key: string): string {
  if (typeof value !== 'string') throw invalid(key, value, 'a string');
  return value;
}

function flag(value: unknown, key: string): boolean {
  if (typeof value !== 'boolean') throw invalid(key, value, 'true or false');
  return value;
}

function object(value: unknown, key: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid(key, value, 'an object');
  return value as Record<string, unknown>;
}

function list(value: unknown, key: string): ArrayLike<unknown> {
  if (!Array.isArray(value) && !ArrayBuffer.isView(value)) throw invalid(key, value, 'an array');
  return value as ArrayLike<unknown>;
}

function strings(value: unknown, key: string, among?: readonly string[]): string[] {
  const items = Array.from(list(value, key), (item, i) => text(item, `${key}[${i}]`));
  if (among) {
    const stranger = items.find((name) => !among.includes(name));
    if (stranger !== undefined) throw new FitError('INVALID_ARGUMENT', `${where(key)} names "${stranger}", which json.names does not; expected names among ${among.join(', ')}`);
  }
  return items;
}

function numbers(value: unknown, key: string, length: number): Float64Array {
  const items = list(value, key);
  if (items.length !== length) throw new FitError('INVALID_ARGUMENT', `${where(key)} has ${items.length} entries; expected ${length}`);
  return Float64Array.from(items, (item, i) => num(item, `${key}[${i}]`));
}

function byName(value: unknown, key: string, names: string[]): Record<string, number> {
  const from = object(value, key);
  const out: Record<string, number> = {};
  for (const name of names) {
    if (!Object.hasOwn(from, name)) throw new FitError('INVALID_ARGUMENT', `${where(key)} has no entry for "${name}"; expected one number per name in json.names`);
    out[name] = num(from[name], `${key}.${name}`);
  }
  return out;
}

// The covariance as P rows of P (toJSON) or P² entries in a row (a structured clone's Float64Array).
function covarianceOf(value: unknown, P: number): Float64Array {
  const items = list(value, 'covariance');
  const nested = items.length > 0 && (Array.isArray(items[0]) || ArrayBuffer.isView(items[0]));
  if (!nested) return numbers(items, 'covariance', P * P);
  if (items.length !== P) throw new FitError('INVALID_ARGUMENT', `json.covariance has ${items.length} rows; expected ${P}, one per name in json.names (or ${P * P} numbers in a row)`);
  const out = new Float64Array(P * P);
  for (let j = 0; j < P; j++) out.set(numbers(items[j], `covariance[${j}]`, P), j * P);
  return out;
}

function memoryOf(value: unknown): FitMemory {
  const m = object(value, 'memory');
  const regions = Array.from(list(m.regions, 'memory.regions'), (region, i) => {
    const r = object(region, `memory.regions[${i}]`);
    return { name: text(r.name, `memory.regions[${i}].name`), bytes: num(r.bytes, `memory.regions[${i}].bytes`) };
  });
  const field = (key: keyof FitMemory) => num(m[key], `memory.${key}`);
  return {
    passes: field('passes'), regions, highWaterBytes: field('highWaterBytes'), capacityBytes: field('capacityBytes'),
    wasmMemoryBytes: field('wasmMemoryBytes'), chunkRows: field('chunkRows'), blockRows: field('blockRows'),
  };
}

function tiedOf(value: unknown, names: string[]): Record<string, string> {
  const from = object(value, 'tied');
  const out: Record<string, string> = {};
  for (const [name, expression] of Object.entries(from)) {
    if (!names.includes(name)) throw new FitError('INVALID_ARGUMENT', `json.tied names "${name}", which json.names does not; expected names among ${names.join(', ')}`);
    out[name] = text(expression, `tied.${name}`);
  }
  return out;
}

/** Reads FitResultJSON (or a structured clone of a FitResult) into a FitResult's data. */
function readData(json: unknown): FitResultData {
  const j = object(json, '(the argument)');
  if (j.format !== undefined && j.format !== FORMAT) throw invalid('format', j.format, `"${FORMAT}"`);
  if (j.version !== undefined && j.version !== VERSION) throw invalid('version', j.version, `${VERSION}, the layout this version of arenafit writes`);
  const names = strings(j.names, 'names');
  if (names.length === 0 || new Set(names).size !== names.length) throw invalid('names', j.names, 'distinct parameter names, at least one');
  const P = names.length;
  const expression = j.expression === null ? null : text(j.expression, 'expression');
  return {
    names,
    params: byName(j.params, 'params', names),
    values: numbers(j.values, 'values', P),
    errors: byName(j.errors, 'errors', names),
    covariance: covarianceOf(j.covariance, P),
    rank: count(j.rank, 'rank'),
    undetermined: strings(j.undetermined, 'undetermined', names),
    fixed: strings(j.fixed, 'fixed', names),
    tied: tiedOf(j.tied, names),
    atBound: strings(j.atBound, 'atBound', names),
    chi2: num(j.chi2, 'chi2'),
    cost: num(j.cost, 'cost'),
    reducedChi2: num(j.reducedChi2, 'reducedChi2'),
    dof: num(j.dof, 'dof'),
    aic: num(j.aic, 'aic'),
    bic: num(j.bic, 'bic'),
    rSquared: num(j.rSquared, 'rSquared'),
    rows: count(j.rows, 'rows'),
    omittedRows: count(j.omittedRows, 'omittedRows'),
    iterations: count(j.iterations, 'iterations'),
    evaluations: count(j.evaluations, 'evaluations'),
    status: text(j.status, 'status') as FitStatus,
    message: text(j.message, 'message'),
    converged: flag(j.converged, 'converged'),
    memory: memoryOf(j.memory),
    expression,
    variables: strings(j.variables, 'variables'),
    label: text(j.label, 'label'),
    weighted: flag(j.weighted, 'weighted'),
    absoluteSigma: flag(j.absoluteSigma, 'absoluteSigma'),
  };
}

/**
 * A FitResult again from what r.toJSON() wrote — the object, or its JSON text — or from a
 * structured clone of a result (postMessage's copy): evaluate, band, derive and report work as on
 * the original (an expression model is compiled again; a callback's result has no model, see
 * FitResult.evaluate). Throws FitError INVALID_ARGUMENT naming the first field that is missing
 * or of the wrong type; an expression that does not compile, or names parameters json.names
 * lacks, is the compiler's FitError.
 *
 * @example
 * localStorage.fit = JSON.stringify(r);
 * const again = fitResultFromJSON(localStorage.fit);
 * again.band(xs).upper;
 */
export function fitResultFromJSON(json: unknown): FitResult {
  if (typeof json === 'string') {
    try {
      json = JSON.parse(json);
    } catch (error) {
      throw new FitError('INVALID_ARGUMENT', `json is a string that is not JSON (${error instanceof Error ? error.message : describe(error)}); expected r.toJSON() or JSON.stringify(r)`, { cause: error });
    }
  }
  const data = readData(json);
  let model: FittedModel | undefined;
  if (data.expression !== null) {
    model = expressionModel(data.expression, data.variables);
    const stranger = model.parameters.find((name) => !data.names.includes(name));
    if (stranger !== undefined) {
      throw new FitError('INVALID_ARGUMENT', `json.expression names the parameter "${stranger}", which json.names does not (${data.names.join(', ')}); expected the expression the fit compiled`);
    }
  }
  return new ResultObject(data, undefined, model);
}
