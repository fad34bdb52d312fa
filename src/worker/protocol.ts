/**
 * The messages between a thread and an arenafit worker. Data move in chunks, pulled by the
 * worker one at a time (never the whole arrays); options that are functions or signals stay
 * on the calling thread and cross as progress and abort messages.
 */
import type { FitResult } from '../result.ts';
import type { Chunk } from '../sources/rows.ts';

/** The calling thread → the worker. */
export type ToWorker =
  | { type: 'init'; module: WebAssembly.Module; arenaBytes: number | undefined }
  | { type: 'fit'; id: number; model: string; options: Record<string, unknown>; progress: boolean }
  | { type: 'chunk'; id: number; chunk: Chunk | null } // null: the pass has no more rows
  | { type: 'sourceError'; id: number; code: string; message: string }
  | { type: 'abort'; id: number }
  | { type: 'memory'; id: number };

/** The worker → the calling thread. */
export type FromWorker =
  | { type: 'ready' }
  | { type: 'begin'; id: number } // a new pass: start the source over
  | { type: 'next'; id: number } // send the next chunk
  | { type: 'progress'; id: number; progress: { pass: number; iteration: number; rows: number; cost: number } }
  | { type: 'result'; id: number; result: Omit<FitResult, 'report'>; label: string }
  | { type: 'error'; id: number; code: string; message: string }
  | { type: 'memory'; id: number; memory: unknown }
  | { type: 'failed'; message: string }; // the worker could not start (no WebAssembly, …)
