// Where a peak is and how wide, from the data alone — shared by the gaussian, lorentzian and
// pseudo-Voigt guesses. Classic estimates on the x-sorted data: the extremum gives the centre, the
// half-maximum crossings on either side give the half width (HWHM). The sign is not decided by a
// rule (a broad peak near an edge fools "which extreme is farther from the median"): a peak and a
// dip are both proposed, and the shape's least-squares fit, linear in amplitude and baseline once
// centre and width are fixed, chooses — together with the width, scanned by factors of √2 around
// the half-maximum estimate, which is biased low for broad peaks whose wings never reach baseline.
import { leastSquares } from './least-squares.ts';
import { column, span, type Points } from './points.ts';

export interface PeakStart {
  centre: number;
  hwhm: number;
  coefficients: Float64Array; // of the shape columns then the constant, by least squares
}

/** Half widths tried around the half-maximum estimate. */
const WIDTH_FACTORS = [0.5, Math.SQRT1_2, 1, Math.SQRT2, 2];

/** Three-point running mean: locates the extremum and the crossings without chasing single noisy points. */
function smooth(y: Float64Array): Float64Array {
  const n = y.length;
  if (n < 3) return y.slice();
  const out = new Float64Array(n);
  out[0] = (2 * y[0] + y[1]) / 3;
  out[n - 1] = (2 * y[n - 1] + y[n - 2]) / 3;
  for (let i = 1; i < n - 1; i++) out[i] = (y[i - 1] + y[i] + y[i + 1]) / 3;
  return out;
}

/** Where the segment (x[i], v[i])–(x[j], v[j]) crosses `level`. */
function crossing(x: Float64Array, v: Float64Array, i: number, j: number, level: number): number {
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

/**
 * The best (least residual) of peak and dip × the width factors, for a shape given as columns
 * (each a function of (x − centre)/hwhm, unit height at the centre) plus a constant baseline.
 */
export function bestPeak(p: Points, shapes: readonly ((u: number) => number)[]): PeakStart {
  const s = smooth(p.y);
  let best: PeakStart = { centre: p.n > 0 ? p.x[0] : 0, hwhm: span(p) / 2, coefficients: new Float64Array(shapes.length + 1) };
  let bestRss = Infinity;
  for (const sign of [1, -1]) {
    const { centre, hwhm } = halfMaximum(p, s, sign);
    for (const factor of WIDTH_FACTORS) {
      const w = hwhm * factor;
      const columns = shapes.map((shape) => column(p.x, (v) => shape((v - centre) / w)));
      const { coefficients, rss } = leastSquares([...columns, column(p.x, () => 1)], p.y);
      if (rss < bestRss) {
        bestRss = rss;
        best = { centre, hwhm: w, coefficients };
      }
    }
  }
  return best;
}
