// Where a peak is and how wide, from the data alone — shared by the gaussian, lorentzian and
// pseudo-Voigt guesses. Classic estimates on the x-sorted data: the extremum gives the centre, the
// half-maximum crossings on either side give the half width (HWHM). Then least squares decides
// what the rules of thumb cannot, using that the model is linear in amplitude and baseline once
// centre and width are fixed:
//   - the sign: a peak and a dip are both proposed (a broad peak near an edge fools "which
//     extreme is farther from the median"), and the lower residual wins;
//   - the width: scanned by factors of √2 around the half-maximum estimate, which broad peaks
//     whose wings never reach the baseline bias low, then refined with the centre by a compass
//     search, so that peak and dip are compared each at its best.
// Each trial is one pass over the data (on-baseline.ts); a guess makes ~70 of them.
import { BaselineSums, type BaselineFit } from './on-baseline.ts';
import { span, type Points } from './points.ts';

/** A unit-height peak shape as a function of u = (x − centre)/hwhm. */
export type Shape = (u: number) => number;

export interface PeakStart {
  centre: number;
  hwhm: number;
  coefficients: Float64Array; // of the shape columns then the constant, by least squares
}

/** Half widths tried around the half-maximum estimate (which broad peaks bias low, down to ¼). */
const WIDTH_FACTORS = [0.5, Math.SQRT1_2, 1, Math.SQRT2, 2, 2 * Math.SQRT2, 4];

/** Three-point running mean: locates the extremum and the crossings without chasing single noisy points. */
export function smooth(y: Float64Array): Float64Array {
  const n = y.length;
  if (n < 3) return y.slice();
  const out = new Float64Array(n);
  out[0] = (2 * y[0] + y[1]) / 3;
  out[n - 1] = (2 * y[n - 1] + y[n - 2]) / 3;
  for (let i = 1; i < n - 1; i++) out[i] = (y[i - 1] + y[i] + y[i + 1]) / 3;
  return out;
}

/** Where the segment (x[i], v[i])–(x[j], v[j]) crosses `level`. */
export function crossing(x: Float64Array, v: Float64Array, i: number, j: number, level: number): number {
  const f = (level - v[i]) / (v[j] - v[i]);
  return x[i] + (Number.isFinite(f) ? f : 0.5) * (x[j] - x[i]);
}

/** Centre and HWHM of the peak (sign +1) or dip (sign −1) of the smoothed data s. */
function halfMaximum(p: Points, s: Float64Array, sign: number): { centre: number; hwhm: number } {
  let top = 0;
  let bottom = 0;
  for (let i = 1; i < p.n; i++) {
    if (sign * s[i] > sign * s[top]) top = i;
    if (sign * s[i] < sign * s[bottom]) bottom = i;
  }
  const level = (s[top] + s[bottom]) / 2;
  let left = top;
  while (left > 0 && sign * s[left] > sign * level) left--;
  let right = top;
  while (right < p.n - 1 && sign * s[right] > sign * level) right++;
  const centre = p.x[top];
  const leftFound = sign * s[left] <= sign * level && left < top;
  const rightFound = sign * s[right] <= sign * level && right > top;
  const xLeft = leftFound ? crossing(p.x, s, left, left + 1, level) : NaN;
  const xRight = rightFound ? crossing(p.x, s, right - 1, right, level) : NaN;
  let hwhm: number;
  if (leftFound && rightFound) hwhm = (xRight - xLeft) / 2;
  else if (leftFound) hwhm = centre - xLeft;
  else if (rightFound) hwhm = xRight - centre;
  else hwhm = span(p) / 2;
  // At least one mean sample spacing: a zero width would make the shape a spike of one point.
  return { centre, hwhm: Math.max(hwhm, span(p) / Math.max(1, p.n - 1)) };
}

interface Candidate extends PeakStart {
  rss: number;
}

/**
 * The least-residual mix of unit-height shapes (one or two) on a constant baseline, for centre
 * and width fixed. A mix must be a sum, not a difference: when the shapes' weights differ in sign
 * the best mix lies on the boundary — one shape alone — so each shape alone is tried too (the
 * residual is convex in the weights).
 */
function mix(p: Points, shapes: readonly Shape[], centre: number, hwhm: number): Candidate {
  const two = shapes.length === 2;
  const sums = new BaselineSums();
  for (let i = 0; i < p.n; i++) {
    const u = (p.x[i] - centre) / hwhm;
    sums.add(shapes[0](u), two ? shapes[1](u) : 0, p.y[i]);
  }
  const fits = two ? [sums.solve(true, true), sums.solve(true, false), sums.solve(false, true)] : [sums.solve(true, false)];
  let best: BaselineFit = { w1: 0, w2: 0, c: 0, rss: Infinity };
  for (const fit of fits) if (fit.w1 * fit.w2 >= 0 && fit.rss < best.rss) best = fit;
  return { centre, hwhm, rss: best.rss, coefficients: Float64Array.from(two ? [best.w1, best.w2, best.c] : [best.w1, best.c]) };
}

/**
 * Compass search on (centre, ln hwhm) from the best scanned width: the scan's steps of √2 in width
 * and an extremum located on a noisy flat top leave residuals far above the true minimum's, and
 * the sign of the peak is only decided fairly between two starts that are each as good as they
 * get. Steps start at half a width and 2^(1/4) and halve REFINEMENTS times.
 */
const REFINEMENTS = 4;

function refine(p: Points, shapes: readonly Shape[], start: Candidate): Candidate {
  let best = start;
  let step = 0.5;
  let ratio = 2 ** 0.25;
  for (let halvings = 0; halvings < REFINEMENTS; ) {
    const neighbours = [
      mix(p, shapes, best.centre - step * best.hwhm, best.hwhm), mix(p, shapes, best.centre + step * best.hwhm, best.hwhm),
      mix(p, shapes, best.centre, best.hwhm / ratio), mix(p, shapes, best.centre, best.hwhm * ratio),
    ];
    const better = neighbours.reduce((a, b) => (b.rss < a.rss ? b : a), best);
    if (better === best) {
      step /= 2;
      ratio = Math.sqrt(ratio);
      halvings++;
    }
    best = better;
  }
  return best;
}

/**
 * The best start for a peak that is a mix of `shapes`: for a peak and for a dip, the half-maximum
 * estimate scanned over WIDTH_FACTORS, then refined; the lower residual wins. Returns the weight of
 * each shape, then the baseline.
 */
export function bestPeak(p: Points, shapes: readonly Shape[]): PeakStart {
  const s = smooth(p.y);
  let best: Candidate = { centre: p.n > 0 ? p.x[0] : 0, hwhm: span(p) / 2, coefficients: new Float64Array(shapes.length + 1), rss: Infinity };
  for (const sign of [1, -1]) {
    const { centre, hwhm } = halfMaximum(p, s, sign);
    const scanned = WIDTH_FACTORS.map((factor) => mix(p, shapes, centre, hwhm * factor));
    const refined = refine(p, shapes, scanned.reduce((a, b) => (b.rss < a.rss ? b : a)));
    if (refined.rss < best.rss) best = refined;
  }
  return best;
}
