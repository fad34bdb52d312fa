/**
 * The messages between a thread and its fit worker (createWorkerFitter): whole fits. Data move
 * in chunks, pulled by the worker one at a time (never the whole arrays); options that are
 * functions or signals stay on the calling thread and cross as progress and abort messages.
 * Pass workers (`workers: k`) speak their own protocol (passes/protocol.ts).
 */
import type { FitResultJSON } from '../result/fit-result.ts';
import type { ModelNode } from '../models/composite/node.ts';
import type { Chunk } from '../sources/rows.ts';
import type { CoreModules } from '../wasm/core.ts';

/** The calling thread → the fit worker. */
export type ToFitWorker =
  | { type: 'init'; modules: CoreModules; arenaBytes: number }
  | { type: 'fit'; id: number; model: string | ModelNode; options: Record<string, unknown>; progress: boolean } // a Model as its tree
  | { type: 'chunk'; id: number; pass: number; chunk: Chunk | null } // null: the pass has no more rows
  | { type: 'sourceError'; id: number; pass: number; code: string; message: string }
  | { type: 'abort'; id: number }
  | { type: 'memory'; id: number };

/** The fit worker → the calling thread. */
export type FromFitWorker =
  | { type: 'ready' }
  | { type: 'failed'; message: string } // the worker could not start (no WebAssembly, …)
  | { type: 'begin'; id: number; pass: number } // a new pass: start the source over
  | { type: 'next'; id: number; pass: number } // send the next chunk of this pass
  | { type: 'progress'; id: number; progress: { pass: number; iteration: number; rows: number; cost: number } }
  | { type: 'result'; id: number; result: FitResultJSON } // r.toJSON(): fitResultFromJSON gives the FitResult back
  | { type: 'error'; id: number; code: string; message: string }
  | { type: 'memory'; id: number; memory: unknown };
