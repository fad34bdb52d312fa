// createWorkerFitter in Node (worker_threads). Oracle: the same fit on the calling thread —
// the worker runs the same engine on the same chunks, so the answers are identical.
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine, createWorkerFitter, curveFitSync, FitError } from '../../src/index.ts';
import { synthetic } from '../support/synthetic.ts';

const model = 'a*exp(-b*x) + c';
const p0 = { a: 1, b: 1, c: 0 };
const data = synthetic(150_000, (t) => 2.5 * Math.exp(-1.3 * t) + 0.5, 0.01, 41);
const fitter = createWorkerFitter();
afterAll(() => fitter.terminate());

async function codeOf(run: Promise<unknown>): Promise<string> {
  try {
    await run;
  } catch (error) {
    expect(error).toBeInstanceOf(FitError);
    return (error as FitError).code;
  }
  return 'none';
}

describe('createWorkerFitter', () => {
  it('gives exactly the result of the same fit on the calling thread, with a report', async () => {
    const here = curveFitSync(model, data.x, data.y, { p0, sigma: data.sigma });
    const there = await fitter.curveFit(model, data.x, data.y, { p0, sigma: data.sigma });
    expect(there.params).toEqual(here.params);
    expect(there.errors).toEqual(here.errors);
    expect(Array.from(there.covariance)).toEqual(Array.from(here.covariance));
    expect(there.report()).toContain('a*exp(-b*x) + c');
  });

  it('fits a built-in model by name, float32 data and named columns', async () => {
    const r = await fitter.curveFit('exponential', Float32Array.from(data.x), Float32Array.from(data.y));
    expect(r.params.b).toBeCloseTo(1.3, 3);
    const plane = await fitter.curveFit('p + q*u + s*v', { u: [0, 1, 2, 3, 4, 5], v: [1, 0, 1, 0, 2, 3] }, [1, 3, 6, 7, 11, 14]);
    expect(plane.names).toEqual(['p', 'q', 's']);
  });

  it('reports progress and stops on abort with ABORTED, then fits again', async () => {
    let calls = 0;
    await fitter.curveFit(model, data.x, data.y, { p0, onProgress: () => calls++ });
    expect(calls).toBeGreaterThan(2);
    const controller = new AbortController();
    expect(await codeOf(fitter.curveFit(model, data.x, data.y, { p0, signal: controller.signal, onProgress: () => controller.abort() }))).toBe('ABORTED');
    expect((await fitter.curveFit(model, data.x, data.y, { p0 })).converged).toBe(true);
  });

  it('surfaces an error in the worker as the same FitError with its code', async () => {
    expect(await codeOf(fitter.curveFit('a*exp(-b*x', data.x, data.y))).toBe('SYNTAX_ERROR');
    const bad = Float64Array.from(data.y);
    bad[70_000] = NaN;
    const error = await fitter.curveFit(model, data.x, bad, { p0 }).catch((e: FitError) => e);
    expect((error as FitError).code).toBe('NON_FINITE_DATA');
    expect((error as FitError).message).toMatch(/y\[70000\] is NaN/);
  });

  it('refuses callbacks, which cannot cross to a worker', async () => {
    expect(await codeOf(fitter.curveFit(((t: number, p: Float64Array) => p[0] * t) as never, data.x, data.y))).toBe('INVALID_ARGUMENT');
  });

  it('runs several fitters at once, each with its own arena', async () => {
    const fitters = [createWorkerFitter(), createWorkerFitter({ arenaBytes: 1 << 20 })];
    const results = await Promise.all(fitters.map((f) => f.curveFit(model, data.x, data.y, { p0 })));
    expect(Math.abs(results[0].params.b - results[1].params.b)).toBeLessThan(1e-9);
    expect(((await fitters[1].memory()) as { capacityBytes: number }).capacityBytes).toBe(1 << 20);
    fitters.forEach((f) => f.terminate());
  });

  it('runs the deterministic kernel build when asked: a deterministic engine\'s bits (oracle: that engine on this thread)', async () => {
    const own = createWorkerFitter({ deterministic: true });
    const r = await own.curveFit(model, data.x, data.y, { p0 });
    const expected = createEngine({ deterministic: true }).curveFitSync(model, data.x, data.y, { p0 });
    expect(r.params).toEqual(expected.params);
    expect(r.errors).toEqual(expected.errors);
    own.terminate();
  });

  it('terminate() during a fit rejects it with WORKER_TERMINATED', async () => {
    const own = createWorkerFitter();
    let started = false;
    const running = own.curveFit(model, data.x, data.y, { p0, chunkRows: 1000, onProgress: () => { if (!started) { started = true; own.terminate(); } } });
    expect(await codeOf(running)).toBe('WORKER_TERMINATED');
    expect(await codeOf(own.curveFit(model, data.x, data.y))).toBe('WORKER_TERMINATED');
  });

  it('starts from dist/worker.js given as { url } (for pages that forbid blob: workers)', async () => {
    const own = createWorkerFitter({ url: fileURLToPath(new URL('../../dist/worker.js', import.meta.url)) });
    const r = await own.curveFit(model, data.x, data.y, { p0 });
    expect(r.converged).toBe(true);
    own.terminate();
  });
});
