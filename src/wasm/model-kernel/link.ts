/**
 * A model's compiled kernel (emit.ts), ready in an instance: compiled once per thread for each
 * program (synchronously — `new WebAssembly.Module` — so curveFitSync keeps working), linked
 * once per instance into its function table, and named by the table slot the block kernel
 * calls it through (assembly/evaluate/block.ts). Slot 0 means the VM, which runs the model
 * instead wherever no kernel can be had: the scalar kernel build, and hosts that refuse to
 * compile WebAssembly at run time (a page whose
 * Content-Security-Policy lacks 'wasm-unsafe-eval' — there the first refusal turns compiling
 * off for the thread, and every fit runs in the VM with the same results).
 */
import type { KernelLink } from '../core.ts';
import { emitKernel, type KernelProgram } from './emit.ts';

/**
 * Compiled kernels kept per thread, and kernels linked per instance; beyond, the oldest make room
 * (a global fit of more datasets than this relinks them as its passes go: slower, not wrong, as
 * each dataset's slot is set when it is loaded).
 */
const KEEP = 64;

const compiled = new Map<string, WebAssembly.Module | null>();
let compiling = true;
let made = 0; // kernels compiled by this thread, for the tests

/** The table slot of this program's kernel in the instance, or 0 for the VM. */
export function kernelSlot(link: KernelLink | undefined, program: Omit<KernelProgram, 'expConstants' | 'relaxed'>): number {
  if (!link || !compiling) return 0;
  const key = `${link.relaxed ? 'r' : 's'} ${program.nVariables} ${program.hasSigma ? 1 : 0} ${program.constantsAt} ${Array.from(program.outputs)} ${program.body} ${program.constants}`;
  const slot = link.slots.get(key);
  if (slot !== undefined) return slot;
  const module = kernelModule(key, { ...program, expConstants: link.expConstants, relaxed: link.relaxed });
  if (!module) return 0;
  let instance: WebAssembly.Instance;
  try {
    instance = new WebAssembly.Instance(module, { env: { memory: link.memory }, kernels: link.kernels });
  } catch {
    return 0; // cannot happen with the modules built together; if it did, the VM
  }
  // Two slots: `block` at the slot, `values` at the next (assembly/evaluate/block.ts).
  let at: number;
  if (link.slots.size < KEEP) {
    at = link.table.grow(2);
  } else {
    const [oldest, oldSlot] = link.slots.entries().next().value!;
    link.slots.delete(oldest);
    at = oldSlot;
  }
  link.table.set(at, instance.exports.block as WebAssembly.ExportValue as (...args: never[]) => unknown);
  link.table.set(at + 1, instance.exports.values as WebAssembly.ExportValue as (...args: never[]) => unknown);
  link.slots.set(key, at);
  return at;
}

function kernelModule(key: string, program: KernelProgram): WebAssembly.Module | null {
  let module = compiled.get(key);
  if (module !== undefined) return module;
  try {
    module = new WebAssembly.Module(emitKernel(program));
    made++;
  } catch (error) {
    // A host that refuses run-time compilation (Chrome: "Refused to compile … 'unsafe-eval'"; an
    // EvalError elsewhere): the VM from now on, for every model. Anything else would be a fault
    // of the emitter: this model alone stays with the VM (the tests compile every built-in and
    // random expressions, so none is known).
    if (error instanceof EvalError || /refused|unsafe-eval|content.security/i.test(String((error as Error)?.message))) compiling = false;
    else remember(key, null);
    return null;
  }
  remember(key, module);
  return module;
}

function remember(key: string, module: WebAssembly.Module | null): void {
  if (compiled.size >= KEEP) compiled.delete(compiled.keys().next().value!);
  compiled.set(key, module);
}

/** Tests: whether models get compiled kernels (true, the default) or all run in the VM. Not public API. */
export function useModelKernels(on: boolean): void {
  compiling = on;
}

/** Tests: how many kernels this thread has compiled, and whether compiling is on. Not public API. */
export function modelKernelState(): { compiled: number; compiling: boolean } {
  return { compiled: made, compiling };
}
