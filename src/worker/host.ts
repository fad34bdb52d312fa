/**
 * The code that runs inside an arenafit worker (Web Worker or Node worker_threads): one engine,
 * fed by the calling thread. The worker runs the library itself — the bundle is one factory
 * function, and the worker's code is that function's source followed by startWorkerHost() (see
 * spawn.ts) — and receives the compiled WebAssembly module in its first message.
 *
 * A fit's data arrive as a chunk source whose chunks() pulls one chunk at a time from the
 * calling thread — so a worker fit's memory is the arena plus a chunk, as on the calling thread.
 */
import { createEngine, type Engine } from '../engine.ts';
import { FitError } from '../errors.ts';
import { useCoreModule } from '../wasm/core.ts';
import type { Chunk, ChunkSource } from '../sources/rows.ts';
import type { FromWorker, ToWorker } from './protocol.ts';

interface Port {
  post(message: FromWorker): void;
  listen(handler: (message: ToWorker) => void): void;
}

// Node's worker_threads, or a Web Worker's global scope. In Node the module comes from
// process.getBuiltinModule (Node ≥ 20.16), or from the require that spawn.ts hands to eval'd
// code as globalThis.__arenafitRequire (a bare `require` here would be the bundler's shim).
function port(): Port {
  const node = globalThis as { process?: { getBuiltinModule?(name: string): unknown }; __arenafitRequire?: (name: string) => unknown };
  const load = node.process?.getBuiltinModule?.bind(node.process) ?? node.__arenafitRequire;
  const threads = load?.('node:worker_threads') as { parentPort: { postMessage(m: unknown): void; on(e: string, f: (m: ToWorker) => void): void } | null } | undefined;
  if (threads?.parentPort) {
    const parent = threads.parentPort;
    return { post: (m) => parent.postMessage(m), listen: (f) => parent.on('message', f) };
  }
  const scope = globalThis as unknown as { postMessage(m: unknown): void; addEventListener(e: string, f: (ev: { data: ToWorker }) => void): void };
  return { post: (m) => scope.postMessage(m), listen: (f) => scope.addEventListener('message', (ev) => f(ev.data)) };
}

let channel: Port;
let engine: Engine | undefined;
// Per fit: the pending request for the next chunk, and the fit's AbortController.
const waiting = new Map<number, { resolve(chunk: Chunk | null): void; reject(error: unknown): void }>();
const controllers = new Map<number, AbortController>();

function remoteSource(id: number): ChunkSource {
  const nextChunk = () =>
    new Promise<Chunk | null>((resolve, reject) => {
      waiting.set(id, { resolve, reject });
      channel.post({ type: 'next', id });
    });
  return {
    chunks() {
      channel.post({ type: 'begin', id });
      return {
        [Symbol.asyncIterator]() {
          return {
            async next(): Promise<IteratorResult<Chunk>> {
              const chunk = await nextChunk();
              return chunk === null ? { done: true, value: undefined } : { done: false, value: chunk };
            },
          };
        },
      };
    },
  };
}

async function fit(message: Extract<ToWorker, { type: 'fit' }>): Promise<void> {
  const { id } = message;
  const controller = new AbortController();
  controllers.set(id, controller);
  try {
    const options = {
      ...message.options,
      signal: controller.signal,
      onProgress: message.progress ? (progress: { pass: number; iteration: number; rows: number; cost: number }) => channel.post({ type: 'progress', id, progress }) : undefined,
    };
    const result = await engine!.curveFit(message.model, remoteSource(id), options);
    const { report: _report, ...plain } = result;
    channel.post({ type: 'result', id, result: plain, label: message.model });
  } catch (error) {
    const e = error instanceof FitError ? error : new FitError('INTERNAL', `the worker failed: ${error instanceof Error ? error.message : String(error)}`);
    channel.post({ type: 'error', id, code: e.code, message: e.message });
  } finally {
    controllers.delete(id);
    waiting.delete(id);
  }
}

/** Turns this thread into an arenafit worker: listens for the calling thread's messages. */
export function startWorkerHost(): void {
  channel = port();
  channel.listen(handle);
}

function handle(message: ToWorker): void {
  switch (message.type) {
    case 'init':
      try {
        useCoreModule(message.module);
        engine = createEngine(message.arenaBytes === undefined ? {} : { arenaBytes: message.arenaBytes });
        channel.post({ type: 'ready' });
      } catch (error) {
        channel.post({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
      }
      break;
    case 'fit':
      void fit(message);
      break;
    case 'chunk':
      waiting.get(message.id)?.resolve(message.chunk);
      break;
    case 'sourceError':
      waiting.get(message.id)?.reject(new FitError(message.code as FitError['code'], message.message));
      break;
    case 'abort':
      controllers.get(message.id)?.abort();
      break;
    case 'memory':
      channel.post({ type: 'memory', id: message.id, memory: engine!.memory() });
      break;
  }
}
