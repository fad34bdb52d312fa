/**
 * The code that runs inside an arenafit worker (Web Worker or Node worker_threads): one engine,
 * fed by the calling thread. The worker runs the library itself — the bundle is one factory
 * function, and the worker's code is that function's source followed by startWorkerHost() (see
 * spawn.ts) — and receives the compiled WebAssembly modules in its first message.
 *
 * A fit's data arrive as a chunk source whose chunks() pulls one chunk at a time from the
 * calling thread — so a worker fit's memory is the arena plus a chunk, as on the calling thread.
 */
import { SCAN_OK } from '../../assembly/abi.ts';
import { createEngine, DEFAULT_ARENA_BYTES, type Engine } from '../engine.ts';
import { FitError } from '../errors.ts';
import { instantiateCore, useCoreModules, type CoreExports } from '../wasm/core.ts';
import { carveEvaluator, type EvaluatorViews } from '../workspace.ts';
import type { Chunk, ChunkSource } from '../sources/rows.ts';
import type { FromWorker, PassChunk, PassResult, ToWorker } from './protocol.ts';

interface Port {
  post(message: FromWorker, transfer?: ArrayBuffer[]): void;
  listen(handler: (message: ToWorker) => void): void;
}

// Node's worker_threads, or a Web Worker's global scope. In Node the module comes from
// process.getBuiltinModule (Node ≥ 20.16), or from the require that spawn.ts hands to eval'd
// code as globalThis.__arenafitRequire (a bare `require` here would be the bundler's shim).
function port(): Port {
  const node = globalThis as { process?: { getBuiltinModule?(name: string): unknown }; __arenafitRequire?: (name: string) => unknown };
  const load = node.process?.getBuiltinModule?.bind(node.process) ?? node.__arenafitRequire;
  const threads = load?.('node:worker_threads') as { parentPort: { postMessage(m: unknown, transfer?: ArrayBuffer[]): void; on(e: string, f: (m: ToWorker) => void): void } | null } | undefined;
  if (threads?.parentPort) {
    const parent = threads.parentPort;
    return { post: (m, transfer) => parent.postMessage(m, transfer), listen: (f) => parent.on('message', f) };
  }
  const scope = globalThis as unknown as { postMessage(m: unknown, transfer?: ArrayBuffer[]): void; addEventListener(e: string, f: (ev: { data: ToWorker }) => void): void };
  return { post: (m, transfer) => scope.postMessage(m, transfer ?? []), listen: (f) => scope.addEventListener('message', (ev) => f(ev.data)) };
}

let channel: Port;
let engine: Engine | undefined;
// Per fit: where the chunks of its current pass go, and the fit's AbortController.
interface Receiver {
  pass: number;
  deliver(chunk: Chunk | null): void;
  fail(error: unknown): void;
}
const receivers = new Map<number, Receiver>();
const controllers = new Map<number, AbortController>();

// Chunks asked for ahead of the one being folded: the next is on its way while this one is.
const PREFETCH = 2;

function remoteSource(id: number): ChunkSource {
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
      const ask = () => channel.post({ type: 'next', id, pass });
      channel.post({ type: 'begin', id, pass });
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
    const { report, ...plain } = result;
    channel.post({ type: 'result', id, result: plain, report: report() });
  } catch (error) {
    const e = error instanceof FitError ? error : new FitError('INTERNAL', `the worker failed: ${error instanceof Error ? error.message : String(error)}`);
    channel.post({ type: 'error', id, code: e.code, message: e.message });
  } finally {
    controllers.delete(id);
    receivers.delete(id);
  }
}

// Parallel passes: this worker folds its share of each pass's rows into a partial factor on a
// core of its own; the calling thread's solver merges the partial factors (driver.ts).
interface PassService {
  core: CoreExports;
  mark: number;
  views: EvaluatorViews;
  n1: number;
  u: number; // arena scratch for the trial point
  first: boolean;
  firstChunk: boolean;
  folded: number; // rows folded this pass
  badRow: number;
  scanError: PassResult['scanError'];
}
let service: PassService | undefined;
let serviceCore: CoreExports | undefined;

function passSetup(message: Extract<ToWorker, { type: 'passSetup' }>): void {
  if (!serviceCore) {
    serviceCore = instantiateCore();
    if (serviceCore.arenaInit(message.arenaBytes ?? DEFAULT_ARENA_BYTES) !== 1) throw new FitError('ARENA_TOO_SMALL', 'the worker could not size its arena');
  }
  const core = serviceCore;
  const mark = core.arenaMark() >>> 0;
  const views = carveEvaluator(core, message.spec);
  const p = message.spec.free.length;
  const u = core.arenaAlloc(8 * p) >>> 0;
  service = { core, mark, views, n1: p + 1, u, first: false, firstChunk: false, folded: 0, badRow: -1, scanError: undefined };
}

function passBegin(message: Extract<ToWorker, { type: 'passBegin' }>): void {
  const s = service!;
  new Float64Array(s.core.memory.buffer, s.u, message.u.length).set(message.u);
  s.core.evaluatorUnitSlope(s.views.evaluator, message.unitSlope ? 1 : 0);
  s.core.passBegin(s.views.evaluator, s.u);
  s.first = message.first;
  s.firstChunk = true;
  s.folded = 0;
  s.badRow = -1;
  s.scanError = undefined;
}

function passChunk(chunk: PassChunk): void {
  const s = service!;
  const { core, views } = s;
  if (s.badRow >= 0 || s.scanError) return; // the pass is already lost: skip the work
  chunk.x.forEach((column, k) => views.windowX[k].set(column));
  views.windowY.set(chunk.y);
  if (chunk.sigma) views.windowSigma!.set(chunk.sigma);
  const sourceRow = (i: number) => (chunk.sourceRows ? chunk.sourceRows[i] : chunk.firstRow + i);
  if (s.first) {
    const column = core.scanChunk(views.evaluator, chunk.rows, s.firstChunk ? 1 : 0, views.windowX.length);
    s.firstChunk = false;
    if (column !== SCAN_OK) {
      const i = core.evaluatorScanRow(views.evaluator);
      const v = views.windowX.length;
      const value = column < v ? views.windowX[column][i] : column === v ? views.windowY[i] : views.windowSigma![i];
      s.scanError = { column, row: sourceRow(i), value };
      return;
    }
  }
  const before = core.evaluatorFinite(views.evaluator) === 1 ? s.folded : -1;
  if (core.passChunk(views.evaluator, chunk.rows) !== 1 && before >= 0) {
    s.badRow = sourceRow(core.evaluatorBadRow(views.evaluator) - before);
  }
  s.folded += chunk.rows;
}

function passEnd(): PassResult {
  const s = service!;
  const { core, views } = s;
  const statistics = new Float64Array(4);
  const scratch = core.arenaAlloc(32) >>> 0;
  core.evaluatorStatistics(views.evaluator, scratch);
  statistics.set(new Float64Array(core.memory.buffer, scratch, 4));
  core.arenaRelease(scratch);
  return {
    factor: new Float64Array(core.memory.buffer, core.evaluatorFactor(views.evaluator) >>> 0, s.n1 * s.n1).slice(),
    objective: core.evaluatorObjective(views.evaluator),
    chi2: core.evaluatorChi2(views.evaluator),
    finite: core.evaluatorFinite(views.evaluator) === 1,
    badRow: s.badRow,
    statistics,
    scanError: s.scanError,
  };
}

function servePass(run: () => void): void {
  try {
    run();
  } catch (error) {
    const e = error instanceof FitError ? error : new FitError('INTERNAL', `the worker failed: ${error instanceof Error ? error.message : String(error)}`);
    channel.post({ type: 'passFailed', code: e.code, message: e.message });
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
        useCoreModules(message.modules);
        engine = createEngine(message.arenaBytes === undefined ? {} : { arenaBytes: message.arenaBytes });
        channel.post({ type: 'ready' });
      } catch (error) {
        channel.post({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
      }
      break;
    case 'fit':
      void fit(message);
      break;
    case 'chunk': {
      const receiver = receivers.get(message.id);
      if (receiver?.pass === message.pass) receiver.deliver(message.chunk); // else: a pass already over
      break;
    }
    case 'sourceError': {
      const receiver = receivers.get(message.id);
      if (receiver?.pass === message.pass) receiver.fail(new FitError(message.code as FitError['code'], message.message));
      break;
    }
    case 'abort':
      controllers.get(message.id)?.abort();
      break;
    case 'memory':
      channel.post({ type: 'memory', id: message.id, memory: engine!.memory() });
      break;
    case 'passSetup':
      servePass(() => {
        passSetup(message);
        channel.post({ type: 'passReady' });
      });
      break;
    case 'passBegin':
      servePass(() => passBegin(message));
      break;
    case 'passChunk':
      servePass(() => {
        passChunk(message.chunk);
        // The chunk's columns go back to be filled again: no new arrays per chunk.
        const { x, y, sigma } = message.chunk;
        const buffers = [...x.map((c) => c.buffer), y.buffer, ...(sigma ? [sigma.buffer] : [])] as ArrayBuffer[];
        channel.post({ type: 'chunkDone', buffers }, buffers);
      });
      break;
    case 'passEnd':
      servePass(() => channel.post({ type: 'passResult', result: passEnd() }));
      break;
    case 'passRelease':
      if (service) service.core.arenaRelease(service.mark);
      service = undefined;
      break;
  }
}
