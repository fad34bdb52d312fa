/**
 * `--plot out.svg`: after the fit, one more streaming pass over the file bins the rows by
 * pixel column (decimate.ts) with the residuals at the fitted parameters, evaluated in
 * JavaScript from the same compiled expression the fit ran in WASM. The x range comes from
 * the fit's first pass (x-range.ts), so the plot costs one pass, not two.
 */
import { statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { FitResult } from '../node.ts';
import { builtinModel } from '../models/builtin/index.ts';
import { compileExpression, evaluateProgram } from '../models/expression/index.ts';
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
  const builtin = builtinModel(model.trim());
  const program = compileExpression(builtin?.expression ?? model, { variables: [data.variable] });
  const theta = program.parameters.map((name) => result.params[name]);
  // All x equal: a unit-wide range around it, so the data still make a column.
  const [lo, hi] = range[0] < range[1] ? range : [range[0] - 0.5, range[1] + 0.5];
  const bins = decimate(data.source, data.variable, program, theta, [lo, hi], PLOT_COLUMNS, onRows);
  const centres = Float64Array.from({ length: PLOT_COLUMNS }, (_, k) => lo + ((k + 0.5) * (hi - lo)) / PLOT_COLUMNS);
  const curve = evaluateProgram(program, theta, [centres], PLOT_COLUMNS).value;
  const parameters = result.names.map((name) => {
    const error = result.fixed.includes(name) ? ' (fixed)' : Number.isFinite(result.errors[name]) ? ` ± ${result.errors[name].toPrecision(2)}` : '';
    return `${name} = ${result.params[name].toPrecision(6)}${error}`;
  });
  const svg = renderPlot({
    bins, curve,
    xLabel: data.xColumn,
    yLabel: data.yColumn,
    title: `${data.yColumn} = ${builtin ? `${builtin.expression}  (${builtin.name})` : model.trim()}`,
    // SVG collapses runs of spaces: separators are visible characters.
    subtitle: `${parameters.join(', ')} · χ²/dof ${result.reducedChi2.toPrecision(4)} · ${result.converged ? 'converged' : 'NOT converged'}`,
  });
  try {
    writeFileSync(path, svg);
  } catch (error) {
    throw new UsageError(`--plot ${JSON.stringify(path)} cannot be written: ${(error as Error).message}`);
  }
}
