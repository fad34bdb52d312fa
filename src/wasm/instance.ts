/**
 * One engine's WebAssembly instance, as handles: its arena, and the solvers, evaluators and
 * staging buffers a fit carves from it. This and the other files of src/wasm/ are the only
 * TypeScript that calls the modules' exports; the rest of src/ holds these handles.
 */
import { REGION_STAGING } from './abi.ts';
import { Arena } from './arena.ts';
import { instantiateCore, type CoreExports } from './core.ts';
import { Evaluator, type EvaluatorSpec } from './evaluator.ts';
import { Solver } from './solver.ts';
import { internalError } from './views.ts';

/** A Float32 staging area: Float32 columns are copied as they are and widened inside WASM. */
export interface Staging {
  view: Float32Array;
  /** Widens view[0, n) into target[offset, offset + n), target being a view of this memory. */
  widen(target: Float64Array, offset: number, n: number): void;
}

export class WasmInstance {
  readonly #core: CoreExports;
  readonly arena: Arena;

  constructor(core: CoreExports = instantiateCore()) {
    this.#core = core;
    this.arena = new Arena(core);
  }

  solverBytes(p: number): number {
    return Solver.bytes(this.#core, p);
  }

  evaluatorBytes(spec: Pick<EvaluatorSpec, 'program' | 'free' | 'hasSigma'>, blockRows: number, chunkRows: number): number {
    return Evaluator.bytes(this.#core, spec, blockRows, chunkRows);
  }

  solver(p: number): Solver {
    return new Solver(this.#core, p);
  }

  evaluator(spec: EvaluatorSpec): Evaluator {
    return new Evaluator(this.#core, spec);
  }

  staging(rows: number): Staging {
    const core = this.#core;
    const at = this.arena.allocIn(REGION_STAGING, 4 * rows);
    if (at === 0) throw internalError('the planned staging area did not fit in the arena');
    const view = new Float32Array(core.memory.buffer, at, rows);
    return {
      view,
      widen: (target, offset, n) => core.widenF32(at, target.byteOffset + 8 * offset, n),
    };
  }

  /** Scratch of n f64 for a point (a pass worker's copy of the solver's pass point). */
  point(n: number): { at: number; values: Float64Array } {
    const at = this.#core.arenaAlloc(8 * n) >>> 0;
    if (at === 0) throw internalError('the arena had no room for a point');
    return { at, values: new Float64Array(this.#core.memory.buffer, at, n) };
  }
}
