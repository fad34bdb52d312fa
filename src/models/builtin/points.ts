// What every guess starts from: the finite (x, y) pairs, sorted by x, in a copy. Guesses must not
// assume sorted input nor touch it, and must stay cheap: above MAX_GUESS_ROWS rows an evenly
// spaced subsample (every k-th row) stands for the data — a start needs a few digits, not all of N.

/** Rows a guess looks at; beyond it, sorting and the scans of the guesses would cost more than the fit. */
export const MAX_GUESS_ROWS = 20_000;

export interface Points {
  x: Float64Array; // ascending
  y: Float64Array;
  n: number;
}

/**
 * The finite rows of (x, y) — and only those `keep` accepts — at most `maxRows` of them, sorted by
 * x (ties by y, so the order of the input never matters).
 */
export function sortedPoints(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  keep: (x: number, y: number) => boolean = () => true,
  maxRows = MAX_GUESS_ROWS,
): Points {
  const rows = Math.min(x.length, y.length);
  const stride = Math.max(1, Math.ceil(rows / maxRows));
  const index: number[] = [];
  for (let i = 0; i < rows; i += stride) {
    if (Number.isFinite(x[i]) && Number.isFinite(y[i]) && keep(x[i], y[i])) index.push(i);
  }
  const before = (i: number, j: number) => x[i] - x[j] || y[i] - y[j];
  // Most data come sorted: an O(N) check saves the O(N log N) sort.
  if (!index.every((i, k) => k === 0 || before(index[k - 1], i) <= 0)) index.sort(before);
  return { x: Float64Array.from(index, (i) => x[i]), y: Float64Array.from(index, (i) => y[i]), n: index.length };
}

/** `value` if it is finite, else `fallback`: a guess never returns NaN or ±Infinity. */
export function finiteOr(value: number, fallback: number): number {
  return Number.isFinite(value) ? value : fallback;
}

/** The x span, or 1 when there is none (no data, or every x equal). */
export function span(p: Points): number {
  const s = p.n > 0 ? p.x[p.n - 1] - p.x[0] : 0;
  return s > 0 && Number.isFinite(s) ? s : 1;
}

/** Mean of y over rows [from, to) clipped to the data, 0 for an empty range. */
export function meanY(p: Points, from = 0, to = p.n): number {
  from = Math.max(0, from);
  to = Math.min(to, p.n);
  let sum = 0;
  for (let i = from; i < to; i++) sum += p.y[i];
  return to > from ? sum / (to - from) : 0;
}

/** Cumulative trapezoid ∫ y dx from x[0]: out[i] = ∫_{x0}^{xi} v dx. */
export function cumulativeIntegral(x: Float64Array, v: Float64Array): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 1; i < x.length; i++) out[i] = out[i - 1] + 0.5 * (v[i] + v[i - 1]) * (x[i] - x[i - 1]);
  return out;
}

/** A column of f(xᵢ) for every row. */
export function column(x: Float64Array, f: (x: number) => number): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = f(x[i]);
  return out;
}
