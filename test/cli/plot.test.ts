// --plot: the SVG is small whatever the number of rows (one min–max stroke per pixel column),
// self-contained, labelled with the column names, and looks right: Chromium renders it to a
// PNG, decoded here (test/support/png.ts), which must show the data (blue) in both the main
// and the residual panel, the fitted curve (red), and dark axes and text on a white page.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { chromiumPath, itWithChromium } from '../support/chromium.ts';
import { decodePng, type Image } from '../support/png.ts';
import { synthetic } from '../support/synthetic.ts';
import { arenafit, delimited, tempFolder } from './cli.ts';

const temp = tempFolder();
const MODEL = 'a*exp(-b*time) + c';

function plot(rows: number, name: string): string {
  const data = synthetic(rows, (t) => 2.5 * Math.exp(-1.3 * t) + 0.5, 0.05, 11);
  const file = temp.file(`${name}.csv`, delimited({ time: data.x, signal: data.y }));
  const svg = temp.path(`${name}.svg`);
  const run = arenafit('fit', file, '--model', MODEL, '--x', 'time', '--p0', 'a=1,b=1,c=0', '--plot', svg);
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return svg;
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
});
