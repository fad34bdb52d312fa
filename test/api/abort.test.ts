// An AbortSignal settles a fit within one chunk or one await — also while the fit waits on a
// source whose next() never resolves — and the engine is then ready for the next fit.
// Oracles: the FitError code ABORTED, the arena back at its mark (usedBytes 0), and a fit of
// the same data afterwards equal to one on a fresh engine.
import { describe, expect, it } from 'vitest';
import { createEngine, createWorkerFitter, type Chunk, type ChunkSource } from '../../src/index.ts';
import { codeOf } from '../support/code-of.ts';

const model = 'a*exp(-b*x) + c';
const p0 = { a: 1, b: 1, c: 0 };
const x = Float64Array.from({ length: 2000 }, (_, i) => i / 200);
const y = x.map((t) => 2 * Math.exp(-0.7 * t) + 0.1 + 1e-3 * Math.sin(37 * t));

// Gives its first chunk, then hangs: the promise of the second never settles.
function hangingSource(): ChunkSource {
  return {
    chunks() {
      let given = false;
      return {
        [Symbol.asyncIterator]() {
          return {
            next(): Promise<IteratorResult<Chunk>> {
              if (given) return new Promise(() => undefined);
              given = true;
              return Promise.resolve({ done: false, value: { x: x.subarray(0, 1000), y: y.subarray(0, 1000) } });
            },
          };
        },
      };
    },
  };
}


describe('an abort while a fit awaits a source that never answers', () => {
  it('rejects with ABORTED at once and leaves the engine ready', async () => {
    const engine = createEngine();
    const controller = new AbortController();
    const running = engine.curveFit(model, hangingSource(), { p0, signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 50));
    controller.abort();
    expect(await codeOf(running, 2000)).toBe('ABORTED');
    expect(engine.memory().usedBytes).toBe(0);
    const again = await codeOf(engine.curveFit(model, x, y, { p0 }), 5000);
    expect(again).toBe('none');
    expect(engine.curveFitSync(model, x, y, { p0 }).params).toEqual(createEngine().curveFitSync(model, x, y, { p0 }).params);
  });

  it('rejects a createWorkerFitter fit with ABORTED at once too', async () => {
    const fitter = createWorkerFitter();
    try {
      const controller = new AbortController();
      const running = fitter.curveFit(model, hangingSource(), { p0, signal: controller.signal });
      await new Promise((resolve) => setTimeout(resolve, 200));
      controller.abort();
      expect(await codeOf(running, 2000)).toBe('ABORTED');
      expect(await codeOf(fitter.curveFit(model, x, y, { p0 }), 10_000)).toBe('none');
    } finally {
      fitter.terminate();
    }
  });

  it('rejects a createWorkerFitter fit aborted right after the call, before its worker answers', async () => {
    const fitter = createWorkerFitter();
    try {
      const controller = new AbortController();
      const running = fitter.curveFit(model, x, y, { p0, signal: controller.signal });
      controller.abort();
      expect(await codeOf(running, 2000)).toBe('ABORTED');
    } finally {
      fitter.terminate();
    }
  });
});
