/**
 * `--plot out.svg`: the plot's pixel columns, filled by the pass after the fit (after-fit.ts),
 * drawn with the fitted curve at each column's centre and the fit's parameters, and written.
 */
import { writeFileSync } from 'node:fs';
import { builtinModelExpression, type CompiledModel, type FitResult } from 'arenafit/node';
import { columnCentres, type Bins } from '../shared/bins.ts';
import { UsageError } from './args.ts';
import type { Data } from './data.ts';
import { renderPlot } from './plot.ts';

export function writePlot(path: string, data: Data, model: string, result: FitResult, bins: Bins, compiled: CompiledModel, values: number[]): void {
  const builtin = builtinModelExpression(model);
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
