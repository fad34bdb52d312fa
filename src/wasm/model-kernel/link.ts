/**
 * A model's compiled kernel (emit.ts), ready in an instance: compiled once per thread for each
 * program (synchronously — `new WebAssembly.Module` — so curveFitSync keeps working), linked
 * once per instance into its function table, and named by the table slot the block kernel
 * calls it through (assembly/evaluate/block.ts). Slot 0 means the VM, which runs the model
 * instead wherever no kernel can be had: the scalar kernel build, a body the kernel leaves to
 * the VM, and hosts that refuse to compile WebAssembly at run time (a page whose
 * Content-Security-Policy lacks 'wasm-unsafe-eval' — there the first refusal turns compiling
 * off for the thread, and every fit runs in the VM with the same results).
 */
import type { KernelLink } from '../core.ts';
import { emitKernel, type KernelProgram } from './emit.ts';

/** Compiled kernels kept per thread, and slots per instance; beyond, the oldest make room. */
const KEEP = 256;

const compiled = new Map<string, WebAssembly.Module | null>();
let compiling = true;

/** The table slot of this program's kernel in the instance, or 0 for the VM. */
export function kernelSlot(link: KernelLink | undefined, program: Omit<KernelProgram, 'expConstants' | 'relaxed'>): number {
  if (!link || !compiling) return 0;
  const key = `${link.relaxed ? 'r' : 's'} ${program.nVariables} ${program.hasSigma ? 1 : 0} ${program.constantsAt} ${Array.from(program.outputs)} ${program.body} ${program.constants}`;
  const slot = link.slots.get(key);
  if (slot !== undefined) return slot;
  const module = kernelModule(key, { ...program, expConstants: link.expConstants, relaxed: link.relaxed });
  if (!module) return 0;
  const instance = new WebAssembly.Instance(module, { env: { memory: link.memory }, kernels: link.kernels });
  let at: number;
  if (link.slots.size < KEEP) {
    at = link.table.grow(1);
  } else {
    const [oldest, oldSlot] = link.slots.entries().next().value!;
    link.slots.delete(oldest);
    at = oldSlot;
  }
  link.table.set(at, instance.exports.block as WebAssembly.ExportValue as (...args: never[]) => unknown);
  link.slots.set(key, at);
  return at;
}

function kernelModule(key: string, program: KernelProgram): WebAssembly.Module | null {
  let module = compiled.get(key);
  if (module !== undefined) return module;
  const bytes = emitKernel(program);
  module = null;
  if (bytes) {
    try {
      module = new WebAssembly.Module(bytes);
    } catch {
      // A host that refuses run-time compilation: the VM from now on (see above).
      compiling = false;
      return null;
    }
  }
  if (compiled.size >= KEEP) compiled.delete(compiled.keys().next().value!);
  compiled.set(key, module);
  return module;
}

/** Tests: whether models get compiled kernels (true, the default) or all run in the VM. Not public API. */
export function useModelKernels(on: boolean): void {
  compiling = on;
}
