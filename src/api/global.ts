/**
 * curveFitGlobal: several datasets, each with its own model, fitted together — parameters with
 * the same name are one parameter (a decay rate `k` shared by three temperatures:
 * `'a1*exp(-k*x) + c1'`, `'a2*exp(-k*x) + c2'`, …). One solver over the union of the names; one
 * pass streams the datasets one after another, each through its own program, into one factor R̃
 * (passes/global.ts), so memory is one window and the P×P blocks whatever the datasets' sizes.
 *
 * The call is checked at the door here (datasets, options), prepared by driver/global-prepare.ts
 * and run by driver/global-run.ts through the same runner as curveFit (api/runner.ts).
 */
import { FitError, describe, readArgument } from '../errors.ts';
import type { GlobalCall, GlobalDatasetCall } from '../driver/global-prepare.ts';
import { prepareGlobalFit } from '../driver/global-prepare.ts';
import { runGlobalFit, type GlobalRawFit } from '../driver/global-run.ts';
import { isCallbackModel } from '../models/callback.ts';
import { resolveOptions, runOptions, type FitOptions, type RunOptions } from '../options/options.ts';
import { Checkpoint } from '../passes/checkpoint.ts';
import type { Steps } from '../passes/pass.ts';
import type { FitResult } from '../result/fit-result.ts';
import { buildResult } from '../result/result.ts';
import { arraySource, isChunkSource, type ChunkSource, type NumericArray, type XInput } from '../sources/rows.ts';
import { WasmInstance } from '../wasm/instance.ts';
import { drain, drive } from './runner.ts';
import { isModel, type Model } from '../models/composite/node.ts';

/**
 * One dataset of a global fit: its model — an expression, a built-in model's name, a model
 * string of built-ins or a `Model` (not a callback) — and its rows: arrays (sigma: the standard
 * deviations of its y), or a chunk source (sigma in its chunks).
 */
export type GlobalDataset =
  | { model: string | Model; x: XInput; y: NumericArray; sigma?: NumericArray }
  | { model: string | Model; source: ChunkSource };

/** One dataset's share of a global fit, at the answer. */
export interface GlobalDatasetResult {
  /** Its model, as the report names it (a built-in model: its name and expression). */
  model: string;
  /** The parameters its model uses, in its own order. */
  names: string[];
  /** Rows used. */
  rows: number;
  /** Rows skipped for NaN (nanPolicy 'omit'). */
  omittedRows: number;
  /** Σ rᵢ² over its rows, rᵢ = (f(xᵢ) − yᵢ)/σᵢ: the datasets' χ² add up to the fit's. */
  chi2: number;
  /** ½·Σ fScale²·ρ((rᵢ/fScale)²) over its rows (½χ² for the linear loss). */
  cost: number;
  /** 1 − χ²/Σwᵢ(yᵢ − ȳ_w)² over its rows; NaN when its y is constant. */
  rSquared: number;
}

/**
 * A global fit's result: a FitResult over the union of the datasets' parameters (a shared
 * parameter is reported once; rows, dof, χ² and R² are the whole fit's), and each dataset's share.
 */
export interface GlobalFitResult extends FitResult {
  datasets: GlobalDatasetResult[];
}

/** Options of curveFitGlobal: curveFit's, with sigma given per dataset (no constraints, no workers > 1; diff is for callbacks). */
export type GlobalFitOptions = Omit<FitOptions, 'sigma' | 'constraints' | 'diff'>;

const DATASET_FIELDS = ['model', 'x', 'y', 'sigma', 'source'];

interface DecodedGlobalCall extends GlobalCall {
  run: RunOptions;
}

/** Checks a global fit's arguments at the door: the datasets' shapes and the options. */
export function decodeGlobalCall(datasets: unknown, options: unknown): DecodedGlobalCall {
  return readArgument('an argument of curveFitGlobal', () => decode(datasets, options));
}

function decode(datasets: unknown, given: unknown): DecodedGlobalCall {
  if (!Array.isArray(datasets) || datasets.length === 0) {
    throw new FitError('INVALID_ARGUMENT', `datasets is ${describe(datasets)}; expected a non-empty array of datasets { model, x, y, sigma? } or { model, source }`);
  }
  const options = resolveOptions(given);
  const run = runOptions(given);
  if (options.sigma !== undefined) {
    throw new FitError('INVALID_OPTION', 'options.sigma was given to a global fit; expected sigma per dataset, datasets[i].sigma (or in its chunks)');
  }
  // Ties rewrite one model's expression (models/constraints.ts); across datasets' models, not yet.
  if ((given as { constraints?: unknown } | null | undefined)?.constraints !== undefined) {
    throw new FitError('INVALID_OPTION', 'options.constraints was given to a global fit; expected none: a parameter shared by several datasets is one parameter already (give it one name), and ties between parameters are not supported across datasets yet');
  }
  if (options.workers > 1) {
    throw new FitError('INVALID_OPTION', `options.workers is ${options.workers}; a global fit runs its passes on the calling thread: expected workers: 1, or curveFit of each dataset with workers`);
  }
  const calls = datasets.map((dataset: unknown, d): GlobalDatasetCall => {
    const at = `datasets[${d}]`;
    if (dataset === null || typeof dataset !== 'object' || Array.isArray(dataset)) {
      throw new FitError('INVALID_ARGUMENT', `${at} is ${describe(dataset)}; expected { model, x, y, sigma? } or { model, source }`);
    }
    const fields = dataset as Record<string, unknown>;
    for (const key of Object.keys(fields)) {
      if (!DATASET_FIELDS.includes(key)) {
        throw new FitError('INVALID_ARGUMENT', `${at}.${key} is not a field of a dataset; expected { model, x, y, sigma? } or { model, source }`);
      }
    }
    const { model, x, y, sigma, source } = fields;
    // A Model (model(…)) has an evaluate method too, but it is an expression's tree: taken as one.
    if (isCallbackModel(model) && !isModel(model)) {
      throw new FitError('INVALID_ARGUMENT', `${at}.model is ${describe(model)}; a global fit takes an expression such as 'a1*exp(-k*x) + c1' or a built-in model's name for each dataset, not a callback`);
    }
    // A string, or another model object the model resolver knows (it says what it expected of one).
    if (typeof model !== 'string' && (typeof model !== 'object' || model === null)) {
      throw new FitError('INVALID_ARGUMENT', `${at}.model is ${describe(model)}; expected an expression such as 'a1*exp(-k*x) + c1' or a built-in model's name`);
    }
    if (source !== undefined) {
      if (!isChunkSource(source)) {
        throw new FitError('INVALID_SOURCE', `${at}.source is ${describe(source)}; expected a chunk source { chunks() }`);
      }
      if (x !== undefined || y !== undefined || sigma !== undefined) {
        throw new FitError('INVALID_ARGUMENT', `${at} has both a source and ${x !== undefined ? 'x' : y !== undefined ? 'y' : 'sigma'}; expected { model, x, y, sigma? } or { model, source } (sigma in the chunks)`);
      }
      return { model, source, isArrays: false };
    }
    if (x === undefined || y === undefined) {
      throw new FitError('INVALID_ARGUMENT', `${at}.${x === undefined ? 'x' : 'y'} is undefined; expected { model, x, y, sigma? } or { model, source }`);
    }
    return { model, source: arraySource(x, y, sigma), isArrays: true };
  });
  if (run.signal?.aborted) throw new FitError('ABORTED', 'the fit was aborted by its AbortSignal before it started', { cause: run.signal.reason });
  return { datasets: calls, options, run };
}

/** A global fit's steps on a WASM instance: prepare, run, collect. */
export function* globalFit(instance: WasmInstance, call: GlobalCall, checkpoint: Checkpoint): Steps<GlobalFitResult> {
  const prepared = yield* prepareGlobalFit(call);
  return globalResult(yield* runGlobalFit(instance, prepared, checkpoint));
}

function globalResult({ raw, datasets }: GlobalRawFit): GlobalFitResult {
  const result = buildResult(raw) as GlobalFitResult;
  const shares: GlobalDatasetResult[] = datasets.map((d) => ({
    model: d.label,
    names: d.names,
    rows: d.rows,
    omittedRows: d.omittedRows,
    chi2: d.chi2,
    cost: d.objective / 2,
    rSquared: d.totalSumOfSquares > 0 ? 1 - d.chi2 / d.totalSumOfSquares : NaN,
  }));
  const report = result.report;
  result.datasets = shares;
  // One curve per dataset: r.evaluate and r.band would not know which; each dataset's model with
  // r.params gives its curve. Not enumerable, as report below.
  for (const what of ['evaluate', 'band'] as const) {
    Object.defineProperty(result, what, {
      value: () => {
        throw new FitError('NO_MODEL', `r.${what}: a global fit has a model per dataset (${shares.map((d, k) => `datasets[${k}]: ${d.model}`).join('; ')}); expected compileModel(model).evaluate(x, r.params) with the model of the dataset wanted`);
      },
      enumerable: false, writable: true, configurable: true,
    });
  }
  // The report adds the datasets' table; not enumerable, so that the result stays data (structuredClone, JSON).
  Object.defineProperty(result, 'report', {
    value: () => `${report.call(result)}\n\n${datasetsReport(shares)}`,
    enumerable: false, writable: true, configurable: true,
  });
  return result;
}

function datasetsReport(datasets: GlobalDatasetResult[]): string {
  const number = (v: number) => (Number.isFinite(v) ? v.toPrecision(8) : String(v));
  const lines = [`${'dataset'.padEnd(12)}  ${'rows'.padStart(10)}  ${'chi2'.padStart(15)}  ${'R²'.padStart(15)}  model`];
  datasets.forEach((d, k) => {
    const omitted = d.omittedRows > 0 ? ` (${d.omittedRows} omitted)` : '';
    lines.push(`${`datasets[${k}]`.padEnd(12)}  ${d.rows.toLocaleString('en-US').padStart(10)}  ${number(d.chi2).padStart(15)}  ${number(d.rSquared).padStart(15)}  ${d.model}${omitted}`);
  });
  return lines.join('\n');
}

/** A global fit on this instance, on the calling thread (the engines' method and tests call it). */
export function globalFitOnSync(instance: WasmInstance, datasets: readonly GlobalDataset[], options?: GlobalFitOptions): GlobalFitResult {
  const call = decodeGlobalCall(datasets, options);
  return drain(globalFit(instance, call, new Checkpoint(call.run)));
}

/** A global fit on this instance, yielding to the event loop between chunks; the caller runs one fit at a time on it. */
export async function globalFitOn(instance: WasmInstance, datasets: readonly GlobalDataset[], options?: GlobalFitOptions): Promise<GlobalFitResult> {
  const call = decodeGlobalCall(datasets, options);
  const checkpoint = new Checkpoint(call.run);
  return drive(globalFit(instance, call, checkpoint), checkpoint);
}
