// The demo page (npm run demo:web) in Debian's Chromium, as a person would use it: generate,
// fit, read the table, look at the plot; cancel a 10⁷-point fit; feed it bad input. Oracles: Node's
// curveFitSync on the same generated points (apps/web/src/synthetic.ts, same seed) for the table,
// Node's FitError messages for a model syntax error and for a CSV row (parseDelimited, the page's
// reader, on the same text). UPDATE_SCREENSHOT=1 saves the README's docs/screenshot.png;
// otherwise the picture goes to apps/web/out/ (git-ignored).
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { curveFitSync, FitError } from '../../src/index.ts';
import { parseDelimited } from '../../src/text.ts';
import { generate, SHAPES } from '../../apps/web/src/synthetic.ts';
import { pageMessage } from '../../apps/web/src/csv.ts';
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
