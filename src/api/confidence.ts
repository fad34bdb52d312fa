/**
 * confidenceIntervals: profile-likelihood confidence intervals by the F-test, lmfit's
 * conf_interval (lmfit 1.1.0, confidence.py) with an exact root finder.
 *
 * For a parameter θⱼ held at a value v, the profile refit minimises the objective S over the
 * other free parameters (a fit with `fixed: { θⱼ: v }`, started from the best fit). lmfit's
 * f_compare turns S(v) into a probability by the F-test of one fixed parameter,
 *
 *   prob(v) = F_cdf( (S(v)/S₀ − 1)·ν ; 1, ν ),     S₀ the best fit's objective, ν = its dof,
 *
 * and a limit at level p is where prob(v) = p. As F(1, ν) is the square of Student's t(ν), that is
 * where the signed root
 *
 *   z(v) = ±√( ν·(S(v)/S₀ − 1) )   equals   t = t_{(1+p)/2, ν}   (Student's quantile),
 *
 * the same condition, written in a variable that is linear in v for a model linear in θⱼ
 * (z = (v − θ̂ⱼ)/σⱼ exactly: the interval is then θ̂ⱼ ± t·σⱼ, the covariance's). So the root is
 * found on z − t: a first refit at θ̂ⱼ ± t·σⱼ, secant and inverse quadratic interpolation through
 * the profile points so far, bisection inside a bracket when they stray (Brent's zeroin in spirit,
 * stopping on |z − t| ≤ 1e-9·t) — typically two or three refits per limit, where lmfit steps out
 * in units of σⱼ and then runs toms748 to rtol = 5e-5 of the value (coarse where a value is large
 * beside its error: see test/fixtures/lmfit/conf_interval.py).
 *
 * Semantics kept from lmfit: the level from a number of standard deviations σ is erf(σ/√2); the
 * objective is χ² (for a robust loss, 2·cost: the F-test is then an approximation); a side on
 * which the profile never reaches the level — a bound of the parameter reached first, the model no
 * longer finite, or a profile that levels off — has the limit ±Infinity. Unlike lmfit, a σ below 1
 * is a number of standard deviations (lmfit reads it as a probability): ask for probabilities
 * with `level`.
 *
 * Each refit is an ordinary fit of the same data — streamed from a chunk source like any fit, so
 * intervals on 10⁷ rows from a file run in the engine's bounded memory — with the options the
 * result was fitted with (`fitOptions`), the result's own fixed parameters, and a start at the
 * best fit. The search is one generator of refit requests, driven by curveFit
 * (confidenceIntervals) or curveFitSync (confidenceIntervalsSync).
 */
import { FitError, describe, readArgument } from '../errors.ts';
import type { FitOptions, FitProgress } from '../options/options.ts';
import type { FitResult } from '../result/fit-result.ts';
import { erfc, studentTUpperQuantile } from '../result/distributions.ts';
import { isChunkSource, type ChunkSource, type NumericArray, type XInput } from '../sources/rows.ts';
import type { Engine } from './engine.ts';
import { curveFit, curveFitSync } from './fit.ts';

/** A model as curveFit takes it. */
import type { ModelSpec } from '../models/index.ts';

/** The data of {@link confidenceIntervals}: the rows the result was fitted to. */
export type ConfidenceData =
  | { x: XInput; y: NumericArray; sigma?: NumericArray }
  | { source: ChunkSource }
  | ChunkSource;

/** The options of a fit that a profile refit repeats: those that define the fit, not its start. */
export type ProfileFitOptions = Omit<FitOptions, 'p0' | 'fixed' | 'sigma' | 'signal' | 'onProgress'>;

/** What {@link ConfidenceOptions.onProgress} receives: after every chunk of every refit. */
export interface ConfidenceProgress {
  /** The parameter being profiled. */
  parameter: string;
  /** Which limit is sought. */
  side: 'lower' | 'upper';
  /** The value the parameter is held at in the running refit. */
  value: number;
  /** Refits finished so far, over all parameters and sides. */
  refits: number;
  /** The running refit's own progress: { pass, iteration, rows, cost }. */
  fit: FitProgress;
}

/** Options of {@link confidenceIntervals}. */
export interface ConfidenceOptions {
  /**
   * Levels as numbers of standard deviations of a normal distribution: σ covers the probability
   * erf(σ/√2) (1 → 0.6827, 2 → 0.9545, 3 → 0.9973), as lmfit's `sigmas`. Default [1, 2, 3] when
   * `level` is not given either. Every σ is a number of standard deviations, also below 1.
   */
  sigmas?: number | readonly number[];
  /** Levels as probabilities strictly between 0 and 1: `0.95`, or `[0.9, 0.95]`. Not with `sigmas`. */
  level?: number | readonly number[];
  /** The parameters to profile. Default: every free parameter of the result. */
  parameters?: readonly string[];
  /**
   * The model the result was fitted with. Default: the result's own expression (`r.expression`);
   * needed for a callback model, whose result does not carry it.
   */
  model?: ModelSpec;
  /**
   * The options the result was fitted with that define the fit — bounds, constraints, loss, fScale,
   * nanPolicy, tolerances, chunkRows, workers… — which every refit repeats. The start (the best
   * fit), the fixed parameters (the result's and the profiled one) and sigma (in `data`) come from
   * elsewhere and are refused here. Give the same bounds as the fit: a limit beyond a bound is
   * reported as ±Infinity, as lmfit does. Constraints only with `model`: the result's expression
   * has them written in already.
   */
  fitOptions?: ProfileFitOptions;
  /** The engine to run the refits on. Default: the shared engine of curveFit. */
  engine?: Engine;
  /** Called after every chunk of every refit; see {@link ConfidenceProgress}. */
  onProgress?: (progress: ConfidenceProgress) => void;
  /**
   * Cancels the search: the running refit stops within one chunk and the call rejects with a
   * FitError whose code is 'ABORTED'; the engine is ready for the next fit.
   */
  signal?: AbortSignal;
}

/** One level's interval of one parameter. */
export interface ConfidenceLimit {
  /** The number of standard deviations asked for (present when the levels came as `sigmas`). */
  sigma?: number;
  /** The probability the interval covers: erf(σ/√2), or the level asked for. */
  level: number;
  /** The lower limit; -Infinity when the profile does not reach the level below the best value. */
  lower: number;
  /** The upper limit; Infinity when the profile does not reach the level above the best value. */
  upper: number;
}

/** The intervals by parameter name, one entry per level in the order asked. */
export type ConfidenceIntervals = Record<string, ConfidenceLimit[]>;

const DEFAULT_SIGMAS = [1, 2, 3];
/** Stop a limit's search when the signed root z is this close to t, relatively. */
const Z_TOLERANCE = 1e-9;
/**
 * The relative precision of a refit's objective at the default ftol (1e-14): a limit is not
 * sought more finely than this allows (with ν = 10⁷ dof, z to ~5e-8/t² relative).
 */
const OBJECTIVE_PRECISION = 1e-14;
/** Stop when the bracket is this narrow relative to the distance from the best value. */
const V_TOLERANCE = 1e-12;
/** Refits allowed per limit once the search for it has started. */
const MAX_REFITS_PER_LIMIT = 40;
/** Steps outward before a profile that has not reached the level is declared unbounded. */
const MAX_OUTWARD_STEPS = 30;
/** A profile whose z grows by less than this (relative) over a doubling of the step has levelled off (lmfit's min_rel_change). */
const LEVELLED_OFF = 1e-5;
/** Refit failures that mean the model cannot be evaluated there: the side's search stops short of it. */
const DOMAIN_CODES = new Set(['NON_FINITE_MODEL', 'OUT_OF_RANGE', 'START_OUTSIDE_BOUNDS']);

/**
 * Profile-likelihood confidence intervals of a fit's parameters by the F-test — lmfit's
 * conf_interval — each limit the root of the F-test condition on profile refits, streamed over
 * the data like any fit.
 *
 * Each limit takes about three refits (each a full fit of the data with one parameter held), so
 * three parameters at two levels cost some 20–40 fits. For a model linear in a parameter the
 * interval is the covariance's θ̂ ± t·σ; where the model is not, the profile's is the better one
 * (asymmetric, and no linearisation).
 *
 * @example
 * const r = await curveFit('a*exp(-b*x) + c', x, y, { p0: { a: 1, b: 1, c: 0 } });
 * const ci = await confidenceIntervals(r, { x, y }, { sigmas: [1, 2] });
 * ci.b; // [{ sigma: 1, level: 0.6827, lower: 1.196, upper: 1.241 }, { sigma: 2, level: 0.9545, lower: 1.173, upper: 1.265 }]
 */
export async function confidenceIntervals(result: FitResult, data: ConfidenceData, options: ConfidenceOptions = {}): Promise<ConfidenceIntervals> {
  const plan = readArgument('an argument of confidenceIntervals', () => makePlan(result, data, options));
  const fit = plan.engine ? plan.engine.curveFit.bind(plan.engine) : curveFit;
  const search = searchAll(plan);
  let step = search.next();
  while (!step.done) {
    let outcome: Outcome;
    try {
      if (plan.signal?.aborted) throw aborted(plan.signal);
      const request = step.value;
      const fitted = await (plan.source ? fit(plan.model, plan.source, fitOptions(plan, request)) : fit(plan.model, plan.x!, plan.y!, fitOptions(plan, request)));
      outcome = { result: fitted };
    } catch (error) {
      outcome = { error };
    }
    step = search.next(outcome);
  }
  return step.value;
}

/**
 * The same intervals as {@link confidenceIntervals}, synchronously, refit after refit on the
 * calling thread (arrays, or a source whose chunks() is synchronous).
 */
export function confidenceIntervalsSync(result: FitResult, data: ConfidenceData, options: ConfidenceOptions = {}): ConfidenceIntervals {
  const plan = readArgument('an argument of confidenceIntervalsSync', () => makePlan(result, data, options));
  const fit = plan.engine ? plan.engine.curveFitSync.bind(plan.engine) : curveFitSync;
  const search = searchAll(plan);
  let step = search.next();
  while (!step.done) {
    let outcome: Outcome;
    try {
      if (plan.signal?.aborted) throw aborted(plan.signal);
      const request = step.value;
      outcome = { result: plan.source ? fit(plan.model, plan.source, fitOptions(plan, request)) : fit(plan.model, plan.x!, plan.y!, fitOptions(plan, request)) };
    } catch (error) {
      outcome = { error };
    }
    step = search.next(outcome);
  }
  return step.value;
}

// ---------------------------------------------------------------------------------------------
// The plan: everything read and checked at the door.

interface Level {
  sigma: number | undefined;
  level: number;
  /** Student's t at (1 + level)/2 for ν dof: the signed root z the limit sits at. */
  t: number;
}

interface Plan {
  result: FitResult;
  model: ModelSpec;
  x: XInput | undefined;
  y: NumericArray | undefined;
  sigma: NumericArray | undefined;
  source: ChunkSource | undefined;
  fitOptions: ProfileFitOptions;
  /** The result's fixed parameters and their values. */
  fixed: Record<string, number>;
  /** The start of every refit: the best fit's values of the parameters not fixed or tied. */
  p0: Record<string, number>;
  parameters: string[];
  levels: Level[];
  /** S₀: the best fit's objective (χ² for the linear loss). */
  best: number;
  /** ν: the best fit's degrees of freedom. */
  dof: number;
  engine: Engine | undefined;
  onProgress: ConfidenceOptions['onProgress'];
  signal: AbortSignal | undefined;
  /** Refits finished so far (for progress). */
  refits: number;
}

const OPTION_NAMES = ['sigmas', 'level', 'parameters', 'model', 'fitOptions', 'engine', 'onProgress', 'signal'];
const REFUSED_FIT_OPTIONS = ['p0', 'fixed', 'sigma', 'signal', 'onProgress'];

function makePlan(result: FitResult, data: ConfidenceData, options: ConfidenceOptions): Plan {
  if (options === undefined || options === null) options = {};
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw new FitError('INVALID_ARGUMENT', `options is ${describe(options)}; expected an object such as { sigmas: [1, 2] }`);
  }
  for (const key of Object.keys(options)) {
    if (!OPTION_NAMES.includes(key)) throw new FitError('INVALID_OPTION', `options.${key} is not an option of confidenceIntervals; expected one of ${OPTION_NAMES.join(', ')}`);
  }
  checkResult(result);
  const { onProgress, signal, engine } = options;
  if (onProgress !== undefined && typeof onProgress !== 'function') {
    throw new FitError('INVALID_OPTION', `options.onProgress is ${describe(onProgress)}; expected a function ({ parameter, side, value, refits, fit }) => void`);
  }
  if (signal !== undefined && !(typeof signal === 'object' && signal !== null && typeof signal.aborted === 'boolean' && typeof signal.addEventListener === 'function')) {
    throw new FitError('INVALID_OPTION', `options.signal is ${describe(signal)}; expected an AbortSignal`);
  }
  if (engine !== undefined && (typeof engine !== 'object' || engine === null || typeof engine.curveFit !== 'function' || typeof engine.curveFitSync !== 'function')) {
    throw new FitError('INVALID_OPTION', `options.engine is ${describe(engine)}; expected an engine from createEngine()`);
  }
  const fitOptions = readFitOptions(options.fitOptions);
  const model = readModel(result, options.model);
  const levels = readLevels(options, result.dof);
  const tied = result.tied ?? {};
  const fixed: Record<string, number> = {};
  for (const name of result.fixed) fixed[name] = result.params[name];
  const free = result.names.filter((name) => !(name in fixed) && !Object.hasOwn(tied, name));
  const p0: Record<string, number> = {};
  for (const name of free) p0[name] = result.params[name];
  const parameters = readParameters(options.parameters, result, free, fixed, tied);
  if (free.length < 2) {
    throw new FitError('NO_FREE_PARAMETERS', `the result has ${free.length} free parameter${free.length === 1 ? '' : 's'} (${free.join(', ') || 'none'}); a profile refit holds one and fits the others, so confidenceIntervals needs at least 2 (lmfit's conf_interval too). For one parameter the covariance's interval is r.params ± t·r.errors`);
  }
  const plan: Plan = {
    result,
    model,
    x: undefined,
    y: undefined,
    sigma: undefined,
    source: undefined,
    fitOptions,
    fixed,
    p0,
    parameters,
    levels,
    best: 2 * result.cost,
    dof: result.dof,
    engine,
    onProgress,
    signal,
    refits: 0,
  };
  readData(plan, data);
  if (signal?.aborted) throw aborted(signal);
  return plan;
}

function checkResult(result: FitResult): void {
  if (typeof result !== 'object' || result === null || !Array.isArray(result.names) || typeof result.params !== 'object' || typeof result.errors !== 'object' || !Array.isArray(result.fixed)) {
    throw new FitError('INVALID_ARGUMENT', `result is ${describe(result)}; expected the FitResult of curveFit or curveFitSync`);
  }
  if (!(typeof result.dof === 'number' && result.dof >= 1)) {
    throw new FitError('TOO_FEW_ROWS', `the result has ${describe(result.dof)} degrees of freedom (rows − free parameters); the F-test of a profile needs at least 1`);
  }
  if (!(typeof result.cost === 'number' && result.cost >= 0 && Number.isFinite(result.cost))) {
    throw new FitError('INVALID_ARGUMENT', `result.cost is ${describe(result.cost)}; expected the finite objective of a fit`);
  }
}

function readFitOptions(given: unknown): ProfileFitOptions {
  if (given === undefined) return {};
  if (typeof given !== 'object' || given === null || Array.isArray(given)) {
    throw new FitError('INVALID_OPTION', `options.fitOptions is ${describe(given)}; expected the fit's options, such as { bounds: { c: [0, Infinity] } }`);
  }
  for (const key of REFUSED_FIT_OPTIONS) {
    if (Object.hasOwn(given, key)) {
      const where = key === 'sigma' ? 'sigma goes in the data, { x, y, sigma }' : key === 'p0' ? 'every refit starts from the best fit' : key === 'fixed' ? "the result's fixed parameters are held at their values already" : `${key} is an option of confidenceIntervals itself`;
      throw new FitError('INVALID_OPTION', `options.fitOptions.${key} was given; ${where}`);
    }
  }
  return given as ProfileFitOptions;
}

function readModel(result: FitResult, given: ModelSpec | undefined): ModelSpec {
  if (given !== undefined) return given;
  const expression = (result as { expression?: unknown }).expression;
  if (typeof expression === 'string' && expression !== '') return expression;
  throw new FitError('INVALID_OPTION', `options.model is missing and the result carries no model (its expression is ${describe(expression)}, as for a callback fit); expected options.model, the model the result was fitted with`);
}

function levelList(value: unknown, name: string): number[] {
  const list = typeof value === 'number' ? [value] : Array.isArray(value) ? value : undefined;
  if (!list || list.length === 0) throw new FitError('INVALID_OPTION', `options.${name} is ${describe(value)}; expected a number or a non-empty array of numbers`);
  return list as number[];
}

function readLevels(options: ConfidenceOptions, dof: number): Level[] {
  if (options.sigmas !== undefined && options.level !== undefined) {
    throw new FitError('INVALID_OPTION', 'options.sigmas and options.level were both given; expected one of them');
  }
  if (options.level !== undefined) {
    return levelList(options.level, 'level').map((level, i) => {
      if (typeof level !== 'number' || !(level > 0 && level < 1)) {
        throw new FitError('INVALID_OPTION', `options.level${typeof options.level === 'number' ? '' : `[${i}]`} is ${describe(level)}; expected a probability strictly between 0 and 1, such as 0.95`);
      }
      return { sigma: undefined, level, t: studentTUpperQuantile((1 - level) / 2, dof) };
    });
  }
  const sigmas = options.sigmas === undefined ? DEFAULT_SIGMAS : levelList(options.sigmas, 'sigmas');
  return sigmas.map((sigma, i) => {
    if (typeof sigma !== 'number' || !(sigma > 0) || !Number.isFinite(sigma)) {
      throw new FitError('INVALID_OPTION', `options.sigmas${typeof options.sigmas === 'number' ? '' : `[${i}]`} is ${describe(sigma)}; expected a number of standard deviations > 0, such as 1 or 2`);
    }
    // The tail ½·erfc(σ/√2) keeps its digits where 1 − erf would not (σ = 8: 6e-16).
    const tail = 0.5 * erfc(sigma / Math.SQRT2);
    if (!(tail > 0)) throw new FitError('INVALID_OPTION', `options.sigmas[${i}] is ${sigma}; its level erf(σ/√2) is 1 in double precision: expected σ below about 37`);
    return { sigma, level: 1 - 2 * tail, t: studentTUpperQuantile(tail, dof) };
  });
}

function readParameters(given: unknown, result: FitResult, free: string[], fixed: Record<string, number>, tied: Record<string, string>): string[] {
  let names: string[];
  if (given === undefined) {
    names = free;
  } else {
    if (!Array.isArray(given) || given.length === 0 || given.some((n) => typeof n !== 'string')) {
      throw new FitError('INVALID_OPTION', `options.parameters is ${describe(given)}; expected a non-empty array of parameter names, such as ['b']`);
    }
    names = [...new Set(given as string[])];
    for (const name of names) {
      if (!result.names.includes(name)) {
        throw new FitError('UNKNOWN_PARAMETER', `options.parameters names "${name}", which the result does not have; its parameters are ${result.names.join(', ')}`);
      }
      if (name in fixed) throw new FitError('INVALID_OPTION', `options.parameters names "${name}", which the fit held fixed; expected free parameters: ${free.join(', ')}`);
      if (Object.hasOwn(tied, name)) throw new FitError('INVALID_OPTION', `options.parameters names "${name}", which a constraint ties to ${tied[name]}; expected free parameters: ${free.join(', ')}`);
    }
  }
  for (const name of names) {
    const error = result.errors[name];
    if (result.undetermined?.includes(name) || !(error >= 0)) {
      throw new FitError('INVALID_ARGUMENT', `the result's ${name} is undetermined (standard error ${describe(error)}): the data do not fix it, and its profile has no level to reach; expected a result of full rank${given === undefined ? `, or options.parameters without ${name}` : ''}`);
    }
  }
  return names;
}

function readData(plan: Plan, data: unknown): void {
  if (isChunkSource(data)) {
    plan.source = data;
    return;
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data) || ArrayBuffer.isView(data)) {
    throw new FitError('INVALID_ARGUMENT', `data is ${describe(data)}; expected the rows the result was fitted to: { x, y, sigma? }, { source } or a chunk source`);
  }
  const d = data as { x?: XInput; y?: NumericArray; sigma?: NumericArray; source?: unknown };
  if (d.source !== undefined) {
    if (!isChunkSource(d.source)) throw new FitError('INVALID_SOURCE', `data.source is ${describe(d.source)} without a chunks() method; expected a chunk source { chunks() }`);
    if (d.x !== undefined || d.y !== undefined || d.sigma !== undefined) throw new FitError('INVALID_ARGUMENT', 'data has both a source and x, y or sigma; expected one of { source } and { x, y, sigma? }');
    plan.source = d.source;
    return;
  }
  if (d.x === undefined || d.y === undefined) {
    throw new FitError('INVALID_ARGUMENT', `data is ${describe(data)}; expected { x, y, sigma? } with the rows the result was fitted to, or { source }`);
  }
  const weighted = (plan.result as { weighted?: unknown }).weighted;
  if (weighted === true && d.sigma === undefined) {
    throw new FitError('INVALID_ARGUMENT', 'the result was fitted with sigma and data has none; expected { x, y, sigma } as the fit had them');
  }
  plan.x = d.x;
  plan.y = d.y;
  plan.sigma = d.sigma;
}

function aborted(signal: AbortSignal): FitError {
  return new FitError('ABORTED', 'confidenceIntervals was aborted by its AbortSignal', { cause: signal.reason });
}

// ---------------------------------------------------------------------------------------------
// The search: a generator of refit requests, answered with the refit's result or its error.

interface Request {
  parameter: string;
  side: 'lower' | 'upper';
  value: number;
}

type Outcome = { result: FitResult; error?: undefined } | { result?: undefined; error: unknown };

function fitOptions(plan: Plan, request: Request): FitOptions {
  const options: FitOptions = {
    ...plan.fitOptions,
    p0: plan.p0,
    fixed: { ...plan.fixed, [request.parameter]: request.value },
  };
  if (plan.sigma !== undefined) options.sigma = plan.sigma;
  if (plan.signal) options.signal = plan.signal;
  const onProgress = plan.onProgress;
  if (onProgress) {
    options.onProgress = (fit) => onProgress({ parameter: request.parameter, side: request.side, value: request.value, refits: plan.refits, fit });
  }
  return options;
}

function* searchAll(plan: Plan): Generator<Request, ConfidenceIntervals, Outcome> {
  const out: ConfidenceIntervals = {};
  // The levels in increasing order of t: each limit's search starts from the one before.
  const order = plan.levels.map((_, i) => i).sort((i, k) => plan.levels[i].t - plan.levels[k].t);
  const ts = order.map((i) => plan.levels[i].t);
  for (const name of plan.parameters) {
    const lower = yield* searchSide(plan, name, -1, ts);
    const upper = yield* searchSide(plan, name, 1, ts);
    const limits: ConfidenceLimit[] = new Array(plan.levels.length);
    order.forEach((i, k) => {
      const { sigma, level } = plan.levels[i];
      limits[i] = sigma === undefined ? { level, lower: lower[k], upper: upper[k] } : { sigma, level, lower: lower[k], upper: upper[k] };
    });
    out[name] = limits;
  }
  return out;
}

interface Point {
  /** The value the parameter was held at. */
  v: number;
  /** The signed root of the F statistic there, |z| (0 at the best value). */
  z: number;
}

/**
 * The limits on one side of one parameter for the targets `ts` (ascending): each the v where the
 * profile's z reaches t, or ±Infinity when it does not before a bound, the edge of the model's
 * domain, or a levelling off.
 */
function* searchSide(plan: Plan, name: string, direction: -1 | 1, ts: number[]): Generator<Request, number[], Outcome> {
  const side = direction < 0 ? 'lower' : 'upper';
  const best = plan.result.params[name];
  const error = plan.result.errors[name];
  // The first step: the covariance's σ, as lmfit's (its fallback for σ = 0 or σ ≥ |value| too).
  const scale = error > 0 && Number.isFinite(error) ? error : Math.max(Math.abs(best) * 0.2, 1e-3);
  const bounds = plan.fitOptions.bounds?.[name];
  // The farthest value a refit may hold the parameter at on this side: its bound.
  const bound = bounds ? (direction < 0 ? bounds[0] : bounds[1]) : direction * Infinity;
  const limits: number[] = [];
  const objectivePrecision = Math.max(plan.fitOptions.ftol ?? 0, OBJECTIVE_PRECISION);
  if (plan.best === 0) {
    // An exact fit: any other value raises the objective from 0, an infinite F.
    return ts.map(() => best);
  }
  // Profile points on this side, ordered by distance from the best value; (best, 0) first.
  const points: Point[] = [{ v: best, z: 0 }];
  // The nearest value known to be unusable (a refit that failed there), beyond every point.
  let wall = Infinity; // as a distance from best
  let unbounded = false;

  const distance = (v: number) => direction * (v - best);
  const insert = (p: Point) => {
    let i = points.length;
    while (i > 0 && distance(points[i - 1].v) > distance(p.v)) i--;
    points.splice(i, 0, p);
  };
  // One refit at v: its point, or undefined where the model cannot be evaluated.
  function* profile(v: number): Generator<Request, Point | undefined, Outcome> {
    const outcome = yield { parameter: name, side, value: v };
    if (outcome.result === undefined) {
      const code = outcome.error instanceof FitError ? outcome.error.code : undefined;
      if (code !== undefined && DOMAIN_CODES.has(code)) {
        wall = Math.min(wall, distance(v));
        return undefined;
      }
      throw outcome.error;
    }
    plan.refits++;
    const fitted = outcome.result;
    if (fitted.rows !== plan.result.rows) {
      throw new FitError('INVALID_ARGUMENT', `the data have ${fitted.rows} rows where the result was fitted to ${plan.result.rows}; expected the rows the result was fitted to`);
    }
    const ratio = (2 * fitted.cost) / plan.best - 1;
    const point = { v, z: Math.sqrt(Math.max(0, ratio * plan.dof)) };
    insert(point);
    return point;
  }

  for (const t of ts) {
    if (unbounded) {
      limits.push(direction * Infinity);
      continue;
    }
    const limit = yield* findLimit(t);
    if (limit === undefined) {
      unbounded = true;
      limits.push(direction * Infinity);
    } else {
      limits.push(limit);
    }
  }
  return limits;

  // The v where z = t, or undefined when the profile does not get there.
  function* findLimit(t: number): Generator<Request, number | undefined, Outcome> {
    let refits = 0;
    let outward = 0;
    // Bracket widths after each refit inside it: bisect when two refits have not halved it.
    const widths: number[] = [];
    // z is known to about ν·ε_S/(2z) from the refits' objective (relative precision ε_S ~ ftol):
    // no tighter than that, or refits on 10⁷ rows would chase rounding.
    const tolerance = Math.max(Z_TOLERANCE, (plan.dof * objectivePrecision) / (2 * t * t));
    for (;;) {
      // The bracket: the outermost point below t and the innermost at or above it.
      let inner = points[0];
      let outer: Point | undefined;
      for (const p of points) {
        if (p.z < t) inner = p;
        else {
          outer = p;
          break;
        }
      }
      for (const p of points) if (Math.abs(p.z - t) <= tolerance * t) return p.v;
      let next: number;
      if (outer) {
        const width = Math.abs(outer.v - inner.v);
        if (width <= V_TOLERANCE * Math.max(distance(outer.v), Number.MIN_VALUE) || refits >= MAX_REFITS_PER_LIMIT) {
          return inner.v + ((t - inner.z) * (outer.v - inner.v)) / (outer.z - inner.z);
        }
        widths.push(width);
        const stalled = widths.length >= 3 && width > 0.5 * widths[widths.length - 3];
        next = stalled ? 0.5 * (inner.v + outer.v) : interpolate(t, inner, outer);
        if (stalled) widths.length = 0;
      } else {
        // Outward: extrapolate through the two outermost points, at most 4× as far as now.
        const last = points[points.length - 1];
        const before = points.length > 1 ? points[points.length - 2] : undefined;
        const far = distance(last.v);
        if (outward >= MAX_OUTWARD_STEPS) return undefined;
        if (far > 0 && before && distance(before.v) > 0 && last.z - before.z <= LEVELLED_OFF * last.z && far >= 2 * distance(before.v)) return undefined;
        let reach: number;
        if (far === 0) {
          reach = t * scale;
        } else {
          const slope = before ? (last.z - before.z) / (far - distance(before.v)) : 0;
          reach = slope > 0 ? far + (t - last.z) / slope : 2 * far;
          // A little past the estimate, so that the next point brackets rather than falls short.
          reach = Math.min(Math.max(reach * 1.02, far * 1.1), far * 4);
        }
        if (reach >= wall) {
          // The model cannot be evaluated that far: close in on the wall from the last good point.
          if (wall - far <= V_TOLERANCE * wall + Number.MIN_VALUE) return undefined;
          reach = far + 0.5 * (wall - far);
        }
        const boundDistance = direction * (bound - best);
        if (reach >= boundDistance) {
          if (far >= boundDistance) return undefined; // at the bound already, below t
          reach = boundDistance;
        }
        outward++;
        next = best + direction * reach;
        if (next === last.v) return undefined;
      }
      refits++;
      yield* profile(next);
    }
  }

  // A value between inner and outer where z should be t: inverse quadratic interpolation through
  // the nearest three points when it lands well inside the bracket, else the secant, else bisection.
  function interpolate(t: number, inner: Point, outer: Point): number {
    const lo = Math.min(inner.v, outer.v);
    const hi = Math.max(inner.v, outer.v);
    const inside = (v: number) => v > lo && v < hi;
    const i = points.indexOf(inner);
    const third = points[i - 1] !== undefined && points[i - 1].z < inner.z ? points[i - 1] : points[i + 2];
    if (third && third.z !== inner.z && third.z !== outer.z) {
      const [a, b, c] = [inner, outer, third];
      const v =
        (a.v * (t - b.z) * (t - c.z)) / ((a.z - b.z) * (a.z - c.z)) +
        (b.v * (t - a.z) * (t - c.z)) / ((b.z - a.z) * (b.z - c.z)) +
        (c.v * (t - a.z) * (t - b.z)) / ((c.z - a.z) * (c.z - b.z));
      if (inside(v)) return v;
    }
    const secant = inner.v + ((t - inner.z) * (outer.v - inner.v)) / (outer.z - inner.z);
    if (inside(secant)) return secant;
    return 0.5 * (lo + hi);
  }
}
