// The debug build of the core, instantiated with @assemblyscript/loader, runs the same fits as
// the shipped release build (oracle: the release build's answer) and turns an AssemblyScript
// assertion into a readable "message at file:line" error.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/index.ts';
import { setCoreFactory, type CoreExports } from '../../src/wasm/core.ts';
import { loadDebugCore } from '../support/debug-core.ts';

const built = (file: string) => readFileSync(fileURLToPath(new URL(`../../build/out/${file}`, import.meta.url)));
import { synthetic } from '../support/synthetic.ts';

describe('the debug build', () => {
  const data = synthetic(2000, (t) => 2.5 * Math.exp(-1.3 * t) + 0.5, 0.01, 9);
  const fit = () => createEngine({ arenaBytes: 1 << 20 }).curveFitSync('a*exp(-b*x) + c', data.x, data.y, { p0: { a: 1, b: 1, c: 0 } });
  const release = fit();

  it('gives the same fit as the release build', async () => {
    expect(WebAssembly.Module.exports(new WebAssembly.Module(built('core.debug.wasm'))).map((e) => e.name)).toContain('solverStep');
    const core = (await loadDebugCore(64 << 10)) as unknown as CoreExports;
    // Each engine needs its own instance; hand out the preloaded one once, then fresh ones.
    const instances = [core];
    const previous = setCoreFactory(() => {
      const next = instances.pop();
      if (!next) throw new Error('this test prepared one debug instance');
      return next;
    });
    try {
      const debug = fit();
      for (const name of release.names) expect(debug.params[name]).toBe(release.params[name]);
      expect(debug.iterations).toBe(release.iterations);
    } finally {
      setCoreFactory(previous);
    }
  });

  it('reports an assertion with its source file and line', async () => {
    const core = await loadDebugCore(64 << 10);
    const mark = core.arenaMark();
    core.arenaAlloc(64);
    expect(() => core.arenaRelease(mark + 4096)).toThrow(/mark outside the used arena.*assembly\/memory\/arena\.ts:\d+/s);
  });
});

describe('the release build', () => {
  it('contains no runtime allocation code (the build checks the .wat; this checks the check ran)', () => {
    const wat = built('core.wat').toString();
    expect(wat).toContain('(func $assembly/lm/solver/solverStep');
    for (const name of ['core.wat', 'kernels.wat', 'kernels.simd.wat', 'kernels.relaxed.wat']) expect(built(name).toString()).not.toContain('~lib/rt/');
  });

  it('has SIMD instructions in the SIMD kernels only', () => {
    expect(built('kernels.simd.wat').toString()).toMatch(/f64x2\.mul/);
    expect(built('kernels.wat').toString()).not.toMatch(/v128|f64x2/);
    expect(WebAssembly.validate(built('kernels.simd.wasm'))).toBe(true);
  });

  it('has fused multiply-adds in the relaxed-SIMD kernels only', () => {
    expect(built('kernels.relaxed.wat').toString()).toMatch(/f64x2\.relaxed_madd/);
    expect(built('kernels.simd.wat').toString()).not.toMatch(/relaxed/);
  });
});
