// The published ESM bundle, unchanged, in a real browser (Debian's Chromium): imported by a page,
// imported by a module Web Worker, and through createWorkerFitter. Oracle: Node's curveFitSync on
// the same data (the sources) — every parameter and error to 1e-12 relative, and the same report
// text. The WASM core is deterministic; only JavaScript's Math in a model's guess could differ
// between the two V8s.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { curveFitSync, type FitOptions } from '../../src/index.ts';
import { describeWithChromium } from '../support/chromium.ts';
import { launchChromium, startDemoServer, type Server } from './chromium.ts';

interface Problem {
  model: string;
  x: number[];
  y: number[];
  options: FitOptions;
}

interface Answer {
  params: Record<string, number>;
  errors: Record<string, number>;
  status: string;
  report?: string;
}

const x = Array.from({ length: 2000 }, (_, i) => i / 200);
const wiggle = (i: number) => 0.002 * Math.sin(i * 12.9898);
const PROBLEMS: Problem[] = [
  { model: 'a*exp(-b*x) + c', x, y: x.map((t, i) => 2 * Math.exp(-0.7 * t) + 0.1 + wiggle(i)), options: { p0: { a: 1, b: 1, c: 0 } } },
  // A built-in model: its start is guessed in JavaScript, in the browser, from the data.
  { model: 'gaussian', x, y: x.map((t, i) => 3 * Math.exp(-((t - 4.2) ** 2) / 1.28) + 0.2 + wiggle(i)), options: {} },
];

function expectSameFit(browser: Answer, problem: Problem): void {
  const node = curveFitSync(problem.model, problem.x, problem.y, problem.options);
  expect(browser.status).toBe(node.status);
  if (browser.report !== undefined) expect(browser.report).toBe(node.report());
  for (const name of node.names) {
    expect(Math.abs(browser.params[name] - node.params[name])).toBeLessThanOrEqual(1e-12 * Math.abs(node.params[name]));
    expect(Math.abs(browser.errors[name] - node.errors[name])).toBeLessThanOrEqual(1e-12 * Math.abs(node.errors[name]));
  }
}

describeWithChromium('in Chromium (CHROMIUM_PATH)', () => {
  let browser: Browser;
  let server: Server;
  let page: Page;

  beforeAll(async () => {
    [browser, server] = await Promise.all([launchChromium(), startDemoServer()]);
    page = await browser.newPage();
    // A page at the server's origin that imports the bundle as a module script and hands it to
    // the tests as window.arenafit (a dynamic import() inside page.evaluate would be rewritten by vitest).
    const body = '<!doctype html><script type="module">import * as arenafit from "/dist/index.mjs"; window.arenafit = arenafit;</script>';
    await page.route(`${server.url}harness.html`, (route) => route.fulfill({ contentType: 'text/html', body }));
    await page.goto(`${server.url}harness.html`);
    await page.waitForFunction(() => 'arenafit' in window);
  });

  afterAll(async () => {
    await browser?.close();
    server?.close();
  });

  describe('dist/index.mjs in Chromium', () => {
    it('imported by a page, fits as in Node (curveFitSync and curveFit)', async () => {
      for (const problem of PROBLEMS) {
        const answers = await page.evaluate(async ({ model, x, y, options }) => {
          const { arenafit } = window as unknown as { arenafit: typeof import('../../src/index.ts') };
          const plain = (r: ReturnType<typeof arenafit.curveFitSync>) => ({ params: r.params, errors: r.errors, status: r.status, report: r.report() });
          return [plain(arenafit.curveFitSync(model, x, y, options)), plain(await arenafit.curveFit(model, x, y, options))];
        }, problem);
        for (const answer of answers) expectSameFit(answer, problem);
      }
    });

    it('imported by a module Web Worker, fits as in Node', async () => {
      for (const problem of PROBLEMS) {
        const answers = await page.evaluate(async (problem) => {
          const code =
            `import { curveFit, curveFitSync } from '${location.origin}/dist/index.mjs';\n` +
            'const plain = (r) => ({ params: r.params, errors: r.errors, status: r.status, report: r.report() });\n' +
            'self.onmessage = async ({ data: { model, x, y, options } }) => {\n' +
            '  try { postMessage([plain(curveFitSync(model, x, y, options)), plain(await curveFit(model, x, y, options))]); }\n' +
            '  catch (error) { postMessage({ error: String(error) }); }\n' +
            '};\n';
          const worker = new Worker(URL.createObjectURL(new Blob([code], { type: 'text/javascript' })), { type: 'module' });
          try {
            return await new Promise<Answer[] | { error: string }>((resolve, reject) => {
              worker.onmessage = (event) => resolve(event.data);
              worker.onerror = (event) => reject(new Error(`the worker failed: ${event.message}`));
              worker.postMessage(problem);
            });
          } finally {
            worker.terminate();
          }
        }, problem);
        if (!Array.isArray(answers)) throw new Error(answers.error);
        for (const answer of answers) expectSameFit(answer, problem);
      }
    });

    it('fits through createWorkerFitter as in Node, with progress', async () => {
      for (const problem of PROBLEMS) {
        const answer = await page.evaluate(async ({ model, x, y, options }) => {
          const { arenafit } = window as unknown as { arenafit: typeof import('../../src/index.ts') };
          const fitter = arenafit.createWorkerFitter();
          try {
            let progress = 0;
            const r = await fitter.curveFit(model, new Float64Array(x), new Float64Array(y), { ...options, onProgress: () => progress++ });
            return { params: r.params, errors: r.errors, status: r.status, progress, report: r.report() };
          } finally {
            fitter.terminate();
          }
        }, problem);
        expectSameFit(answer, problem);
        expect(answer.progress).toBeGreaterThan(0);
      }
    });
  });
});
