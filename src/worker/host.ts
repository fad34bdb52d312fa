/**
 * The fit worker's side (createWorkerFitter): one engine, fed by the calling thread. The worker
 * runs the library itself (threads/spawn.ts) and receives the compiled WebAssembly modules in
 * its first message.
 *
 * A fit's data arrive as a chunk source whose chunks() pulls one chunk at a time from the
 * calling thread — so a worker fit's memory is the arena plus a chunk, as on the calling thread.
 */
import { createEngine, type Engine } from '../api/engine.ts';
import { FitError } from '../errors.ts';
import { modelFromNode } from '../models/composite/model.ts';
import type { Chunk, ChunkSource } from '../sources/rows.ts';
import type { Port } from '../threads/port.ts';
import { useCoreModules } from '../wasm/core.ts';
import type { FromFitWorker, ToFitWorker } from './protocol.ts';

// Chunks asked for ahead of the one being folded: the next is on its way while this one is.
const PREFETCH = 2;

// Per fit: where the chunks of its current pass go.
interface Receiver {
  pass: number;
  deliver(chunk: Chunk | null): void;
  fail(error: unknown): void;
}

export function startFitHost(port: Port<ToFitWorker, FromFitWorker>): void {
  let engine: Engine | undefined;
  const receivers = new Map<number, Receiver>();
  const controllers = new Map<number, AbortController>();

  // The calling thread's data, as a source: each chunks() is a new pass, pulled chunk by chunk.
  const remoteSource = (id: number): ChunkSource => {
    let passes = 0;
    return {
      chunks() {
        const pass = ++passes;
        const queue: (Chunk | null)[] = [];
        let waiter: { resolve(chunk: Chunk | null): void; reject(error: unknown): void } | undefined;
        let failure: unknown;
        let ended = false;
        receivers.set(id, {
          pass,
          deliver(chunk) {
            if (waiter) waiter.resolve(chunk);
            else queue.push(chunk);
            waiter = undefined;
          },
          fail(error) {
            if (waiter) waiter.reject(error);
            else failure = error;
            waiter = undefined;
          },
        });
        const ask = () => port.post({ type: 'next', id, pass });
        port.post({ type: 'begin', id, pass });
        for (let k = 0; k < PREFETCH; k++) ask();
        const done: IteratorResult<Chunk> = { done: true, value: undefined };
        return {
          [Symbol.asyncIterator]() {
            return {
              async next(): Promise<IteratorResult<Chunk>> {
                if (ended) return done;
                if (failure !== undefined) throw failure;
                const chunk = queue.length > 0 ? queue.shift()! : await new Promise<Chunk | null>((resolve, reject) => (waiter = { resolve, reject }));
                if (chunk === null) {
                  ended = true;
                  return done;
                }
                ask();
                return { done: false, value: chunk };
              },
            };
          },
        };
      },
    };
  };

  const fit = async (message: Extract<ToFitWorker, { type: 'fit' }>): Promise<void> => {
    const { id } = message;
    const controller = new AbortController();
    controllers.set(id, controller);
    try {
      const options = {
        ...message.options,
        signal: controller.signal,
        onProgress: message.progress ? (progress: { pass: number; iteration: number; rows: number; cost: number }) => port.post({ type: 'progress', id, progress }) : undefined,
      };
      // A Model came as its tree: the same Model again, here.
      const model = typeof message.model === 'string' ? message.model : modelFromNode(message.model);
      const result = await engine!.curveFit(model, remoteSource(id), options);
      // Its data as JSON values; the calling thread makes a FitResult of them again (fitResultFromJSON).
      port.post({ type: 'result', id, result: result.toJSON() });
    } catch (error) {
      const e = error instanceof FitError ? error : new FitError('INTERNAL', `the worker failed: ${error instanceof Error ? error.message : String(error)} (please report this)`);
      port.post({ type: 'error', id, code: e.code, message: e.message });
    } finally {
      controllers.delete(id);
      receivers.delete(id);
    }
  };

  port.listen((message) => {
    switch (message.type) {
      case 'init':
        try {
          useCoreModules(message.modules);
          engine = createEngine({ arenaBytes: message.arenaBytes });
          port.post({ type: 'ready' });
        } catch (error) {
          port.post({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
        }
        return;
      case 'fit':
        void fit(message);
        return;
      case 'chunk': {
        const receiver = receivers.get(message.id);
        if (receiver?.pass === message.pass) receiver.deliver(message.chunk); // else: a pass already over
        return;
      }
      case 'sourceError': {
        const receiver = receivers.get(message.id);
        if (receiver?.pass === message.pass) receiver.fail(new FitError(message.code as FitError['code'], message.message));
        return;
      }
      case 'abort':
        controllers.get(message.id)?.abort();
        return;
      case 'memory':
        port.post({ type: 'memory', id: message.id, memory: engine!.memory() });
        return;
    }
  });
}
