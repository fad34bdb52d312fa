// Where k peaks are, how wide and how high, on a polynomial baseline — the start of a sum such
// as 'gaussian:g1_ + gaussian:g2_ + linear', from the data alone. Overlapping peaks are the hard
// case: two gaussians one width apart make one bump with no dip between them, which a search for
// maxima alone cannot split. So the maxima only propose starts, and least squares decides:
//
//   1. The baseline, robustly: least squares on its monomials, then again without the rows more
//      than 2 robust standard deviations (1.4826·MAD) above it, until those rows stop changing.
//      Only the peaks' side is trimmed: peaks may cover half the data, which a symmetric trim
//      would cut down the middle.
//   2. Subtract it, smooth (peak.ts's three-point mean, twice) and find the local maxima; rank
//      them by prominence (the height above the higher of the lowest points that separate a
//      maximum from a higher one, or from an edge), keeping those above twice the noise
//      (1.4826·MAD of successive differences / √2). A maximum's half width at half maximum is
//      where the smoothed data cross half its height (peak.ts's crossing), on each side where
//      they do before rising again: their mean, and the steeper side's.
//   3. Starts, each a set of k centres and widths:
//        - the k most prominent maxima;
//        - the k − 1 most prominent, each as wide as its steeper side (a shoulder widens the
//          other), completed by insertion: a grid of 48 centres across the data at three widths
//          around theirs, the others held, and the two places (a width apart) where one more peak
//          lowers the residual most — a shoulder the maxima cannot see, or the second of two
//          peaks that make one bump (with no maxima at all, the insertion places every peak);
//        - the most prominent split in two, half its width apart.
//   4. Each start refined by variable projection (Golub & Pereyra 1973): with centres and widths
//      fixed the model is linear in the amplitudes and the baseline, so their best values and the
//      residual follow from a linear least squares, and only the centres and widths are searched
//      — by a pattern search (Hooke & Jeeves 1961) from steps of half a width and √2 to an
//      eighth of them, then by Levenberg–Marquardt on the residual vector (Jacobian by forward
//      differences), which crosses the narrow valley where overlapping peaks' centres move
//      together. Amplitudes of the other sign than the peaks' score Infinity: a dip inside a
//      blend of peaks can lower the residual of a wrong start, never of the right one. The least
//      residual wins: it is the fit's own χ² with the linear parameters eliminated, so the fit
//      starts in the basin of the minimum found here.
//   5. The amplitudes and the baseline at the winner: one last linear least squares (Householder
//      QR, least-squares.ts) on all the guess's rows, in the monomials of x themselves.
//
// Dips are tried as well (steps 1 to 4 with the sign turned) when the data go at least half as
// far below their baseline as above it; peaks and dips in one sum are not looked for. Measured by
// bench/two-peaks.mjs: two gaussians one to four widths apart on a sloped baseline reach the
// fit's true minimum in 1,000 of 1,000 seeded cases; a guess costs ~1,000 small solves on 300
// rows, ~5–8 ms (the fit itself ~0.5 ms).
import { leastSquares } from '../builtin/least-squares.ts';
import { crossing, smooth } from '../builtin/peak.ts';
import type { Shape } from '../builtin/peak.ts';
import { column, sortedPoints, span, type Points } from '../builtin/points.ts';

/** How a peak term's shape columns and parameters follow from a centre and a half width. */
export interface PeakFamily {
  /** Unit-height shapes of u = (x − centre)/hwhm whose weights the linear solve finds. */
  shapes: readonly Shape[];
  /** The term's parameters (without prefix and offset) from its shapes' weights, centre and HWHM. */
  values(weights: ArrayLike<number>, centre: number, hwhm: number): Record<string, number>;
}

export interface PeakEstimate {
  centre: number;
  hwhm: number;
  /** The weights of the family's shapes. */
  weights: Float64Array;
}

export interface PeaksFit {
  peaks: PeakEstimate[];
  /** The baseline's coefficients of 1, x, …, x^degree (empty for degree −1). */
  baseline: Float64Array;
}

/** Rows the search works on: an even subsample beyond it (the last solve uses every guess row). */
const SEARCH_ROWS = 1000;
/** Halvings of the pattern search's steps (from half a width to an eighth). */
const HALVINGS = 3;
/** Iterations of the Gauss–Newton polish (it stops when the residual stops falling). */
const POLISH_ITERATIONS = 30;

interface Refined {
  peaks: Peak[];
  rss: number;
}

interface Peak {
  centre: number;
  hwhm: number;
  /** A found maximum's half width on its steeper side (the other may be a shoulder's). */
  steep?: number;
}

/**
 * The search's view of the data: rows, the baseline's columns (monomials of x scaled to [−1, 1]:
 * the same functions, better conditioned), the limits of a peak (centres within a quarter span
 * of the data, half widths from half a sample spacing to twice the span), and the residual of the
 * best amplitudes and baseline for given centres and widths — what least squares on the
 * baseline's and the shapes' columns leaves, computed without refactoring the baseline each time:
 * y and each shape column less their projections on an orthonormal basis of the baseline (made
 * once), then the small Gram system of the shapes (Cholesky). O(N·columns) a trial; a peak that
 * did not move keeps its columns.
 */
class Problem {
  readonly baseColumns: Float64Array[];
  readonly minWidth: number;
  readonly maxWidth: number;
  readonly lo: number;
  readonly hi: number;
  readonly #basis: Float64Array[] = [];
  readonly #rest: Float64Array;
  readonly #restSquares: number;
  readonly #shapes: { centre: number; hwhm: number; vectors: Float64Array[]; shares: number[]; sizes: number[] }[] = [];

  /**
   * @param sign +1 or −1: only weights of that sign (peaks, or dips) count, others score
   *   Infinity; 0: any.
   */
  constructor(readonly q: Points, readonly families: readonly PeakFamily[], readonly degree: number, readonly sign = 0) {
    const L = span(q);
    const middle = q.n > 0 ? (q.x[0] + q.x[q.n - 1]) / 2 : 0;
    const t = column(q.x, (v) => (v - middle) / (L / 2));
    this.baseColumns = Array.from({ length: degree + 1 }, (_, j) => column(t, (v) => v ** j));
    this.minWidth = L / Math.max(1, q.n - 1) / 2;
    this.maxWidth = 2 * L;
    this.lo = (q.n > 0 ? q.x[0] : 0) - L / 4;
    this.hi = (q.n > 0 ? q.x[q.n - 1] : 0) + L / 4;
    for (const c of this.baseColumns) {
      const v = orthonormal(c, this.#basis);
      if (v) this.#basis.push(v);
    }
    this.#rest = q.y.slice();
    for (const b of this.#basis) subtract(this.#rest, b, dot(b, this.#rest));
    this.#restSquares = dot(this.#rest, this.#rest);
  }

  clamp(peak: Peak): Peak {
    return {
      centre: Math.min(this.hi, Math.max(this.lo, peak.centre)),
      hwhm: Math.min(this.maxWidth, Math.max(this.minWidth, peak.hwhm)),
    };
  }

  columns(x: Float64Array, peaks: readonly Peak[]): Float64Array[] {
    return peaks.flatMap((peak, j) => this.families[j].shapes.map((shape) => column(x, (v) => shape((v - peak.centre) / peak.hwhm))));
  }

  /** The residual sum of squares of the best amplitudes and baseline for these centres and widths. */
  rss(peaks: readonly Peak[]): number {
    return this.solve(peaks, false).rss;
  }

  /** The residuals themselves (y less the best fit), for the Gauss–Newton polish. */
  residuals(peaks: readonly Peak[]): Float64Array | undefined {
    return this.solve(peaks, true).residuals;
  }

  /**
   * The shape columns less their projection on the baseline (cached per peak), their Gram matrix
   * G and their products s with what the baseline leaves of y: rss = |rest|² − sᵀG⁻¹s, by a
   * Cholesky factor that skips a column the others span (pivot below 1e-12 of its size). With a
   * sign, a weight of the other sign makes the rss Infinity.
   */
  solve(peaks: readonly Peak[], withResiduals: boolean): { rss: number; residuals?: Float64Array } {
    const vectors: Float64Array[] = [];
    const shares: number[] = [];
    const sizes: number[] = [];
    peaks.forEach((peak, j) => {
      const cached = this.#shapeColumns(j, peak);
      vectors.push(...cached.vectors);
      shares.push(...cached.shares);
      sizes.push(...cached.sizes);
    });
    const m = vectors.length;
    const L = new Float64Array(m * m);
    const z = new Float64Array(m);
    let rss = this.#restSquares;
    for (let a = 0; a < m; a++) {
      const size = sizes[a];
      for (let b = 0; b <= a; b++) {
        let g = b === a ? size : dot(vectors[a], vectors[b]);
        for (let p = 0; p < b; p++) g -= L[a * m + p] * L[b * m + p];
        if (b < a) {
          L[a * m + b] = L[b * m + b] > 0 ? g / L[b * m + b] : 0;
        } else if (g > 1e-12 * size) {
          L[a * m + a] = Math.sqrt(g);
        }
      }
      if (!(L[a * m + a] > 0)) continue;
      let t = shares[a];
      for (let p = 0; p < a; p++) t -= L[a * m + p] * z[p];
      z[a] = t / L[a * m + a];
      rss -= z[a] * z[a];
    }
    if (this.sign === 0 && !withResiduals) return { rss: Math.max(0, rss) };
    // The weights: Lᵀw = z, in place.
    for (let a = m - 1; a >= 0; a--) {
      if (!(L[a * m + a] > 0)) continue;
      let t = z[a];
      for (let b = a + 1; b < m; b++) t -= L[b * m + a] * z[b];
      z[a] = t / L[a * m + a];
      if (this.sign * z[a] < 0) return { rss: Infinity };
    }
    if (!withResiduals) return { rss: Math.max(0, rss) };
    const residuals = this.#rest.slice();
    vectors.forEach((v, a) => subtract(residuals, v, z[a]));
    return { rss: Math.max(0, rss), residuals };
  }

  /** Peak j's shape columns at this centre and width, less their projection on the baseline. */
  #shapeColumns(j: number, peak: Peak): { vectors: Float64Array[]; shares: number[]; sizes: number[] } {
    const cached = this.#shapes[j];
    if (cached && cached.centre === peak.centre && cached.hwhm === peak.hwhm) return cached;
    const { x } = this.q;
    const vectors = this.families[j].shapes.map((shape) => {
      const v = new Float64Array(x.length);
      for (let i = 0; i < x.length; i++) v[i] = shape((x[i] - peak.centre) / peak.hwhm);
      for (const b of this.#basis) subtract(v, b, dot(b, v));
      return v;
    });
    const entry = { centre: peak.centre, hwhm: peak.hwhm, vectors, shares: vectors.map((v) => dot(v, this.#rest)), sizes: vectors.map((v) => dot(v, v)) };
    this.#shapes[j] = entry;
    return entry;
  }
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** a −= s·b */
function subtract(a: Float64Array, b: Float64Array, s: number): void {
  for (let i = 0; i < a.length; i++) a[i] -= s * b[i];
}

/**
 * c orthogonalised against the orthonormal columns of `basis` and normalised, or undefined when
 * nothing of it is left (below 1e-10 of its size: a column the others already span).
 */
function orthonormal(c: Float64Array, basis: readonly Float64Array[]): Float64Array | undefined {
  const size = Math.sqrt(dot(c, c));
  const v = c.slice();
  for (const b of basis) subtract(v, b, dot(b, v));
  const norm = Math.sqrt(dot(v, v));
  if (!(norm > 1e-10 * size)) return undefined;
  for (let i = 0; i < v.length; i++) v[i] /= norm;
  return v;
}

/** Finds k peaks of the given families on a polynomial baseline of `degree` (−1: none). See the file's header. */
export function findPeaks(p: Points, families: readonly PeakFamily[], degree: number): PeaksFit {
  const k = families.length;
  const q = p.n > SEARCH_ROWS ? sortedPoints(p.x, p.y, undefined, SEARCH_ROWS) : p;
  const problem = new Problem(q, families, degree);
  let best: Refined = { peaks: evenly(q, k), rss: Infinity };
  if (k > 0 && q.n >= 3) {
    // Peaks, and dips too where the data go at least half as far below a baseline as above it.
    const above = lessBaseline(problem, q.y, 1);
    const s = smooth(smooth(above));
    const signs = -Math.min(...s) >= 0.5 * Math.max(...s) ? [1, -1] : [1];
    for (const sign of signs) {
      const d = sign === 1 ? above : lessBaseline(problem, q.y, -1);
      const signed = new Problem(q, families, degree, sign);
      // Every start refined by pattern search down to an eighth of a width, then polished.
      for (const start of starts(signed, d, sign, noiseOf(d))) {
        const refined = polish(signed, refine(signed, start));
        if (refined.rss < best.rss) best = refined;
      }
    }
    best.peaks.sort((a, b) => a.centre - b.centre);
  }
  // The last solve, on every row, in the monomials of x themselves (the model's parameters).
  const columns = [...Array.from({ length: degree + 1 }, (_, j) => column(p.x, (v) => v ** j)), ...problem.columns(p.x, best.peaks)];
  const { coefficients } = leastSquares(columns, p.y);
  let at = degree + 1;
  const peaks = best.peaks.map((peak, j) => {
    const count = families[j].shapes.length;
    const weights = coefficients.slice(at, at + count);
    at += count;
    return { centre: peak.centre, hwhm: peak.hwhm, weights };
  });
  return { peaks, baseline: coefficients.slice(0, degree + 1) };
}

/** k peaks spread evenly over the data, each a quarter of its share wide. */
function evenly(q: Points, k: number): Peak[] {
  const L = span(q);
  const x0 = q.n > 0 ? q.x[0] : 0;
  return Array.from({ length: k }, (_, j) => ({ centre: x0 + (L * (j + 0.5)) / k, hwhm: L / (4 * k) }));
}

/** y less its robust baseline under peaks of `sign`. */
function lessBaseline(problem: Problem, y: Float64Array, sign: number): Float64Array {
  const trend = robustBaseline(problem.baseColumns, y, sign);
  return Float64Array.from(y, (v, i) => v - trend[i]);
}

/**
 * The baseline's values at each row, under peaks of `sign`: least squares on the columns, then
 * again without the rows more than 2 robust standard deviations above it (below, for dips), until
 * those rows stop changing. Only one side is trimmed: peaks lie on one side of their baseline,
 * and may cover half the data, which a symmetric trim would split down the middle.
 */
function robustBaseline(columns: Float64Array[], y: Float64Array, sign: number): Float64Array {
  const n = y.length;
  const fitted = new Float64Array(n);
  if (columns.length === 0) return fitted;
  const all = Array.from({ length: n }, (_, i) => i);
  let keep = all;
  for (let iteration = 0; iteration < 20; iteration++) {
    const { coefficients } = leastSquares(columns.map((c) => Float64Array.from(keep, (i) => c[i])), Float64Array.from(keep, (i) => y[i]));
    fitted.fill(0);
    columns.forEach((c, j) => {
      for (let i = 0; i < n; i++) fitted[i] += coefficients[j] * c[i];
    });
    const residual = Float64Array.from(y, (v, i) => sign * (v - fitted[i]));
    const kept = Float64Array.from(keep, (i) => residual[i]);
    const centre = median(kept);
    const scale = 1.4826 * median(kept.map((v) => Math.abs(v - centre)));
    if (!(scale > 0)) break;
    let next = all.filter((i) => residual[i] <= centre + 2 * scale);
    // Never fewer than a fifth of the rows (nor than the columns): the baseline needs support.
    const least = Math.max(columns.length + 1, Math.ceil(n / 5));
    if (next.length < least) next = all.slice().sort((a, b) => residual[a] - residual[b]).slice(0, least).sort((a, b) => a - b);
    if (next.length === keep.length && next.every((i, j) => i === keep[j])) break;
    keep = next;
  }
  return fitted;
}

function median(values: Float64Array): number {
  if (values.length === 0) return NaN;
  const sorted = values.slice().sort();
  const m = sorted.length >> 1;
  return sorted.length % 2 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
}

/** The noise's standard deviation, from successive differences (a smooth signal barely moves them). */
function noiseOf(d: Float64Array): number {
  if (d.length < 3) return 0;
  const differences = Float64Array.from({ length: d.length - 1 }, (_, i) => Math.abs(d[i + 1] - d[i]));
  return (1.4826 * median(differences)) / Math.SQRT2;
}

/**
 * The starts for peaks of `sign`: see the file's header, steps 2 and 3. The weakest of k maxima
 * may be noise while a real peak hides in a shoulder, so the starts that complete the k − 1
 * most prominent are tried too.
 */
function starts(problem: Problem, d: Float64Array, sign: number, noise: number): Peak[][] {
  const { q } = problem;
  const k = problem.families.length;
  const ranked = maxima(q, d, sign, noise);
  const candidates: Peak[][] = [];
  if (ranked.length >= k) candidates.push(ranked.slice(0, k));
  // The k − 1 most prominent, each as wide as its steeper side, completed by insertions.
  let partial: Peak[][] = [ranked.slice(0, Math.min(ranked.length, k - 1)).map((peak) => ({ centre: peak.centre, hwhm: peak.steep ?? peak.hwhm }))];
  while (partial[0].length < k) partial = partial.flatMap((peaks) => insertions(problem, peaks)).slice(0, INSERTIONS);
  candidates.push(...partial);
  // The most prominent split in two, half its width apart.
  if (ranked.length > 0 && k > 1) {
    const [top, ...others] = ranked.slice(0, k - 1);
    const w = top.hwhm;
    let split = [...others, { centre: top.centre - w / 2, hwhm: 0.7 * w }, { centre: top.centre + w / 2, hwhm: 0.7 * w }];
    while (split.length < k) split = insertions(problem, split)[0];
    candidates.push(split);
  }
  return candidates.map((peaks) => peaks.map((peak) => problem.clamp(peak)).sort((a, b) => a.centre - b.centre));
}

/** Centres and widths an insertion tries: INSERTION_GRID centres across the data, each at three widths. */
const INSERTION_GRID = 48;
const INSERTION_WIDTHS = [0.5, 1, 2];
/** Insertions kept (the least residuals at distinct places). */
const INSERTIONS = 2;

/**
 * The best places for one more peak, the others held where they are: every centre of a grid
 * across the data and a few widths around the others' (an eighth of the span without others),
 * each scored by the residual of the best amplitudes — a shoulder the maxima cannot see is
 * where a peak lowers the residual most.
 */
function insertions(problem: Problem, peaks: readonly Peak[]): Peak[][] {
  const { q } = problem;
  const partial = new Problem(q, problem.families.slice(0, peaks.length + 1), problem.degree, problem.sign);
  const L = span(q);
  const x0 = q.n > 0 ? q.x[0] : 0;
  const widths = peaks.map((peak) => peak.hwhm).sort((a, b) => a - b);
  const base = widths.length > 0 ? widths[widths.length >> 1] : L / 8;
  const scored: { peak: Peak; rss: number }[] = [];
  for (let g = 0; g < INSERTION_GRID; g++) {
    for (const factor of INSERTION_WIDTHS) {
      const peak = problem.clamp({ centre: x0 + (L * (g + 0.5)) / INSERTION_GRID, hwhm: base * factor });
      scored.push({ peak, rss: partial.rss([...peaks, peak]) });
    }
  }
  scored.sort((a, b) => a.rss - b.rss);
  const chosen: Peak[] = [];
  for (const { peak } of scored) {
    if (chosen.every((other) => Math.abs(other.centre - peak.centre) > base)) chosen.push(peak);
    if (chosen.length === INSERTIONS) break;
  }
  return chosen.map((peak) => [...peaks, peak]);
}

/**
 * The local maxima of sign·d (smoothed) whose prominence is above twice the noise, most prominent
 * first, each with its half width.
 */
function maxima(q: Points, d: Float64Array, sign: number, noise: number): Peak[] {
  const s = smooth(smooth(d)).map((v) => sign * v);
  const n = s.length;
  const found: { peak: Peak; prominence: number }[] = [];
  for (let i = 1; i < n - 1; i++) {
    if (!(s[i] > s[i - 1] && s[i] >= s[i + 1])) continue;
    let left = s[i];
    for (let j = i - 1; j >= 0 && s[j] <= s[i]; j--) left = Math.min(left, s[j]);
    let right = s[i];
    for (let j = i + 1; j < n && s[j] <= s[i]; j++) right = Math.min(right, s[j]);
    const prominence = s[i] - Math.max(left, right);
    const width = halfWidth(q, s, i, 1);
    if (prominence > 2 * noise && s[i] > 0) found.push({ peak: { centre: q.x[i], hwhm: width?.mean ?? span(q) / 8, steep: width?.steep }, prominence });
  }
  return found.sort((a, b) => b.prominence - a.prominence).map((f) => f.peak);
}

/**
 * The half width at half maximum of the maximum at `top` of sign·s: the distance to where s
 * crosses half its height, on each side where it does before rising again — their mean, and the
 * shorter (the steeper side).
 */
function halfWidth(q: Points, s: Float64Array, top: number, sign: number): { mean: number; steep: number } | undefined {
  const v = sign === 1 ? s : s.map((value) => -value);
  const level = v[top] / 2;
  const sides: number[] = [];
  for (const step of [-1, 1]) {
    let j = top;
    while (j + step >= 0 && j + step < v.length && v[j + step] > level && v[j + step] <= v[j]) j += step;
    const next = j + step;
    if (next >= 0 && next < v.length && v[next] <= level) sides.push(Math.abs(crossing(q.x, v, j, next, level) - q.x[top]));
  }
  const mean = sides.reduce((a, b) => a + b, 0) / sides.length;
  const steep = Math.min(...sides);
  return sides.length > 0 && mean > 0 && steep > 0 && Number.isFinite(mean) ? { mean, steep } : undefined;
}

/**
 * Pattern search (Hooke & Jeeves 1961) on every peak's centre and log-width — see the file's
 * header, step 4 — its steps halved HALVINGS times from half a width and √2. Around
 * a point, each coordinate is moved by a step either way and kept where the residual falls; a
 * point so found is then extrapolated along the move that led to it while that pays. Overlapping
 * peaks make a narrow valley — their centres move together — that coordinate steps alone only
 * crawl along.
 */
function refine(problem: Problem, start: readonly Peak[]): Refined {
  let step = 0.5;
  let ratio = Math.SQRT2;
  const explore = (peaks: Peak[], rss: number): { peaks: Peak[]; rss: number } => {
    for (let j = 0; j < peaks.length; j++) {
      for (const [dc, dw] of [[-1, 0], [1, 0], [0, -1], [0, 1]]) {
        const trial = peaks.slice();
        trial[j] = problem.clamp({ centre: peaks[j].centre + dc * step * peaks[j].hwhm, hwhm: peaks[j].hwhm * ratio ** dw });
        const value = problem.rss(trial);
        if (value < rss) {
          peaks = trial;
          rss = value;
          break;
        }
      }
    }
    return { peaks, rss };
  };
  let base = { peaks: start.map((peak) => problem.clamp(peak)), rss: 0 };
  base.rss = problem.rss(base.peaks);
  for (let halvings = 0; halvings < HALVINGS; ) {
    let next = explore(base.peaks, base.rss);
    if (!(next.rss < base.rss)) {
      step /= 2;
      ratio = Math.sqrt(ratio);
      halvings++;
      continue;
    }
    for (let jumps = 0; jumps < 100; jumps++) {
      // x + (x − previous), in centre and log-width.
      const jump = next.peaks.map((peak, j) => problem.clamp({
        centre: 2 * peak.centre - base.peaks[j].centre,
        hwhm: (peak.hwhm * peak.hwhm) / base.peaks[j].hwhm,
      }));
      const landed = explore(jump, problem.rss(jump));
      base = next;
      if (!(landed.rss < next.rss)) break;
      next = landed;
    }
    base = next.rss < base.rss ? next : base;
  }
  return { peaks: base.peaks, rss: base.rss };
}

/**
 * Levenberg–Marquardt (Marquardt 1963) on the centres and log-widths for the residuals of the best
 * amplitudes and baseline — variable projection, its Jacobian by forward differences (steps of
 * 1e-6 of a width): where peaks overlap their centres move together along a narrow valley, which
 * pattern steps only crawl along and a Gauss–Newton step crosses.
 */
function polish(problem: Problem, start: Refined): Refined {
  const k = start.peaks.length;
  const P = 2 * k;
  const peaksOf = (theta: Float64Array) => Array.from({ length: k }, (_, j) => problem.clamp({ centre: theta[2 * j], hwhm: Math.exp(theta[2 * j + 1]) }));
  let theta = Float64Array.from(start.peaks.flatMap((peak) => [peak.centre, Math.log(peak.hwhm)]));
  let peaks = peaksOf(theta);
  let r = problem.residuals(peaks);
  if (!r || k === 0) return start;
  let rss = dot(r, r);
  let lambda = 1e-3;
  for (let iteration = 0; iteration < POLISH_ITERATIONS; iteration++) {
    const J: Float64Array[] = [];
    for (let p = 0; p < P; p++) {
      const h = p % 2 === 0 ? 1e-6 * peaks[p >> 1].hwhm : 1e-6;
      const shifted = theta.slice();
      shifted[p] += h;
      const rp = problem.residuals(peaksOf(shifted));
      if (!rp) return { peaks, rss };
      for (let i = 0; i < rp.length; i++) rp[i] = (rp[i] - r[i]) / h;
      J.push(rp);
    }
    const A = new Float64Array(P * P);
    const g = new Float64Array(P);
    for (let a = 0; a < P; a++) {
      g[a] = dot(J[a], r);
      for (let b = 0; b <= a; b++) A[a * P + b] = A[b * P + a] = dot(J[a], J[b]);
    }
    let accepted = false;
    for (let tries = 0; tries < 10 && !accepted; tries++) {
      const M = A.slice();
      for (let a = 0; a < P; a++) M[a * P + a] += lambda * A[a * P + a] + 1e-15;
      const step = solveLinear(M, g.map((v) => -v), P);
      const next = theta.map((v, p) => v + (step ? step[p] : 0));
      const nextPeaks = peaksOf(next);
      const nextR = step ? problem.residuals(nextPeaks) : undefined;
      const nextRss = nextR ? dot(nextR, nextR) : Infinity;
      if (nextRss < rss) {
        const small = rss - nextRss <= 1e-12 * rss;
        theta = Float64Array.from(nextPeaks.flatMap((peak) => [peak.centre, Math.log(peak.hwhm)]));
        peaks = nextPeaks;
        r = nextR!;
        rss = nextRss;
        lambda = Math.max(lambda / 10, 1e-12);
        accepted = true;
        if (small) return { peaks, rss };
      } else {
        lambda *= 10;
      }
    }
    if (!accepted) break;
  }
  return { peaks, rss };
}

/** M·x = b for a small dense M (n×n, row-major), by Gaussian elimination with partial pivoting; undefined if singular. */
function solveLinear(M: Float64Array, b: Float64Array, n: number): Float64Array | undefined {
  const a = M.slice();
  const x = b.slice();
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r * n + c]) > Math.abs(a[pivot * n + c])) pivot = r;
    if (!(Math.abs(a[pivot * n + c]) > 0)) return undefined;
    if (pivot !== c) {
      for (let j = 0; j < n; j++) [a[c * n + j], a[pivot * n + j]] = [a[pivot * n + j], a[c * n + j]];
      [x[c], x[pivot]] = [x[pivot], x[c]];
    }
    for (let r = c + 1; r < n; r++) {
      const f = a[r * n + c] / a[c * n + c];
      for (let j = c; j < n; j++) a[r * n + j] -= f * a[c * n + j];
      x[r] -= f * x[c];
    }
  }
  for (let c = n - 1; c >= 0; c--) {
    let t = x[c];
    for (let j = c + 1; j < n; j++) t -= a[c * n + j] * x[j];
    x[c] = t / a[c * n + c];
  }
  return x.every(Number.isFinite) ? x : undefined;
}
