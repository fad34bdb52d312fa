/**
 * A pass worker's side (`workers: k`): folds its share of each pass's rows into a partial
 * factor with an evaluator of its own, in an arena of its own; the fit's thread merges the
 * partial factors (parallel.ts). Data errors are reported, not thrown: the fit's thread names
 * them (data-errors.ts) as it would its own.
 */
import { FitError } from '../errors.ts';
import { SCAN_CHECK, SCAN_CONTINUE, SCAN_OK, SCAN_SIGMA, SCAN_START } from '../wasm/abi.ts';
import { useCoreModules } from '../wasm/core.ts';
import type { Evaluator } from '../wasm/evaluator.ts';
import { WasmInstance } from '../wasm/instance.ts';
import type { Port } from '../threads/port.ts';
import { scannedValue } from './data-errors.ts';
import type { FromPassWorker, PassChunk, PassResult, ToPassWorker } from './protocol.ts';

interface Service {
  mark: number;
  evaluator: Evaluator;
  point: { at: number; values: Float64Array };
  first: boolean;
  folded: number; // rows folded this pass
  badRow: number;
  scanError: PassResult['scanError'];
}

export function startPassHost(port: Port<ToPassWorker, FromPassWorker>): void {
  let instance: WasmInstance | undefined;
  let service: Service | undefined;

  const fold = (chunk: PassChunk): void => {
    const s = service!;
    const { evaluator } = s;
    if (s.badRow >= 0 || s.scanError) return; // the pass is already lost: skip the work
    chunk.x.forEach((column, k) => evaluator.windowX[k].set(column));
    evaluator.windowY.set(chunk.y);
    if (chunk.sigma) evaluator.windowSigma!.set(chunk.sigma);
    const sourceRow = (i: number) => (chunk.sourceRows ? chunk.sourceRows[i] : chunk.firstRow + i);
    const xColumns = evaluator.windowX.length;
    // As on the fit's thread (window.ts): the first pass scans before folding; a later pass
    // checks sigma, and the rest only when the fold meets a non-finite value.
    const check = (mode: number, columns: number): boolean => {
      const column = evaluator.scan(chunk.rows, mode, columns);
      if (column === SCAN_OK) return true;
      const i = evaluator.scanRow;
      s.scanError = { column, row: sourceRow(i), value: scannedValue({ x: evaluator.windowX, y: evaluator.windowY, sigma: evaluator.windowSigma }, column, i) };
      return false;
    };
    if (s.first ? !check(s.folded === 0 ? SCAN_START : SCAN_CONTINUE, xColumns) : !check(SCAN_SIGMA, 0)) return;
    const before = evaluator.finite ? s.folded : -1;
    if (!evaluator.fold(chunk.rows)) {
      if (!s.first && !check(SCAN_CHECK, xColumns)) return;
      if (before >= 0) s.badRow = sourceRow(evaluator.badRow - before);
    }
    s.folded += chunk.rows;
  };

  const result = (): PassResult => {
    const { evaluator, badRow, scanError } = service!;
    return {
      factor: evaluator.factorCopy(),
      objective: evaluator.objective,
      chi2: evaluator.chi2,
      finite: evaluator.finite,
      overflow: evaluator.overflow,
      badRow,
      statistics: evaluator.statistics(),
      scanError,
    };
  };

  const serve = (run: () => void): void => {
    try {
      run();
    } catch (error) {
      const e = error instanceof FitError ? error : new FitError('INTERNAL', `a pass worker failed: ${error instanceof Error ? error.message : String(error)} (please report this)`);
      port.post({ type: 'failed', code: e.code, message: e.message });
    }
  };

  port.listen((message) => {
    switch (message.type) {
      case 'init':
        return serve(() => {
          useCoreModules(message.modules);
          instance = new WasmInstance();
          if (!instance.arena.init(message.arenaBytes)) throw new FitError('ARENA_TOO_SMALL', `a pass worker could not size its arena of ${message.arenaBytes} bytes`);
          port.post({ type: 'ready' });
        });
      case 'setup':
        return serve(() => {
          if (service) instance!.arena.release(service.mark);
          const mark = instance!.arena.beginFit();
          const evaluator = instance!.evaluator(message.spec);
          service = { mark, evaluator, point: instance!.point(2 * message.spec.free.length + 1), first: false, folded: 0, badRow: -1, scanError: undefined };
          port.post({ type: 'ready' });
        });
      case 'begin':
        return serve(() => {
          const s = service!;
          s.point.values.set(message.point);
          s.evaluator.begin(s.point.at);
          Object.assign(s, { first: message.first, folded: 0, badRow: -1, scanError: undefined });
        });
      case 'chunk':
        return serve(() => {
          fold(message.chunk);
          // The chunk's columns go back to be filled again: no new arrays per chunk.
          const { x, y, sigma } = message.chunk;
          const buffers = [...x.map((c) => c.buffer), y.buffer, ...(sigma ? [sigma.buffer] : [])] as ArrayBuffer[];
          port.post({ type: 'chunkDone', buffers }, buffers);
        });
      case 'end':
        return serve(() => port.post({ type: 'result', result: result() }));
      case 'release':
        if (service) instance!.arena.release(service.mark);
        service = undefined;
        return;
      default:
        // A message of no known type is a bug on the other side: this worker cannot go on, and
        // dying is how it says so (the fit's thread turns its death into WORKER_FAILED).
        throw new Error('a pass worker got a message of no known type');
    }
  });
}
