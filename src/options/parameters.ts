/**
 * The parameter plan of a fit: every parameter's start, which are fixed, and their bounds —
 * validated once, against the model's parameter names.
 *
 * - `p0` by name (a missing parameter starts at 1, or at the nearest sensible point inside its
 *   bounds) or as an array in model order.
 * - `fixed: { c: 0.5 }` holds a parameter at a value: it is not fitted, not counted in the
 *   degrees of freedom, and reported with error 0.
 * - `bounds: { k: [lo, hi] }` with −Infinity/Infinity for an open side. The solver keeps a
 *   bounded parameter inside its box by projection (assembly/lm/bounds.ts).
 */
import { FitError, describe } from '../errors.ts';

export interface Bound { lo: number; hi: number }

export interface ParameterPlan {
  /** Every parameter, in model order. */
  names: string[];
  /** Start values of every parameter (the value itself for a fixed one). */
  start: Float64Array;
  /** Indices (into names) of the parameters the solver varies. */
  free: number[];
  /** Bounds by parameter index. */
  bounds: Bound[];
  /** True for a fixed parameter. */
  fixed: boolean[];
}

export interface ParameterOptions {
  p0?: Record<string, number> | ArrayLike<number>;
  fixed?: Record<string, number>;
  bounds?: Record<string, readonly [number, number]>;
}

function finite(value: unknown, label: string, code: 'NON_FINITE_P0' | 'INVALID_OPTION'): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new FitError(code, `${label} is ${describe(value)}; expected a finite number`);
  }
  return value;
}

/**
 * Parameter names → indices, for the lookups by name. A Map, not `names.indexOf` (quadratic with
 * thousands of parameters) nor a plain object (whose inherited keys, such as "constructor", would
 * answer for names the model lacks).
 */
// Names → index: a scan for the few parameters of most models (no Map to build per fit), a Map
// past MAP_FROM, so that p0 for thousands of parameters stays near-linear.
const MAP_FROM = 32;

class NameIndex {
  readonly #index: Map<string, number> | undefined;

  constructor(readonly names: string[]) {
    if (names.length >= MAP_FROM) this.#index = new Map(names.map((name, j) => [name, j]));
  }

  /** The index of `name`, or −1. */
  find(name: string): number {
    return this.#index ? this.#index.get(name) ?? -1 : this.names.indexOf(name);
  }

  /** The index of `name`; UNKNOWN_PARAMETER naming `option` if the model has no such parameter. */
  of(name: string, option: string): number {
    const j = this.find(name);
    if (j < 0) {
      throw new FitError('UNKNOWN_PARAMETER', `${option} names "${name}", which the model does not have; its parameters are ${this.names.join(', ')}`);
    }
    return j;
  }
}

/**
 * The entries of an option object by parameter name: its own enumerable properties (what
 * Object.entries yields), never inherited ones, so p0 = Object.create(base) or a class instance
 * gives only what it holds, and `{}` never names "constructor". Nothing here reads an option
 * object by key (p0[name]): every lookup goes through these entries and a NameIndex.
 */
function ownEntries<T>(object: object): [string, T][] {
  return Object.entries(object) as [string, T][];
}

function readBounds(index: NameIndex, bounds: ParameterOptions['bounds']): Bound[] {
  const names = index.names;
  const result: Bound[] = names.map(() => ({ lo: -Infinity, hi: Infinity }));
  if (bounds === undefined) return result;
  if (typeof bounds !== 'object' || bounds === null || Array.isArray(bounds)) {
    throw new FitError('INVALID_BOUNDS', `options.bounds is ${describe(bounds)}; expected an object by parameter name, such as { ${names[0]}: [0, Infinity] }`);
  }
  for (const [name, pair] of ownEntries<unknown>(bounds)) {
    const j = index.of(name, 'options.bounds');
    const label = `options.bounds.${name}`;
    if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'number' || typeof pair[1] !== 'number' || Number.isNaN(pair[0]) || Number.isNaN(pair[1])) {
      throw new FitError('INVALID_BOUNDS', `${label} is ${describe(pair)}; expected [lo, hi], two numbers (−Infinity or Infinity for an open side)`);
    }
    const [lo, hi] = pair;
    if (!(lo < hi) || lo === Infinity || hi === -Infinity) {
      throw new FitError('INVALID_BOUNDS', `${label} is [${lo}, ${hi}]; expected lo < hi`);
    }
    result[j] = { lo, hi };
  }
  return result;
}

// Where a parameter without a given start begins: 1, or the nearest sensible point inside its bounds.
function defaultStart(b: Bound): number {
  if (b.lo < 1 && 1 < b.hi) return 1;
  if (b.lo > -Infinity && b.hi < Infinity) return b.lo / 2 + b.hi / 2;
  if (b.lo > -Infinity) return b.lo + Math.max(1, Math.abs(b.lo));
  return b.hi - Math.max(1, Math.abs(b.hi));
}

export function planParameters(names: string[], options: ParameterOptions, guess?: Record<string, number>): ParameterPlan {
  const index = new NameIndex(names);
  const bounds = readBounds(index, options.bounds);
  const start = new Float64Array(names.length);
  for (let j = 0; j < names.length; j++) start[j] = defaultStart(bounds[j]);
  const given = names.map(() => false);
  if (guess) {
    for (const [name, value] of ownEntries<number>(guess)) {
      const j = index.find(name);
      if (j >= 0 && Number.isFinite(value)) start[j] = Math.min(Math.max(value, bounds[j].lo), bounds[j].hi);
    }
  }

  const p0 = options.p0;
  if (Array.isArray(p0) || ArrayBuffer.isView(p0)) {
    const values = p0 as ArrayLike<number>;
    if (values.length !== names.length) {
      throw new FitError('INVALID_OPTION', `options.p0 has ${values.length} values; expected ${names.length}, one per parameter in order (${names.join(', ')})`);
    }
    for (let j = 0; j < names.length; j++) {
      start[j] = finite(values[j], `options.p0[${j}] (${names[j]})`, 'NON_FINITE_P0');
      given[j] = true;
    }
  } else if (p0 !== undefined) {
    if (typeof p0 !== 'object' || p0 === null) {
      throw new FitError('INVALID_OPTION', `options.p0 is ${describe(p0)}; expected an object by parameter name, such as { ${names[0]}: 1 }`);
    }
    for (const [name, value] of ownEntries<unknown>(p0)) {
      const j = index.of(name, 'options.p0');
      start[j] = finite(value, `options.p0.${name}`, 'NON_FINITE_P0');
      given[j] = true;
    }
  }

  const fixed = names.map(() => false);
  if (options.fixed !== undefined) {
    if (typeof options.fixed !== 'object' || options.fixed === null || Array.isArray(options.fixed)) {
      throw new FitError('INVALID_OPTION', `options.fixed is ${describe(options.fixed)}; expected an object by parameter name, such as { ${names[0]}: 1 }`);
    }
    for (const [name, value] of ownEntries<unknown>(options.fixed)) {
      const j = index.of(name, 'options.fixed');
      start[j] = finite(value, `options.fixed.${name}`, 'INVALID_OPTION');
      fixed[j] = true;
      given[j] = true;
    }
  }

  for (let j = 0; j < names.length; j++) {
    const b = bounds[j];
    if (given[j] && (start[j] < b.lo || start[j] > b.hi)) {
      const option = fixed[j] ? `options.fixed.${names[j]}` : 'the start of ' + names[j];
      throw new FitError('START_OUTSIDE_BOUNDS', `${option} is ${start[j]}, outside options.bounds.${names[j]} = [${b.lo}, ${b.hi}]; expected a value within the bounds`);
    }
  }

  const free = names.map((_, j) => j).filter((j) => !fixed[j]);
  if (free.length === 0) {
    throw new FitError('NO_FREE_PARAMETERS', `options.fixed holds every parameter (${names.join(', ')}); expected at least one left to fit`);
  }
  return { names, start, free, bounds, fixed };
}

