/**
 * The only place that names WASM exports: decodes the embedded module, instantiates it with
 * plain WebAssembly APIs (no loader), and types its exports.
 *
 * One module is compiled per process, on first use; each engine gets its own instance and
 * linear memory. Pointers coming back from WASM are unsigned: read them with `>>> 0`.
 */
import { wasmHex, wasmSha256 } from './binary.gen.ts';
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
  solverStart(s: number, ftol: number, xtol: number, gtol: number, factor: number, maxSteps: number, rankTol: number): void;
  solverStep(s: number, factor: number, objective: number, chi2: number, finite: number): number;
  solverX(s: number): number;
  solverTrial(s: number): number;
  solverCovariance(s: number): number;
  solverCovarianceFrom(s: number, factor: number): void;
  solverStatus(s: number): number;
  solverIterations(s: number): number;
  solverRank(s: number): number;
  solverCost(s: number): number;
  solverChi2(s: number): number;
  solverCosines(s: number): number;
  evaluatorBytes(p: number, nVariables: number, nScalars: number, nRegisters: number, nPrologue: number, nBody: number, blockRows: number, chunkRows: number, hasSigma: number): number;
  evaluatorCreate(p: number, nVariables: number, nScalars: number, nRegisters: number, nPrologue: number, nBody: number, blockRows: number, chunkRows: number, hasSigma: number): number;
  evaluatorParameter(e: number, j: number, slot: number, kind: number, lo: number, hi: number): void;
  evaluatorLoss(e: number, loss: number, fScale: number): void;
  evaluatorUnitSlope(e: number, on: number): void;
  evaluatorToInternal(e: number, theta: number, u: number): void;
  evaluatorToExternal(e: number, u: number, theta: number): void;
  passBegin(e: number, u: number): void;
  passChunk(e: number, rows: number): number;
  scanChunk(e: number, rows: number, first: number, xColumns: number): number;
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
  evaluatorBadRow(e: number): number;
  evaluatorScanRow(e: number): number;
  evaluatorTotalSumOfSquares(e: number): number;
  passMergeFactor(e: number, src: number): void;
  evaluatorStatistics(e: number, out: number): void;
  evaluatorSetStatistics(e: number, shift: number, sw: number, swy: number, swyy: number): void;
}

/** The hash of the embedded module (first 16 hex digits of its SHA-256), hash-wasm style. */
export const coreHash = wasmSha256;

let compiled: WebAssembly.Module | undefined;

// The binary is embedded as hex, not base64: base64 spreads each byte over character
// boundaries, so gzip finds fewer repeats — hex costs 3.3 kB less in the gzipped bundle.
function decodeHex(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length >> 1);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(text.substr(2 * i, 2), 16);
  return bytes;
}

/**
 * An AssemblyScript assertion calls env.abort(message, file, line, column); the strings are
 * UTF-16 in linear memory with their byte length just before them. A failed assertion is a bug
 * in arenafit, so it surfaces as FitError INTERNAL rather than a bare trap.
 */
function abortImport(getMemory: () => WebAssembly.Memory | undefined) {
  const readString = (ptr: number): string => {
    const memory = getMemory();
    if (!memory || !ptr) return '?';
    const p = ptr >>> 0;
    const bytes = new Uint32Array(memory.buffer, p - 4, 1)[0];
    return String.fromCharCode(...new Uint16Array(memory.buffer, p, bytes >>> 1));
  };
  return (message: number, file: number, line: number, column: number): never => {
    throw new FitError('INTERNAL', `arenafit core assertion failed: ${readString(message)} at ${readString(file)}:${line}:${column} (please report this)`);
  };
}

/** A fresh instance with its own memory; synchronous, so curveFitSync can create engines. */
export type CoreFactory = () => CoreExports;

/** The compiled module, compiled once per process (or thread) from the embedded bytes. */
export function coreModule(): WebAssembly.Module {
  compiled ??= new WebAssembly.Module(decodeHex(wasmHex) as BufferSource);
  return compiled;
}

/**
 * Supplies the compiled module instead of the embedded bytes: a worker receives it from the
 * thread that started it (modules can be posted), so the worker's code carries no copy.
 */
export function useCoreModule(module: WebAssembly.Module): void {
  compiled = module;
}

let factory: CoreFactory = () => {
  let memory: WebAssembly.Memory | undefined;
  const instance = new WebAssembly.Instance(coreModule(), { env: { abort: abortImport(() => memory) } });
  const exports = instance.exports as unknown as CoreExports;
  memory = exports.memory;
  return exports;
};

export function instantiateCore(): CoreExports {
  return factory();
}

/** Tests swap in the debug build (instantiated with @assemblyscript/loader); not public API. */
export function setCoreFactory(next: CoreFactory): CoreFactory {
  const previous = factory;
  factory = next;
  return previous;
}
