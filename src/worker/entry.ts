/**
 * What a worker thread runs: arenafit's own code, started in one of two roles (threads/spawn.ts)
 * — a fit worker (createWorkerFitter) or a pass worker (`workers: k`).
 */
import { startPassHost } from '../passes/pass-host.ts';
import { parentPort, workerDataRole } from '../threads/port.ts';
import { startFitHost } from './host.ts';

export function startWorkerHost(role?: string): void {
  if ((role ?? workerDataRole()) === 'passes') startPassHost(parentPort());
  else startFitHost(parentPort());
}
