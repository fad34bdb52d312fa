/**
 * Carves a fit's evaluator — the model's bytecode and parameters, the VM's registers, the block
 * and the chunk window — from an arena, and writes the model into it. The pass driver does it
 * for a fit; a worker does the same for its share of the rows in parallel passes.
 */
import { LOSS_LINEAR } from '../assembly/abi.ts';
import { FitError } from './errors.ts';
import { LOSSES, type Loss } from './options.ts';
import type { CompiledProgram } from './models/index.ts';
import type { Bound } from './parameters.ts';
import type { CoreExports } from './wasm/core.ts';

/** Everything an evaluator needs, as plain data (it crosses to workers). */
export interface EvaluatorSpec {
  program: CompiledProgram;
  /** How many parameters the model has (fixed included). */
  parameters: number;
  /** Indices of the free parameters. */
  free: number[];
  /** Start values of every parameter (fixed ones stay at theirs). */
  start: Float64Array;
  bounds: Bound[];
  loss: Loss;
  fScale: number;
  hasSigma: boolean;
  chunkRows: number;
  blockRows: number;
}

export interface EvaluatorViews {
  evaluator: number;
  scalars: Float64Array;
  windowX: Float64Array[];
  windowY: Float64Array;
  windowSigma: Float64Array | undefined;
}

// The window's x columns, one view each (consecutive, chunkRows f64 apiece).
function windowColumns(buffer: ArrayBuffer, at: number, v: number, chunkRows: number): Float64Array[] {
  const columns: Float64Array[] = [];
  for (let k = 0; k < v; k++) columns.push(new Float64Array(buffer, at + 8 * k * chunkRows, chunkRows));
  return columns;
}

export function carveEvaluator(core: CoreExports, spec: EvaluatorSpec): EvaluatorViews {
  const { program, free, chunkRows } = spec;
  const p = free.length;
  const v = program.variables.length;
  const evaluator = core.evaluatorCreate(p, v, program.nScalars, program.nRegisters, program.prologue.length / 4, program.body.length / 4, spec.blockRows, chunkRows, spec.hasSigma ? 1 : 0) >>> 0;
  if (evaluator === 0) throw new FitError('INTERNAL', 'the planned workspace did not fit in the arena (please report this)');
  // Memory never grows after the engine is created, so views made now stay attached for the fit.
  const buffer = core.memory.buffer;
  new Int32Array(buffer, core.evaluatorPrologue(evaluator) >>> 0, program.prologue.length).set(program.prologue);
  new Int32Array(buffer, core.evaluatorBody(evaluator) >>> 0, program.body.length).set(program.body);
  const outputs = new Int32Array(buffer, core.evaluatorOutputs(evaluator) >>> 0, p + 1);
  outputs[0] = program.outputs[0];
  free.forEach((j, k) => (outputs[1 + k] = program.outputs[1 + j]));
  const scalars = new Float64Array(buffer, core.evaluatorScalars(evaluator) >>> 0, program.nScalars);
  scalars.set(spec.start.subarray(0, spec.parameters)); // fixed values stay in their slots
  scalars.set(program.constants, spec.parameters);
  free.forEach((j, k) => {
    const b = spec.bounds[j];
    core.evaluatorParameter(evaluator, k, j, b.kind, b.lo, b.hi);
  });
  core.evaluatorLoss(evaluator, LOSS_LINEAR + LOSSES.indexOf(spec.loss), spec.fScale); // LOSSES is in LOSS_* order
  return {
    evaluator,
    scalars,
    windowX: windowColumns(buffer, core.evaluatorWindowX(evaluator) >>> 0, v, chunkRows),
    windowY: new Float64Array(buffer, core.evaluatorWindowY(evaluator) >>> 0, chunkRows),
    windowSigma: spec.hasSigma ? new Float64Array(buffer, core.evaluatorWindowSigma(evaluator) >>> 0, chunkRows) : undefined,
  };
}
