/**
 * Passes: the seam between the solver and the data (Ceres' evaluator). A Pass streams every row
 * once at the solver's trial point and folds it into the evaluator's factor R̃ = [R | Qᵀr];
 * the driver only loops `solver.step ⇄ pass.run`. One strategy per file:
 *
 *   resident.ts   in-memory arrays that fit the window: filled once, folded again in place
 *   streaming.ts  chunks from a source (or arrays larger than the window), every pass
 *   parallel.ts   chunks dealt to pass workers, partial factors merged
 *
 * What they share: window.ts (a chunk into the window: scan, callback model, fold),
 * checkpoint.ts (abort and progress), data-errors.ts (what a bad value is called).
 */
import type { Wait } from '../sources/rows.ts';
import type { Folded } from '../wasm/solver.ts';

/** A fit's steps: undefined (a chunk done, the async runner may yield) or a promise to await. */
export type Steps<T> = Generator<Wait | undefined, T, unknown>;

export interface Pass {
  /**
   * One pass at the solver's pass point (a pointer into the arena). A pass that never waits
   * returns what it folded directly: no generator per pass on the hot path of many small fits.
   */
  run(at: number): Folded | Steps<Folded>;
  /** Where the last pass first met a non-finite model value: the source row, and x there when known. */
  badRow(): { row: number; x: number | undefined };
  /** Ends the pass's own resources (workers' evaluators); the arena is released by the driver. */
  close(): void;
}

export function isFolded(value: Folded | Steps<Folded>): value is Folded {
  return typeof (value as Folded).finite === 'boolean';
}

export type { Folded };
