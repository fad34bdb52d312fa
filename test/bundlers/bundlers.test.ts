// The published bundles through the bundlers people use: a fixture app (fixture/) that imports
// 'arenafit' by name, aliased to dist/, built by esbuild (ESM run in Node; the CJS build required
// from a CJS bundle) and by Vite (loaded in Debian's Chromium, on this thread and through
// createWorkerFitter). Oracle: Node's curveFitSync from the sources on the same data, to 1e-12.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build as esbuild } from 'esbuild';
import { build as viteBuild, preview } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { curveFitSync } from '../../src/index.ts';
import { launchChromium } from '../browser/chromium.ts';
import { describeWithChromium } from '../support/chromium.ts';
import { problem } from './fixture/problem.ts';

interface Answer {
  params: Record<string, number>;
  errors: Record<string, number>;
  status: string;
}

const fixture = fileURLToPath(new URL('./fixture', import.meta.url));
const dist = (file: string) => fileURLToPath(new URL(`../../dist/${file}`, import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'arenafit-bundlers-'));
const oracle = curveFitSync(problem.model, problem.x, problem.y, problem.options);

function expectOracle(answers: Answer[]): void {
  expect(answers.length).toBeGreaterThan(0);
  for (const answer of answers) {
    expect(answer.status).toBe(oracle.status);
    for (const name of oracle.names) {
      expect(Math.abs(answer.params[name] - oracle.params[name])).toBeLessThanOrEqual(1e-12 * Math.abs(oracle.params[name]));
      expect(Math.abs(answer.errors[name] - oracle.errors[name])).toBeLessThanOrEqual(1e-12 * Math.abs(oracle.errors[name]));
    }
  }
}

// Runs a script in a fresh Node process and parses what it prints.
function runNode(name: string, script: string): Answer[] {
  const file = join(out, name);
  writeFileSync(file, script);
  const run = spawnSync(process.execPath, [file], { encoding: 'utf8', timeout: 60_000 });
  if (run.status !== 0) throw new Error(`node exited with ${run.status}:\n${run.stderr}`);
  return JSON.parse(run.stdout);
}

afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('through esbuild', () => {
  it('bundles the ESM build for the browser platform; the bundle fits in Node as in the sources', async () => {
    const outfile = join(out, 'esbuild.mjs');
    await esbuild({
      entryPoints: [join(fixture, 'main.ts')], outfile, bundle: true, format: 'esm', platform: 'browser',
      alias: { arenafit: dist('index.mjs') }, logLevel: 'error',
    });
    const url = pathToFileURL(outfile).href;
    expectOracle(runNode('here.mjs', `import { fitHere } from '${url}';\nconsole.log(JSON.stringify(await fitHere()));\n`));
    expectOracle(runNode('worker.mjs', `import { fitInWorker } from '${url}';\nconsole.log(JSON.stringify(await fitInWorker()));\n`));
  });

  it('bundles the CommonJS build into a CommonJS app that fits in Node', async () => {
    const entry = join(out, 'entry.cjs');
    writeFileSync(entry, "const { curveFitSync } = require('arenafit');\nmodule.exports = (p) => curveFitSync(p.model, p.x, p.y, p.options);\n");
    const outfile = join(out, 'esbuild.cjs');
    await esbuild({ entryPoints: [entry], outfile, bundle: true, format: 'cjs', platform: 'node', alias: { arenafit: dist('index.cjs') }, logLevel: 'error' });
    const script = `const r = require(${JSON.stringify(outfile)})(${JSON.stringify(problem)});\nconsole.log(JSON.stringify([{ params: r.params, errors: r.errors, status: r.status }]));\n`;
    expectOracle(runNode('app.cjs', script));
  });
});

describeWithChromium('through Vite', () => {
  let browser: Browser;
  let page: Page;
  let server: Awaited<ReturnType<typeof preview>>;
  const outDir = join(out, 'vite');

  beforeAll(async () => {
    const config = { root: fixture, configFile: false as const, logLevel: 'error' as const, resolve: { alias: { arenafit: dist('index.mjs') } } };
    await viteBuild({ ...config, build: { outDir, emptyOutDir: true } });
    server = await preview({ ...config, build: { outDir }, preview: { host: '127.0.0.1', port: 0 } });
    browser = await launchChromium();
    page = await browser.newPage();
    await page.goto(server.resolvedUrls!.local[0]);
    await page.waitForFunction(() => 'fixture' in window);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  type Fixture = { fixture: Record<'fitHere' | 'fitInWorker', () => Promise<Answer[]>> };

  it('builds an app whose page fits as in Node', async () => {
    expectOracle(await page.evaluate(() => (window as unknown as Fixture).fixture.fitHere()));
  });

  it('builds an app whose page fits in a Web Worker (createWorkerFitter) as in Node', async () => {
    expectOracle(await page.evaluate(() => (window as unknown as Fixture).fixture.fitInWorker()));
  });
});
