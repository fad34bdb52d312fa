/**
 * The driver: runs one prepared fit on an engine's WebAssembly instance.
 *
 *   1. takes an arena mark and carves the whole workspace: solver, evaluator, window;
 *   2. loops `solver.step ⇄ pass.run`: the solver asks for a pass at a trial point, the pass
 *      streams every row once and folds it (reverse communication, see assembly/lm/);
 *   3. collects the answer into fresh JS objects and releases the arena to its mark — in a
 *      `finally`, so a fit that throws or is aborted leaves the engine as it found it.
 *
 * Which pass runs (passes/) is chosen once, here: resident, streaming or parallel.
 */
import { FitError, describe } from '../errors.ts';
import { CallbackEvaluator } from '../models/callback.ts';
import { STATUS_MAX_ITERATIONS, STATUS_NON_FINITE_START } from '../wasm/abi.ts';
import type { EvaluatorSpec } from '../wasm/evaluator.ts';
import type { WasmInstance } from '../wasm/instance.ts';
import type { Checkpoint } from '../passes/checkpoint.ts';
import { isFolded, type Pass, type Steps } from '../passes/pass.ts';
import { ParallelPass } from '../passes/parallel.ts';
import type { PassWorkers } from '../passes/pass-workers.ts';
import { ResidentPass } from '../passes/resident.ts';
import { StreamingPass } from '../passes/streaming.ts';
import { Window } from '../passes/window.ts';
import type { RawFit } from '../result/fit-result.ts';
import { answerFields, fitMemory } from './collect.ts';
import { planLayout } from './layout.ts';
import { probeZeroJacobian } from './probe.ts';
import type { PreparedFit } from './prepare.ts';

/**
 * Relative size below which a diagonal entry of the pivoted R counts as zero, for the rank and
 * the covariance: |R(k,k)| ≤ tol·|R(0,0)|. 1e-13 is ~500 ε: far below the 1/cond(J) of every
 * NIST StRD problem at its solution, far above the rounding left by an exactly dependent column.
 */
const RANK_TOLERANCE = 1e-13;

export function* runFit(instance: WasmInstance, fit: PreparedFit, checkpoint: Checkpoint, passWorkers?: PassWorkers): Steps<RawFit> {
  const { program, parameters, rows, options } = fit;
  const { names, free } = parameters;
  const p = free.length;
  const arena = instance.arena;
  const mark = arena.beginFit();
  let pass: Pass | undefined;
  try {
    // Float32 columns are staged as they are and widened inside WASM (not for a callback's x, which stays in JS).
    const staging = rows.hasFloat32 && !fit.model.callback;
    const sizes = { program, free, hasSigma: rows.hasSigma };
    const { chunkRows, blockRows } = planLayout(instance, sizes, { chunkRows: options.chunkRows, staging });
    const solver = instance.solver(p);
    const spec: EvaluatorSpec = {
      program, parameters: names.length, free, start: parameters.start,
      loss: options.loss, fScale: options.fScale, hasSigma: rows.hasSigma, chunkRows, blockRows,
    };
    const evaluator = instance.evaluator(spec);
    solver.x.set(free.map((j) => parameters.start[j]));
    free.forEach((j, a) => solver.bound(a, parameters.bounds[j].lo, parameters.bounds[j].hi));
    const callback = fit.model.callback
      ? new CallbackEvaluator(fit.model.callback, names.length, free, options.diff === 'central', chunkRows, parameters.bounds, parameters.start)
      : undefined;
    const window = new Window(evaluator, rows, chunkRows, staging ? instance.staging(chunkRows) : undefined, callback, names.length);
    rows.prepare(chunkRows);

    // In-memory arrays that fit the window stay resident; else the rows stream, in parallel when asked.
    if (passWorkers) {
      const workers = (yield passWorkers.acquire()) as Awaited<ReturnType<PassWorkers['acquire']>>;
      pass = new ParallelPass(window, checkpoint, passWorkers, workers, options.nanPolicy === 'omit');
      yield passWorkers.setup(workers, spec);
    } else if (rows.isArrays && rows.first!.rows <= chunkRows) {
      pass = new ResidentPass(window, checkpoint);
    } else {
      pass = new StreamingPass(window, checkpoint);
    }
    checkpoint.watch(solver);

    solver.start({
      ftol: options.ftol, xtol: options.xtol, gtol: options.gtol, factor: options.factor,
      maxIterations: options.maxIterations ?? 200 * (p + 1), rankTolerance: RANK_TOLERANCE,
    });
    let counted = false; // whether a complete pass has counted the rows
    let overflow = false; // whether the last pass stopped on a sum that overflowed (the model finite)
    for (let more = solver.begin(evaluator.factor); more; ) {
      const run = pass.run(solver.pointPointer);
      const folded = isFolded(run) ? run : yield* run;
      checkpoint.passes++;
      yield; // between passes, the async runner may let the event loop in
      checkpoint.check();
      if (!counted && folded.finite) {
        counted = true;
        if (rows.rows < p) {
          const omitted = rows.omitted > 0 ? ` after omitting ${rows.omitted} with NaN` : '';
          throw new FitError('TOO_FEW_ROWS', `the data have ${rows.rows} rows${omitted}; expected at least ${p}, one per free parameter`);
        }
      }
      overflow = folded.overflow;
      more = solver.step(evaluator.factor, folded);
    }

    let answer = solver.answer();
    if (answer.statusCode === STATUS_NON_FINITE_START && overflow) {
      throw new FitError('OUT_OF_RANGE', `the residuals or the Jacobian at the starting point overflow double precision even when rescaled by powers of two (the model is finite there); expected data, sigma and a start whose ratios lie within the range of float64 (about 1e±300)`);
    }
    if (answer.statusCode === STATUS_NON_FINITE_START) {
      const { row, x } = pass.badRow();
      const start = `{ ${names.map((n, j) => `${n}: ${parameters.start[j]}`).join(', ')} }`;
      const at = x === undefined ? '' : ` (x = ${describe(x)})`;
      throw new FitError('NON_FINITE_MODEL', `the model or its derivatives is not finite at row ${row}${at} at the starting point ${start}; expected finite values — choose another p0`);
    }
    // Forward differences carry an O(h) error that can hide a gradient of the tolerance's size:
    // the answer is checked — gradient, rank, covariance — with central ones, one pass more.
    if (callback?.differences && answer.statusCode !== STATUS_MAX_ITERATIONS) {
      callback.useCentral();
      solver.recheck();
      const run = pass.run(solver.pointPointer);
      const folded = isFolded(run) ? run : yield* run;
      checkpoint.passes++;
      if (folded.finite) {
        solver.refinish(evaluator.factor);
        answer = solver.answer();
      }
    }
    // At a zero Jacobian, a minimum or a plateau? (probe.ts)
    let probe: 'minimum' | 'plateau' | undefined;
    if (answer.rank === 0 && answer.statusCode !== STATUS_MAX_ITERATIONS && answer.objective > 0) {
      const start = free.map((j) => parameters.start[j]);
      const bounds = free.map((j) => parameters.bounds[j]);
      probe = yield* probeZeroJacobian(pass, solver.point, solver.pointPointer, answer.values, start, bounds, answer.objective, checkpoint);
    }
    const values = parameters.start.slice();
    free.forEach((j, a) => (values[j] = answer.values[a]));
    return {
      names: names.slice(),
      free: free.slice(),
      label: fit.model.label,
      ...answerFields(answer, values),
      totalSumOfSquares: evaluator.totalSumOfSquares,
      differenceSteps: callback?.differenceSteps(values),
      sumOfSquares: evaluator.sumOfSquares,
      probe,
      absoluteSigma: options.absoluteSigma,
      rows: rows.rows,
      omittedRows: rows.omitted,
      evaluations: checkpoint.passes,
      memory: fitMemory(arena, chunkRows, blockRows),
    };
  } finally {
    pass?.close();
    rows.close();
    arena.release(mark);
  }
}
