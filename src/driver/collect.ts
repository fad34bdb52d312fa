/**
 * What every fit's RawFit takes from the solver's answer and from the arena, in one place for
 * the single fit (run.ts) and the global fit (global-run.ts): the fields the result is built
 * from (result/result.ts), read once into fresh JS objects before the arena is released.
 */
import type { FitMemory, RawFit } from '../result/fit-result.ts';
import type { WasmInstance } from '../wasm/instance.ts';
import type { SolverAnswer } from '../wasm/solver.ts';

/** The answer's part of a RawFit; `values` are every parameter's (fixed ones at their start). */
export function answerFields(answer: SolverAnswer, values: Float64Array) {
  const s = answer.scale;
  return {
    values,
    covariance: answer.covariance,
    units: answer.units,
    scale: s,
    negligible: answer.negligible,
    inRange: answer.inRange,
    scaledObjective: answer.objective,
    rank: answer.rank,
    statusCode: answer.statusCode,
    objective: answer.objective / s / s,
    chi2: answer.chi2,
    cosines: answer.cosines,
    slopes: answer.slopes,
    sides: answer.bounds,
    columns: answer.columns,
    iterations: answer.iterations,
  } satisfies Partial<RawFit>;
}

/** The arena's figures of the fit just run, as FitResult.memory has them (but `passes`). */
export function fitMemory(arena: WasmInstance['arena'], chunkRows: number, blockRows: number): Omit<FitMemory, 'passes'> {
  return {
    highWaterBytes: arena.fitHighWater,
    capacityBytes: arena.capacity,
    wasmMemoryBytes: arena.memoryBytes,
    chunkRows,
    blockRows,
    regions: arena.regions(),
  };
}
