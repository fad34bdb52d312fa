/**
 * Min and max per pixel column, of y and of the residual y − f(x), over rows added a chunk at a
 * time: what both plots draw, the command line's SVG (--plot) and the page's canvas. One vertical
 * stroke per column from its min to its max is exactly what drawing every point would show at
 * that resolution, so 10⁷ points draw as ~1,000 strokes, a few kB whatever the number of rows.
 */

export interface Bins {
  /** The x range the columns divide evenly; lo < hi. */
  lo: number;
  hi: number;
  /** Per column. An empty column has count 0 and extremes +Infinity (min) and −Infinity (max). */
  count: Float64Array;
  yMin: Float64Array;
  yMax: Float64Array;
  /** Empty in every column while no curve was given. */
  residualMin: Float64Array;
  residualMax: Float64Array;
}

/**
 * `columns` empty columns across the data's x range [lo, hi]. All x equal: a unit-wide range
 * around them, so the data still make a column.
 */
export function emptyBins(lo: number, hi: number, columns: number): Bins {
  const [from, to] = lo < hi ? [lo, hi] : [lo - 0.5, lo + 0.5];
  const filled = (value: number) => new Float64Array(columns).fill(value);
  return {
    lo: from, hi: to,
    count: filled(0),
    yMin: filled(Infinity), yMax: filled(-Infinity),
    residualMin: filled(Infinity), residualMax: filled(-Infinity),
  };
}

/**
 * The column of an x, for these bins: x = hi is the last column; a NaN x (which a fit refuses
 * anyway) is in none, NaN (test it with `k >= 0`).
 */
export function columnOf(bins: Bins): (x: number) => number {
  const columns = bins.count.length;
  const scale = columns / (bins.hi - bins.lo);
  const { lo } = bins;
  return (x) => Math.min(columns - 1, Math.floor((x - lo) * scale));
}

/** Adds rows: their x and y and, when given, the fitted curve at each x (for the residuals). */
export function addRows(bins: Bins, x: ArrayLike<number>, y: ArrayLike<number>, curve?: ArrayLike<number>): void {
  const column = columnOf(bins);
  for (let i = 0; i < x.length; i++) {
    const k = column(x[i]);
    if (!(k >= 0)) continue;
    bins.count[k]++;
    if (y[i] < bins.yMin[k]) bins.yMin[k] = y[i];
    if (y[i] > bins.yMax[k]) bins.yMax[k] = y[i];
    if (curve) {
      const residual = y[i] - curve[i];
      if (residual < bins.residualMin[k]) bins.residualMin[k] = residual;
      if (residual > bins.residualMax[k]) bins.residualMax[k] = residual;
    }
  }
}

/** Each column's centre x, where the curve is drawn. */
export function columnCentres(bins: Bins): Float64Array {
  const columns = bins.count.length;
  return Float64Array.from({ length: columns }, (_, k) => bins.lo + ((k + 0.5) * (bins.hi - bins.lo)) / columns);
}
