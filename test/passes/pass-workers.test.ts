// Pass workers have a lifecycle: a worker that dies fails what waits on it with WORKER_FAILED,
// and the next acquire starts fresh workers. Oracle: the code (a worker whose death went
// unnoticed would leave the request pending forever, and the test would time out).
import { describe, expect, it } from 'vitest';
import { FitError } from '../../src/index.ts';
import { PassWorkers } from '../../src/passes/pass-workers.ts';
import type { ToPassWorker } from '../../src/passes/protocol.ts';

describe('pass workers', () => {
  it('that die fail the request in flight with WORKER_FAILED, and the next acquire starts fresh ones', async () => {
    const pool = new PassWorkers(2, 1 << 20);
    const [worker] = await pool.acquire();
    // A message of no known type kills a pass worker: the way a bug, or an out-of-memory, would.
    worker.post({ type: 'no such message' } as unknown as ToPassWorker);
    const pending = worker.request({ type: 'end' });
    const code = await pending.then(() => 'none', (error) => (error instanceof FitError ? error.code : `raw ${error}`));
    expect(code).toBe('WORKER_FAILED');
    expect(worker.dead).toBe(true);
    const [fresh] = await pool.acquire();
    expect(fresh).not.toBe(worker);
    expect(fresh.dead).toBe(false);
    pool.release([fresh]);
    pool.close();
  });
});
