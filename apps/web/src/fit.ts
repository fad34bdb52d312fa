/**
 * runFit: the page's one way to fit — in a Web Worker, so the page keeps drawing however long the
 * fit runs. One worker, made on first use and kept (its engine and compiled module are reused);
 * a worker that failed is replaced at the next fit. Abort rejects with FitError ABORTED.
 */
import { createWorkerFitter, type FitOptions, type FitResult, type WorkerFitter } from 'arenafit';

let fitter: WorkerFitter | undefined;

export async function runFit(model: string, x: Float64Array, y: Float64Array, options: FitOptions): Promise<FitResult> {
  fitter ??= createWorkerFitter();
  try {
    return await fitter.curveFit(model, x, y, options);
  } catch (error) {
    if ((error as { code?: string }).code === 'WORKER_FAILED') {
      fitter.terminate();
      fitter = undefined;
    }
    throw error;
  }
}
