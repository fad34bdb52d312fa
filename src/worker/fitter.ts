/**
 * createWorkerFitter: fits off the calling thread, in a Web Worker (browsers) or a
 * worker_threads worker (Node), with nothing to configure — the worker's code travels inside
 * the bundle and the compiled WebAssembly modules are posted to it.
 *
 * The data stay where they are: the worker pulls one chunk at a time (a copy of up to 65,536
 * rows, its buffer transferred), so a worker fit holds an arena and a chunk, not the arrays.
 * onProgress and signal work across the boundary; an error in the worker surfaces as the same
 * FitError with its code. Several fitters can run at once, each with its own worker and arena.
 */
import { FitError, describe } from '../errors.ts';
import type { FitOptions } from '../options.ts';
import type { FitResult } from '../result.ts';
import { isChunkSource, type Chunk, type ChunkSource, type NumericArray, type XInput } from '../sources/rows.ts';
import { coreModules } from '../wasm/core.ts';
import type { FromWorker } from './protocol.ts';
import { spawnWorker, URL_HINT, type WorkerHandle } from './spawn.ts';

/** Options of {@link createWorkerFitter}. */
export interface WorkerFitterOptions {
  /** The worker's arena capacity, as createEngine's arenaBytes. Default 4 MiB. */
  arenaBytes?: number;
  /**
   * The URL of arenafit's `dist/worker.js`, for pages whose Content-Security-Policy forbids
   * blob: workers. Default: the code inside the bundle, started from a blob: URL.
   */
  url?: string | URL;
}

export interface WorkerFitter {
  /** Fits an expression or built-in model in the worker; the same FitResult as curveFit. */
  curveFit(model: string, x: XInput, y: NumericArray, options?: FitOptions): Promise<FitResult>;
  /** Fits the rows of a chunk source (read on this thread, a chunk at a time) in the worker. */
  curveFit(model: string, source: ChunkSource, options?: FitOptions): Promise<FitResult>;
  /** The worker engine's memory figures. */
  memory(): Promise<unknown>;
  /** Stops the worker; fits still running reject with FitError WORKER_TERMINATED. */
  terminate(): void;
}

const CHUNK_ROWS = 65536;

interface Pending {
  resolve(value: unknown): void;
  reject(error: unknown): void;
  onProgress?: FitOptions['onProgress'];
  pump?: Pump;
}

// Serves one fit's data to the worker, a chunk per request, a new pass per 'begin'. Requests
// run one after another (an async source must not be asked twice at once), in arrival order.
class Pump {
  readonly #source: ChunkSource;
  #iterator: Iterator<Chunk> | AsyncIterator<Chunk> | undefined;
  #chain: Promise<void> = Promise.resolve();

  constructor(source: ChunkSource) {
    this.#source = source;
  }

  /** Runs `step` after every step queued before it. */
  then(step: () => Promise<void> | void): void {
    this.#chain = this.#chain.then(step, step);
  }

  begin(): void {
    const iterable = this.#source.chunks() as Iterable<Chunk> & AsyncIterable<Chunk>;
    this.#iterator = (iterable[Symbol.asyncIterator] ?? iterable[Symbol.iterator]).call(iterable);
  }

  async next(): Promise<{ chunk: Chunk | null; transfer: ArrayBuffer[] }> {
    const step = await this.#iterator!.next();
    if (step.done) return { chunk: null, transfer: [] };
    return copyChunk(step.value);
  }
}

// A chunk as fresh typed arrays the worker can own (transferred, not cloned twice).
function copyChunk(chunk: Chunk): { chunk: Chunk; transfer: ArrayBuffer[] } {
  const transfer: ArrayBuffer[] = [];
  const copy = (column: NumericArray): Float64Array | Float32Array => {
    const out = column instanceof Float32Array ? Float32Array.from(column) : Float64Array.from(column as ArrayLike<number>);
    transfer.push(out.buffer as ArrayBuffer);
    return out;
  };
  const x = Array.isArray(chunk.x) || ArrayBuffer.isView(chunk.x)
    ? copy(chunk.x as NumericArray)
    : Object.fromEntries(Object.entries(chunk.x as Record<string, NumericArray>).map(([k, v]) => [k, copy(v)]));
  const out: Chunk = { x, y: copy(chunk.y) };
  if (chunk.sigma !== undefined) out.sigma = copy(chunk.sigma);
  return { chunk: out, transfer };
}

// Arrays as a source of CHUNK_ROWS-row chunks (subarray views: copied only when sent).
function arraysAsSource(x: XInput, y: NumericArray, sigma: NumericArray | undefined): ChunkSource {
  const slice = (column: NumericArray, start: number, end: number): NumericArray =>
    ArrayBuffer.isView(column) ? (column as Float64Array).subarray(start, end) : Array.prototype.slice.call(column, start, end);
  const rows = y.length;
  return {
    *chunks() {
      for (let start = 0; start < Math.max(rows, 1); start += CHUNK_ROWS) {
        const end = Math.min(rows, start + CHUNK_ROWS);
        const cx = Array.isArray(x) || ArrayBuffer.isView(x)
          ? slice(x as NumericArray, start, end)
          : Object.fromEntries(Object.entries(x as Record<string, NumericArray>).map(([k, v]) => [k, slice(v, start, end)]));
        const chunk: Chunk = { x: cx, y: slice(y, start, end) };
        if (sigma) chunk.sigma = slice(sigma, start, end);
        yield chunk;
      }
    },
  };
}

export function createWorkerFitter(options: WorkerFitterOptions = {}): WorkerFitter {
  if (typeof options !== 'object' || options === null) {
    throw new FitError('INVALID_ARGUMENT', `createWorkerFitter options is ${describe(options)}; expected an object such as { arenaBytes: 4 << 20 }`);
  }
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let terminated = false;
  let worker: WorkerHandle | undefined;

  const failAll = (error: FitError) => {
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };

  const ready: Promise<WorkerHandle> = (async () => {
    const handle = await spawnWorker(options.url);
    worker = handle;
    await new Promise<void>((resolve, reject) => {
      handle.onError((error) => {
        const detail = error instanceof Error || (typeof error === 'object' && error !== null && 'message' in error) ? String((error as { message: unknown }).message) : describe(error);
        const e = new FitError('WORKER_FAILED', `the worker failed to start or crashed (${detail}); ${URL_HINT}`, { cause: error });
        reject(e);
        failAll(e);
      });
      handle.onMessage((message: FromWorker) => {
        if (message.type === 'ready') return resolve();
        if (message.type === 'failed') return reject(new FitError('WORKER_FAILED', `the worker could not start: ${message.message}`));
        void route(message);
      });
      handle.post({ type: 'init', modules: coreModules(), arenaBytes: options.arenaBytes });
    });
    return handle;
  })();
  ready.catch(() => undefined); // surfaced by the calls that await it

  async function route(message: FromWorker): Promise<void> {
    if (!('id' in message)) return; // start-up and parallel-pass messages are not a fit's
    const p = pending.get(message.id);
    if (!p) return;
    switch (message.type) {
      case 'begin': {
        const { id, pass } = message;
        p.pump!.then(() => {
          try {
            p.pump!.begin();
          } catch (error) {
            worker!.post({ type: 'sourceError', id, pass, code: 'SOURCE_ERROR', message: `the source threw: ${error instanceof Error ? error.message : describe(error)}` });
          }
        });
        break;
      }
      case 'next': {
        const { id, pass } = message;
        p.pump!.then(async () => {
          try {
            const { chunk, transfer } = await p.pump!.next();
            worker!.post({ type: 'chunk', id, pass, chunk }, transfer);
          } catch (error) {
            const e = error instanceof FitError ? error : new FitError('SOURCE_ERROR', `the source threw: ${error instanceof Error ? error.message : describe(error)}`);
            worker!.post({ type: 'sourceError', id, pass, code: e.code, message: e.message });
          }
        });
        break;
      }
      case 'progress':
        p.onProgress?.(message.progress);
        break;
      case 'result': {
        pending.delete(message.id);
        const result = message.result as FitResult;
        const text = message.report;
        result.report = () => text;
        p.resolve(result);
        break;
      }
      case 'error':
        pending.delete(message.id);
        p.reject(new FitError(message.code as FitError['code'], message.message));
        break;
      case 'memory':
        pending.delete(message.id);
        p.resolve(message.memory);
        break;
    }
  }

  async function request(make: (id: number) => Parameters<WorkerHandle['post']>[0], extra: Omit<Pending, 'resolve' | 'reject'> = {}): Promise<unknown> {
    if (terminated) throw new FitError('WORKER_TERMINATED', 'this worker fitter was terminated; expected a fitter from a new createWorkerFitter()');
    const handle = await ready;
    if (terminated) throw new FitError('WORKER_TERMINATED', 'the worker fitter was terminated while this fit was starting');
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject, ...extra });
      handle.post(make(id));
    });
  }

  return {
    async curveFit(model: string, data: XInput | ChunkSource, yOrOptions?: NumericArray | FitOptions, maybeOptions?: FitOptions): Promise<FitResult> {
      if (typeof model !== 'string') {
        throw new FitError('INVALID_ARGUMENT', `model is ${describe(model)}; a worker fit takes an expression or a built-in model's name (callbacks cannot cross to a worker: use curveFit on this thread)`);
      }
      const fromSource = isChunkSource(data);
      const all = ((fromSource ? yOrOptions : maybeOptions) ?? {}) as FitOptions;
      const { onProgress, signal, sigma, ...rest } = all;
      const source = fromSource ? data : arraysAsSource(data as XInput, yOrOptions as NumericArray, sigma);
      if (fromSource && sigma !== undefined) {
        throw new FitError('INVALID_OPTION', 'options.sigma was given with a chunk source; expected sigma in the chunks, { x, y, sigma }');
      }
      if (signal?.aborted) throw new FitError('ABORTED', 'the fit was aborted by its AbortSignal before it started', { cause: signal.reason });
      let id = 0;
      const run = request(
        (assigned) => {
          id = assigned;
          return { type: 'fit', id: assigned, model, options: rest as Record<string, unknown>, progress: typeof onProgress === 'function' };
        },
        { onProgress, pump: new Pump(source) },
      );
      const abort = () => worker?.post({ type: 'abort', id });
      signal?.addEventListener('abort', abort, { once: true });
      try {
        return (await run) as FitResult;
      } finally {
        signal?.removeEventListener('abort', abort);
      }
    },
    async memory() {
      return request((id) => ({ type: 'memory', id }));
    },
    terminate() {
      if (terminated) return;
      terminated = true;
      failAll(new FitError('WORKER_TERMINATED', 'the worker fitter was terminated while this fit was running'));
      void ready.then((handle) => handle.terminate(), () => undefined);
    },
  } as WorkerFitter;
}
