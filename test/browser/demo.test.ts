// The demo page (npm run demo:web) in Debian's Chromium, as a person would use it: generate,
// fit, read the table, look at the plot; cancel a 10⁷-point fit; feed it bad input. Oracles: Node's
// curveFitSync on the same generated points (apps/web/src/synthetic.ts, same seed) for the table,
// Node's FitError messages for a model syntax error and for a CSV row (parseDelimited, the page's
// reader, on the same text). The confidence band's oracle is Node's r.band of the same fit at the
// page's column centres, mapped to the canvas's pixels as the page maps its data (its margins and
// y range, apps/web/src/plot.ts): the band's edges in the screenshot, to the pixel.
// UPDATE_SCREENSHOT=1 saves the README's docs/screenshot.png; otherwise the picture goes to
// apps/web/out/ (git-ignored).
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { curveFitSync, FitError } from '../../src/index.ts';
import { parseDelimited } from '../../src/text.ts';
import { generate, SHAPES } from '../../apps/web/src/synthetic.ts';
import { pageMessage } from '../../apps/web/src/csv.ts';
import { MARGIN, yExtent } from '../../apps/web/src/plot.ts';
import { addRows, columnCentres, emptyBins } from '../../apps/shared/bins.ts';
import { decodePng } from '../support/png.ts';
import { describeWithChromium } from '../support/chromium.ts';
import { launchChromium, startDemoServer, type Server } from './chromium.ts';

describeWithChromium('in Chromium (CHROMIUM_PATH)', () => {
  let browser: Browser;
  let server: Server;
  let page: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    [browser, server] = await Promise.all([launchChromium(), startDemoServer()]);
  });

  afterAll(async () => {
    await browser?.close();
    server?.close();
  });

  // A fresh page per test; it generates 100,000 points as it loads.
  beforeEach(async () => {
    page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    pageErrors = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(server.url);
    await waitForStatus('data-status');
  });

  afterEach(async () => {
    await page.close();
    expect(pageErrors).toEqual([]); // whatever went wrong was shown, not thrown
  });

  /** Waits until the status line `id` is no longer busy (or empty); returns its class and text. */
  async function waitForStatus(id: string, timeout = 30_000): Promise<{ kind: string; text: string }> {
    await page.waitForFunction((id) => /\b(ok|warn|error)\b/.test(document.getElementById(id)!.className), id, { timeout });
    return page.evaluate((id) => {
      const element = document.getElementById(id)!;
      return { kind: element.className.replace('status', '').trim(), text: element.innerText };
    }, id);
  }

  async function fit(): Promise<{ kind: string; text: string }> {
    // The status is 'ok' before the fit too: wait for the Fit button to come back.
    await page.click('#fit');
    await page.waitForFunction(() => !(document.getElementById('fit') as HTMLButtonElement).disabled, null, { timeout: 60_000 });
    return waitForStatus('fit-status');
  }

  async function tableOf(id: string): Promise<string[][]> {
    return page.$$eval(`#${id} tr`, (rows) => rows.map((row) => Array.from(row.children, (cell) => (cell as HTMLElement).innerText)));
  }

  describe('the demo page', () => {
    it('fits generated data in a worker and shows the table, the plot and the arena', async () => {
      const status = await fit();
      expect(status.kind).toBe('ok');
      expect(status.text).toMatch(/^Converged \(status \w+\) in [\d.]+ s in a Web Worker/);

      const data = await generate(SHAPES.decay, 100_000, 0.05, 1, () => undefined);
      const node = curveFitSync('exponential', data.x, data.y);
      const rows = await tableOf('params');
      expect(rows[0]).toEqual(['parameter', 'value', 'std. error', 'relative']);
      expect(rows.slice(1).map((row) => row[0])).toEqual(node.names);
      for (const [name, value, error] of rows.slice(1)) {
        expect(Number(value)).toBe(Number(node.params[name].toPrecision(10)));
        expect(Number(error)).toBe(Number(node.errors[name].toPrecision(3)));
      }
      expect(await tableOf('correlations')).toHaveLength(1 + node.names.length);
      expect(await page.innerText('#arena-text')).toMatch(/^high-water [\d.]+ (KiB|MiB) of 4\.00 MiB/);
      expect(await page.innerText('#report')).toMatch(/^model +exponential/);

      const png = await page.screenshot();
      mkdirSync(fileURLToPath(new URL('../../apps/web/out', import.meta.url)), { recursive: true });
      writeFileSync(fileURLToPath(new URL(process.env.UPDATE_SCREENSHOT ? '../../docs/screenshot.png' : '../../apps/web/out/screenshot.png', import.meta.url)), png);
      const image = decodePng(png);
      const colours = new Set<number>();
      const box = (await page.locator('#plot').boundingBox())!;
      let blue = 0;
      let red = 0;
      for (let y = Math.ceil(box.y); y < box.y + box.height; y++) {
        for (let x = Math.ceil(box.x); x < box.x + box.width; x++) {
          const [r, g, b] = image.rgba.subarray(4 * (y * image.width + x), 4 * (y * image.width + x) + 3);
          colours.add((r << 16) | (g << 8) | b);
          if (b > r + 80 && b > g + 20) blue++;
          if (r > 150 && g < 90 && b < 90) red++;
        }
      }
      const pixels = box.width * box.height;
      expect(colours.size).toBeGreaterThan(50); // not blank: axes, text, data, curve
      expect(blue / pixels).toBeGreaterThan(0.05); // the data
      expect(red / pixels).toBeGreaterThan(0.002); // the fitted curve
    });

    it('shades the 95% confidence band between the curve and the data: Node\'s r.band, to the pixel', async () => {
      // Few, noisy points: a band many pixels wide, and most pixel columns free of data.
      await page.fill('#points', '100');
      await page.fill('#noise', '1');
      await page.click('#generate');
      await page.waitForFunction(() => document.getElementById('data-status')!.textContent!.startsWith('100 generated'), null, { timeout: 30_000 });
      expect(await page.innerText('#plot-caption')).toBe('');
      expect((await fit()).kind).toBe('ok');
      expect(await page.innerText('#plot-caption')).toMatch(/^Shaded: the 95% confidence band of the fitted curve/);

      const data = await generate(SHAPES.decay, 100, 1, 1, () => undefined);
      const node = curveFitSync('exponential', data.x, data.y);
      const canvas = await page.$eval('#plot', (c) => {
        const rect = c.getBoundingClientRect();
        return { left: rect.left + c.clientLeft, top: rect.top + c.clientTop, width: c.clientWidth, height: c.clientHeight, dpr: devicePixelRatio };
      });
      expect(canvas.dpr).toBe(1);
      // What the page draws, in Node: the same bins, curve and y range, and r.band at the column centres.
      const columns = Math.round(canvas.width - MARGIN.left - MARGIN.right);
      const bins = emptyBins(data.xRange[0], data.xRange[1], columns);
      addRows(bins, data.x, data.y, node.evaluate(data.x));
      const band = node.band(columnCentres(bins), { level: 0.95 });
      const [yLo, yHi] = yExtent(bins.yMin, bins.yMax, band.value);
      const plotHeight = canvas.height - MARGIN.top - MARGIN.bottom;
      const toY = (v: number) => canvas.top + MARGIN.top + ((yHi - v) / (yHi - yLo)) * plotHeight;

      const image = decodePng(await page.screenshot());
      const kind = (x: number, y: number) => {
        const [r, g, b] = image.rgba.subarray(4 * (y * image.width + x), 4 * (y * image.width + x) + 3);
        if (r > 150 && g < 90 && b < 90) return 'curve';
        if (b > r + 80 && b > g + 20) return 'data';
        if (r > 200 && r - g > 15 && r - b > 15 && g > 150) return 'band';
        return 'other';
      };
      const plotTop = Math.ceil(canvas.top + MARGIN.top);
      const plotBottom = Math.floor(canvas.top + MARGIN.top + plotHeight);
      let measured = 0;
      let bandPixels = 0;
      let worst = 0;
      for (let k = 2; k < columns - 2; k++) {
        const x = Math.floor(canvas.left + MARGIN.left + k + 0.5);
        const rows: Record<string, number[]> = { curve: [], data: [], band: [], other: [] };
        for (let y = plotTop; y < plotBottom; y++) rows[kind(x, y)].push(y);
        bandPixels += rows.band.length;
        // Columns where a data stroke (1.5 px wide) might cover the band's edge are not measured.
        const nearData = [-1, 1].some((dx) => Array.from({ length: plotBottom - plotTop }, (_, i) => kind(x + dx, plotTop + i)).includes('data'));
        if (rows.data.length > 0 || nearData || rows.curve.length === 0) continue;
        measured++;
        const shaded = [...rows.band, ...rows.curve];
        const curve = rows.curve[Math.floor(rows.curve.length / 2)];
        // Band above and below the curve, and its edges where r.band puts them.
        expect(rows.band.some((y) => y < curve) && rows.band.some((y) => y > curve), `column ${k}`).toBe(true);
        worst = Math.max(worst, Math.abs(Math.min(...shaded) - toY(band.upper[k])), Math.abs(Math.max(...shaded) + 1 - toY(band.lower[k])));
      }
      expect(measured).toBeGreaterThan(columns / 2);
      expect(bandPixels).toBeGreaterThan(10 * columns); // an area, not a line
      expect(worst).toBeLessThanOrEqual(1.5);
      // The band lies between the curve and the data: narrower than the scatter about the curve.
      const halfWidths = band.upper.map((u, k) => u - band.value[k]).sort();
      const median = halfWidths[Math.floor(halfWidths.length / 2)];
      expect(median).toBeLessThan(Math.sqrt(node.chi2 / node.dof) / 2);
      expect((median * plotHeight) / (yHi - yLo)).toBeGreaterThan(5); // pixels
    });

    it('offers the new built-ins and a sum of models, and fits two peaks on a line without a start', async () => {
      const offered = await page.$$eval('#model option', (options) => options.map((o) => (o as HTMLOptionElement).value));
      for (const name of ['voigt', 'skewedGaussian', 'exponentialGaussian', 'rectangle', 'step', 'stepLogistic', 'stepLinear', 'dampedOscillator', 'gaussian:g1_ + gaussian:g2_ + linear']) {
        expect(offered, name).toContain(name);
      }
      expect(await page.$eval('#model option[value="gaussian:g1_ + gaussian:g2_ + linear"]', (o) => o.textContent)).toBe('two gaussians + line');
      await page.selectOption('#shape', 'peaks');
      await page.fill('#points', '2000');
      await page.click('#generate');
      await page.waitForFunction(() => document.getElementById('data-status')!.textContent!.startsWith('2,000 generated'), null, { timeout: 30_000 });
      expect(await page.$eval('#model', (m) => (m as HTMLSelectElement).value)).toBe('gaussian:g1_ + gaussian:g2_ + linear');
      expect((await fit()).kind).toBe('ok');
      const data = await generate(SHAPES.peaks, 2000, 0.05, 1, () => undefined);
      const node = curveFitSync('gaussian:g1_ + gaussian:g2_ + linear', data.x, data.y);
      const rows = await tableOf('params');
      expect(rows[0]).toEqual(['parameter', 'value', 'std. error', 'relative']); // nothing added
      expect(rows.slice(1).map((row) => row[0])).toEqual(['g1_A', 'g1_mu', 'g1_sigma', 'g2_A', 'g2_mu', 'g2_sigma', 'slope', 'intercept']);
      for (const [name, value, error] of rows.slice(1)) {
        expect(Number(value), name).toBe(Number(node.params[name].toPrecision(10)));
        expect(Number(error), name).toBe(Number(node.errors[name].toPrecision(3)));
      }
      expect(await page.innerText('#report')).toMatch(/^model +gaussian:g1_ \+ gaussian:g2_ \+ linear/);
    });

    it('stays responsive through a 10⁷-point fit, cancels it, and fits again', async () => {
      await page.fill('#points', '10000000');
      await page.click('#generate');
      await page.waitForFunction(() => document.getElementById('data-status')!.textContent!.startsWith('10,000,000 generated'), null, { timeout: 30_000 });
      // The longest wait between two animation frames while fits run — what a person feels as a
      // freeze — and what the page said then.
      await page.evaluate(() => {
        const w = window as unknown as { longestFrame: { ms: number; during: string } };
        w.longestFrame = { ms: 0, during: '' };
        let last = performance.now();
        const tick = (now: number) => {
          if (now - last > w.longestFrame.ms) w.longestFrame = { ms: now - last, during: document.getElementById('progress-text')!.textContent! };
          last = now;
          requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      });
      await page.click('#fit');
      await page.waitForFunction(() => document.getElementById('progress-text')!.textContent!.startsWith('pass 2'), null, { timeout: 30_000 });
      const clicked = Date.now();
      await page.click('#cancel');
      const cancelled = await waitForStatus('fit-status');
      expect(Date.now() - clicked).toBeLessThan(2_000);
      expect(cancelled.kind).toBe('error');
      expect(cancelled.text).toMatch(/^ABORTED: /);
      expect(await page.innerText('#progress-text')).toBe('cancelled');

      const again = await fit();
      expect(again.text).toMatch(/^Converged/);
      expect(await page.innerText('#report')).toContain('10,000,000');
      const longest = await page.evaluate(() => (window as unknown as { longestFrame: { ms: number; during: string } }).longestFrame);
      expect(longest.ms, `a ${longest.ms.toFixed(0)} ms frame during "${longest.during}"`).toBeLessThan(250);
    });

    it('shows an unparsable CSV row by its line and column, in the words of its controls, and loads good ones pasted or picked', async () => {
      await page.check('input[name=source][value=csv]');
      const bad = 'time,signal\n0,1\n0.5,0.8\n# a comment\n1,abc\n';
      const message = (text: string) => {
        try {
          parseDelimited(text);
        } catch (error) {
          return (error as FitError).message;
        }
        throw new Error(`${JSON.stringify(text)} parsed`);
      };
      expect(message(bad)).toMatch(/^the text, line 5, column 3: "abc" in column "signal" \(options\.y\) is not a number/);
      await page.fill('#csv-text', bad);
      await page.click('#load-csv');
      expect(await waitForStatus('data-status')).toEqual({ kind: 'error', text: `Cannot read the CSV: ${pageMessage(message(bad))}` });
      expect(pageMessage(message(bad))).toContain('(the y column box)');
      await page.fill('#csv-text', '0 1\n0.5 0.8 7\n');
      await page.click('#load-csv');
      expect((await waitForStatus('data-status')).text).toContain('line 2, column 9: the row has 3 fields but the table has 2');
      await page.fill('#csv-text', 'time\tsignal\n0\t3\n1\t1.1\n2\t0.4\n3\t0.2\n');
      await page.fill('#csv-y', 'signal');
      await page.click('#load-csv');
      expect((await waitForStatus('data-status')).text).toMatch(/^4 rows from the pasted text; x in \[0\.000, 3\.000\]/);
      await page.fill('#csv-y', '');
      const file = ['time,signal', ...Array.from({ length: 1000 }, (_, i) => `${i / 100},${Math.exp(-i / 300)}`)].join('\r\n');
      await page.setInputFiles('#csv-file', { name: 'decay.csv', mimeType: 'text/csv', buffer: Buffer.from(file) });
      expect((await waitForStatus('data-status')).text).toMatch(/^1,000 rows from decay\.csv; x in \[0\.000, 9\.990\]/);
    });

    it('reads a spreadsheet\'s UTF-16 "Unicode text" file, and a NIST .dat once told the lines to skip', async () => {
      await page.check('input[name=source][value=csv]');
      const folder = fileURLToPath(new URL('../fixtures/files/', import.meta.url));
      await page.setInputFiles('#csv-file', `${folder}unicode-text.txt`);
      expect((await waitForStatus('data-status')).text).toMatch(/^40 rows from unicode-text\.txt; x in \[0\.000, 3\.900\]/);
      await page.setInputFiles('#csv-file', []);
      await page.setInputFiles('#csv-file', `${folder}nist-style.dat`);
      const refused = await waitForStatus('data-status');
      expect(refused.kind).toBe('error');
      expect(refused.text).toMatch(/line 1, column 1: .*set “skip lines”: 20/);
      await page.fill('#csv-skip', '20');
      await page.fill('#csv-x', '2');
      await page.fill('#csv-y', '1');
      await page.setInputFiles('#csv-file', []);
      await page.setInputFiles('#csv-file', `${folder}nist-style.dat`);
      expect((await waitForStatus('data-status')).text).toMatch(/^40 rows from nist-style\.dat; x in \[0\.000, 3\.900\]/);
    });

    it('shows a model syntax error at its column', async () => {
      const expression = 'a*exp(-b*x) + * c';
      let message = '';
      try {
        curveFitSync(expression, [0, 1, 2, 3], [1, 2, 3, 4]);
      } catch (error) {
        message = (error as FitError).message;
      }
      expect(message).toContain('column 15');
      await page.selectOption('#model', 'expression');
      await page.fill('#expression', expression);
      const status = await fit();
      expect(status.kind).toBe('error');
      const [first, ...rest] = message.split('\n');
      expect(status.text.split('\n')[0]).toBe(`SYNTAX_ERROR: ${first}`);
      expect(await page.innerText('#fit-status pre')).toBe(rest.join('\n'));
    });

    it('shows a fit that does not converge by its status, with its best parameters', async () => {
      await page.selectOption('#model', 'expression');
      await page.fill('#expression', 'a*exp(-b*x) + c');
      await page.fill('#p0', 'a=1, b=5, c=0');
      await page.fill('#max-iterations', '1');
      const status = await fit();
      expect(status.kind).toBe('warn');
      expect(status.text).toMatch(/^Did not converge \(status maxIterations\)/);
      expect((await tableOf('params')).map((row) => row[0])).toEqual(['parameter', 'a', 'b', 'c']);
    });
  });
});
