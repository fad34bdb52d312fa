/**
 * What a bad value in the data is called, in one place for every pass and for the pass workers:
 * the evaluator's scan reports a column code (x columns, then y, sigma not finite, sigma ≤ 0)
 * and a row; this names them as the user wrote them — x[12], x.t[3], options.sigma[7], or a
 * chunk source's sigma — with the value seen and the value expected.
 */
import { FitError, describe } from '../errors.ts';

/** How the data's columns are named in messages. */
export interface DataNames {
  /** The x columns: ['x'], or ['x.t', 'x.u'] for named columns. */
  labels: readonly string[];
  /** 'options.sigma' for arrays, 'sigma' for a chunk source. */
  sigmaLabel: string;
  /** Where a source row is, as the source says (`"decay.csv" line 7`), if it can. */
  locate?(row: number): string | undefined;
  /** Before every label: `datasets[1].` for a dataset of a global fit (`datasets[1].y[5]`). */
  prefix?: string;
}

/**
 * `y[5]`, or `y[5] ("decay.csv" line 7)` when the source can say where its row is: a row index
 * in a file of millions of lines is a number nobody can find.
 */
function at(names: DataNames, label: string, row: number): string {
  const where = names.locate?.(row);
  const cell = `${names.prefix ?? ''}${label}[${row}]`;
  return where === undefined ? cell : `${cell} (${where})`;
}

/** A NaN can be skipped instead of refused: the option that does it, said where it applies. */
const omitHint = (value: number) => (Number.isNaN(value) ? "; set options.nanPolicy to 'omit' to skip rows holding NaN" : '');

export function dataError(names: DataNames, column: number, row: number, value: number): FitError {
  const v = names.labels.length;
  const seen = describe(value);
  if (column < v) return new FitError('NON_FINITE_DATA', `${at(names, names.labels[column], row)} is ${seen}; expected a finite number${omitHint(value)}`);
  if (column === v) return new FitError('NON_FINITE_DATA', `${at(names, 'y', row)} is ${seen}; expected a finite number${omitHint(value)}`);
  if (column === v + 1) return new FitError('NON_FINITE_DATA', `${at(names, names.sigmaLabel, row)} is ${seen}; expected a finite number > 0${omitHint(value)}`);
  return new FitError('SIGMA_NOT_POSITIVE', `${at(names, names.sigmaLabel, row)} is ${seen}; expected a number > 0`);
}

/** The value a scan flagged, read back from the window's columns. */
export function scannedValue(window: { x: Float64Array[]; y: Float64Array; sigma: Float64Array | undefined }, column: number, row: number): number {
  const v = window.x.length;
  return column < v ? window.x[column][row] : column === v ? window.y[row] : window.sigma![row];
}

/** A callback model's x never reaches the WASM scan, so it is checked here. */
export function checkFinite(x: Float64Array, n: number, names: DataNames, sourceRow: (i: number) => number): void {
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(x[i])) throw dataError(names, 0, sourceRow(i), x[i]);
  }
}
