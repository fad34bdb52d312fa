// --plot: the SVG is small whatever the number of rows (one min–max stroke per pixel column),
// self-contained, labelled with the column names, and looks right: Chromium renders it to a
// PNG, decoded here (test/support/png.ts), which must show the data (blue) in both the main
// and the residual panel, the fitted curve (red), the band about it (pale red, between the curve
// and the data), and dark axes and text on a white page. The band's oracle is the library's
// r.band of the same fit in memory, at the plot's column centres, mapped to the SVG's pixels
// (the panel read from its clip rectangle, the y range the data's padded by 5%): the same numbers
// to the SVG's rounding, a tenth of a pixel.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { curveFitSync, type BandOptions, type FitResult } from '../../src/index.ts';
import { chromiumPath, itWithChromium } from '../support/chromium.ts';
import { decodePng, type Image } from '../support/png.ts';
import { synthetic } from '../support/synthetic.ts';
import { arenafit, delimited, tempFolder } from './cli.ts';

const temp = tempFolder();
const MODEL = 'a*exp(-b*time) + c';

const decay = (t: number) => 2.5 * Math.exp(-1.3 * t) + 0.5;

function plot(rows: number, name: string, noise = 0.05, ...flags: string[]): string {
  const data = synthetic(rows, decay, noise, 11);
  const file = temp.file(`${name}.csv`, delimited({ time: data.x, signal: data.y }));
  const svg = temp.path(`${name}.svg`);
  const run = arenafit('fit', file, '--model', MODEL, '--x', 'time', '--p0', 'a=1,b=1,c=0', '--plot', svg, ...flags);
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return svg;
}

const COLUMNS = 880;
const BAND = /<path d="([^"]*)" fill="#d62728" fill-opacity="[\d.]+" stroke="none" clip-path="url\(#clip-main\)"\/>/g;

/** The band's polygons on the SVG: each an upper edge left to right, then its lower edge back. */
function bandOf(svg: string): { x: number; upper: number; lower: number }[] {
  const paths = [...svg.matchAll(BAND)];
  expect(paths.length).toBeLessThanOrEqual(1);
  if (paths.length === 0) return [];
  const points: { x: number; upper: number; lower: number }[] = [];
  for (const polygon of paths[0][1].split('M').slice(1)) {
    expect(polygon.endsWith('Z')).toBe(true);
    const xy = polygon.slice(0, -1).split('L').map((pair) => pair.split(' ').map(Number));
    const half = xy.length / 2;
    for (let i = 0; i < half; i++) {
      const [x, upper] = xy[i];
      const [xBack, lower] = xy[xy.length - 1 - i];
      expect(xBack).toBe(x);
      points.push({ x, upper, lower });
    }
  }
  return points;
}

/** The main panel's rectangle, as the SVG clips to it. */
function mainPanel(svg: string): { left: number; top: number; width: number; height: number } {
  const m = /<clipPath id="clip-main"><rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"\/>/.exec(svg)!;
  return { left: Number(m[1]), top: Number(m[2]), width: Number(m[3]), height: Number(m[4]) };
}

/**
 * What the band must be: r.band at the centres of the plot's 880 columns across the data's x
 * range, in pixels of the main panel, whose y range is the data's padded by 5% on each side.
 * `sigmaAt(k)`: a prediction band's sigma at column k, for a weighted fit.
 */
function expectedBand(svg: string, x: Float64Array, y: Float64Array, r: FitResult, options: BandOptions, sigmaAt?: (centres: Float64Array) => Float64Array) {
  const panel = mainPanel(svg);
  expect(panel.width).toBe(COLUMNS);
  const lo = Math.min(...x);
  const hi = Math.max(...x);
  const centres = Float64Array.from({ length: COLUMNS }, (_, k) => lo + ((k + 0.5) * (hi - lo)) / COLUMNS);
  const band = r.band({ time: centres }, sigmaAt ? { ...options, sigma: sigmaAt(centres) } : options);
  const [yLo, yHi] = [Math.min(...y), Math.max(...y)];
  const [bottom, top] = [yLo - 0.05 * (yHi - yLo), yHi + 0.05 * (yHi - yLo)];
  const pixel = (v: number) => Math.min(Math.max(panel.top + panel.height * (1 - (v - bottom) / (top - bottom)), -1e4), 1e4);
  return Array.from(centres, (_, k) => ({ x: panel.left + k + 0.5, upper: pixel(band.upper[k]), lower: pixel(band.lower[k]) }));
}

/** The SVG's band against the oracle's, column by column, to the SVG's tenth of a pixel. */
function expectBand(svg: string, expected: { x: number; upper: number; lower: number }[]): void {
  const drawn = bandOf(svg);
  expect(drawn.map((p) => p.x)).toEqual(expected.map((p) => p.x));
  let widest = 0;
  for (let k = 0; k < drawn.length; k++) {
    expect(Math.abs(drawn[k].upper - expected[k].upper), `column ${k} upper`).toBeLessThanOrEqual(0.05 + 1e-9);
    expect(Math.abs(drawn[k].lower - expected[k].lower), `column ${k} lower`).toBeLessThanOrEqual(0.05 + 1e-9);
    widest = Math.max(widest, drawn[k].lower - drawn[k].upper);
  }
  expect(widest).toBeGreaterThan(1); // a band to see, not a line
}

function render(svg: string): Image {
  const png = temp.path('plot.png');
  const run = spawnSync(chromiumPath(), [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--no-first-run', '--hide-scrollbars', `--user-data-dir=${temp.path('chromium-profile')}`,
    `--screenshot=${png}`, '--window-size=1000,700', pathToFileURL(svg).href,
  ], { encoding: 'utf8', timeout: 90_000 });
  if (!existsSync(png)) throw new Error(`chromium wrote no screenshot (status ${run.status}):\n${run.stderr}`);
  return decodePng(readFileSync(png));
}

describe('arenafit fit --plot', () => {
  it('writes a small self-contained SVG whatever the number of rows', () => {
    const small = readFileSync(plot(300, 'small'), 'utf8');
    const large = readFileSync(plot(300_000, 'large'), 'utf8');
    expect(Buffer.byteLength(large)).toBeLessThan(120_000);
    for (const svg of [small, large]) {
      expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="1000" height="700"/);
      expect(svg).toContain('>time</text>');
      expect(svg).toContain('>signal</text>');
      expect(svg).toContain('>residual</text>');
      expect(svg).toContain('signal = a*exp(-b*time) + c');
      expect(svg).not.toMatch(/<script|href=|@import|@font-face|url\((?!#)/);
    }
    // One stroke per pixel column that holds rows, in each panel: at most 880.
    const strokes = [...large.matchAll(/<path d="([^"]*)" stroke="#1f77b4"/g)].map((m) => m[1].split('M').length - 1);
    expect(strokes).toHaveLength(2);
    for (const n of strokes) expect(n).toBeGreaterThan(800);
    for (const n of strokes) expect(n).toBeLessThanOrEqual(880);
    expect(large).toContain('300,000 rows');
  });

  it('shades the 95% confidence band of the fitted curve by default: r.band at the column centres', () => {
    const data = synthetic(300, decay, 0.3, 11);
    const svg = readFileSync(plot(300, 'band', 0.3), 'utf8');
    const r = curveFitSync(MODEL, { time: data.x }, data.y, { p0: { a: 1, b: 1, c: 0 } });
    expectBand(svg, expectedBand(svg, data.x, data.y, r, { level: 0.95, kind: 'confidence' }));
    expect(svg).toContain('95% confidence band');
    // Drawn first, under the data and the curve.
    expect(svg.search(BAND)).toBeLessThan(svg.indexOf('stroke="#1f77b4"'));
  });

  it('--band prediction and --level choose the band; --band none draws none', () => {
    const data = synthetic(300, decay, 0.3, 11);
    const r = curveFitSync(MODEL, { time: data.x }, data.y, { p0: { a: 1, b: 1, c: 0 } });
    const prediction = readFileSync(plot(300, 'prediction', 0.3, '--band', 'prediction', '--level', '0.68'), 'utf8');
    expectBand(prediction, expectedBand(prediction, data.x, data.y, r, { level: 0.68, kind: 'prediction' }));
    expect(prediction).toContain('68% prediction band');
    const level = readFileSync(plot(300, 'level', 0.3, '--level', '0.999'), 'utf8');
    expectBand(level, expectedBand(level, data.x, data.y, r, { level: 0.999, kind: 'confidence' }));
    expect(level).toContain('99.9% confidence band');
    const none = readFileSync(plot(300, 'none', 0.3, '--band', 'none'), 'utf8');
    expect(bandOf(none)).toEqual([]);
    expect(none).not.toMatch(/ band</);
    // The rest of the picture is the same with or without the band.
    const strip = (svg: string) => svg.replace(BAND, '').replace(/\n(?=\n)/g, '').replace(/<tspan[^>]*>█<\/tspan><tspan[^>]*>[^<]* band<\/tspan>/, '');
    expect(strip(readFileSync(plot(300, 'default', 0.3), 'utf8'))).toBe(strip(none));
  });

  it('a weighted fit\'s prediction band takes the sigma of the rows in each column, interpolated across empty ones', () => {
    const data = synthetic(300, decay, 0.3, 11);
    const sigma = data.x.map((t) => 0.2 + 0.04 * t);
    const file = temp.file('weighted.csv', delimited({ time: data.x, signal: data.y, err: sigma }));
    const path = temp.path('weighted.svg');
    const run = arenafit('fit', file, '--model', MODEL, '--x', 'time', '--sigma', 'err', '--p0', 'a=1,b=1,c=0', '--plot', path, '--band', 'prediction');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const svg = readFileSync(path, 'utf8');
    const r = curveFitSync(MODEL, { time: data.x }, data.y, { p0: { a: 1, b: 1, c: 0 }, sigma });
    // Each column's rows' root mean square sigma; a column without rows, the straight line
    // between its nearest neighbours' (a constant beyond the first and the last).
    const sigmaAt = (centres: Float64Array) => {
      const lo = Math.min(...data.x);
      const hi = Math.max(...data.x);
      const sum = new Float64Array(COLUMNS);
      const count = new Float64Array(COLUMNS);
      data.x.forEach((t, i) => {
        const k = Math.min(COLUMNS - 1, Math.floor(((t - lo) * COLUMNS) / (hi - lo)));
        sum[k] += sigma[i] ** 2;
        count[k]++;
      });
      const held = [...count.keys()].filter((k) => count[k] > 0);
      return Float64Array.from(centres, (_, k) => {
        const after = held.find((j) => j >= k) ?? held.at(-1)!;
        const before = [...held].reverse().find((j) => j <= k) ?? held[0];
        const [a, b] = [Math.sqrt(sum[before] / count[before]), Math.sqrt(sum[after] / count[after])];
        return after === before ? a : a + ((b - a) * (k - before)) / (after - before);
      });
    };
    expectBand(svg, expectedBand(svg, data.x, data.y, r, { level: 0.95, kind: 'prediction' }, sigmaAt));
  });

  it('wraps a long list of parameters under the title, the panels moved down to make room', () => {
    const peaks = synthetic(500, (t) => 3 * Math.exp(-((t - 3.5) ** 2) / (2 * 0.5 ** 2)) + 2 * Math.exp(-((t - 6.5) ** 2) / (2 * 0.7 ** 2)) + 0.2 * t + 1, 0.05, 3);
    const file = temp.file('peaks.csv', delimited({ x: peaks.x, y: peaks.y }));
    const path = temp.path('peaks.svg');
    const run = arenafit('fit', file, '--model', 'gaussian:g1_ + gaussian:g2_ + linear', '--plot', path);
    expect(run.status).toBe(0);
    const svg = readFileSync(path, 'utf8');
    const subtitle = [...svg.matchAll(/<text x="90" y="(\d+)" fill="#555555">([^<]*)<\/text>/g)];
    expect(subtitle.length).toBeGreaterThan(1);
    for (const [, , line] of subtitle) expect(line.length).toBeLessThanOrEqual(130);
    const text = subtitle.map((m) => m[2]).join(' ');
    for (const name of ['g1_A', 'g1_mu', 'g1_sigma', 'g2_A', 'g2_mu', 'g2_sigma', 'slope', 'intercept']) expect(text).toContain(`${name} = `);
    expect(text).toContain('converged');
    const shift = 18 * (subtitle.length - 1);
    expect(svg).toMatch(new RegExp(`^<svg [^>]*height="${700 + shift}" viewBox="0 0 1000 ${700 + shift}"`));
    expect(mainPanel(svg)).toEqual({ left: 90, top: 72 + shift, width: 880, height: 412 });
    expect(svg).toContain('y = gaussian:g1_ + gaussian:g2_ + linear');
    const r = curveFitSync('gaussian:g1_ + gaussian:g2_ + linear', peaks.x, peaks.y);
    // The band's oracle, in x: the model's own variable.
    const band = bandOf(svg);
    expect(band).toHaveLength(COLUMNS);
    const lo = peaks.x[0];
    const hi = peaks.x.at(-1)!;
    const centres = Float64Array.from({ length: COLUMNS }, (_, k) => lo + ((k + 0.5) * (hi - lo)) / COLUMNS);
    const expected = r.band(centres);
    const [yLo, yHi] = [Math.min(...peaks.y), Math.max(...peaks.y)];
    const [bottom, top] = [yLo - 0.05 * (yHi - yLo), yHi + 0.05 * (yHi - yLo)];
    const pixel = (v: number) => 72 + shift + 412 * (1 - (v - bottom) / (top - bottom));
    band.forEach((p, k) => expect(Math.abs(p.upper - pixel(expected.upper[k]))).toBeLessThanOrEqual(0.05 + 1e-9));
  });

  itWithChromium('renders in Chromium to a picture with data, curve, residuals and axes', () => {
    const svg = plot(5_000, 'render');
    expect(statSync(svg).size).toBeGreaterThan(10_000);
    const image = render(svg);
    expect([image.width, image.height]).toEqual([1000, 700]);
    const count = { white: 0, dark: 0, red: 0, blueMain: 0, blueResidual: 0 };
    const colours = new Set<number>();
    for (let i = 0; i < image.width * image.height; i++) {
      const [r, g, b] = image.rgba.subarray(4 * i, 4 * i + 3);
      const y = Math.floor(i / image.width);
      colours.add((r << 16) | (g << 8) | b);
      if (r > 245 && g > 245 && b > 245) count.white++;
      else if (r < 120 && Math.abs(r - g) < 16 && Math.abs(g - b) < 16) count.dark++;
      else if (r > 150 && g < 110 && b < 110) count.red++;
      else if (b > r + 50 && b > g + 20) {
        if (y >= 72 && y < 484) count.blueMain++;
        if (y >= 504 && y < 624) count.blueResidual++;
      }
    }
    const pixels = image.width * image.height;
    expect(count.white / pixels).toBeGreaterThan(0.5); // a white page, not a blank or black one
    expect(count.white / pixels).toBeLessThan(0.98);
    expect(colours.size).toBeGreaterThan(50);
    expect(count.dark).toBeGreaterThan(2_000); // frames, ticks, labels, title
    expect(count.red).toBeGreaterThan(1_000); // the curve and the residuals' zero line
    expect(count.blueMain).toBeGreaterThan(1_000);
    expect(count.blueResidual).toBeGreaterThan(1_000);
  });

  itWithChromium('renders the band as a pale red area about the curve, inside the scatter of the data', () => {
    const image = render(plot(300, 'render-band', 0.3, '--level', '0.999'));
    const kind = (x: number, y: number) => {
      const [r, g, b] = image.rgba.subarray(4 * (y * image.width + x), 4 * (y * image.width + x) + 3);
      if (r > 150 && g < 110 && b < 110) return 'curve';
      if (b > r + 50 && b > g + 20) return 'data';
      if (r > 200 && r - g > 15 && r - b > 15 && g > 150) return 'band';
      return 'other';
    };
    let bandPixels = 0;
    let bothSides = 0;
    let columns = 0;
    const bandReach: number[] = [];
    const dataReach: number[] = [];
    for (let x = 95; x < 965; x++) {
      const rows: Record<string, number[]> = { curve: [], data: [], band: [], other: [] };
      for (let y = 73; y < 484; y++) rows[kind(x, y)].push(y);
      if (rows.curve.length === 0) continue;
      columns++;
      const curve = rows.curve[Math.floor(rows.curve.length / 2)];
      bandPixels += rows.band.length;
      if (rows.band.some((y) => y < curve) && rows.band.some((y) => y > curve)) bothSides++;
      for (const y of rows.band) bandReach.push(Math.abs(y - curve));
      for (const y of rows.data) dataReach.push(Math.abs(y - curve));
    }
    const quantile = (values: number[], q: number) => values.sort((a, b) => a - b)[Math.floor(q * (values.length - 1))];
    expect(columns).toBeGreaterThan(800);
    expect(bandPixels).toBeGreaterThan(5 * columns); // an area, several pixels tall
    expect(bothSides / columns).toBeGreaterThan(0.9); // above and below the curve
    expect(quantile(bandReach, 0.95)).toBeGreaterThan(3);
    expect(quantile(bandReach, 0.95)).toBeLessThan(quantile(dataReach, 0.5)); // closer to the curve than the data
  });
});
