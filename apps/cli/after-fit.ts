/**
 * What the fit command writes after the fit, from one more streaming pass over the file: the
 * plot's pixel columns (--plot, shared/bins.ts) and the residuals file (--out), both fed by the
 * same chunks and the same fitted values. The model is evaluated in JavaScript by compileModel —
 * the same compiler as the fit's, by its reference evaluator — a chunk at a time, so the pass
 * holds a chunk, whatever the number of rows. The plot's x range comes from the fit's first pass
 * (x-range.ts), so the plot and the file together cost one pass, not two or three. A prediction
 * band of a fit weighted by sigma also needs each column's sigma (plot-file.ts), summed here.
 */
import { compileModel, type FitResult } from 'arenafit/node';
import { addRows, columnOf, emptyBins, type Bins } from '../shared/bins.ts';
import type { Data } from './data.ts';
import { writePlot, type BandChoice, type ColumnSigma } from './plot-file.ts';
import { PLOT_COLUMNS } from './plot.ts';
import { ResidualsFile } from './residuals-file.ts';
import { xOf } from './x-range.ts';

export interface AfterFit {
  /** --plot: the SVG's path, the x range the fit saw, and the band to shade (--band, --level; none: undefined). */
  plot?: { path: string; range: [number, number]; band?: BandChoice };
  /** --out: the residuals file's path. */
  out?: string;
  /** After each chunk, the rows read so far (the progress line). */
  onRows?: (rows: number) => void;
}

export function writeAfterFit(data: Data, model: string, result: FitResult, { plot, out, onRows }: AfterFit): void {
  const compiled = compileModel(model, { variables: [data.variable] });
  const values = compiled.names.map((name) => result.params[name]);
  const bins: Bins | undefined = plot && emptyBins(plot.range[0], plot.range[1], PLOT_COLUMNS);
  // A new observation's sigma, for a prediction band about a fit weighted by sigma: the rows'.
  const sigma: ColumnSigma | undefined = bins && plot?.band?.kind === 'prediction' && result.weighted
    ? { squares: new Float64Array(PLOT_COLUMNS), count: new Float64Array(PLOT_COLUMNS) }
    : undefined;
  const column = bins && columnOf(bins);
  const file = out === undefined ? undefined : new ResidualsFile(out, columnNames(data));
  try {
    let rows = 0;
    for (const chunk of data.source.chunks()) {
      const x = xOf(chunk, data.variable);
      const fitted = compiled.evaluate(x, values);
      if (bins) addRows(bins, x, chunk.y, fitted);
      if (sigma && chunk.sigma) {
        for (let i = 0; i < x.length; i++) {
          const k = column!(x[i]);
          const s = chunk.sigma[i];
          if (!(k >= 0) || !Number.isFinite(s)) continue;
          sigma.squares[k] += s * s;
          sigma.count[k]++;
        }
      }
      file?.write(x, chunk.y, data.sigmaColumn === undefined ? undefined : chunk.sigma, fitted);
      rows += x.length;
      onRows?.(rows);
    }
    file?.close();
  } catch (error) {
    file?.abandon();
    throw error;
  }
  if (plot) writePlot(plot.path, data, model, result, bins!, compiled, values, plot.band, sigma);
}

/** The residuals file's names for the data's columns: the file's own, else x, y and sigma. */
function columnNames(data: Data): string[] {
  const names = data.named ? [data.xColumn, data.yColumn, data.sigmaColumn] : ['x', 'y', data.sigmaColumn && 'sigma'];
  return names.filter((name) => name !== undefined);
}
