// Memory bounded by the arena whatever N is, and the sources and controls that keep it so.
// Oracles: the arena's own counters and WASM memory size read before and after; the same fit
// on in-memory Float64 arrays.
import { describe, expect, it } from 'vitest';
import { createEngine, curveFit, curveFitSync, FitError, type Chunk } from '../../src/index.ts';
import { synthetic } from '../support/synthetic.ts';

const model = 'a*exp(-b*x) + c';
const p0 = { a: 1, b: 1, c: 0 };
const truth = (t: number) => 2.5 * Math.exp(-1.3 * t) + 0.5;
const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

function chunksOf(x: Float64Array, y: Float64Array, size: number): Chunk[] {
  const out: Chunk[] = [];
  for (let i = 0; i < x.length; i += size) out.push({ x: x.subarray(i, i + size), y: y.subarray(i, i + size) });
  return out;
}

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return (error as FitError).code;
  }
  return 'none';
}

describe('memory bounded by the arena', () => {
  it('has the same arena high-water mark and WASM memory for N = 10³, 10⁵ and 10⁷', () => {
    const figures = [1e3, 1e5, 1e7].map((n) => {
      const engine = createEngine({ arenaBytes: 4 << 20 });
      const data = synthetic(n, truth, 0.01, n);
      const r = engine.curveFitSync(model, data.x, data.y, { p0 });
      expect(r.converged).toBe(true);
      return { highWater: r.memory.highWaterBytes, wasm: engine.memory().wasmMemoryBytes };
    });
    console.log('N = 1e3, 1e5, 1e7:', figures);
    expect(figures[1]).toEqual(figures[0]);
    expect(figures[2]).toEqual(figures[0]);
  });

  it('breaks the high-water mark down by region, and the regions add up to it', () => {
    const engine = createEngine();
    const data = synthetic(1000, truth, 0.01, 8);
    const r = engine.curveFitSync(model, data.x, data.y, { p0, sigma: data.sigma });
    const total = r.memory.regions.reduce((s, region) => s + region.bytes, 0);
    expect(total).toBe(r.memory.highWaterBytes);
    expect(r.memory.regions.map((region) => region.name)).toContain('window: sigma');
    expect(engine.memory().regions).toEqual(r.memory.regions);
    expect(r.memory.passes).toBe(r.evaluations);
  });

  it('resetHighWater starts a new count', () => {
    const engine = createEngine();
    const data = synthetic(1000, truth, 0.01, 9);
    engine.curveFitSync(model, data.x, data.y, { p0 });
    expect(engine.memory().highWaterBytes).toBeGreaterThan(0);
    engine.resetHighWater();
    expect(engine.memory().highWaterBytes).toBe(0);
  });
});

describe('Float32 input', () => {
  it('gives the parameters of the same values as Float64 to 1e-6 relative', () => {
    const data = synthetic(100_000, truth, 0.01, 10);
    const x32 = Float32Array.from(data.x);
    const y32 = Float32Array.from(data.y);
    const from32 = curveFitSync(model, x32, y32, { p0 });
    const from64 = curveFitSync(model, Float64Array.from(x32), Float64Array.from(y32), { p0 });
    for (const name of from64.names) expect(rel(from32.params[name], from64.params[name])).toBeLessThan(1e-6);
    expect(from32.memory.regions.map((r) => r.name)).toContain('window: Float32 staging');
  });
});

describe('chunk sources', () => {
  const data = synthetic(20_000, truth, 0.01, 11);
  const arrays = curveFitSync(model, data.x, data.y, { p0 });

  it('a sync source gives the result of the arrays it was cut from', () => {
    const r = curveFitSync(model, { chunks: () => chunksOf(data.x, data.y, 3001) }, { p0 });
    for (const name of arrays.names) expect(rel(r.params[name], arrays.params[name])).toBeLessThan(1e-12);
    expect(r.rows).toBe(20_000);
  });

  it('an async source gives the same result through curveFit', async () => {
    const source = {
      async *chunks() {
        for (const chunk of chunksOf(data.x, data.y, 777)) {
          await new Promise((resolve) => setTimeout(resolve, 0));
          yield chunk;
        }
      },
    };
    const r = await curveFit(model, source, { p0 });
    for (const name of arrays.names) expect(rel(r.params[name], arrays.params[name])).toBeLessThan(1e-12);
  });

  it('curveFitSync refuses an async source with ASYNC_SOURCE and leaves the arena at its mark', () => {
    const engine = createEngine();
    const source = { async *chunks() { yield { x: data.x, y: data.y }; } };
    expect(codeOf(() => engine.curveFitSync(model, source, { p0 }))).toBe('ASYNC_SOURCE');
    expect(engine.memory().usedBytes).toBe(0);
  });

  it('a pass with a different row count is SOURCE_CHANGED', () => {
    let calls = 0;
    const source = { chunks: () => chunksOf(data.x, data.y, 5000).slice(0, ++calls === 1 ? 4 : 3) };
    expect(codeOf(() => curveFitSync(model, source, { p0 }))).toBe('SOURCE_CHANGED');
  });

  it('misshapen sources are INVALID_SOURCE or LENGTH_MISMATCH', () => {
    expect(codeOf(() => curveFitSync(model, { chunks: () => 42 } as never, { p0 }))).toBe('INVALID_SOURCE');
    expect(codeOf(() => curveFitSync(model, { chunks: () => [{ x: 'a', y: [1] }] } as never, { p0 }))).toBe('INVALID_SOURCE');
    expect(codeOf(() => curveFitSync(model, { chunks: () => [{ x: [1, 2, 3], y: [1, 2] }] }, { p0 }))).toBe('LENGTH_MISMATCH');
    expect(codeOf(() => curveFitSync(model, { chunks: () => [] }, { p0 }))).toBe('INVALID_SOURCE');
    expect(codeOf(() => curveFitSync(model, { chunks: () => { throw new Error('disk gone'); } }, { p0 }))).toBe('SOURCE_ERROR');
    expect(codeOf(() => curveFitSync(model, { chunk: () => [] } as never, { p0 }))).toBe('INVALID_SOURCE');
  });
});

describe('abort and progress', () => {
  const data = synthetic(200_000, truth, 0.01, 12);

  it('an already-aborted signal rejects at once', async () => {
    await expect(curveFit(model, data.x, data.y, { p0, signal: AbortSignal.abort() })).rejects.toMatchObject({ code: 'ABORTED' });
  });

  it('aborting mid-fit stops within one chunk, and the engine then fits again', async () => {
    const engine = createEngine();
    const controller = new AbortController();
    let chunksAfterAbort = 0;
    const running = engine.curveFit(model, data.x, data.y, {
      p0,
      chunkRows: 1000,
      onProgress: ({ pass }) => {
        if (controller.signal.aborted) chunksAfterAbort++;
        if (pass === 2) controller.abort();
      },
      signal: controller.signal,
    });
    await expect(running).rejects.toMatchObject({ code: 'ABORTED' });
    expect(chunksAfterAbort).toBe(0);
    expect(engine.memory().usedBytes).toBe(0);
    expect(engine.curveFitSync(model, data.x, data.y, { p0 }).converged).toBe(true);
  });

  it('onProgress reports every chunk of every pass, rows counting up within a pass', () => {
    const seen: { pass: number; rows: number }[] = [];
    const r = curveFitSync(model, data.x, data.y, { p0, chunkRows: 50_000, onProgress: ({ pass, rows }) => seen.push({ pass, rows }) });
    expect(seen.length).toBe(4 * r.evaluations);
    expect(seen.slice(0, 4).map((s) => s.rows)).toEqual([50_000, 100_000, 150_000, 200_000]);
  });
});

describe('a soak of 10⁴ fits', () => {
  it('mixed sizes, some throwing, some aborted: the arena ends at its mark and WASM memory unchanged', () => {
    const engine = createEngine({ arenaBytes: 1 << 20 });
    const sets = [20, 200, 2000].map((n, k) => synthetic(n, truth, 0.01, 100 + k));
    const wasm = engine.memory().wasmMemoryBytes;
    const counts = new Map<string, number>();
    const started = performance.now();
    for (let i = 0; i < 10_000; i++) {
      const data = sets[i % 3];
      let outcome = 'ok';
      try {
        if (i % 7 === 3) {
          const controller = new AbortController();
          engine.curveFitSync(model, data.x, data.y, { p0, chunkRows: 8, signal: controller.signal, onProgress: () => controller.abort() });
        } else if (i % 7 === 5) {
          engine.curveFitSync(model, data.x, data.y.subarray(1), { p0 });
        } else if (i % 7 === 6) {
          engine.curveFitSync('a*log(x - b)', data.x, data.y, { p0: { a: 1, b: 5 } });
        } else {
          engine.curveFitSync(model, data.x, data.y, { p0, sigma: i % 2 ? data.sigma : undefined });
        }
      } catch (error) {
        outcome = (error as FitError).code;
      }
      counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
      if (engine.memory().usedBytes !== 0) throw new Error(`fit ${i} left ${engine.memory().usedBytes} bytes in use`);
    }
    console.log(`soak: 10,000 fits in ${((performance.now() - started) / 1000).toFixed(1)} s:`, Object.fromEntries(counts), `WASM memory ${engine.memory().wasmMemoryBytes} B before and after`);
    expect(engine.memory().wasmMemoryBytes).toBe(wasm);
    expect(counts.get('ABORTED')).toBe(1429);
    expect(counts.get('LENGTH_MISMATCH')).toBe(1428);
    expect(counts.get('NON_FINITE_MODEL')).toBe(1428);
  });
});
