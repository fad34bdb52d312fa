// Oracle: the arena's own counters and the size of WASM memory, read before and after.
// A fit carves its workspace from a mark and releases to it, also when it throws; linear
// memory is sized once when the engine is created and never grows.
import { describe, expect, it } from 'vitest';
import { createEngine, FitError } from '../../src/index.ts';
import { synthetic } from '../support/synthetic.ts';

const model = 'a*exp(-b*x) + c';
const p0 = { a: 1, b: 1, c: 0 };
const truth = (t: number) => 2.5 * Math.exp(-1.3 * t) + 0.5;

describe('the arena', () => {
  it('fits 10⁷ points in a 4 MiB arena with WASM memory the same size as for 10³ points', () => {
    const engine = createEngine({ arenaBytes: 4 << 20 });
    const small = synthetic(1000, truth, 0.01, 1);
    const before = engine.memory().wasmMemoryBytes;
    const r3 = engine.curveFitSync(model, small.x, small.y, { p0 });
    const after3 = engine.memory().wasmMemoryBytes;
    const big = synthetic(10_000_000, truth, 0.01, 2);
    const started = performance.now();
    const r7 = engine.curveFitSync(model, big.x, big.y, { p0 });
    const seconds = (performance.now() - started) / 1000;
    const after7 = engine.memory().wasmMemoryBytes;
    console.log(
      `10^7 points: ${seconds.toFixed(2)} s, ${r7.iterations} iterations, ${r7.evaluations} passes, ` +
        `arena high-water ${r7.memory.highWaterBytes} B of ${r7.memory.capacityBytes} B, WASM memory ${after7} B ` +
        `(10^3 points: high-water ${r3.memory.highWaterBytes} B, WASM memory ${after3} B)`,
    );
    expect(after3).toBe(before);
    expect(after7).toBe(before);
    expect(r7.memory.wasmMemoryBytes).toBe(r3.memory.wasmMemoryBytes);
    expect(r7.memory.highWaterBytes).toBeLessThanOrEqual(4 << 20);
    expect(r7.converged).toBe(true);
    expect(r7.params.b).toBeCloseTo(1.3, 3);
    expect(engine.memory().usedBytes).toBe(0);
  });

  it('is back at its mark, with WASM memory unchanged, after 2,000 fits and fits that throw', () => {
    const engine = createEngine({ arenaBytes: 1 << 20 });
    const data = synthetic(60, truth, 0.01, 3);
    const wasm = engine.memory().wasmMemoryBytes;
    const bad = Float64Array.from(data.y);
    bad[17] = NaN;
    const codes = new Map<string, number>();
    for (let i = 0; i < 2000; i++) {
      try {
        switch (i % 5) {
          case 0: engine.curveFitSync(model, data.x, data.y, { p0 }); break;
          case 1: engine.curveFitSync(model, data.x, bad, { p0 }); break; // NON_FINITE_DATA mid-pass
          case 2: engine.curveFitSync('a*log(x - b)', data.x, data.y, { p0: { a: 1, b: 5 } }); break; // NON_FINITE_MODEL
          case 3: engine.curveFitSync(model, data.x, data.y, { p0: { a: 1, q: 2 } }); break; // UNKNOWN_PARAMETER
          case 4: engine.curveFitSync(model, data.x, data.y, { p0, sigma: data.sigma, chunkRows: 1 + (i % 13) }); break;
        }
      } catch (error) {
        expect(error).toBeInstanceOf(FitError);
        const code = (error as FitError).code;
        codes.set(code, (codes.get(code) ?? 0) + 1);
      }
      expect(engine.memory().usedBytes).toBe(0);
    }
    expect(Object.fromEntries(codes)).toEqual({ NON_FINITE_DATA: 400, NON_FINITE_MODEL: 400, UNKNOWN_PARAMETER: 400 });
    expect(engine.memory().wasmMemoryBytes).toBe(wasm);
    expect(engine.memory().highWaterBytes).toBeLessThanOrEqual(1 << 20);
  });

  it('reports its capacity, use and high-water mark', () => {
    const engine = createEngine({ arenaBytes: 2 << 20 });
    expect(engine.memory()).toMatchObject({ capacityBytes: 2 << 20, usedBytes: 0, highWaterBytes: 0 });
    const data = synthetic(100, truth, 0.01, 4);
    const r = engine.curveFitSync(model, data.x, data.y, { p0 });
    expect(engine.memory().highWaterBytes).toBe(r.memory.highWaterBytes);
    expect(r.memory.highWaterBytes).toBeGreaterThan(0);
    expect(engine.memory().wasmMemoryBytes).toBeGreaterThanOrEqual(2 << 20);
  });

  it('runs async fits on one engine one after another, each released to the mark', async () => {
    const engine = createEngine();
    const data = synthetic(5000, truth, 0.01, 5);
    const results = await Promise.all([1, 2, 3].map(() => engine.curveFit(model, data.x, data.y, { p0 })));
    expect(results.map((r) => r.params.b)).toEqual([results[0].params.b, results[0].params.b, results[0].params.b]);
    expect(engine.memory().usedBytes).toBe(0);
  });
});

describe('an engine running an async fit', () => {
  it('refuses a synchronous fit until the async one is done, queued or running', async () => {
    const engine = createEngine();
    const data = synthetic(200_000, truth, 0.01, 6);
    const running = engine.curveFit(model, data.x, data.y, { p0, chunkRows: 1000 });
    let code = '';
    try {
      engine.curveFitSync(model, data.x, data.y, { p0 });
    } catch (error) {
      code = (error as FitError).code;
    }
    expect(code).toBe('ENGINE_BUSY');
    expect((await running).converged).toBe(true);
    expect(engine.curveFitSync(model, data.x, data.y, { p0 }).converged).toBe(true);
  });
});
