// The kernels the shipped modules call but do not export — lmpar, qrsolv, covar and the robust
// loss — compiled for the tests from their own sources in assembly/, unchanged, behind a small
// entry that exports them (with the arena, so putF64/getF64 work as on the debug core). The
// entry lives here, as a string, so that nothing in assembly/ or build/ changes for the tests
// and tsc never sees AssemblyScript; asc compiles it in memory in about 0.3 s, like the debug
// target (no optimisation, assertions on; WebAssembly f64 arithmetic is IEEE either way, so the
// release build computes the same bits).
//
// Also: the release SIMD kernel module on a memory of its own, for the fold's SIMD sweeps.
import { afterEach, beforeAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as loader from '@assemblyscript/loader';
import type { DebugExports } from './debug-core.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const entry = 'test/support/kernel-harness.entry.ts'; // virtual: never on disk

const source = `
export { arenaInit, arenaAlloc, arenaMark, arenaRelease } from '../../assembly/memory/arena';
export { lmpar } from '../../assembly/lm/lmpar';
export { qrsolv } from '../../assembly/qr/qrsolv';
export { covar } from '../../assembly/lm/covariance';
export { robustRow } from '../../assembly/evaluate/loss';
import { rowScale, residualScale } from '../../assembly/evaluate/loss';
/** The Jacobian row scale s that the last robustRow left. */
export function lossRowScale(): f64 { return rowScale; }
/** The residual factor ρ′/s that the last robustRow left. */
export function lossResidualScale(): f64 { return residualScale; }
`;

async function compileHarness(): Promise<Uint8Array> {
  const asc = (await import('assemblyscript/asc')).default;
  let binary: Uint8Array | undefined;
  const { error, stderr } = await asc.main([entry, '--baseDir', root, '--outFile', 'harness.wasm', '--runtime', 'stub', '--debug'], {
    readFile: (name: string, baseDir: string) => {
      const path = resolve(baseDir, name);
      if (path === resolve(root, entry)) return source;
      if (path === resolve(root, 'asconfig.json')) return null;
      try {
        return readFileSync(path, 'utf8');
      } catch {
        return null;
      }
    },
    writeFile: (name: string, contents: Uint8Array | string) => {
      if (name.endsWith('.wasm')) binary = contents as Uint8Array;
    },
    listFiles: () => [],
  });
  if (error || !binary) throw new Error(`the kernel harness did not compile: ${error?.message}\n${stderr.toString()}`);
  return binary;
}

/** lmpar, qrsolv, covar, robustRow (+ lossRowScale, lossResidualScale) over an arena of `arenaBytes`. */
export async function loadKernelHarness(arenaBytes = 1 << 20): Promise<DebugExports> {
  const { exports } = await loader.instantiate(await compileHarness(), {});
  const harness = exports as unknown as DebugExports;
  if (harness.arenaInit(arenaBytes) !== 1) throw new Error('arenaInit failed');
  return harness;
}

/**
 * The release SIMD kernels on a fresh memory, with a bump `arenaAlloc` in JS above their static
 * data, so that the debug-core helpers (putF64, getF64, putI32) work on them too.
 */
export async function loadSimdKernels(): Promise<DebugExports> {
  const memory = new WebAssembly.Memory({ initial: 16 });
  const bytes = readFileSync(resolve(root, 'build/out/kernels.simd.wasm'));
  const { instance } = await WebAssembly.instantiate(bytes, { env: { memory, table: new WebAssembly.Table({ element: 'anyfunc', initial: 1 }) } });
  let top = 1 << 16;
  const arenaAlloc = (n: number): number => {
    const ptr = top;
    top += (Math.max(n, 1) + 15) & ~15;
    if (top > memory.buffer.byteLength) throw new Error('loadSimdKernels: out of memory');
    return ptr;
  };
  const arenaMark = () => top;
  const arenaRelease = (mark: number) => void (top = mark);
  return { ...instance.exports, memory, arenaAlloc, arenaMark, arenaRelease } as DebugExports;
}

/**
 * Loads a kernel instance before the tests of the calling suite and releases its arena to the
 * mark after each test: `let core; useKernels(loadKernelHarness, (c) => (core = c));`.
 */
export function useKernels(load: () => Promise<DebugExports>, use: (core: DebugExports) => void): void {
  let core: DebugExports;
  let mark = 0;
  beforeAll(async () => {
    core = await load();
    use(core);
    mark = core.arenaMark();
  });
  afterEach(() => core.arenaRelease(mark));
}
