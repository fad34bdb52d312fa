/**
 * A fit's validation, once, at the door: options, data, model, parameters. Everything that
 * can be checked before the first pass is checked here; what needs the data (NaN, sigma ≤ 0,
 * a model not finite at the start) is checked by the first pass.
 */
import { FitError } from './errors.ts';
import { resolveOptions, type ResolvedOptions } from './options.ts';
import { callbackProgram, resolveModel, type CompiledProgram, type ModelPlan } from './models/index.ts';
import { planParameters, type ParameterPlan } from './parameters.ts';
import { readColumns, type DataColumns, type NumericArray } from './sources/arrays.ts';

export interface PreparedFit {
  model: ModelPlan;
  program: CompiledProgram;
  parameters: ParameterPlan;
  data: DataColumns;
  options: ResolvedOptions;
}

export function prepareFit(model: unknown, x: unknown, y: unknown, optionsIn: unknown): PreparedFit {
  const options = resolveOptions(optionsIn);
  const data = readColumns(x, y, options.sigma);
  const plan = resolveModel(model, data.variables, options.p0);
  const guess = plan.guess && needsGuess(plan.names, options) ? guessFrom(plan, data, options.nanPolicy === 'omit') : undefined;
  const parameters = planParameters(plan.names, options, guess);
  const program = plan.program ?? callbackProgram(plan.names, parameters.free);
  if (data.rows < parameters.free.length) {
    const free = parameters.free.map((j) => plan.names[j]);
    throw new FitError('TOO_FEW_ROWS', `x and y have ${data.rows} rows; expected at least ${free.length}, one per free parameter (${free.join(', ')})`);
  }
  return { model: plan, program, parameters, data, options };
}

function needsGuess(names: string[], options: ResolvedOptions): boolean {
  const given = new Set([...Object.keys(options.fixed ?? {}), ...(Array.isArray(options.p0) || ArrayBuffer.isView(options.p0) ? names : Object.keys(options.p0 ?? {}))]);
  return names.some((name) => !given.has(name));
}

// A built-in model's guess reads the data once, in JS (rows with NaN left out when omitted).
function guessFrom(plan: ModelPlan, data: DataColumns, omitNaN: boolean): Record<string, number> {
  const keep = (i: number) => !omitNaN || (!Number.isNaN(Number(data.x[0][i])) && !Number.isNaN(Number(data.y[i])));
  const pick = (column: NumericArray) => {
    const out: number[] = [];
    for (let i = 0; i < data.rows; i++) if (keep(i)) out.push(Number(column[i]));
    return Float64Array.from(out);
  };
  return plan.guess!(pick(data.x[0]), pick(data.y));
}
