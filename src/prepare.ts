/**
 * A fit's validation, once, at the door: options, data, model, parameters. Everything that
 * can be checked before the first pass is checked here; what needs every row (NaN, sigma ≤ 0,
 * a model not finite at the start) is checked by the first pass.
 *
 * A generator, because a chunk source's first chunk — which says how many x columns there are
 * and whether sigma is given — may have to be awaited.
 */
import { FitError, describe } from './errors.ts';
import { resolveOptions, type ResolvedOptions } from './options.ts';
import { callbackProgram, resolveModel, type CompiledProgram, type ModelPlan } from './models/index.ts';
import { planParameters, type ParameterPlan } from './parameters.ts';
import { arraySource, isChunkSource, RowStream, type Wait } from './sources/rows.ts';

export interface PreparedFit {
  model: ModelPlan;
  program: CompiledProgram;
  parameters: ParameterPlan;
  rows: RowStream;
  options: ResolvedOptions;
}

/** Fit options for progress and cancellation, which are not part of the fit's definition. */
export interface RunOptions {
  onProgress?: (progress: FitProgress) => void;
  signal?: AbortSignal;
  /** Workers for parallel passes (options.workers > 1, curveFit only); given by the engine. */
  passWorkers?: import('./worker/passes.ts').PassWorkers;
}

/** What onProgress receives after every chunk. */
export interface FitProgress {
  /** Passes over the data completed before this one (0 during the first). */
  pass: number;
  /** Trial steps taken so far. */
  iteration: number;
  /** Rows folded so far in this pass. */
  rows: number;
  /** The objective at the best point so far (½χ² for the linear loss); NaN before the first pass ends. */
  cost: number;
}

/**
 * curveFit(model, x, y, options) or curveFit(model, source, options): the arguments, sorted.
 */
export function* prepareFit(model: unknown, data: unknown, yOrOptions: unknown, maybeOptions: unknown): Generator<Wait, PreparedFit, unknown> {
  const fromSource = isChunkSource(data);
  const options = resolveOptions(fromSource ? yOrOptions : maybeOptions);
  if (fromSource && options.sigma !== undefined) {
    throw new FitError('INVALID_OPTION', 'options.sigma was given with a chunk source; expected sigma in the chunks, { x, y, sigma }');
  }
  const isColumnLike = (v: unknown) => Array.isArray(v) || ArrayBuffer.isView(v);
  if (!fromSource && data !== null && typeof data === 'object' && !isColumnLike(data) && !isColumnLike(yOrOptions)) {
    throw new FitError('INVALID_SOURCE', `the data argument is ${describe(data)} without a chunks() method, and y is ${describe(yOrOptions)}; expected a chunk source { chunks() }, or x (an array or named columns) and y`);
  }
  if (!fromSource && isChunkSource(yOrOptions)) {
    throw new FitError('INVALID_ARGUMENT', `y is ${describe(yOrOptions)}; a chunk source goes in place of x: curveFit(model, source, options)`);
  }
  const rows = new RowStream(fromSource ? data : arraySource(data, yOrOptions, options.sigma), options.nanPolicy === 'omit', !fromSource);
  yield* rows.open();
  const plan = resolveModel(model, rows.variables, options.p0);
  const guess = plan.guess && needsGuess(plan.names, options) ? guessFrom(plan, rows) : undefined;
  const parameters = planParameters(plan.names, options, guess);
  const program = plan.program ?? callbackProgram(plan.names, parameters.free);
  if (!fromSource && rows.first!.rows < parameters.free.length) {
    const free = parameters.free.map((j) => plan.names[j]);
    throw new FitError('TOO_FEW_ROWS', `x and y have ${rows.first!.rows} rows; expected at least ${free.length}, one per free parameter (${free.join(', ')})`);
  }
  return { model: plan, program, parameters, rows, options };
}

/** Splits the run-time options (progress, cancellation) from the fit's definition. */
export function runOptions(options: unknown): RunOptions {
  if (options === null || typeof options !== 'object') return {};
  const { onProgress, signal } = options as RunOptions;
  if (onProgress !== undefined && typeof onProgress !== 'function') {
    throw new FitError('INVALID_OPTION', `options.onProgress is ${describe(onProgress)}; expected a function ({ pass, iteration, rows, cost }) => void`);
  }
  if (signal !== undefined && !(typeof signal === 'object' && signal !== null && typeof (signal as AbortSignal).aborted === 'boolean')) {
    throw new FitError('INVALID_OPTION', `options.signal is ${describe(signal)}; expected an AbortSignal`);
  }
  return { onProgress, signal };
}

function needsGuess(names: string[], options: ResolvedOptions): boolean {
  const given = new Set([...Object.keys(options.fixed ?? {}), ...(Array.isArray(options.p0) || ArrayBuffer.isView(options.p0) ? names : Object.keys(options.p0 ?? {}))]);
  return names.some((name) => !given.has(name));
}

// A built-in model's guess reads the first chunk (all the data, for arrays) in place: it skips
// rows that are not finite itself and looks at an even subsample of at most 20,000 rows.
function guessFrom(plan: ModelPlan, rows: RowStream): Record<string, number> {
  const { x, y } = rows.first!;
  return plan.guess!(x[0], y);
}
