/**
 * `--plot out.svg`: after the fit, one more streaming pass over the file bins the rows by
 * pixel column (decimate.ts) with the residuals at the fitted parameters, evaluated in
 * JavaScript by compileModel — the same compiler as the fit's, evaluated by its reference
 * evaluator. The x range comes from the fit's first pass (x-range.ts), so the plot costs one
 * pass, not two.
 */
import { statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { builtinModelExpression, compileModel, type FitResult } from 'arenafit/node';
import { columnCentres } from '../shared/bins.ts';
import { UsageError } from './args.ts';
import type { Data } from './data.ts';
import { decimate } from './decimate.ts';
import { PLOT_COLUMNS, renderPlot } from './plot.ts';

/** Fails before the fit, not after minutes of it, if the plot could not be written. */
export function checkPlotPath(path: string): void {
  const folder = dirname(resolve(path));
  let isFolder = false;
  try {
    isFolder = statSync(folder).isDirectory();
  } catch {
    // missing: reported below
  }
  if (!isFolder) throw new UsageError(`--plot ${JSON.stringify(path)}: the folder ${JSON.stringify(folder)} does not exist`);
}

export function writePlot(path: string, data: Data, model: string, result: FitResult, range: [number, number], onRows?: (rows: number) => void): void {
  const builtin = builtinModelExpression(model);
  const compiled = compileModel(model, { variables: [data.variable] });
  const values = compiled.names.map((name) => result.params[name]);
  const bins = decimate(data.source, data.variable, compiled, values, range, PLOT_COLUMNS, onRows);
  const curve = compiled.evaluate(columnCentres(bins), values);
  const parameters = result.names.map((name) => {
    const error = result.fixed.includes(name) ? ' (fixed)' : Number.isFinite(result.errors[name]) ? ` ± ${result.errors[name].toPrecision(2)}` : '';
    return `${name} = ${result.params[name].toPrecision(6)}${error}`;
  });
  const svg = renderPlot({
    bins, curve,
    xLabel: data.xColumn,
    yLabel: data.yColumn,
    title: `${data.yColumn} = ${builtin ? `${builtin}  (${model.trim()})` : model.trim()}`,
    // SVG collapses runs of spaces: separators are visible characters.
    subtitle: `${parameters.join(', ')} · χ²/dof ${result.reducedChi2.toPrecision(4)} · ${result.converged ? 'converged' : 'NOT converged'}`,
  });
  try {
    writeFileSync(path, svg);
  } catch (error) {
    throw new UsageError(`--plot ${JSON.stringify(path)} cannot be written: ${(error as Error).message}`);
  }
}
