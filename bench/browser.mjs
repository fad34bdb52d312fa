// bench/browser: fits of 10⁶ points in Chromium — on the page's thread (curveFitSync, curveFit)
// and off it (createWorkerFitter) — next to the same fit in Node, in one run.
//
//   npm run build && node bench/browser.mjs      (needs /usr/bin/chromium: apt-get install -y chromium)
//
// P1 (a*exp(-b*x) + c, start 1, 1, 0) on bench/data.mjs's file of 10⁶ points — the bytes
// bench/run.mjs fits — which the page fetches from this script (interleaved little-endian
// float64 x, y); one engine (and one fitter) per way, 4 MiB arena as in bench/run.mjs; median of
// 7 after a warm-up, the ways taking turns. Each page-side time is measured in the page with
// performance.now(). The worker's time includes moving the data to the worker (in chunks) and
// the result back.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { createEngine } from '../dist/index.mjs';
import { ensureData, readData } from './data.mjs';

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];
const N = 1_000_000;
const REPEATS = 7;

if (!existsSync(CHROMIUM)) {
  console.log(`${CHROMIUM} is missing (apt-get install -y chromium); skipped`);
  process.exit(0);
}

function startServer() {
  const child = spawn(process.execPath, [fileURLToPath(new URL('../apps/web/serve.mjs', import.meta.url)), '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      const url = /http:\/\/127\.0\.0\.1:\d+\//.exec(String(chunk))?.[0];
      if (url) resolve({ url, close: () => child.kill() });
    });
    child.once('exit', (code) => reject(new Error(`apps/web/serve.mjs exited with ${code}`)));
  });
}

const median = (v) => [...v].sort((a, b) => a - b)[v.length >> 1];
const server = await startServer();
const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
try {
  const page = await browser.newPage();
  const body = `<!doctype html><script type="module">
    import * as arenafit from '/dist/index.mjs';
    const records = new Float64Array(await (await fetch('/P1.f64')).arrayBuffer());
    const x = new Float64Array(records.length / 2);
    const y = new Float64Array(records.length / 2);
    for (let i = 0; i < x.length; i++) { x[i] = records[2 * i]; y[i] = records[2 * i + 1]; }
    const options = { p0: { a: 1, b: 1, c: 0 } };
    const engine = arenafit.createEngine({ arenaBytes: 4 << 20 });
    const fitter = arenafit.createWorkerFitter({ arenaBytes: 4 << 20 });
    const ways = {
      curveFitSync: async () => engine.curveFitSync('a*exp(-b*x) + c', x, y, options),
      curveFit: () => engine.curveFit('a*exp(-b*x) + c', x, y, options),
      worker: () => fitter.curveFit('a*exp(-b*x) + c', x, y, options),
    };
    window.run = async (way) => {
      const started = performance.now();
      const r = await ways[way]();
      return { ms: performance.now() - started, a: r.params.a, passes: r.evaluations };
    };
    window.ready = true;
  </script>`;
  const file = ensureData('P1', N).path;
  await page.route(`${server.url}bench.html`, (route) => route.fulfill({ contentType: 'text/html', body }));
  await page.route(`${server.url}P1.f64`, (route) => route.fulfill({ contentType: 'application/octet-stream', body: readFileSync(file) }));
  await page.goto(`${server.url}bench.html`);
  await page.waitForFunction(() => window.ready === true, undefined, { timeout: 60_000 });
  const version = browser.version();

  const { x, y } = readData(file);
  const engine = createEngine({ arenaBytes: 4 << 20 });
  const ways = ['curveFitSync', 'curveFit', 'worker'];
  const times = Object.fromEntries([...ways, 'node'].map((w) => [w, []]));
  const answers = {};
  for (let repeat = 0; repeat <= REPEATS; repeat++) {
    for (const way of ways) {
      const r = await page.evaluate((w) => window.run(w), way);
      if (repeat > 0) times[way].push(r.ms);
      answers[way] = r;
    }
    const started = performance.now();
    const r = engine.curveFitSync('a*exp(-b*x) + c', x, y, { p0: { a: 1, b: 1, c: 0 } });
    if (repeat > 0) times.node.push(performance.now() - started);
    answers.node = { a: r.params.a, passes: r.evaluations };
  }
  console.log(`### 10⁶ points, P1, Chromium ${version} (headless) and Node ${process.version}; median of ${REPEATS} (ms)\n`);
  console.log('| where | how | median (ms) | passes | a |');
  console.log('|---|---|---:|---:|---|');
  const rows = [
    ['Chromium, page thread', 'engine.curveFitSync', 'curveFitSync'],
    ['Chromium, page thread', 'engine.curveFit', 'curveFit'],
    ['Chromium, Web Worker', 'createWorkerFitter().curveFit', 'worker'],
    ['Node', 'engine.curveFitSync', 'node'],
  ];
  for (const [where, how, key] of rows) console.log(`| ${where} | ${how} | ${median(times[key]).toFixed(0)} | ${answers[key].passes} | ${answers[key].a} |`);
  const same = ways.every((w) => answers[w].a === answers.node.a);
  console.log(`\nSame parameter a, to the bit, in all four: ${same ? 'yes' : 'no'}.`);
} finally {
  await browser.close();
  server.close();
}
process.exit(0);
