/**
 * Starts a worker running the arenafit host code, the same way in Node and in browsers:
 * Node's worker_threads evaluates the code string; a browser runs it from a blob: URL (or from
 * `url`, for pages whose Content-Security-Policy forbids blob: workers).
 */
import { FitError } from '../errors.ts';
import { hostSource } from './host.gen.ts';

// The published bundles are one function, __ARENAFIT_FACTORY__, that builds the library
// (build/build.mjs): a worker runs that function's own source, so the worker's code is in the
// bundle once, not twice. Run from the sources (tests), the host is bundled separately.
declare const __ARENAFIT_FACTORY__: (() => unknown) | undefined;

function workerSource(): string {
  if (typeof __ARENAFIT_FACTORY__ === 'function') return `(${__ARENAFIT_FACTORY__.toString()})().__startWorkerHost();`;
  if (hostSource === '') throw new FitError('WORKER_FAILED', 'a worker started from the sources cannot start workers of its own; expected workers: 1 inside a worker fit');
  return hostSource;
}
import type { FromWorker, ToWorker } from './protocol.ts';

export interface WorkerHandle {
  /** Posts a message; the buffers in `transfer` move to the worker instead of being copied. */
  post(message: ToWorker, transfer?: ArrayBuffer[]): void;
  onMessage(handler: (message: FromWorker) => void): void;
  onError(handler: (error: unknown) => void): void;
  terminate(): void;
}

const isNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string' && typeof (globalThis as { window?: unknown }).window === 'undefined';

export const URL_HINT =
  "pass createWorkerFitter({ url }) with the URL of arenafit's dist/worker.js served by your site (a page's Content-Security-Policy may forbid blob: workers)";

export async function spawnWorker(url: string | URL | undefined): Promise<WorkerHandle> {
  if (isNode) {
    // A computed specifier keeps bundlers for the browser from trying to resolve a Node module.
    const name = 'node:worker_threads';
    const { Worker } = (await import(/* @vite-ignore */ name)) as typeof import('node:worker_threads');
    const worker = url === undefined ? new Worker(`if (typeof require === "function") globalThis.__arenafitRequire = require;\n${workerSource()}`, { eval: true }) : new Worker(url);
    worker.unref(); // an idle fitter does not keep the process alive
    return {
      post: (message, transfer) => worker.postMessage(message, transfer),
      onMessage: (handler) => worker.on('message', handler),
      onError: (handler) => worker.on('error', handler),
      terminate: () => void worker.terminate(),
    };
  }
  if (typeof Worker === 'undefined') {
    throw new FitError('WORKER_FAILED', 'this environment has no Worker; expected a browser, a Web Worker that can start workers, or Node');
  }
  let worker: Worker;
  try {
    worker = new Worker(url ?? URL.createObjectURL(new Blob([workerSource()], { type: 'text/javascript' })));
  } catch (error) {
    throw new FitError('WORKER_FAILED', `the worker could not start (${error instanceof Error ? error.message : String(error)}); ${URL_HINT}`, { cause: error });
  }
  return {
    post: (message, transfer) => worker.postMessage(message, transfer ?? []),
    onMessage: (handler) => worker.addEventListener('message', (event) => handler(event.data as FromWorker)),
    onError: (handler) => worker.addEventListener('error', (event) => handler(event)),
    terminate: () => worker.terminate(),
  };
}
