/**
 * The pass workers of an engine (`workers: k`): k − 1 worker threads, started on first use and
 * kept for later fits — held (keeping a Node process alive) only while a fit uses them. A worker
 * that dies fails the fit in flight with FitError WORKER_FAILED, and the next fit starts a
 * fresh set. `close()` ends them.
 *
 * At most IN_FLIGHT chunks per worker are in flight, so the data copied to workers stay bounded.
 */
import { FitError } from '../errors.ts';
import { coreModules } from '../wasm/core.ts';
import type { EvaluatorSpec } from '../wasm/evaluator.ts';
import { spawnWorker, type WorkerHandle } from '../threads/spawn.ts';
import type { FromPassWorker, PassChunk, PassResult, ToPassWorker } from './protocol.ts';

const IN_FLIGHT = 2;

export class PassWorker {
  #handle: WorkerHandle<ToPassWorker, FromPassWorker> | undefined;
  #inFlight = 0;
  #waiters: (() => void)[] = [];
  #replies: { resolve(message: FromPassWorker): void; reject(error: FitError): void }[] = [];
  #failure: FitError | undefined;
  #spare: ArrayBuffer[][] = [];

  static async start(arenaBytes: number, deterministic: boolean): Promise<PassWorker> {
    const worker = new PassWorker();
    worker.#handle = await spawnWorker<ToPassWorker, FromPassWorker>('passes', undefined, {
      message: (message) => worker.#receive(message),
      exit: (error) => worker.#fail(error),
    });
    worker.#handle.hold(true); // while it starts, the process waits for it
    try {
      await worker.request({ type: 'init', modules: coreModules(deterministic), arenaBytes });
    } catch (error) {
      worker.terminate();
      throw error;
    }
    return worker;
  }

  /** True once the worker has died or failed a request: the pool replaces it. */
  get dead(): boolean {
    return this.#failure !== undefined;
  }

  #receive(message: FromPassWorker): void {
    if (message.type === 'chunkDone') {
      this.#spare.push(message.buffers);
      this.#inFlight--;
      this.#waiters.shift()?.();
    } else if (message.type === 'failed') {
      this.#failure = new FitError(message.code as FitError['code'], message.message);
      this.#replies.shift()?.reject(this.#failure);
      for (const wake of this.#waiters.splice(0)) wake();
    } else {
      this.#replies.shift()?.resolve(message);
    }
  }

  // The worker died: everything waiting on it fails.
  #fail(error: FitError): void {
    this.#failure = error;
    for (const reply of this.#replies.splice(0)) reply.reject(error);
    for (const wake of this.#waiters.splice(0)) wake();
  }

  /** Posts a message and resolves with the worker's reply (ready, result), in order. */
  request(message: ToPassWorker): Promise<FromPassWorker> {
    if (this.#failure) return Promise.reject(this.#failure);
    return new Promise((resolve, reject) => {
      this.#replies.push({ resolve, reject });
      this.#handle!.post(message);
    });
  }

  post(message: ToPassWorker): void {
    if (this.#failure) throw this.#failure;
    this.#handle!.post(message);
  }

  /** Resolves when this worker can take another chunk. */
  room(): Promise<void> | undefined {
    if (this.#failure) throw this.#failure;
    return this.#inFlight < IN_FLIGHT ? undefined : new Promise((resolve) => this.#waiters.push(resolve));
  }

  /**
   * Columns for this worker's next chunk — x (one per variable), y, and sigma when `sigma` —
   * each of `rows` f64: the buffers of a chunk it has folded when they fit, else new ones.
   */
  columns(variables: number, sigma: boolean, rows: number): { x: Float64Array[]; y: Float64Array; sigma: Float64Array | undefined } {
    const want = variables + 1 + (sigma ? 1 : 0);
    let buffers = this.#spare.pop();
    if (!buffers || buffers.length !== want || buffers.some((b) => b.byteLength !== 8 * rows)) buffers = undefined;
    const column = (k: number) => (buffers ? new Float64Array(buffers[k]) : new Float64Array(rows));
    return { x: Array.from({ length: variables }, (_, k) => column(k)), y: column(variables), sigma: sigma ? column(variables + 1) : undefined };
  }

  send(chunk: PassChunk): void {
    if (this.#failure) throw this.#failure;
    this.#inFlight++;
    const transfer = [...chunk.x.map((c) => c.buffer), chunk.y.buffer, ...(chunk.sigma ? [chunk.sigma.buffer] : []), ...(chunk.sourceRows ? [chunk.sourceRows.buffer] : [])];
    this.#handle!.post({ type: 'chunk', chunk }, transfer as ArrayBuffer[]);
  }

  /** While a fit uses the worker it keeps the process alive; idle, it does not. */
  hold(on: boolean): void {
    this.#handle?.hold(on);
  }

  terminate(): void {
    this.#fail(new FitError('WORKER_TERMINATED', 'the engine was closed while a pass worker was in use'));
    this.#handle?.terminate();
  }
}

// `count` workers, or none: when one cannot start, those that did are ended (none is left held).
async function startAll(count: number, arenaBytes: number, deterministic: boolean): Promise<PassWorker[]> {
  const started = await Promise.allSettled(Array.from({ length: count }, () => PassWorker.start(arenaBytes, deterministic)));
  const failed = started.find((r) => r.status === 'rejected');
  if (!failed) return started.map((r) => (r as PromiseFulfilledResult<PassWorker>).value);
  for (const r of started) if (r.status === 'fulfilled') r.value.terminate();
  throw failed.reason;
}

/** An engine's pass workers, for parallel passes with `count` workers (the fit's thread is one). */
export class PassWorkers {
  readonly count: number;
  #workers: Promise<PassWorker[]> | undefined;
  readonly #arenaBytes: number;

  readonly #deterministic: boolean;

  /** `deterministic`: the workers run the engine's kernel build (core.ts coreModules). */
  constructor(count: number, arenaBytes: number, deterministic = false) {
    this.#deterministic = deterministic;
    this.count = count;
    this.#arenaBytes = arenaBytes;
  }

  /** The workers, started now if none are alive; held until `release`. */
  async acquire(): Promise<PassWorker[]> {
    let workers = this.#workers ? await this.#workers.catch(() => undefined) : undefined;
    if (!workers || workers.some((w) => w.dead)) {
      workers?.forEach((w) => w.terminate());
      const starting = startAll(this.count - 1, this.#arenaBytes, this.#deterministic);
      this.#workers = starting;
      starting.catch(() => undefined);
      workers = await starting;
    }
    for (const w of workers) w.hold(true);
    return workers;
  }

  /** Carves an evaluator in every worker (each has an arena the size of the engine's). */
  async setup(workers: PassWorker[], spec: EvaluatorSpec): Promise<void> {
    await Promise.all(workers.map((w) => w.request({ type: 'setup', spec })));
  }

  /** Ends a pass in every worker and collects their partial results. */
  end(workers: PassWorker[]): Promise<PassResult[]> {
    return Promise.all(workers.map(async (w) => ((await w.request({ type: 'end' })) as Extract<FromPassWorker, { type: 'result' }>).result));
  }

  /** The fit is over: workers release their evaluators and stop holding the process. */
  release(workers: PassWorker[]): void {
    for (const w of workers) {
      if (!w.dead) {
        try {
          w.post({ type: 'release' });
        } catch {
          // a worker that failed its last request has nothing to release
        }
      }
      w.hold(false);
    }
  }

  close(): void {
    const workers = this.#workers;
    this.#workers = undefined;
    void workers?.then((ws) => ws.forEach((w) => w.terminate()), () => undefined);
  }
}
