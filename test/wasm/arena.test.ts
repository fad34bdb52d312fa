// The arena's regions as the host names them. Oracle: assembly/abi.ts — one name per REGION_*.
import { describe, expect, it } from 'vitest';
import { REGION_COUNT } from '../../src/wasm/abi.ts';
import { createEngine } from '../../src/index.ts';

describe('the arena regions', () => {
  it('are named once each, in abi.ts order, and add up to the fit high-water mark', () => {
    const engine = createEngine();
    const x = Float32Array.from({ length: 100 }, (_, i) => i / 10); // Float32: the staging region, the last, is used too
    const r = engine.curveFitSync('a*exp(-b*x) + c', x, Float64Array.from(x, (t) => Math.exp(-t) + 0.1 * Math.sin(3 * t)), { p0: { a: 1, b: 1, c: 0 }, sigma: new Float64Array(100).fill(1) });
    const names = r.memory.regions.map((region) => region.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.length).toBe(REGION_COUNT); // every region is used by this fit: x, y, sigma, Float32 staging
    expect(r.memory.regions.reduce((sum, region) => sum + region.bytes, 0)).toBe(r.memory.highWaterBytes);
  });
});
