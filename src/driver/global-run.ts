/**
 * The driver of a global fit (api/global.ts): run.ts's loop — carve, `solver.step ⇄ pass.run`,
 * collect, release — with the global pass (passes/global.ts) streaming every dataset through
 * the one window into the one factor. Apart from the carve (the evaluator sized for the largest
 * dataset program, and with more than one segment a (P+1)² block to merge their factors) and the
 * per-dataset figures it is run.ts's; the single-dataset path is left as it was.
 *
 * χ² per dataset at the answer: every pass records its datasets' χ² under its total, and the
 * answer's total χ² is one the solver was handed by a pass at the answer — the same double — so
 * the answer's split is looked up, not computed by a pass more. (If it were ever missing, one
 * more pass at the answer gives it.)
 */
import { FitError, describe } from '../errors.ts';
import { REGION_FACTOR, STATUS_MAX_ITERATIONS, STATUS_NON_FINITE_START } from '../wasm/abi.ts';
import type { EvaluatorSpec } from '../wasm/evaluator.ts';
import type { WasmInstance } from '../wasm/instance.ts';
import type { Checkpoint } from '../passes/checkpoint.ts';
import type { DataNames } from '../passes/data-errors.ts';
import { GlobalPass } from '../passes/global.ts';
import type { Steps } from '../passes/pass.ts';
import { Window } from '../passes/window.ts';
import type { RawFit } from '../result/fit-result.ts';
import type { RowStream } from '../sources/rows.ts';
import type { PreparedGlobalFit } from './global-prepare.ts';
import { answerFields, fitMemory } from './collect.ts';
import { planLayout } from './layout.ts';
import { probeZeroJacobian } from './probe.ts';
import { poolStatistics } from '../passes/statistics.ts';

/** As run.ts: |R(k,k)| ≤ tol·|R(0,0)| counts as zero for the rank and the covariance. */
const RANK_TOLERANCE = 1e-13;

/** What a global fit adds to a fit's RawFit: each dataset's figures at the answer. */
export interface GlobalRawFit {
  raw: RawFit;
  datasets: {
    label: string;
    names: string[];
    rows: number;
    omittedRows: number;
    chi2: number;
    /** Σc²ρ over its rows, in the data's units (twice its cost). */
    objective: number;
    /** Σw(y − ȳ_w)² over its rows. */
    totalSumOfSquares: number;
  }[];
}

export function* runGlobalFit(instance: WasmInstance, fit: PreparedGlobalFit, checkpoint: Checkpoint): Steps<GlobalRawFit> {
  const { datasets, parameters, programs, options } = fit;
  const { names, free } = parameters;
  const p = free.length;
  const n1 = p + 1;
  const arena = instance.arena;
  const mark = arena.beginFit();
  let pass: GlobalPass | undefined;
  try {
    // Segments (passes/global.ts): a dataset of many rows — or of rows unknown yet, a chunk
    // source's — folds into a fresh R̃ of its own; consecutive small ones share one.
    const big = datasets.map((d) => !d.rows.isArrays || d.rows.first!.rows >= 2 * n1);
    const segments = datasets.map((_, k) => k).filter((k) => k === 0 || big[k] || big[k - 1]);
    // With more than one, the factor of the segments before the one folding: carved first, so that the window is planned around it.
    const saved = segments.length > 1 ? arena.allocIn(REGION_FACTOR, 8 * n1 * n1) : 0;
    if (segments.length > 1 && saved === 0) {
      throw new FitError('ARENA_TOO_SMALL', `the fit needs more than ${8 * n1 * n1} bytes of arena for ${p} free parameters, but ${arena.free} of the engine's ${arena.capacity} are free; create the engine with a larger arenaBytes`);
    }
    const streams = datasets.map((d) => d.rows);
    const staging = streams.some((rows) => rows.hasFloat32);
    const hasSigma = streams.some((rows) => rows.hasSigma);
    const sizes = { program: programs.carve, free, hasSigma };
    const { chunkRows, blockRows } = planLayout(instance, sizes, { chunkRows: options.chunkRows, staging });
    const solver = instance.solver(p);
    const spec: EvaluatorSpec = {
      program: programs.carve, parameters: names.length, free, start: parameters.start,
      loss: options.loss, fScale: options.fScale, hasSigma, chunkRows, blockRows,
    };
    const evaluator = instance.evaluator(spec);
    solver.x.set(free.map((j) => parameters.start[j]));
    free.forEach((j, a) => solver.bound(a, parameters.bounds[j].lo, parameters.bounds[j].hi));
    const stage = staging ? instance.staging(chunkRows) : undefined;
    const windows = datasets.map((d, k) => ({
      window: new Window(evaluator, d.rows, chunkRows, stage, undefined, names.length, datasetNames(k, d.rows)),
      program: programs.datasets[k],
    }));
    for (const rows of streams) rows.prepare(chunkRows);
    pass = new GlobalPass(evaluator, windows, segments, programs.idle, programs.constantsAt, saved, checkpoint);
    checkpoint.watch(solver);

    solver.start({
      ftol: options.ftol, xtol: options.xtol, gtol: options.gtol, factor: options.factor,
      maxIterations: options.maxIterations ?? 200 * (p + 1), rankTolerance: RANK_TOLERANCE,
    });
    // A finite pass's total χ² → its datasets' χ², then their objectives.
    const split = new Map<number, Float64Array>();
    const record = (chi2: number) => split.set(chi2, Float64Array.from([...pass!.chi2, ...pass!.objective]));
    let counted = false;
    let overflow = false;
    for (let more = solver.begin(evaluator.factor); more; ) {
      const folded = yield* pass.run(solver.pointPointer);
      checkpoint.passes++;
      yield; // between passes, the async runner may let the event loop in
      checkpoint.check();
      if (folded.finite) {
        record(folded.chi2);
        if (!counted) {
          counted = true;
          const rows = total(streams, (r) => r.rows);
          if (rows < p) {
            const omitted = total(streams, (r) => r.omitted);
            throw new FitError('TOO_FEW_ROWS', `the datasets have ${rows} rows in all${omitted > 0 ? ` after omitting ${omitted} with NaN` : ''}; expected at least ${p}, one per free parameter`);
          }
        }
      }
      overflow = folded.overflow;
      more = solver.step(evaluator.factor, folded);
    }

    const answer = solver.answer();
    if (answer.statusCode === STATUS_NON_FINITE_START && overflow) {
      throw new FitError('OUT_OF_RANGE', `the residuals or the Jacobian at the starting point overflow double precision even when rescaled by powers of two (the models are finite there); expected data, sigma and a start whose ratios lie within the range of float64 (about 1e±300)`);
    }
    if (answer.statusCode === STATUS_NON_FINITE_START) {
      const { dataset, row, x } = pass.badRow();
      const start = `{ ${names.map((n, j) => `${n}: ${parameters.start[j]}`).join(', ')} }`;
      const at = x === undefined ? '' : ` (x = ${describe(x)})`;
      throw new FitError('NON_FINITE_MODEL', `the model of datasets[${dataset}] or its derivatives is not finite at row ${row}${at} at the starting point ${start}; expected finite values — choose another p0`);
    }
    // The datasets' χ² at the answer: the pass there, recorded under its total χ².
    let parts = split.get(answer.chi2);
    if (!parts) {
      solver.recheck();
      const folded = yield* pass.run(solver.pointPointer);
      checkpoint.passes++;
      if (folded.finite) record(folded.chi2);
      parts = split.get(folded.chi2) ?? new Float64Array(2 * datasets.length).fill(NaN);
    }
    let probe: 'minimum' | 'plateau' | undefined;
    if (answer.rank === 0 && answer.objective > 0 && answer.statusCode !== STATUS_MAX_ITERATIONS) {
      const start = free.map((j) => parameters.start[j]);
      const bounds = free.map((j) => parameters.bounds[j]);
      probe = yield* probeZeroJacobian(pass, solver.point, solver.pointPointer, answer.values, start, bounds, answer.objective, checkpoint);
    }
    const statistics = pass.statistics.map((s) => s ?? new Float64Array(4));
    const values = parameters.start.slice();
    free.forEach((j, a) => (values[j] = answer.values[a]));
    const raw: RawFit = {
      names: names.slice(),
      free: free.slice(),
      label: `${datasets.length} datasets sharing parameters by name (below)`,
      ...answerFields(answer, values),
      totalSumOfSquares: pooledTotalSumOfSquares(statistics),
      differenceSteps: undefined,
      sumOfSquares: statistics.reduce((sum, [k, w, wy, wyy]) => sum + Math.max(0, wyy + 2 * k * wy + k * k * w), 0),
      probe,
      absoluteSigma: options.absoluteSigma,
      rows: total(streams, (r) => r.rows),
      omittedRows: total(streams, (r) => r.omitted),
      evaluations: checkpoint.passes,
      memory: fitMemory(arena, chunkRows, blockRows),
    };
    const D = datasets.length;
    return {
      raw,
      datasets: datasets.map((d, k) => {
        const [, w, wy, wyy] = statistics[k];
        return {
          label: d.label,
          names: d.names.slice(),
          rows: d.rows.rows,
          omittedRows: d.rows.omitted,
          chi2: parts[k],
          objective: parts[D + k] / answer.scale / answer.scale,
          totalSumOfSquares: w > 0 ? wyy - (wy * wy) / w : 0,
        };
      }),
    };
  } finally {
    pass?.close();
    for (const d of datasets) d.rows.close();
    arena.release(mark);
  }
}

const total = (streams: RowStream[], count: (rows: RowStream) => number) => streams.reduce((sum, rows) => sum + count(rows), 0);

// How a dataset's values are named in messages: datasets[1].y[5], datasets[1].x.t[3], datasets[1].sigma[7].
function datasetNames(d: number, rows: RowStream): DataNames {
  return { prefix: `datasets[${d}].`, labels: rows.labels, sigmaLabel: 'sigma', locate: (row) => rows.locate(row) };
}

// Σw(y − ȳ_w)² over every dataset's rows, from each dataset's statistics (passes/statistics.ts).
function pooledTotalSumOfSquares(parts: Float64Array[]): number {
  const pooled = poolStatistics(parts);
  if (!pooled) return 0;
  const [, sw, swy, swyy] = pooled;
  return swyy - (swy * swy) / sw;
}
