// Where a peak of a one-parameter family of shapes is, how wide, and which member it is — for the
// peaks whose shape is not symmetric or not a bell (the skewed gaussian, the exponentially
// modified gaussian, the rectangle). Each member f(s; k), s in the model's own units of width, is
// turned into a unit-height shape of u = (x − mode)/HWHM by sampling it once (its mode, its half
// maximum crossings), so that peak.ts's bestPeak — half-maximum estimate, width scan, compass
// refinement, least squares for height and baseline — fits it like any other peak. The member
// with the least residual on a subsample wins and is fitted again on all the rows the guess sees.
import { bestPeak, type PeakStart } from './peak.ts';
import { sortedPoints, type Points } from './points.ts';

/** A member f(s) of the family, and the range of s that holds its peak and both half-maximum crossings. */
export interface Member {
  f: (s: number) => number;
  lo: number;
  hi: number;
}

export interface ShapedPeak extends PeakStart {
  k: number; // the member chosen
  mode: number; // where f peaks, in s
  width: number; // the data's x per unit of s: the model's width parameter
  height: number; // f at its mode: the model's peak is coefficients[0] = amplitude·height
}

/** Rows of the member scan: each member costs a bestPeak (~70 passes), so it runs on a subsample. */
const SCAN_ROWS = 1000;

/** Samples of a member, for its mode and half width: 1e-3 of the range, well inside a start's needs. */
const SAMPLES = 1000;

/** The mode (the middle of a flat top), the HWHM (mean of the two sides) and the height of f over [lo, hi], by sampling. */
function measure({ f, lo, hi }: Member): { mode: number; hwhm: number; height: number } {
  const step = (hi - lo) / SAMPLES;
  let first = 0;
  let last = 0;
  for (let i = 1; i <= SAMPLES; i++) {
    const v = f(lo + i * step);
    if (v > f(lo + first * step)) first = last = i;
    else if (v === f(lo + first * step)) last = i;
  }
  const top = Math.round((first + last) / 2);
  const height = f(lo + top * step);
  const cross = (direction: number): number => {
    let i = top;
    while (i + direction >= 0 && i + direction <= SAMPLES && f(lo + (i + direction) * step) > height / 2) i += direction;
    const inside = f(lo + i * step);
    const outside = f(lo + (i + direction) * step);
    return (i + direction * Math.min(1, (inside - height / 2) / (inside - outside) || 0)) * step;
  };
  return { mode: lo + top * step, hwhm: Math.max((cross(1) - cross(-1)) / 2, step), height };
}

function residual(p: Points, shape: (u: number) => number, start: PeakStart): number {
  let rss = 0;
  for (let i = 0; i < p.n; i++) {
    const r = p.y[i] - start.coefficients[0] * shape((p.x[i] - start.centre) / start.hwhm) - start.coefficients[1];
    rss += r * r;
  }
  return Number.isFinite(rss) ? rss : Infinity;
}

/** The best start for a peak of the family `member(k)` over the candidates `ks`. */
export function bestShapedPeak(p: Points, member: (k: number) => Member, ks: readonly number[]): ShapedPeak {
  const q = sortedPoints(p.x, p.y, undefined, SCAN_ROWS);
  let best: { k: number; rss: number } = { k: ks[0], rss: Infinity };
  for (const k of ks) {
    const m = member(k);
    const { mode, hwhm, height } = measure(m);
    const shape = (u: number) => m.f(mode + u * hwhm) / height;
    const rss = residual(q, shape, bestPeak(q, [shape]));
    if (rss < best.rss) best = { k, rss };
  }
  const m = member(best.k);
  const { mode, hwhm, height } = measure(m);
  const start = bestPeak(p, [(u: number) => m.f(mode + u * hwhm) / height]);
  return { ...start, k: best.k, mode, width: start.hwhm / hwhm, height };
}
