/**
 * A global fit's preparation (api/global.ts), as prepare.ts is a fit's: every dataset's row
 * stream opened (its first chunk read), its model resolved and compiled for its variables, the
 * parameters of the whole fit planned — the union of the datasets' parameter names, in order of
 * first appearance, dataset after dataset: a name in several models is one parameter — and the
 * programs rewritten for that order (global-program.ts). What a dataset gets wrong is said with
 * its index: `datasets[1]: x has 120 rows and y has 100; …`.
 */
import { FitError, describe, readArgument } from '../errors.ts';
import type { ResolvedOptions } from '../options/options.ts';
import { resolveModel, type CompiledProgram, type ModelPlan } from '../models/index.ts';
import { planParameters, type ParameterPlan } from '../options/parameters.ts';
import { inDataset, namedError } from '../passes/global.ts';
import { RowStream, type ChunkSource, type Wait } from '../sources/rows.ts';
import { globalPrograms, type GlobalPrograms } from './global-program.ts';

/** A dataset, checked at the door: its model and its rows. */
export interface GlobalDatasetCall {
  model: unknown;
  source: ChunkSource;
  isArrays: boolean;
}

export interface GlobalCall {
  datasets: GlobalDatasetCall[];
  options: ResolvedOptions;
}

export interface PreparedDataset {
  /** How the report names its model. */
  label: string;
  /** Its model's parameters, in its own order. */
  names: string[];
  program: CompiledProgram;
  rows: RowStream;
  /** A built-in model's estimate of its start from the data. */
  guess: ModelPlan['guess'];
}

export interface PreparedGlobalFit {
  datasets: PreparedDataset[];
  parameters: ParameterPlan;
  programs: GlobalPrograms;
  options: ResolvedOptions;
}

export function* prepareGlobalFit(call: GlobalCall): Generator<Wait, PreparedGlobalFit, unknown> {
  const { options } = call;
  const streams: RowStream[] = [];
  try {
    const datasets: PreparedDataset[] = [];
    for (let d = 0; d < call.datasets.length; d++) {
      const { model, source, isArrays } = call.datasets[d];
      const rows = new RowStream(source, options.nanPolicy === 'omit', isArrays);
      streams.push(rows);
      try {
        yield* rows.open();
      } catch (error) {
        throw namedError(d, error);
      }
      if (d > 0) checkVariables(d, rows, datasets[0].rows);
      const plan = inDataset(d, () => readArgument(`datasets[${d}].model or options.p0`, () => resolveModel(model, rows.variables, options.p0)));
      if (!plan.program) {
        throw new FitError('INVALID_ARGUMENT', `datasets[${d}].model is ${describe(model)}; a global fit takes an expression such as 'a1*exp(-k*x) + c1' or a built-in model's name for each dataset, not a callback`);
      }
      datasets.push({ label: plan.label, names: plan.names, program: plan.program, rows, guess: plan.guess });
    }

    // The parameters of the fit: every dataset's, once each, in order of first appearance.
    const names: string[] = [];
    const seen = new Set<string>();
    for (const d of datasets) {
      for (const name of d.names) {
        if (!seen.has(name)) {
          seen.add(name);
          names.push(name);
        }
      }
    }
    checkOptionNames(options, seen, names);
    const guess = needsGuess(names, options) ? guessFrom(datasets) : undefined;
    const parameters = readArgument('options.p0, fixed or bounds', () => planParameters(names, options, guess));
    if (call.datasets.every((d) => d.isArrays)) {
      const total = datasets.reduce((sum, d) => sum + d.rows.first!.rows, 0);
      if (total < parameters.free.length) {
        const free = parameters.free.map((j) => names[j]);
        throw new FitError('TOO_FEW_ROWS', `the datasets have ${total} rows in all; expected at least ${free.length}, one per free parameter (${free.join(', ')})`);
      }
    }
    const programs = globalPrograms(datasets.map((d) => d.program), names, parameters.free);
    return { datasets, parameters, programs, options };
  } catch (error) {
    for (const rows of streams) rows.close();
    throw error;
  }
}

// Every dataset reads the same variables (the window has one set of x columns): x, or the same named columns.
function checkVariables(d: number, rows: RowStream, first: RowStream): void {
  const same = rows.variables.length === first.variables.length && rows.variables.every((name) => first.variables.includes(name));
  if (same) return;
  const list = (v: string[]) => `${v.length === 1 ? 'the variable' : 'the variables'} ${v.join(', ')}`;
  throw new FitError(
    'INVALID_ARGUMENT',
    `datasets[${d}].x has ${list(rows.variables)}; expected the variables of datasets[0].x: ${first.variables.join(', ')} — every dataset of a global fit gives the same columns`,
  );
}

// p0, fixed and bounds name parameters of some dataset's model (planParameters would say "the model").
function checkOptionNames(options: ResolvedOptions, known: Set<string>, names: string[]): void {
  for (const option of ['p0', 'fixed', 'bounds'] as const) {
    const value = options[option];
    if (value === undefined || value === null || typeof value !== 'object' || Array.isArray(value) || ArrayBuffer.isView(value)) continue;
    for (const name of Object.keys(value)) {
      if (!known.has(name)) {
        throw new FitError('UNKNOWN_PARAMETER', `options.${option} names "${name}", which no dataset's model has; the parameters are ${names.join(', ')}`);
      }
    }
  }
}

function needsGuess(names: string[], options: ResolvedOptions): boolean {
  const given = new Set([...Object.keys(options.fixed ?? {}), ...(Array.isArray(options.p0) || ArrayBuffer.isView(options.p0) ? names : Object.keys(options.p0 ?? {}))]);
  return names.some((name) => !given.has(name));
}

// The built-in models' guesses, each from its dataset's first chunk; a name several guess takes the first dataset's.
function guessFrom(datasets: PreparedDataset[]): Record<string, number> | undefined {
  let merged: Record<string, number> | undefined;
  datasets.forEach((dataset, d) => {
    const guess = dataset.guess;
    if (!guess) return;
    const { x, y } = dataset.rows.first!;
    let values: Record<string, number>;
    try {
      values = guess(x[0], y);
    } catch (error) {
      if (error instanceof FitError) throw namedError(d, error);
      throw new FitError('CALLBACK_ERROR', `datasets[${d}]: reading the data for the start guess threw: ${error instanceof Error ? error.message : describe(error)}; expected plain numbers`, { cause: error });
    }
    merged ??= {};
    for (const [name, value] of Object.entries(values)) if (!(name in merged)) merged[name] = value;
  });
  return merged;
}
