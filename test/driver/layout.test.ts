// The window's size follows from the arena, whatever chunkRows asks for. Oracle: the default
// layout's answer (chunk sizes change nothing beyond rounding), and the window's bytes within
// the arena's capacity.
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/index.ts';

const x = Float64Array.from({ length: 20_000 }, (_, i) => i / 2000);
const y = x.map((t, i) => 2 * Math.exp(-0.5 * t) + 0.1 + 0.001 * Math.sin(i));
const p0 = { a: 1, b: 1, c: 0 };

describe('the layout', () => {
  for (const chunkRows of [2 ** 31 - 1, 2 ** 28, 1e8]) {
    it(`chunkRows ${chunkRows} on a 4 MiB arena: a window the arena holds, and the default's answer`, () => {
      const engine = createEngine();
      const r = engine.curveFitSync('a*exp(-b*x) + c', x, y, { p0, chunkRows });
      const reference = createEngine().curveFitSync('a*exp(-b*x) + c', x, y, { p0 });
      expect(r.memory.chunkRows * 8 * 2).toBeLessThanOrEqual(r.memory.capacityBytes);
      expect(r.memory.highWaterBytes).toBeLessThanOrEqual(r.memory.capacityBytes);
      for (const name of r.names) expect(Math.abs(r.params[name] - reference.params[name])).toBeLessThanOrEqual(1e-12 * Math.abs(reference.params[name]));
    });
  }
});

describe('a model too big for any arena', () => {
  // Oracle: the P×P blocks alone take 24·P² bytes, computed in double precision; past
  // P ≈ 23,000 the sizes computed in WASM (u32) would wrap around and claim a small workspace.
  for (const p of [9000, 23171, 30000]) {
    it(`${p} free parameters on a 2 GiB arena: ARENA_TOO_SMALL naming at least 24·P² bytes`, () => {
      const model = Array.from({ length: p }, (_, k) => `p${k}*x`).join(' + ');
      const source = { chunks: () => [{ x: [1, 2, 3], y: [1, 2, 3] }] };
      let error: { code?: string; message?: string } = {};
      try {
        createEngine({ arenaBytes: 2 ** 31 }).curveFitSync(model, source);
      } catch (e) {
        error = e as typeof error;
      }
      expect(error.code).toBe('ARENA_TOO_SMALL');
      const needed = Number(/at least (\d+) bytes/.exec(error.message ?? '')?.[1]);
      expect(needed).toBeGreaterThanOrEqual(24 * p * p);
    });
  }
});
