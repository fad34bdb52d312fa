/**
 * Starts a worker running arenafit's own code, the same way in Node and in browsers: Node's
 * worker_threads evaluates the code string; a browser runs it from a blob: URL (or from `url`,
 * for pages whose Content-Security-Policy forbids blob: workers). A worker has a role — 'fit'
 * (createWorkerFitter: whole fits) or 'passes' (`workers: k`: shares of each pass) — and each
 * role has its own protocol; this file knows neither.
 *
 * Lifecycle: a worker is unref'd while idle, so an idle fitter or engine never keeps a Node
 * process alive, and ref'd while a fit uses it. Its death ('error' or 'exit') is reported once
 * to `onExit`, whoever is waiting.
 */
import { FitError, describe } from '../errors.ts';
import { hostSource } from '../generated/host.gen.ts';

/** What a worker runs: whole fits, or shares of passes. */
export type WorkerRole = 'fit' | 'passes';

// The published bundles are one function, __ARENAFIT_FACTORY__, that builds the library
// (build/build.mjs): a worker runs that function's own source, so the worker's code is in the
// bundle once, not twice. Run from the sources (tests), the host is bundled separately and
// exposes the same entry as __arenafitHost.
declare const __ARENAFIT_FACTORY__: (() => unknown) | undefined;

function workerSource(role: WorkerRole): string {
  const start = `.__startWorkerHost(${JSON.stringify(role)});`;
  if (typeof __ARENAFIT_FACTORY__ === 'function') return `(${__ARENAFIT_FACTORY__.toString()})()${start}`;
  if (hostSource === '') throw new FitError('WORKER_FAILED', 'a worker started from the sources cannot start workers of its own; expected workers: 1 inside a worker fit');
  return `${hostSource}\n__arenafitHost${start}`;
}

export interface WorkerHandle<In, Out> {
  /** Posts a message; the buffers in `transfer` move to the worker instead of being copied. */
  post(message: In, transfer?: ArrayBuffer[]): void;
  /** While held, the worker keeps a Node process alive (a fit is using it); idle, it does not. */
  hold(on: boolean): void;
  terminate(): void;
}

export interface WorkerEvents<Out> {
  message(message: Out): void;
  /** The worker died or could not start: called once, with a FitError WORKER_FAILED. */
  exit(error: FitError): void;
}

const isNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string' && typeof (globalThis as { window?: unknown }).window === 'undefined';

export const URL_HINT =
  "pass createWorkerFitter({ url }) with the URL of arenafit's dist/worker.js served by your site (a page's Content-Security-Policy may forbid blob: workers)";

function failure(detail: unknown, hint: string): FitError {
  const text = detail instanceof Error || (typeof detail === 'object' && detail !== null && 'message' in detail) ? String((detail as { message: unknown }).message) : describe(detail);
  return new FitError('WORKER_FAILED', `the worker failed to start or died (${text})${hint}`, { cause: detail });
}

export async function spawnWorker<In, Out>(role: WorkerRole, url: string | URL | undefined, events: WorkerEvents<Out>): Promise<WorkerHandle<In, Out>> {
  let ended = false;
  let terminating = false;
  const exit = (error: FitError) => {
    if (ended) return;
    ended = true;
    if (!terminating) events.exit(error);
  };
  if (isNode) {
    // A computed specifier keeps bundlers for the browser from trying to resolve a Node module.
    const name = 'node:worker_threads';
    const { Worker } = (await import(/* @vite-ignore */ name)) as typeof import('node:worker_threads');
    const worker = url === undefined
      ? new Worker(`if (typeof require === "function") globalThis.__arenafitRequire = require;\n${workerSource(role)}`, { eval: true })
      : new Worker(url); // dist/worker.js: a fit worker (only createWorkerFitter takes a url)
    worker.on('message', (message: Out) => events.message(message));
    worker.on('error', (error) => exit(failure(error, '')));
    worker.on('exit', (code) => exit(new FitError('WORKER_FAILED', `the worker exited with code ${code} while in use; the next fit starts a new one`)));
    // After the listeners: adding a 'message' listener refs the worker again.
    worker.unref();
    return {
      post: (message, transfer) => worker.postMessage(message, transfer),
      hold: (on) => (on ? worker.ref() : worker.unref()),
      terminate: () => {
        terminating = true;
        void worker.terminate();
      },
    };
  }
  if (typeof Worker === 'undefined') {
    throw new FitError('WORKER_FAILED', 'this environment has no Worker; expected a browser, a Web Worker that can start workers, or Node');
  }
  let worker: Worker;
  try {
    worker = url === undefined ? new Worker(URL.createObjectURL(new Blob([workerSource(role)], { type: 'text/javascript' }))) : new Worker(url);
  } catch (error) {
    throw failure(error, `; ${URL_HINT}`);
  }
  worker.addEventListener('message', (event) => events.message(event.data as Out));
  worker.addEventListener('error', (event) => {
    event.preventDefault?.();
    exit(failure(event, `; ${URL_HINT}`));
  });
  return {
    post: (message, transfer) => worker.postMessage(message, transfer ?? []),
    hold: () => undefined, // a page's workers never keep anything alive
    terminate: () => {
      terminating = true;
      ended = true;
      worker.terminate();
    },
  };
}
