/**
 * The messages between a thread running a fit and its pass workers (`workers: k`). A pass
 * worker holds an evaluator of its own; each pass it receives the trial point, chunks of rows
 * (their buffers transferred, and handed back for reuse) and returns a partial factor.
 */
import type { CoreModules } from '../wasm/core.ts';
import type { EvaluatorSpec } from '../wasm/evaluator.ts';

/** One chunk of a parallel pass: columns copied for the worker, and where its rows come from. */
export interface PassChunk {
  x: Float64Array[];
  y: Float64Array;
  sigma: Float64Array | undefined;
  rows: number;
  /** The source row of the chunk's first row; the rest follow it (for messages). */
  firstRow: number;
  /** The source row of each row, when rows with NaN were skipped. */
  sourceRows: Float64Array | undefined;
}

/** What a worker folded in one parallel pass. */
export interface PassResult {
  factor: Float64Array; // R̃, (P+1)×(P+1) column-major
  objective: number;
  chi2: number;
  finite: boolean;
  overflow: boolean; // not finite only because a sum overflowed (the model was finite)
  badRow: number; // source row of the first non-finite residual, or −1
  statistics: Float64Array; // shift, Σw, Σw(y−shift), Σw(y−shift)² (first pass)
  scanError: { column: number; row: number; value: number } | undefined;
}

/** The fit's thread → a pass worker. */
export type ToPassWorker =
  | { type: 'init'; modules: CoreModules; arenaBytes: number }
  | { type: 'setup'; spec: EvaluatorSpec }
  | { type: 'begin'; point: Float64Array; first: boolean }
  | { type: 'chunk'; chunk: PassChunk }
  | { type: 'end' }
  | { type: 'release' };

/** A pass worker → the fit's thread. */
export type FromPassWorker =
  | { type: 'ready' } // after init, and after setup
  | { type: 'failed'; code: string; message: string } // init, setup or a chunk failed
  | { type: 'chunkDone'; buffers: ArrayBuffer[] } // the chunk's x columns, y, sigma: returned for reuse
  | { type: 'result'; result: PassResult };
