// A sinusoid on a constant offset. Its frequency is the one non-linear difficulty: fits started a
// fraction of a period off converge to a neighbouring alias or to a flat line. The guess scans
// candidate frequencies (a least-squares periodogram, Lomb 1976 / Scargle 1982, with the offset
// fitted too) and keeps the one whose best sinusoid leaves the least residual; at a fixed ω the
// model is linear in α·sin ωx + β·cos ωx + c, so amplitude and phase follow by least squares.
import type { BuiltinModel } from './builtin-model.ts';
import { BaselineSums } from './on-baseline.ts';
import { column, finiteOr, meanY, sortedPoints, span, type Points } from './points.ts';

/**
 * Points the scan looks at. It costs points × candidates and the candidates grow with the points
 * (up to the Nyquist frequency of the mean spacing), so it is capped: the scan then resolves up
 * to ~500 periods over the x span, in ~20 ms.
 */
const SCAN_ROWS = 1024;

/**
 * The ω in (π/span, Nyquist] whose best sinusoid leaves the least residual. Candidates are spaced
 * π/(2·span), so the best one is within a phase drift of π/8 at the ends of the data (t is
 * centred); a parabola through the best three residuals refines it. sin and cos at the next
 * candidate come from the current ones by a rotation by the per-point step (sin Δ·t, cos Δ·t):
 * no trigonometry in the loop.
 */
function scanFrequency(q: Points, t: Float64Array): number {
  const L = span(q);
  const step = Math.PI / (2 * L);
  const first = Math.PI / L;
  const candidates = Math.max(1, Math.ceil((Math.PI * (q.n - 1)) / L / step));
  const s = column(t, (v) => Math.sin(first * v));
  const c = column(t, (v) => Math.cos(first * v));
  const rotateSin = column(t, (v) => Math.sin(step * v));
  const rotateCos = column(t, (v) => Math.cos(step * v));
  const rss = new Float64Array(candidates);
  for (let k = 0; k < candidates; k++) {
    const sums = new BaselineSums();
    for (let i = 0; i < q.n; i++) {
      const si = s[i];
      const ci = c[i];
      sums.add(si, ci, q.y[i]);
      s[i] = si * rotateCos[i] + ci * rotateSin[i];
      c[i] = ci * rotateCos[i] - si * rotateSin[i];
    }
    rss[k] = sums.solve(true, true).rss;
  }
  let best = 0;
  for (let k = 1; k < candidates; k++) if (rss[k] < rss[best]) best = k;
  let shift = 0;
  if (best > 0 && best < candidates - 1) {
    const [l, m, r] = [rss[best - 1], rss[best], rss[best + 1]];
    shift = Math.max(-0.5, Math.min(0.5, finiteOr((0.5 * (l - r)) / (l - 2 * m + r), 0)));
  }
  return first + (best + shift) * step;
}

export const sine: BuiltinModel = {
  name: 'sine',
  expression: 'a*sin(omega*x + phi) + c',
  offset: 'c',
  description: 'sinusoid of amplitude a, angular frequency omega and phase phi on an offset c',
  guess(x, y) {
    const p = sortedPoints(x, y);
    const L = span(p);
    const fallback = { a: 1, omega: (2 * Math.PI) / L, phi: 0, c: meanY(p) };
    if (p.n < 4) return fallback;
    // Centre x so that the phase is measured mid-data, then move it to x = 0 for the model.
    const middle = (p.x[0] + p.x[p.n - 1]) / 2;
    const q = sortedPoints(p.x, p.y, undefined, SCAN_ROWS);
    const omega = scanFrequency(q, column(q.x, (v) => v - middle));
    const sums = new BaselineSums();
    for (let i = 0; i < p.n; i++) sums.add(Math.sin(omega * (p.x[i] - middle)), Math.cos(omega * (p.x[i] - middle)), p.y[i]);
    const { w1: alpha, w2: beta, c } = sums.solve(true, true);
    // α·sin ωt + β·cos ωt = a·sin(ωt + φ') with a = √(α² + β²), φ' = atan2(β, α); φ = φ' − ω·middle.
    const phi = Math.atan2(beta, alpha) - omega * middle;
    return {
      a: finiteOr(Math.hypot(alpha, beta), fallback.a),
      omega: finiteOr(omega, fallback.omega),
      phi: finiteOr(Math.atan2(Math.sin(phi), Math.cos(phi)), 0),
      c: finiteOr(c, fallback.c),
    };
  },
};
