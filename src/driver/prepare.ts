/**
 * A fit's preparation: the decoded call (api/call.ts) becomes a model program, a parameter plan
 * and a row stream. Everything that can be checked before the first pass is checked here; what
 * needs every row (NaN, sigma ≤ 0, a model not finite at the start) is checked by the passes.
 *
 * A generator, because a chunk source's first chunk — which says how many x columns there are
 * and whether sigma is given — may have to be awaited.
 */
import { FitError, describe, readArgument } from '../errors.ts';
import type { ResolvedOptions } from '../options/options.ts';
import { callbackProgram, resolveModel, type CompiledProgram, type ModelPlan } from '../models/index.ts';
import { constrainModel, untiedOptions } from '../models/constraints.ts';
import { planParameters, type ParameterPlan } from '../options/parameters.ts';
import { RowStream, type ChunkSource, type Wait } from '../sources/rows.ts';

/** A call, checked at the door: what curveFit was asked to do. */
export interface FitCall {
  /** An expression, a built-in model's name, or a callback. */
  model: unknown;
  /** The rows: a chunk source, or the arrays as a source of one chunk. */
  source: ChunkSource;
  /** True for in-memory arrays (which may stay resident in the window). */
  isArrays: boolean;
  options: ResolvedOptions;
}

export interface PreparedFit {
  model: ModelPlan;
  program: CompiledProgram;
  parameters: ParameterPlan;
  rows: RowStream;
  options: ResolvedOptions;
}

export function* prepareFit(call: FitCall): Generator<Wait, PreparedFit, unknown> {
  const { options } = call;
  const rows = new RowStream(call.source, options.nanPolicy === 'omit', call.isArrays);
  try {
    yield* rows.open();
    const plan = readArgument('the model or options.p0', () => constrainModel(resolveModel(call.model, rows.variables, options.p0), rows.variables, options));
    const guess = plan.guess && needsGuess(plan.names, options) ? guessFrom(plan, rows) : undefined;
    const parameters = readArgument('options.p0, fixed or bounds', () => planParameters(plan.names, untiedOptions(options, plan), guess));
    const program = plan.program ?? callbackProgram(plan.names, parameters.free);
    if (call.isArrays && rows.first!.rows < parameters.free.length) {
      const free = parameters.free.map((j) => plan.names[j]);
      throw new FitError('TOO_FEW_ROWS', `x and y have ${rows.first!.rows} rows; expected at least ${free.length}, one per free parameter (${free.join(', ')})`);
    }
    return { model: plan, program, parameters, rows, options };
  } catch (error) {
    rows.close();
    throw error;
  }
}

function needsGuess(names: string[], options: ResolvedOptions): boolean {
  const given = new Set([...Object.keys(options.fixed ?? {}), ...(Array.isArray(options.p0) || ArrayBuffer.isView(options.p0) ? names : Object.keys(options.p0 ?? {}))]);
  return names.some((name) => !given.has(name));
}

// A built-in model's guess reads the first chunk (all the data, for arrays) in place: it skips
// rows that are not finite itself and looks at an even subsample of at most 20,000 rows.
// A plain array whose element getter throws fails here first: that is the caller's code failing.
function guessFrom(plan: ModelPlan, rows: RowStream): Record<string, number> {
  const { x, y } = rows.first!;
  try {
    return plan.guess!(x[0], y);
  } catch (error) {
    if (error instanceof FitError) throw error;
    throw new FitError('CALLBACK_ERROR', `reading the data for the start guess threw: ${error instanceof Error ? error.message : describe(error)}; expected plain numbers`, { cause: error });
  }
}
