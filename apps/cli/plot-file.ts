/**
 * `--plot out.svg`: the plot's pixel columns, filled by the pass after the fit (after-fit.ts),
 * drawn with the fitted curve at each column's centre and the fit's parameters, and the band
 * about the curve (--band, --level) from the result's own r.band at the same centres, and written.
 */
import { writeFileSync } from 'node:fs';
import { builtinModelExpression, type CompiledModel, type FitResult } from 'arenafit/node';
import { columnCentres, type Bins } from '../shared/bins.ts';
import { UsageError } from './args.ts';
import type { Data } from './data.ts';
import { renderPlot, type Shade } from './plot.ts';

/** The band to shade: --band (not none) and --level. */
export interface BandChoice {
  kind: 'confidence' | 'prediction';
  level: number;
}

/** Per pixel column, the squares of the rows' sigma summed, and how many rows gave one. */
export interface ColumnSigma {
  squares: Float64Array;
  count: Float64Array;
}

export function writePlot(
  path: string, data: Data, model: string, result: FitResult, bins: Bins, compiled: CompiledModel, values: number[],
  band?: BandChoice, sigma?: ColumnSigma,
): void {
  const builtin = builtinModelExpression(model);
  const centres = columnCentres(bins);
  const curve = compiled.evaluate(centres, values);
  const parameters = result.names.map((name) => {
    const error = result.fixed.includes(name) ? ' (fixed)' : Number.isFinite(result.errors[name]) ? ` ± ${result.errors[name].toPrecision(2)}` : '';
    return `${name} = ${result.params[name].toPrecision(6)}${error}`;
  });
  const svg = renderPlot({
    bins, curve,
    band: band && shade(result, centres, band, sigma),
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

/**
 * r.band at the columns' centres. A prediction band about a fit weighted by sigma needs a new
 * observation's sigma at each x: the root mean square of the sigma of the rows in that column,
 * and between columns without rows the straight line joining their nearest neighbours' (beyond
 * the first and the last, theirs).
 */
function shade(result: FitResult, centres: Float64Array, { kind, level }: BandChoice, sigma: ColumnSigma | undefined): Shade | undefined {
  const label = `${Number((100 * level).toPrecision(6))}% ${kind} band`;
  if (!sigma) return { ...result.band(centres, { kind, level }), label };
  const held: number[] = [];
  sigma.count.forEach((n, k) => n > 0 && held.push(k));
  if (held.length === 0) return undefined;
  const rms = (k: number) => Math.sqrt(sigma.squares[k] / sigma.count[k]);
  const at = new Float64Array(centres.length);
  let next = 0; // held[next] is the first held column at or after k
  for (let k = 0; k < at.length; k++) {
    while (next < held.length && held[next] < k) next++;
    const after = held[Math.min(next, held.length - 1)];
    const before = next < held.length && held[next] === k ? k : held[Math.max(next - 1, 0)];
    at[k] = after === before ? rms(before) : rms(before) + ((rms(after) - rms(before)) * (k - before)) / (after - before);
  }
  return { ...result.band(centres, { kind, level, sigma: at }), label };
}
