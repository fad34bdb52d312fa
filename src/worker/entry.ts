/**
 * What a worker thread runs: arenafit's own code, started in one of two roles (threads/spawn.ts)
 * — a fit worker (createWorkerFitter) or a pass worker (`workers: k`).
 */
import { startPassHost } from '../passes/pass-host.ts';
import { parentPort } from '../threads/port.ts';
import { startFitHost } from './host.ts';

/** `role` as threads/spawn.ts starts it; none (dist/worker.js, createWorkerFitter({ url })): a fit worker. */
export function startWorkerHost(role?: string): void {
  if (role === 'passes') startPassHost(parentPort());
  else startFitHost(parentPort());
}
