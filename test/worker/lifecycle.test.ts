// Workers have one lifecycle: a worker that dies mid-fit fails that fit with WORKER_FAILED and
// the next fit starts a fresh one; idle workers never keep a process alive. Oracles: the code,
// the number of worker starts a fixture worker logs, and a Node process's exit.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine, createWorkerFitter } from '../../src/index.ts';
import { codeOf } from '../support/code-of.ts';

const folder = mkdtempSync(join(tmpdir(), 'arenafit-lifecycle-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
const dist = pathToFileURL(fileURLToPath(new URL('../../dist/index.mjs', import.meta.url))).href;
const x = Array.from({ length: 300 }, (_, i) => i / 30);
const y = x.map((t) => 2 * Math.exp(-0.7 * t) + 0.1 + 1e-3 * Math.sin(7 * t));


describe('a fit worker that dies mid-fit', () => {
  it('fails the fit with WORKER_FAILED, and the next fit starts a fresh worker', async () => {
    const log = join(folder, 'starts.log');
    writeFileSync(log, '');
    process.env.ARENAFIT_DYING_LOG = log;
    const fitter = createWorkerFitter({ url: new URL('./fixtures/dying-worker.mjs', import.meta.url) });
    try {
      expect(await codeOf(fitter.curveFit('a*exp(-b*x) + c', x, y, { p0: { a: 1, b: 1, c: 0 } }))).toBe('WORKER_FAILED');
      expect(await codeOf(fitter.curveFit('a*exp(-b*x) + c', x, y, { p0: { a: 1, b: 1, c: 0 } }))).toBe('WORKER_FAILED');
      expect(readFileSync(log, 'utf8').trim().split('\n')).toHaveLength(2);
    } finally {
      fitter.terminate();
    }
  });
});

describe('a Node process with idle workers', () => {
  // Each script fits and then does nothing more: it must exit by itself, and print its answer.
  const SCRIPTS: [string, string][] = [
    ['curveFit with workers: 2', `const r = await curveFit(model, x, y, { p0, workers: 2 }); console.log(r.converged);`],
    ['an engine with workers: 2, not closed', `const e = createEngine(); const r = await e.curveFit(model, x, y, { p0, workers: 2 }); console.log(r.converged);`],
    ['a createWorkerFitter() never terminated', `const f = createWorkerFitter(); const r = await f.curveFit(model, x, y, { p0 }); console.log(r.converged);`],
    ['a createWorkerFitter() never used', `createWorkerFitter(); console.log(true);`],
  ];
  for (const [what, body] of SCRIPTS) {
    it(`exits by itself after ${what}`, () => {
      const script = join(folder, `${what.replace(/\W+/g, '-')}.mjs`);
      writeFileSync(script, `import { createEngine, createWorkerFitter, curveFit } from '${dist}';
const model = 'a*exp(-b*x) + c'; const p0 = { a: 1, b: 1, c: 0 };
const x = Float64Array.from({ length: 200000 }, (_, i) => i / 20000); const y = x.map((t) => 2 * Math.exp(-0.7 * t) + 0.1);
${body}
`);
      const run = spawnSync(process.execPath, [script], { encoding: 'utf8', timeout: 20_000 });
      expect(run.signal).toBe(null); // not killed by the timeout
      expect(run.stderr).toBe('');
      expect(run.stdout.trim()).toBe('true');
      expect(run.status).toBe(0);
    });
  }

  it('engine.close() ends a fit running on pass workers with WORKER_TERMINATED, then refuses fits', async () => {
    const engine = createEngine();
    const big = Float64Array.from({ length: 400_000 }, (_, i) => i / 40_000);
    const values = big.map((t) => 2 * Math.exp(-0.7 * t) + 0.1);
    const running = engine.curveFit('a*exp(-b*x) + c', big, values, { p0: { a: 1, b: 1, c: 0 }, workers: 2, chunkRows: 5000 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    engine.close();
    expect(['WORKER_TERMINATED', 'none']).toContain(await codeOf(running));
    expect(engine.memory().usedBytes).toBe(0);
    expect(await codeOf(engine.curveFit('a*exp(-b*x) + c', x, y, { p0: { a: 1, b: 1, c: 0 } }))).toBe('ENGINE_CLOSED');
  });
});
