/**
 * A panel on a canvas: per pixel column, a stroke from min to max (decimate.ts), optionally a
 * curve through one value per column with a band shaded about it, and a zero line, with
 * round-number ticks. Drawn in device pixels — one column per device pixel — so the strokes
 * neither blur nor leave gaps. The band is drawn first, under the data and the curve, and does
 * not set the y range (the data and the curve do): a band wider than the data is clipped.
 */
import { niceTicks, tickLabel } from '../../shared/ticks.ts';

export interface Panel {
  lo: number;
  hi: number;
  /** Per column; an empty column holds +Infinity / −Infinity and draws nothing. */
  min: Float64Array;
  max: Float64Array;
  /** f at each column's centre x. */
  curve?: Float64Array;
  /** The band about the curve at each column's centre x (r.band): shaded where both edges are finite. */
  band?: { lower: Float64Array; upper: Float64Array };
  /** A horizontal line at y = 0 (the residual panel). */
  zero?: boolean;
  xLabel: string;
  yLabel: string;
}

/** CSS pixels around the plot area (exported for the page's test, which measures the band). */
export const MARGIN = { left: 66, right: 14, top: 10, bottom: 34 };
const DATA = '#1f77b4';
const CURVE = '#d62728';
/** The band: the curve's colour, thinned. */
const BAND_ALPHA = 0.2;
const AXIS = '#333';
const GRID = '#e6e6e6';

/** How many pixel columns the panel's plot area has: the number of bins to decimate into. */
export function plotColumns(canvas: HTMLCanvasElement): number {
  return Math.max(1, Math.round((canvas.clientWidth - MARGIN.left - MARGIN.right) * devicePixelRatio));
}

/** [lo, hi] of the finite values of the arrays, padded by 5%; ±1 around a single value. */
export function yExtent(...arrays: (Float64Array | undefined)[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const array of arrays) {
    for (const v of array ?? []) {
      if (Number.isFinite(v)) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
  }
  if (!(lo <= hi)) return [-1, 1];
  const pad = hi > lo ? 0.05 * (hi - lo) : Math.max(1, Math.abs(lo));
  return [lo - pad, hi + pad];
}

export function drawPanel(canvas: HTMLCanvasElement, panel: Panel): void {
  const dpr = devicePixelRatio;
  const width = canvas.clientWidth;
  const height = canvas.clientHeight;
  canvas.width = Math.round(width * dpr);
  canvas.height = Math.round(height * dpr);
  const ctx = canvas.getContext('2d')!;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, width, height);

  const columns = panel.min.length;
  const plotWidth = columns / dpr;
  const plotHeight = height - MARGIN.top - MARGIN.bottom;
  let [yLo, yHi] = panel.zero ? yExtent(panel.min, panel.max, new Float64Array([0])) : yExtent(panel.min, panel.max, panel.curve);
  if (panel.zero) [yLo, yHi] = [-Math.max(-yLo, yHi), Math.max(-yLo, yHi)]; // residuals: 0 in the middle
  const toY = (v: number) => MARGIN.top + ((yHi - v) / (yHi - yLo)) * plotHeight;
  const toX = (v: number) => MARGIN.left + ((v - panel.lo) / (panel.hi - panel.lo)) * plotWidth;

  ctx.font = '12px system-ui, sans-serif';
  ctx.lineWidth = 1;
  const xTicks = niceTicks(panel.lo, panel.hi, Math.max(2, Math.round(plotWidth / 90)));
  const yTicks = niceTicks(yLo, yHi, Math.max(2, Math.round(plotHeight / 45)));
  ctx.strokeStyle = GRID;
  ctx.fillStyle = AXIS;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const v of xTicks.values) {
    const x = Math.round(toX(v)) + 0.5;
    ctx.beginPath();
    ctx.moveTo(x, MARGIN.top);
    ctx.lineTo(x, MARGIN.top + plotHeight);
    ctx.stroke();
    ctx.fillText(tickLabel(v, xTicks.step), x, MARGIN.top + plotHeight + 4);
  }
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const v of yTicks.values) {
    const y = Math.round(toY(v)) + 0.5;
    ctx.beginPath();
    ctx.moveTo(MARGIN.left, y);
    ctx.lineTo(MARGIN.left + plotWidth, y);
    ctx.stroke();
    ctx.fillText(tickLabel(v, yTicks.step), MARGIN.left - 6, y);
  }
  ctx.textAlign = 'center';
  ctx.textBaseline = 'bottom';
  ctx.fillText(panel.xLabel, MARGIN.left + plotWidth / 2, height);
  ctx.save();
  ctx.translate(12, MARGIN.top + plotHeight / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textBaseline = 'middle';
  ctx.fillText(panel.yLabel, 0, 0);
  ctx.restore();

  ctx.save();
  ctx.beginPath();
  ctx.rect(MARGIN.left, MARGIN.top, plotWidth, plotHeight);
  ctx.clip();
  if (panel.zero) {
    ctx.strokeStyle = '#999';
    ctx.beginPath();
    ctx.moveTo(MARGIN.left, Math.round(toY(0)) + 0.5);
    ctx.lineTo(MARGIN.left + plotWidth, Math.round(toY(0)) + 0.5);
    ctx.stroke();
  }
  if (panel.band) drawBand(ctx, panel.band.lower, panel.band.upper, dpr, toY);
  // One stroke per column, at least 2 CSS px tall so a column with one point still shows.
  ctx.fillStyle = DATA;
  for (let k = 0; k < columns; k++) {
    if (!(panel.min[k] <= panel.max[k])) continue;
    const top = toY(panel.max[k]);
    const bottom = toY(panel.min[k]);
    const grow = Math.max(0, 2 - (bottom - top)) / 2;
    ctx.fillRect(MARGIN.left + k / dpr, top - grow, Math.max(1 / dpr, 1.5), bottom - top + 2 * grow);
  }
  if (panel.curve) {
    ctx.strokeStyle = CURVE;
    ctx.lineWidth = 2;
    ctx.beginPath();
    let pen = false;
    for (let k = 0; k < columns; k++) {
      const v = panel.curve[k];
      if (!Number.isFinite(v)) {
        pen = false;
        continue;
      }
      const x = MARGIN.left + (k + 0.5) / dpr;
      if (pen) ctx.lineTo(x, toY(v));
      else ctx.moveTo(x, toY(v));
      pen = true;
    }
    ctx.stroke();
  }
  ctx.restore();
  ctx.strokeStyle = AXIS;
  ctx.lineWidth = 1;
  ctx.strokeRect(MARGIN.left + 0.5, MARGIN.top + 0.5, plotWidth, plotHeight);
}

/**
 * The area between two edges through the columns' centres: one polygon per run of columns where
 * both are finite — the upper edge left to right, then the lower edge back.
 */
function drawBand(ctx: CanvasRenderingContext2D, lower: Float64Array, upper: Float64Array, dpr: number, toY: (v: number) => number): void {
  ctx.save();
  ctx.globalAlpha = BAND_ALPHA;
  ctx.fillStyle = CURVE;
  ctx.beginPath();
  const xAt = (k: number) => MARGIN.left + (k + 0.5) / dpr;
  let start = -1;
  for (let k = 0; k <= lower.length; k++) {
    const finite = k < lower.length && Number.isFinite(lower[k]) && Number.isFinite(upper[k]);
    if (finite && start < 0) start = k;
    if (finite || start < 0) continue;
    ctx.moveTo(xAt(start), toY(upper[start]));
    for (let j = start + 1; j < k; j++) ctx.lineTo(xAt(j), toY(upper[j]));
    for (let j = k - 1; j >= start; j--) ctx.lineTo(xAt(j), toY(lower[j]));
    ctx.closePath();
    start = -1;
  }
  ctx.fill();
  ctx.restore();
}
