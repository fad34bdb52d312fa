/**
 * The statistics of y (for R²) of several parts of the rows — pass workers' shares, a global
 * fit's datasets — each kept as [k, Σw, Σw(y−k), Σw(y−k)²], shifted by its own first y so that
 * the sums do not cancel (Chan, Golub & LeVeque 1983), brought to one shift and added.
 */

/** The pooled [shift, Σw, Σw(y−shift), Σw(y−shift)²] of the parts that have rows; undefined if none has. */
export function poolStatistics(parts: readonly Float64Array[]): [number, number, number, number] | undefined {
  const used = parts.filter((s) => s[1] > 0);
  if (used.length === 0) return undefined;
  const shift = used[0][0];
  let sw = 0, swy = 0, swyy = 0;
  for (const [k, w, wy, wyy] of used) {
    const d = k - shift;
    sw += w;
    swy += wy + w * d;
    swyy += wyy + 2 * d * wy + w * d * d;
  }
  return [shift, sw, swy, swyy];
}
