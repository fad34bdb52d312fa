// Reference linear algebra in plain JS, the oracle the kernel tests compare with: textbook
// algorithms on small row-major matrices, written for clarity rather than speed, and sharing
// no code with assembly/.
import type { Matrix } from './random.ts';

export const zeros = (m: number, n: number): Matrix => Array.from({ length: m }, () => new Array<number>(n).fill(0));
export const transpose = (a: Matrix): Matrix => a[0].map((_, j) => a.map((row) => row[j]));
export const multiply = (a: Matrix, b: Matrix): Matrix => a.map((row) => b[0].map((_, j) => row.reduce((s, v, k) => s + v * b[k][j], 0)));
export const add = (a: Matrix, b: Matrix): Matrix => a.map((row, i) => row.map((v, j) => v + b[i][j]));
export const matVec = (a: Matrix, x: number[]): number[] => a.map((row) => row.reduce((s, v, j) => s + v * x[j], 0));
export const dotProduct = (x: number[], y: number[]): number => x.reduce((s, v, i) => s + v * y[i], 0);
export const norm = (x: number[]): number => Math.hypot(...x);
/** AᵀA. */
export const gram = (a: Matrix): Matrix => multiply(transpose(a), a);
/** A with its strict lower triangle set to zero. */
export const upper = (a: Matrix): Matrix => a.map((row, i) => row.map((v, j) => (j >= i ? v : 0)));
/** The n×n diagonal matrix with `d` on its diagonal. */
export const diagonal = (d: number[]): Matrix => d.map((v, i) => d.map((_, j) => (i === j ? v : 0)));

/**
 * R of A = QR by Householder reflections (Golub & Van Loan, Algorithm 5.2.1), as an n×n upper
 * triangle (rows past m are zero when A has fewer rows than columns). The sign of each row of R
 * is a convention: here β = −sign(α)·‖x‖, as LAPACK's dlarfg.
 */
export function householderR(a: Matrix): Matrix {
  const m = a.length;
  const n = a[0].length;
  const w = a.map((row) => [...row]);
  for (let k = 0; k < Math.min(m, n); k++) {
    const normX = Math.hypot(...w.slice(k).map((row) => row[k]));
    if (normX === 0) continue;
    const alpha = w[k][k];
    const beta = alpha >= 0 ? -normX : normX;
    const v = w.slice(k).map((row) => row[k]);
    v[0] = alpha - beta;
    const vv = dotProduct(v, v);
    for (let j = k; j < n; j++) {
      const s = (2 * v.reduce((sum, vi, i) => sum + vi * w[k + i][j], 0)) / vv;
      for (let i = 0; i < v.length; i++) w[k + i][j] -= s * v[i];
    }
  }
  const r = zeros(n, n);
  for (let i = 0; i < Math.min(m, n); i++) for (let j = i; j < n; j++) r[i][j] = w[i][j];
  return r;
}

/** x with M·x = b, by Gaussian elimination with partial pivoting. */
export function solve(m: Matrix, b: number[]): number[] {
  return gaussJordan(m, b.map((v) => [v])).map((row) => row[0]);
}

/** M⁻¹, by Gauss–Jordan elimination with partial pivoting. */
export function inverse(m: Matrix): Matrix {
  return gaussJordan(m, m.map((_, i) => m.map((__, j) => (i === j ? 1 : 0))));
}

function gaussJordan(m: Matrix, rhs: Matrix): Matrix {
  const n = m.length;
  const a = m.map((row, i) => [...row, ...rhs[i]]);
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(a[i][k]) > Math.abs(a[p][k])) p = i;
    [a[k], a[p]] = [a[p], a[k]];
    const pivot = a[k][k];
    a[k] = a[k].map((v) => v / pivot);
    for (let i = 0; i < n; i++) {
      if (i === k || a[i][k] === 0) continue;
      const f = a[i][k];
      a[i] = a[i].map((v, j) => v - f * a[k][j]);
    }
  }
  return a.map((row) => row.slice(n));
}

/** The matrix as a column-major Float64Array (leading dimension = its number of rows). */
export function toColumnMajor(a: Matrix): Float64Array {
  const m = a.length;
  const out = new Float64Array(m * a[0].length);
  a.forEach((row, i) => row.forEach((v, j) => (out[i + j * m] = v)));
  return out;
}

/** The rows × cols matrix stored column-major in `data` with leading dimension `ld`. */
export function fromColumnMajor(data: ArrayLike<number>, rows: number, cols: number, ld = rows): Matrix {
  return Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (__, j) => data[i + j * ld]));
}

/** max |actual − expected| / max |expected|, over all entries of two matrices or vectors. */
export function relativeError(actual: Matrix | ArrayLike<number>, expected: Matrix | ArrayLike<number>): number {
  const flat = (x: Matrix | ArrayLike<number>): number[] => (Array.isArray(x[0]) ? (x as Matrix).flat() : Array.from(x as ArrayLike<number>));
  const a = flat(actual);
  const e = flat(expected);
  if (a.length !== e.length) throw new Error(`relativeError: ${a.length} entries against ${e.length}`);
  const scale = Math.max(...e.map(Math.abs));
  return Math.max(...a.map((v, i) => Math.abs(v - e[i]))) / scale;
}

/**
 * The factor MINPACK's lmpar and qrsolv take for the least-squares problem J·x ≈ b: R of J·Π = QR
 * (Π: column j of J·Π is column ipvt[j] of J) and Qᵀb, from a Householder QR of [J·Π | b].
 */
export function pivotedFactor(j: Matrix, b: number[], ipvt: number[]): { r: Matrix; qtb: number[] } {
  const n = ipvt.length;
  const augmented = householderR(j.map((row, i) => [...ipvt.map((l) => row[l]), b[i]]));
  return { r: augmented.slice(0, n).map((row) => row.slice(0, n)), qtb: augmented.slice(0, n).map((row) => row[n]) };
}
