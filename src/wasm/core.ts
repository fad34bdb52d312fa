/**
 * The only place that instantiates the WASM modules: decodes the embedded modules, instantiates them with
 * plain WebAssembly APIs (no loader), and types their exports.
 *
 * A core instance is two modules over one linear memory (assembly/kernels.ts): the core
 * (solver, arena, evaluator set-up) and the kernels (the hot loops), whose SIMD build is used
 * when the engine validates it and the scalar build otherwise. The modules are compiled once per
 * process, on first use; each engine gets its own instances and memory. Pointers coming back
 * from WASM are unsigned: read them with `>>> 0`.
 */
import { memoryPages, wasmDeflated, wasmSha256, wasmSizes } from '../generated/binary.gen.ts';
import { inflateRaw } from './inflate.ts';
import { FitError } from '../errors.ts';

/** The exports of assembly/index.ts. Pointers are numbers (u32 read with `>>> 0`). */
export interface CoreExports {
  memory: WebAssembly.Memory;
  arenaInit(bytes: number): number;
  arenaAlloc(bytes: number): number;
  arenaMark(): number;
  arenaRelease(mark: number): void;
  arenaCapacity(): number;
  arenaUsed(): number;
  arenaFree(): number;
  arenaHighWater(): number;
  arenaFitHighWater(): number;
  arenaResetFitHighWater(): void;
  arenaResetHighWater(): void;
  arenaAllocIn(region: number, bytes: number): number;
  arenaRegionBytes(region: number): number;
  arenaResetRegions(): void;
  widenF32(src: number, dst: number, n: number): void;
  solverBytes(p: number): number;
  solverCreate(p: number): number;
  solverBound(s: number, j: number, lo: number, hi: number): void;
  solverStart(s: number, ftol: number, xtol: number, gtol: number, factor: number, maxSteps: number, rankTol: number): void;
  solverStep(s: number, factor: number, objective: number, chi2: number, finite: number, overflow: number): number;
  solverX(s: number): number;
  solverPoint(s: number): number;
  solverIterations(s: number): number;
  solverObjective(s: number): number;
  solverResult(s: number): number;
  solverRecheck(s: number): void;
  solverRefinish(s: number, factor: number): void;
  evaluatorBytes(p: number, nVariables: number, nScalars: number, nRegisters: number, nPrologue: number, nBody: number, blockRows: number, chunkRows: number, hasSigma: number): number;
  evaluatorCreate(p: number, nVariables: number, nScalars: number, nRegisters: number, nPrologue: number, nBody: number, blockRows: number, chunkRows: number, hasSigma: number): number;
  evaluatorParameter(e: number, j: number, slot: number): void;
  evaluatorLoss(e: number, loss: number, fScale: number): void;
  passBegin(e: number, point: number): void;
  passChunk(e: number, rows: number): number;
  scanChunk(e: number, rows: number, mode: number, xColumns: number): number;
  evaluatorScalars(e: number): number;
  evaluatorPrologue(e: number): number;
  evaluatorBody(e: number): number;
  evaluatorOutputs(e: number): number;
  evaluatorWindowX(e: number): number;
  evaluatorWindowY(e: number): number;
  evaluatorWindowSigma(e: number): number;
  evaluatorFactor(e: number): number;
  evaluatorObjective(e: number): number;
  evaluatorChi2(e: number): number;
  evaluatorFinite(e: number): number;
  evaluatorOverflow(e: number): number;
  evaluatorBadRow(e: number): number;
  evaluatorScanRow(e: number): number;
  evaluatorTotalSumOfSquares(e: number): number;
  evaluatorSumOfSquares(e: number): number;
  passMergeFactor(e: number, src: number): void;
  evaluatorStatistics(e: number, out: number): void;
  evaluatorSetStatistics(e: number, shift: number, sw: number, swy: number, swyy: number): void;
  evaluatorKernel(e: number, index: number): void;
  /** What the models' compiled kernels link to in this instance; absent where the VM runs every model (model-kernel/link.ts). */
  kernelLink?: KernelLink;
}

/**
 * An instance's side of the models' compiled kernels (model-kernel/): the memory they import,
 * the function table the kernel module calls them through (slot 0 stays empty: 0 means the VM),
 * the kernel module's exports they import, and the table slot of each kernel linked here.
 */
export interface KernelLink {
  memory: WebAssembly.Memory;
  table: WebAssembly.Table;
  kernels: WebAssembly.Exports;
  expConstants: number;
  /** The kernels are the relaxed-SIMD build: a model's kernel fuses where their expLanes and sums do. */
  relaxed: boolean;
  slots: Map<string, number>;
}

/** The hash of the embedded modules (first 16 hex digits of the SHA-256 of all four), hash-wasm style. */
export const coreHash = wasmSha256;

/** The compiled modules an engine instantiates: the core, and the kernel build chosen for this host. */
export interface CoreModules {
  core: WebAssembly.Module;
  kernels: WebAssembly.Module;
  /** True when `kernels` is an f64x2 SIMD build (plain or relaxed). */
  simd: boolean;
  /** True when `kernels` is the relaxed-SIMD build, with fused multiply-adds (assembly/linalg/madd.ts). */
  relaxed: boolean;
}

/** The fastest build the host validates, and the deterministic one (SIMD without fused multiply-adds). */
const compiled: { fastest?: CoreModules; deterministic?: CoreModules } = {};
let scalarOnly = false;

/** The embedded modules' bytes: core, scalar, SIMD and relaxed-SIMD kernels (one deflated stream, build/build.mjs). */
function embeddedModules(): Uint8Array<ArrayBuffer>[] {
  let all: Uint8Array;
  try {
    all = inflateRaw(Uint8Array.from(atob(wasmDeflated), (c) => c.charCodeAt(0)), wasmSizes.reduce((a, b) => a + b, 0));
  } catch (error) {
    throw new FitError('INTERNAL', `the embedded WebAssembly modules could not be decoded (${(error as Error).message}); the bundle is damaged — please reinstall arenafit`, { cause: error });
  }
  let at = 0;
  return wasmSizes.map((size) => all.slice(at, (at += size)));
}

/**
 * An AssemblyScript assertion calls env.abort(message, file, line, column); the strings are
 * UTF-16 in linear memory with their byte length just before them. A failed assertion is a bug
 * in arenafit, so it surfaces as FitError INTERNAL rather than a bare trap.
 */
function abortImport(memory: WebAssembly.Memory) {
  const readString = (ptr: number): string => {
    if (!ptr) return '?';
    const p = ptr >>> 0;
    const bytes = new Uint32Array(memory.buffer, p - 4, 1)[0];
    return String.fromCharCode(...new Uint16Array(memory.buffer, p, bytes >>> 1));
  };
  return (message: number, file: number, line: number, column: number): never => {
    throw new FitError('INTERNAL', `arenafit core assertion failed: ${readString(message)} at ${readString(file)}:${line}:${column} (please report this)`);
  };
}

/** A fresh instance with its own memory; synchronous, so curveFitSync can create engines. */
export type CoreFactory = (deterministic?: boolean) => CoreExports;

/**
 * The compiled modules, compiled once per process (or thread) from the embedded bytes. The kernel
 * build is the fastest the engine validates: relaxed SIMD (Node 22 and 24, Chrome 114, Firefox
 * 120), whose fused multiply-adds change results by roundings (the same minimum, to 1e-12 on a
 * well-conditioned fit; test/fit/builds.test.ts); else f64x2 SIMD (every engine since 2021: Node 16.4,
 * Chrome 91, Firefox 89, Safari 16.4); else scalar, which gives the SIMD build's bits
 * (test/fit/kernels.test.ts). `deterministic` (createEngine's option) skips the relaxed build:
 * the same bits on every machine.
 */
export function coreModules(deterministic = false): CoreModules {
  const kind = deterministic ? 'deterministic' : 'fastest';
  let modules = compiled[kind];
  if (!modules) {
    const [core, kernels, kernelsSimd, kernelsRelaxed] = embeddedModules();
    const simd = !scalarOnly && WebAssembly.validate(kernelsSimd);
    const relaxed = simd && !deterministic && WebAssembly.validate(kernelsRelaxed);
    const other = compiled[deterministic ? 'fastest' : 'deterministic'];
    modules = compiled[kind] = {
      core: other?.core ?? new WebAssembly.Module(core),
      kernels: new WebAssembly.Module(relaxed ? kernelsRelaxed : simd ? kernelsSimd : kernels),
      simd,
      relaxed,
    };
  }
  return modules;
}

/**
 * Supplies the compiled modules instead of the embedded bytes: a worker receives them from the
 * thread that started it (modules can be posted), so the worker's code carries no copy.
 */
export function useCoreModules(modules: CoreModules): void {
  compiled.fastest = compiled.deterministic = modules;
}

/** Tests: engines created after this use the scalar kernels (true) or the host's choice (false). Not public API. */
export function useScalarKernels(on: boolean): void {
  scalarOnly = on;
  compiled.fastest = compiled.deterministic = undefined;
}

// Instantiates the two modules over one new memory: the kernels first, then the core that imports
// them. The models' compiled kernels are written for f64x2 (model-kernel/emit.ts): with the
// scalar kernel build every model runs in the VM.
function linkCore(modules: CoreModules): CoreExports {
  const memory = new WebAssembly.Memory({ initial: memoryPages });
  const table = new WebAssembly.Table({ element: 'anyfunc', initial: 1 });
  const env = { memory, table, abort: abortImport(memory) };
  const kernels = new WebAssembly.Instance(modules.kernels, { env });
  const core = new WebAssembly.Instance(modules.core, { env, kernels: kernels.exports });
  const exports = core.exports as unknown as CoreExports;
  if (!modules.simd) return exports;
  const expConstants = (kernels.exports.expConstants as () => number)() >>> 0;
  return { ...exports, kernelLink: { memory, table, kernels: kernels.exports, expConstants, relaxed: modules.relaxed, slots: new Map() } };
}

let factory: CoreFactory = (deterministic) => linkCore(coreModules(deterministic));

/** A fresh instance; `deterministic`: the kernels without fused multiply-adds (see coreModules). */
export function instantiateCore(deterministic = false): CoreExports {
  return factory(deterministic);
}

/** Tests swap in the debug build; not public API. */
export function setCoreFactory(next: CoreFactory): CoreFactory {
  const previous = factory;
  factory = next;
  return previous;
}
