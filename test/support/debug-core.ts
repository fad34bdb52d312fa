// Instantiates the debug build of the WASM core — its kernel module, then the core module linked
// to it over one memory — with @assemblyscript/loader, whose abort decoding turns an
// AssemblyScript assertion into a readable "message at file:line:col" error. Tests use it to
// exercise kernels directly; the shipped bundle instantiates the release builds with plain
// WebAssembly APIs (src/wasm/).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as loader from '@assemblyscript/loader';

const built = (file: string) => readFileSync(fileURLToPath(new URL(`../../build/out/${file}`, import.meta.url)));

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type DebugExports = Record<string, any> & { memory: WebAssembly.Memory };

/** A fresh debug instance with its arena sized to `arenaBytes`: the core's exports and the kernels'. */
export async function loadDebugCore(arenaBytes = 1 << 20): Promise<DebugExports> {
  const memory = new WebAssembly.Memory({ initial: 1 });
  const table = new WebAssembly.Table({ element: 'anyfunc', initial: 1 });
  const kernels = await loader.instantiate(built('kernels.debug.wasm'), { env: { memory, table } });
  const { exports } = await loader.instantiate(built('core.debug.wasm'), { env: { memory }, kernels: kernels.exports });
  const core = { ...kernels.exports, ...exports, memory } as unknown as DebugExports;
  if (core.arenaInit(arenaBytes) !== 1) throw new Error('arenaInit failed');
  return core;
}

/** Copies `values` into the arena and returns the pointer. */
export function putF64(core: DebugExports, values: ArrayLike<number>): number {
  const ptr = core.arenaAlloc(values.length * 8) >>> 0;
  new Float64Array(core.memory.buffer, ptr, values.length).set(values);
  return ptr;
}

/** Copies `values` into the arena as i32 and returns the pointer. */
export function putI32(core: DebugExports, values: ArrayLike<number>): number {
  const ptr = core.arenaAlloc(values.length * 4) >>> 0;
  new Int32Array(core.memory.buffer, ptr, values.length).set(values);
  return ptr;
}

/** A fresh copy of `length` f64 values at `ptr`. */
export function getF64(core: DebugExports, ptr: number, length: number): Float64Array {
  return new Float64Array(core.memory.buffer, ptr >>> 0, length).slice();
}
