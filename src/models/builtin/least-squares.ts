// Small dense linear least squares, min ‖Σⱼ cⱼ·aⱼ − y‖₂ over k ≤ ~11 columns, by Householder QR
// (Golub & Van Loan §5.3): it works on A itself, so its accuracy follows cond(A), not cond(A)² as
// the normal equations' would — which a degree-10 polynomial in x needs. O(N·k²), one N×k copy.
//
// A column that is (numerically) a combination of the earlier ones gets coefficient 0 instead of
// a huge cancelling pair: the basic solution, still a least-squares minimiser.

export interface LinearFit {
  coefficients: Float64Array; // one per column
  rss: number; // residual sum of squares; Infinity if a column or y holds a non-finite value
}

/** Relative size below which a column's part orthogonal to the earlier ones counts as zero. */
const RANK_TOLERANCE = 1e-13;

export function leastSquares(columns: readonly Float64Array[], y: Float64Array): LinearFit {
  const k = columns.length;
  const n = y.length;
  const coefficients = new Float64Array(k);
  const a = columns.map((c) => c.slice());
  const b = y.slice();
  if (!b.every(Number.isFinite) || !a.every((c) => c.every(Number.isFinite))) return { coefficients, rss: Infinity };

  const pivotRow = new Int32Array(k).fill(-1); // the row of R each kept column owns
  let row = 0;
  for (let j = 0; j < k && row < n; j++) {
    const v = a[j];
    let full = 0;
    let tail = 0;
    for (let i = 0; i < n; i++) full += v[i] * v[i];
    for (let i = row; i < n; i++) tail += v[i] * v[i];
    if (!(Math.sqrt(tail) > RANK_TOLERANCE * Math.sqrt(full))) continue;
    // Householder reflector H = I − 2vvᵀ/vᵀv zeroing v below `row`; alpha has v[row]'s opposite sign.
    const alpha = v[row] > 0 ? -Math.sqrt(tail) : Math.sqrt(tail);
    const vv = 2 * (tail - v[row] * alpha); // ‖v − alpha·e‖² with ‖v‖² = alpha²
    v[row] -= alpha;
    const reflect = (target: Float64Array): void => {
      let dot = 0;
      for (let i = row; i < n; i++) dot += v[i] * target[i];
      const s = (2 * dot) / vv;
      for (let i = row; i < n; i++) target[i] -= s * v[i];
    };
    for (let l = j + 1; l < k; l++) reflect(a[l]);
    reflect(b);
    v[row] = alpha; // R[row][j]
    pivotRow[j] = row++;
  }

  // Back substitution on the kept columns: R c = (Qᵀy)[0, rank).
  for (let j = k - 1; j >= 0; j--) {
    const r = pivotRow[j];
    if (r < 0) continue;
    let s = b[r];
    for (let l = j + 1; l < k; l++) s -= a[l][r] * coefficients[l];
    coefficients[j] = s / a[j][r];
  }
  let rss = 0;
  for (let i = row; i < n; i++) rss += b[i] * b[i];
  return { coefficients, rss };
}
