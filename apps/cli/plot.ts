/**
 * The `--plot` SVG: the data as one min–max stroke per pixel column (shared/bins.ts), the fitted
 * curve with its band shaded about it (--band: r.band at the same columns), and a residuals
 * panel below sharing the x axis, with ticks, grid and the column names on the axes.
 * Self-contained: no scripts, no fonts but the viewer's sans-serif, no links.
 *
 *   ┌──────────────────────────── 1000 × 700 ────────────────────────────┐
 *   │ title: the model; subtitle: the parameters; legend                 │
 *   │ y ┌──────────────────────────────────────────────────────────────┐ │
 *   │ l │ band, data strokes, fitted curve                  main panel │ │
 *   │ a └──────────────────────────────────────────────────────────────┘ │
 *   │ r ┌──────────────────────────────────────────────────────────────┐ │
 *   │ . │ residual strokes, zero line                   residual panel │ │
 *   │   └──────────────────────────────────────────────────────────────┘ │
 *   │     x ticks                    x label                             │
 *   └────────────────────────────────────────────────────────────────────┘
 *
 * A subtitle too long for one line (a sum of models has many parameters) wraps at its
 * separators, and everything below it moves down a line's height per extra line: the picture
 * grows taller, the panels keep their size.
 */
import type { Bins } from '../shared/bins.ts';
import { niceTicks, tickLabel } from '../shared/ticks.ts';

const WIDTH = 1000;
const HEIGHT = 700;
const LEFT = 90;
const RIGHT = 30;
/** One data column per pixel of the panels' width. */
export const PLOT_COLUMNS = WIDTH - LEFT - RIGHT;
const MAIN = { top: 72, height: 412 };
const RESIDUAL = { top: 504, height: 120 };
const DATA_COLOUR = '#1f77b4';
const FIT_COLOUR = '#d62728';
/** The band: the curve's colour, thinned. */
const BAND_OPACITY = 0.2;
/** The subtitle's characters per line: about 880 pixels of 12-pixel sans-serif. */
const SUBTITLE_CHARACTERS = 130;
const LINE_HEIGHT = 18;

/** A band about the curve: its edges at each column's centre, and what the legend calls it. */
export interface Shade {
  lower: Float64Array;
  upper: Float64Array;
  label: string;
}

export interface PlotInput {
  bins: Bins;
  /** The fitted model at each column's centre. */
  curve: Float64Array;
  /** The band shaded about the curve, if any. */
  band?: Shade;
  xLabel: string;
  yLabel: string;
  title: string;
  subtitle: string;
}

interface Panel { top: number; height: number; lo: number; hi: number }

export function renderPlot({ bins, curve, band, xLabel, yLabel, title, subtitle }: PlotInput): string {
  const columns = bins.count.length;
  const xAt = (k: number) => LEFT + ((k + 0.5) * PLOT_COLUMNS) / columns;
  const lines = wrapped(subtitle);
  const shift = LINE_HEIGHT * (lines.length - 1);
  const height = HEIGHT + shift;
  const main: Panel = { top: MAIN.top + shift, height: MAIN.height, ...padded(extent(bins.yMin, bins.yMax), 0.05) };
  const largest = Math.max(...extent(bins.residualMin, bins.residualMax).map(Math.abs));
  const residual: Panel = { top: RESIDUAL.top + shift, height: RESIDUAL.height, lo: -1.1 * largest || -1, hi: 1.1 * largest || 1 };
  const rows = bins.count.reduce((sum, n) => sum + n, 0);
  const shaded = band && area(band.lower, band.upper, xAt, main);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    clip('main', main),
    clip('residual', residual),
    `<text x="${LEFT}" y="24" font-size="16" font-weight="bold">${escape(title)}</text>`,
    ...lines.map((text, i) => `<text x="${LEFT}" y="${43 + LINE_HEIGHT * i}" fill="#555555">${escape(text)}</text>`),
    legend(rows, 61 + shift, shaded ? band!.label : undefined),
    yAxis(main, yLabel),
    yAxis(residual, 'residual'),
    xAxis(bins, [main, residual], xLabel),
    // Under the data and the curve: both stay visible through it.
    ...(shaded ? [`<path d="${shaded}" fill="${FIT_COLOUR}" fill-opacity="${BAND_OPACITY}" stroke="none" clip-path="url(#clip-main)"/>`] : []),
    strokes(bins.yMin, bins.yMax, xAt, main, 'main'),
    strokes(bins.residualMin, bins.residualMax, xAt, residual, 'residual'),
    `<path d="M${LEFT} ${f(yAt(residual, 0))}H${LEFT + PLOT_COLUMNS}" stroke="${FIT_COLOUR}" stroke-width="1.5"/>`,
    `<path d="${line(curve, xAt, main)}" fill="none" stroke="${FIT_COLOUR}" stroke-width="2" stroke-linejoin="round" clip-path="url(#clip-main)"/>`,
    frame(main),
    frame(residual),
    '</svg>',
  ];
  return parts.join('\n') + '\n';
}

/** The subtitle in lines of at most SUBTITLE_CHARACTERS, broken after its separators (', ' and ' · '). */
function wrapped(text: string): string[] {
  const lines = [''];
  for (const piece of text.split(/(?<=, | · )/)) {
    const last = lines.length - 1;
    if (lines[last] !== '' && (lines[last] + piece).trimEnd().length > SUBTITLE_CHARACTERS) lines.push(piece);
    else lines[last] += piece;
  }
  return lines.map((line) => line.trimEnd());
}

/** SVG coordinates to a tenth of a pixel: finer is invisible and costs bytes. */
const f = (v: number) => String(Math.round(v * 10) / 10);

const yAt = (panel: Panel, v: number) => panel.top + panel.height * (1 - (v - panel.lo) / (panel.hi - panel.lo));

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** [min, max] of the finite extremes over the columns that hold rows. */
function extent(min: Float64Array, max: Float64Array): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let k = 0; k < min.length; k++) {
    if (Number.isFinite(min[k]) && min[k] < lo) lo = min[k];
    if (Number.isFinite(max[k]) && max[k] > hi) hi = max[k];
  }
  return lo <= hi ? [lo, hi] : [0, 0];
}

/** The range widened by `margin` of its span on each side; a zero span by 1 (or 10% of the value). */
function padded([lo, hi]: [number, number], margin: number): { lo: number; hi: number } {
  const span = hi - lo || Math.abs(lo) * 0.2 || 2;
  const pad = hi > lo ? span * margin : span / 2;
  return { lo: lo - pad, hi: hi + pad };
}

function clip(id: string, panel: Panel): string {
  return `<clipPath id="clip-${id}"><rect x="${LEFT}" y="${panel.top}" width="${PLOT_COLUMNS}" height="${panel.height}"/></clipPath>`;
}

function frame(panel: Panel): string {
  return `<rect x="${LEFT}" y="${panel.top}" width="${PLOT_COLUMNS}" height="${panel.height}" fill="none" stroke="#333333" shape-rendering="crispEdges"/>`;
}

/**
 * One vertical stroke per column from its min to its max. Round caps make a column of one
 * value (a zero-length stroke) a dot, so sparse data still show as points.
 */
function strokes(min: Float64Array, max: Float64Array, xAt: (k: number) => number, panel: Panel, id: string): string {
  const d: string[] = [];
  for (let k = 0; k < min.length; k++) {
    if (!Number.isFinite(min[k]) || !Number.isFinite(max[k])) continue;
    d.push(`M${f(xAt(k))} ${f(yAt(panel, max[k]))}V${f(yAt(panel, min[k]))}`);
  }
  return `<path d="${d.join('')}" stroke="${DATA_COLOUR}" stroke-width="2" stroke-linecap="round" stroke-opacity="0.8" clip-path="url(#clip-${id})"/>`;
}

/** y in the panel's pixels. Far outside the panel the clip hides it; clamping keeps the numbers short and finite. */
const clamped = (panel: Panel, v: number) => Math.min(Math.max(yAt(panel, v), -1e4), 1e4);

/** The curve through the columns' centres, broken where the model is not finite. */
function line(values: Float64Array, xAt: (k: number) => number, panel: Panel): string {
  const d: string[] = [];
  let pen = 'M';
  for (let k = 0; k < values.length; k++) {
    if (!Number.isFinite(values[k])) {
      pen = 'M';
      continue;
    }
    d.push(`${pen}${f(xAt(k))} ${f(clamped(panel, values[k]))}`);
    pen = 'L';
  }
  return d.join('');
}

/**
 * The area between two edges through the columns' centres: one closed polygon per run of columns
 * where both are finite — the upper edge left to right, then the lower edge back. Empty when
 * there is no such column (a band of NaN: no degrees of freedom, undetermined parameters).
 */
function area(lower: Float64Array, upper: Float64Array, xAt: (k: number) => number, panel: Panel): string {
  const polygons: string[] = [];
  let start = -1;
  for (let k = 0; k <= lower.length; k++) {
    const finite = k < lower.length && Number.isFinite(lower[k]) && Number.isFinite(upper[k]);
    if (finite && start < 0) start = k;
    if (finite || start < 0) continue;
    const points: string[] = [];
    for (let j = start; j < k; j++) points.push(`${f(xAt(j))} ${f(clamped(panel, upper[j]))}`);
    for (let j = k - 1; j >= start; j--) points.push(`${f(xAt(j))} ${f(clamped(panel, lower[j]))}`);
    polygons.push(`M${points.join('L')}Z`);
    start = -1;
  }
  return polygons.join('');
}

function yAxis(panel: Panel, label: string): string {
  const { values, step } = niceTicks(panel.lo, panel.hi, panel.height > 200 ? 7 : 3);
  const out = values.map((v) => {
    const y = f(yAt(panel, v));
    return `<path d="M${LEFT} ${y}H${LEFT + PLOT_COLUMNS}" stroke="#e6e6e6"/><path d="M${LEFT - 5} ${y}H${LEFT}" stroke="#333333"/>` +
      `<text x="${LEFT - 8}" y="${y}" text-anchor="end" dominant-baseline="middle">${tickLabel(v, step)}</text>`;
  });
  const middle = f(panel.top + panel.height / 2);
  out.push(`<text x="22" y="${middle}" text-anchor="middle" font-size="14" transform="rotate(-90 22 ${middle})">${escape(label)}</text>`);
  return out.join('\n');
}

/** Ticks on the shared x axis: grid in both panels, labels under the lowest. */
function xAxis(bins: Bins, panels: Panel[], label: string): string {
  const { values, step } = niceTicks(bins.lo, bins.hi, 10);
  const bottom = panels[panels.length - 1].top + panels[panels.length - 1].height;
  const out = values.map((v) => {
    const x = f(LEFT + ((v - bins.lo) / (bins.hi - bins.lo)) * PLOT_COLUMNS);
    const grid = panels.map((p) => `<path d="M${x} ${p.top}V${p.top + p.height}" stroke="#e6e6e6"/>`).join('');
    return `${grid}<path d="M${x} ${bottom}V${bottom + 5}" stroke="#333333"/><text x="${x}" y="${bottom + 18}" text-anchor="middle">${tickLabel(v, step)}</text>`;
  });
  out.push(`<text x="${LEFT + PLOT_COLUMNS / 2}" y="${bottom + 48}" text-anchor="middle" font-size="14">${escape(label)}</text>`);
  return out.join('\n');
}

function legend(rows: number, y: number, band: string | undefined): string {
  return `<text x="${LEFT}" y="${y}"><tspan fill="${DATA_COLOUR}">┃ data: ${rows.toLocaleString('en-US')} rows, min–max per pixel column</tspan>` +
    `<tspan fill="${FIT_COLOUR}" dx="24">━━ fit</tspan>` +
    (band ? `<tspan fill="${FIT_COLOUR}" fill-opacity="${2 * BAND_OPACITY}" dx="24">█</tspan><tspan fill="${FIT_COLOUR}"> ${escape(band)}</tspan>` : '') +
    '</text>';
}
