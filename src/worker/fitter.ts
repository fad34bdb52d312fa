/**
 * createWorkerFitter: fits off the calling thread, in a Web Worker (browsers) or a
 * worker_threads worker (Node), with nothing to configure — the worker's code travels inside
 * the bundle and the compiled WebAssembly modules are posted to it.
 *
 * Every call is decoded and prepared on the calling thread first, exactly as curveFit does
 * (api/call.ts, driver/prepare.ts), so a bad argument is the same FitError here as there and
 * nothing is posted for it. The data stay where they are: the worker pulls one chunk at a time
 * (a checked copy of up to 65,536 rows, its buffer transferred), so a worker fit holds an
 * arena and a chunk, not the arrays. onProgress and signal work across the boundary — an abort
 * settles the fit at once, whatever the worker or the source is doing. A worker that dies fails
 * the fits in flight with WORKER_FAILED, and the next fit starts a fresh one; an idle worker
 * never keeps a Node process alive.
 */
import { decodeCall, type DecodedCall } from '../api/call.ts';
import { checkArenaBytes, checkDeterministic } from '../api/engine.ts';
import { drive } from '../api/runner.ts';
import { prepareFit } from '../driver/prepare.ts';
import { FitError, describe, readArgument } from '../errors.ts';
import { isModel, MODEL_NODE, type Model, type ModelNode } from '../models/composite/node.ts';
import type { FitOptions, FitProgress } from '../options/options.ts';
import { aborted, Checkpoint, progressError } from '../passes/checkpoint.ts';
import type { FitResult } from '../result/fit-result.ts';
import { fitResultFromJSON } from '../result/result-object.ts';
import { copyColumn, RowStream, sourceError, type Chunk, type ChunkSource, type NumericArray, type XInput } from '../sources/rows.ts';
import { spawnWorker, type WorkerHandle } from '../threads/spawn.ts';
import { coreModules } from '../wasm/core.ts';
import type { FromFitWorker, ToFitWorker } from './protocol.ts';

/** Options of {@link createWorkerFitter}. */
export interface WorkerFitterOptions {
  /** The worker's arena capacity, as createEngine's arenaBytes. Default 4 MiB. */
  arenaBytes?: number;
  /**
   * The URL of arenafit's `dist/worker.js`, for pages whose Content-Security-Policy forbids
   * blob: workers. Default: the code inside the bundle, started from a blob: URL.
   */
  url?: string | URL;
  /** The same bits on every machine, as createEngine's `deterministic`. Default false. */
  deterministic?: boolean;
}

export interface WorkerFitter {
  /**
   * Fits an expression, a built-in model, a model string of built-ins or a Model (model(): its
   * tree crosses to the worker as plain data) in the worker; the same FitResult as curveFit.
   */
  curveFit(model: string | Model, x: XInput, y: NumericArray, options?: FitOptions): Promise<FitResult>;
  /** Fits the rows of a chunk source (read on this thread, a chunk at a time) in the worker. */
  curveFit(model: string | Model, source: ChunkSource, options?: FitOptions): Promise<FitResult>;
  /** The worker engine's memory figures. */
  memory(): Promise<unknown>;
  /** Stops the worker; fits still running reject with FitError WORKER_TERMINATED. */
  terminate(): void;
  /** The same as terminate(): `using fitter = createWorkerFitter()`. */
  [Symbol.dispose](): void;
}

const CHUNK_ROWS = 65536;

interface Pending {
  resolve(value: unknown): void;
  reject(error: unknown): void;
  onProgress?: (progress: FitProgress) => void;
  pump?: Pump;
}

// Serves one fit's data to the worker, a chunk per request, a new pass per 'begin': read through
// a RowStream — the reader every pass uses — so the chunks are checked as on this thread, and
// copied into fresh arrays the worker can own. Requests run one after another (an async source
// must not be asked twice at once), in arrival order, each await raced against the fit's abort.
class Pump {
  readonly #rows: RowStream;
  readonly #checkpoint: Checkpoint;
  #opened = false;
  #chain: Promise<void> = Promise.resolve();

  constructor(call: DecodedCall, checkpoint: Checkpoint) {
    this.#rows = new RowStream(call.source, false, call.isArrays);
    this.#checkpoint = checkpoint;
  }

  /** Runs `step` after every step queued before it. */
  then(step: () => Promise<void> | void): void {
    this.#chain = this.#chain.then(step, step);
  }

  async begin(): Promise<void> {
    if (!this.#opened) await drive(this.#rows.open(), this.#checkpoint);
    this.#opened = true;
    this.#rows.begin();
  }

  async next(): Promise<{ chunk: Chunk | null; transfer: ArrayBuffer[] }> {
    const rows = this.#rows;
    const column = () => new Float64Array(CHUNK_ROWS);
    const targets = { x: rows.variables.map(column), y: column(), sigma: rows.hasSigma ? column() : undefined, copy: copyColumn };
    const n = await drive(rows.fill(targets, CHUNK_ROWS), this.#checkpoint);
    if (n === 0) {
      rows.end();
      return { chunk: null, transfer: [] };
    }
    const cut = (c: Float64Array) => (n < CHUNK_ROWS ? c.slice(0, n) : c);
    const x = targets.x.map(cut);
    const chunk: Chunk = { x: rows.labels[0] === 'x' ? x[0] : Object.fromEntries(rows.variables.map((name, k) => [name, x[k]])), y: cut(targets.y) };
    if (targets.sigma) chunk.sigma = cut(targets.sigma);
    return { chunk, transfer: [...x, chunk.y as Float64Array, ...(chunk.sigma ? [chunk.sigma as Float64Array] : [])].map((c) => c.buffer as ArrayBuffer) };
  }

  close(): void {
    this.#rows.close();
  }
}

function checkFitterOptions(options: WorkerFitterOptions): { arenaBytes: number; url: string | URL | undefined; deterministic: boolean } {
  for (const key of Object.keys(options)) {
    if (key !== 'arenaBytes' && key !== 'url' && key !== 'deterministic') {
      throw new FitError('INVALID_OPTION', `createWorkerFitter options.${key} is not an option; expected arenaBytes, url or deterministic`);
    }
  }
  const { url } = options;
  if (url !== undefined && typeof url !== 'string' && !(typeof URL !== 'undefined' && url instanceof URL)) {
    throw new FitError('INVALID_OPTION', `createWorkerFitter options.url is ${describe(url)}; expected a string or URL of dist/worker.js`);
  }
  return { arenaBytes: checkArenaBytes(options.arenaBytes), url, deterministic: checkDeterministic(options.deterministic, 'createWorkerFitter options.deterministic') };
}

export function createWorkerFitter(options: WorkerFitterOptions = {}): WorkerFitter {
  if (typeof options !== 'object' || options === null) {
    throw new FitError('INVALID_ARGUMENT', `createWorkerFitter options is ${describe(options)}; expected an object such as { arenaBytes: 4 << 20 }`);
  }
  const { arenaBytes, url, deterministic } = readArgument('createWorkerFitter options', () => checkFitterOptions(options));
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let terminated = false;
  let worker: Promise<WorkerHandle<ToFitWorker, FromFitWorker>> | undefined;
  let handle: WorkerHandle<ToFitWorker, FromFitWorker> | undefined;

  const settle = (id: number) => {
    const p = pending.get(id);
    pending.delete(id);
    p?.pump?.close();
    if (pending.size === 0) handle?.hold(false);
    return p;
  };
  const failAll = (error: FitError) => {
    for (const id of [...pending.keys()]) settle(id)!.reject(error);
  };

  // The worker, started on first use and again after one dies.
  const start = (): Promise<WorkerHandle<ToFitWorker, FromFitWorker>> => {
    let ready!: () => void;
    let failed!: (error: FitError) => void;
    const started = new Promise<void>((resolve, reject) => ((ready = resolve), (failed = reject)));
    const current = (async () => {
      const h = await spawnWorker<ToFitWorker, FromFitWorker>('fit', url, {
        message: (message) => {
          if (message.type === 'ready') return ready();
          if (message.type === 'failed') {
            failed(new FitError('WORKER_FAILED', `the worker could not start: ${message.message}`));
            return void handle?.terminate(); // a worker that cannot fit is no use alive
          }
          route(message);
        },
        exit: (error) => {
          if (worker === current) {
            worker = undefined; // the next fit starts a fresh worker
            handle = undefined;
          }
          failed(error);
          failAll(error);
        },
      });
      handle = h;
      if (pending.size > 0) h.hold(true);
      h.post({ type: 'init', modules: coreModules(deterministic), arenaBytes });
      await started;
      return h;
    })();
    current.catch(() => undefined); // surfaced by the calls that await it
    return current;
  };
  worker = start();

  function route(message: FromFitWorker): void {
    if (!('id' in message)) return;
    const p = pending.get(message.id);
    if (!p) return; // a fit already settled (aborted, say): its late messages are dropped
    const { id } = message;
    switch (message.type) {
      case 'begin':
        p.pump!.then(async () => {
          try {
            await p.pump!.begin();
          } catch (error) {
            const e = sourceError(error);
            handle?.post({ type: 'sourceError', id, pass: message.pass, code: e.code, message: e.message });
          }
        });
        return;
      case 'next':
        p.pump!.then(async () => {
          if (!pending.has(id)) return;
          try {
            const { chunk, transfer } = await p.pump!.next();
            if (pending.has(id)) handle?.post({ type: 'chunk', id, pass: message.pass, chunk }, transfer);
          } catch (error) {
            const e = sourceError(error);
            if (pending.has(id)) handle?.post({ type: 'sourceError', id, pass: message.pass, code: e.code, message: e.message });
          }
        });
        return;
      case 'progress':
        try {
          p.onProgress?.(message.progress);
        } catch (error) {
          handle?.post({ type: 'abort', id });
          settle(id)!.reject(progressError(error));
        }
        return;
      case 'result': {
        let result: FitResult;
        try {
          result = fitResultFromJSON(message.result);
        } catch (error) {
          settle(id)!.reject(error);
          return;
        }
        settle(id)!.resolve(result);
        return;
      }
      case 'error':
        settle(id)!.reject(new FitError(message.code as FitError['code'], message.message));
        return;
      case 'memory':
        settle(id)!.resolve(message.memory);
        return;
    }
  }

  // Sends a request once the worker is ready; resolves with its answer.
  async function request(make: (id: number) => ToFitWorker, extra: Omit<Pending, 'resolve' | 'reject'> = {}, signal?: AbortSignal): Promise<unknown> {
    if (terminated) throw new FitError('WORKER_TERMINATED', 'this worker fitter was terminated; expected a fitter from a new createWorkerFitter()');
    const id = nextId++;
    const answer = new Promise((resolve, reject) => pending.set(id, { resolve, reject, ...extra }));
    handle?.hold(true);
    const onAbort = () => {
      if (!pending.has(id)) return;
      handle?.post({ type: 'abort', id });
      settle(id)!.reject(aborted(signal!));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    if (signal?.aborted) onAbort(); // aborted while the call was being prepared
    try {
      worker ??= start();
      const h = await Promise.race([worker, answer.then(() => undefined, () => undefined)]);
      if (h && pending.has(id)) {
        try {
          h.post(make(id));
        } catch (error) {
          settle(id)!.reject(new FitError('INVALID_OPTION', `the fit's options could not be sent to the worker (${error instanceof Error ? error.message : describe(error)}); expected plain numbers, strings, arrays and objects`, { cause: error }));
        }
      }
    } catch (error) {
      if (pending.has(id)) settle(id)!.reject(error);
    }
    try {
      return await answer;
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  const fitter: WorkerFitter = {
    async curveFit(model: string | Model, data: XInput | ChunkSource, yOrOptions?: NumericArray | FitOptions, maybeOptions?: FitOptions): Promise<FitResult> {
      if (terminated) throw new FitError('WORKER_TERMINATED', 'this worker fitter was terminated; expected a fitter from a new createWorkerFitter()');
      // A Model crosses as its tree, plain data — a callback Model cannot.
      const tree = isModel(model) ? model[MODEL_NODE] : undefined;
      if (typeof model !== 'string' && (!tree || tree.kind === 'callback')) {
        throw new FitError('INVALID_ARGUMENT', `model is ${tree ? 'a Model of a callback' : describe(model)}; a worker fit takes an expression, a built-in model's name or a Model of them (callbacks cannot cross to a worker: use curveFit on this thread)`);
      }
      const posted: string | ModelNode = tree ?? (model as string);
      const call = decodeCall(model, data, yOrOptions, maybeOptions);
      const { run } = call;
      // Prepared here as on any engine — model, parameters, the first chunk — then in the worker again.
      const checkpoint = new Checkpoint(run);
      (await drive(prepareFit(call), checkpoint)).rows.close();
      const { sigma: _sigma, ...definition } = call.options; // sigma travels in the chunks
      const plain = Object.fromEntries(Object.entries(definition).filter(([, value]) => value !== undefined));
      return (await request(
        (id) => ({ type: 'fit', id, model: posted, options: plain, progress: run.onProgress !== undefined }),
        { onProgress: run.onProgress, pump: new Pump(call, new Checkpoint(run)) },
        run.signal,
      )) as FitResult;
    },
    async memory() {
      return request((id) => ({ type: 'memory', id }));
    },
    terminate() {
      if (terminated) return;
      terminated = true;
      failAll(new FitError('WORKER_TERMINATED', 'the worker fitter was terminated while this fit was running'));
      const current = worker;
      worker = undefined;
      void current?.then((h) => h.terminate(), () => undefined);
    },
    [Symbol.dispose]() {
      fitter.terminate();
    },
  };
  return fitter;
}
