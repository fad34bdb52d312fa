/**
 * Parallel passes (`workers: k`): each pass's rows are split across k workers, chunk by chunk;
 * each folds its share into a partial factor R̃ₖ with its own evaluator, and the calling
 * thread merges them — R̃ = QR of the stacked R̃ₖ (passMergeFactor) — for the one solver. The
 * workers are the same ones createWorkerFitter starts (spawn.ts, host.ts), one mechanism.
 *
 * At most two chunks per worker are in flight, so the data copied to workers stay bounded.
 */
import { FitError } from '../errors.ts';
import { coreModules } from '../wasm/core.ts';
import type { EvaluatorSpec } from '../workspace.ts';
import type { FromWorker, PassChunk, PassResult } from './protocol.ts';
import { spawnWorker, type WorkerHandle } from './spawn.ts';

const IN_FLIGHT = 2;

class PassWorker {
  readonly handle: WorkerHandle;
  #inFlight = 0;
  #waiters: (() => void)[] = [];
  #replies: ((message: FromWorker) => void)[] = [];
  #failure: FitError | undefined;
  #spare: ArrayBuffer[][] = [];

  constructor(handle: WorkerHandle) {
    this.handle = handle;
    handle.onMessage((message) => {
      if (message.type === 'chunkDone') {
        this.#spare.push(message.buffers);
        this.#inFlight--;
        this.#waiters.shift()?.();
      } else if (message.type === 'passFailed') {
        this.#failure = new FitError(message.code as FitError['code'], message.message);
        this.#replies.shift()?.(message);
        for (const wake of this.#waiters.splice(0)) wake();
      } else if (message.type === 'passReady' || message.type === 'passResult' || message.type === 'ready' || message.type === 'failed') {
        this.#replies.shift()?.(message);
      }
    });
  }

  /** The next reply (ready, passReady, passResult), in order. */
  reply(): Promise<FromWorker> {
    return new Promise((resolve) => this.#replies.push(resolve));
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
    this.handle.post({ type: 'passChunk', chunk }, transfer as ArrayBuffer[]);
  }

  check(message: FromWorker): void {
    if (message.type === 'passFailed') throw new FitError(message.code as FitError['code'], message.message);
    if (message.type === 'failed') throw new FitError('WORKER_FAILED', `a pass worker could not start: ${message.message}`);
  }
}

/**
 * The k − 1 worker threads of an engine's parallel passes with k workers (the calling thread is
 * the k-th), started once and kept for its later fits.
 */
export class PassWorkers {
  readonly count: number;
  #workers: Promise<PassWorker[]> | undefined;
  readonly #arenaBytes: number;

  constructor(count: number, arenaBytes: number) {
    this.count = count;
    this.#arenaBytes = arenaBytes;
  }

  workers(): Promise<PassWorker[]> {
    this.#workers ??= Promise.all(
      Array.from({ length: this.count - 1 }, async () => {
        const worker = new PassWorker(await spawnWorker(undefined));
        const ready = worker.reply();
        worker.handle.post({ type: 'init', modules: coreModules(), arenaBytes: 64 << 10 });
        worker.check(await ready);
        return worker;
      }),
    );
    return this.#workers;
  }

  /** Carves an evaluator in every worker. */
  async setup(spec: EvaluatorSpec): Promise<PassWorker[]> {
    const workers = await this.workers();
    await Promise.all(workers.map(async (w) => {
      const ready = w.reply();
      w.handle.post({ type: 'passSetup', spec, arenaBytes: this.#arenaBytes });
      w.check(await ready);
    }));
    return workers;
  }

  /** Ends a pass in every worker and collects their partial results. */
  async end(workers: PassWorker[]): Promise<PassResult[]> {
    return Promise.all(workers.map(async (w) => {
      const reply = w.reply();
      w.handle.post({ type: 'passEnd' });
      const message = await reply;
      w.check(message);
      return (message as Extract<FromWorker, { type: 'passResult' }>).result;
    }));
  }

  release(workers: PassWorker[]): void {
    for (const w of workers) w.handle.post({ type: 'passRelease' });
  }

  terminate(): void {
    void this.#workers?.then((ws) => ws.forEach((w) => w.handle.terminate()), () => undefined);
    this.#workers = undefined;
  }
}

export type { PassWorker };
