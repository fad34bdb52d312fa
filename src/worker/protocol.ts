/**
 * The messages between a thread and an arenafit worker. Data move in chunks, pulled by the
 * worker one at a time (never the whole arrays); options that are functions or signals stay
 * on the calling thread and cross as progress and abort messages.
 */
import type { FitResult } from '../result.ts';
import type { Chunk } from '../sources/rows.ts';
import type { EvaluatorSpec } from '../workspace.ts';
import type { CoreModules } from '../wasm/core.ts';

/** One chunk of a parallel pass: columns copied for the worker, and where its rows come from. */
export interface PassChunk {
  x: Float64Array[];
  y: Float64Array;
  sigma: Float64Array | undefined;
  rows: number;
  /** The source row of the chunk's first row; the rest follow it (for messages). */
  firstRow: number;
  /** The source row of each row, when rows with NaN were skipped (first pass only). */
  sourceRows: Float64Array | undefined;
}

/** What a worker folded in one parallel pass. */
export interface PassResult {
  factor: Float64Array; // R̃, (P+1)×(P+1) column-major
  objective: number;
  chi2: number;
  finite: boolean;
  badRow: number; // source row of the first non-finite residual, or −1
  statistics: Float64Array; // shift, Σw, Σw(y−shift), Σw(y−shift)² (first pass)
  scanError: { column: number; row: number; value: number } | undefined;
}

/** The calling thread → the worker. */
export type ToWorker =
  | { type: 'init'; modules: CoreModules; arenaBytes: number | undefined }
  | { type: 'fit'; id: number; model: string; options: Record<string, unknown>; progress: boolean }
  | { type: 'chunk'; id: number; pass: number; chunk: Chunk | null } // null: the pass has no more rows
  | { type: 'sourceError'; id: number; pass: number; code: string; message: string }
  | { type: 'abort'; id: number }
  | { type: 'memory'; id: number }
  | { type: 'passSetup'; spec: EvaluatorSpec; arenaBytes: number | undefined }
  | { type: 'passBegin'; u: Float64Array; unitSlope: boolean; first: boolean }
  | { type: 'passChunk'; chunk: PassChunk }
  | { type: 'passEnd' }
  | { type: 'passRelease' };

/** The worker → the calling thread. */
export type FromWorker =
  | { type: 'ready' }
  | { type: 'begin'; id: number; pass: number } // a new pass: start the source over
  | { type: 'next'; id: number; pass: number } // send the next chunk of this pass
  | { type: 'progress'; id: number; progress: { pass: number; iteration: number; rows: number; cost: number } }
  | { type: 'result'; id: number; result: Omit<FitResult, 'report'>; report: string } // report(): its text, made in the worker
  | { type: 'error'; id: number; code: string; message: string }
  | { type: 'memory'; id: number; memory: unknown }
  | { type: 'failed'; message: string } // the worker could not start (no WebAssembly, …)
  | { type: 'passReady' }
  | { type: 'chunkDone'; buffers: ArrayBuffer[] } // the chunk's x columns, y, sigma: returned for reuse
  | { type: 'passResult'; result: PassResult }
  | { type: 'passFailed'; code: string; message: string };
