/**
 * Why the solver stopped, in one sentence per reason — after MINPACK lmder's `info` — and
 * whether the reason is a convergence test. A stopping reason is data, not an error.
 */
import {
  STATUS_FTOL, STATUS_XTOL, STATUS_FTOL_XTOL, STATUS_GTOL, STATUS_MAX_ITERATIONS, STATUS_FTOL_TOO_SMALL,
  STATUS_XTOL_TOO_SMALL, STATUS_GTOL_TOO_SMALL, STATUS_EXACT_FIT,
} from '../wasm/abi.ts';
import { FitError } from '../errors.ts';
import type { FitStatus } from './fit-result.ts';

interface StatusInfo { status: FitStatus; converged: boolean; message: string }

// One sentence per stopping reason, after MINPACK lmder's `info` descriptions.
const STATUSES = new Map<number, StatusInfo>([
  [STATUS_FTOL, { status: 'ftol', converged: true, message: 'Both the actual and the predicted relative reductions of the sum of squares are at most ftol.' }],
  [STATUS_XTOL, { status: 'xtol', converged: true, message: 'The relative change of the parameters between two iterations is at most xtol.' }],
  [STATUS_FTOL_XTOL, { status: 'ftol+xtol', converged: true, message: 'The sum of squares and the parameters have both stopped changing (ftol and xtol).' }],
  [STATUS_GTOL, { status: 'gtol', converged: true, message: 'The residuals are orthogonal to every column of the Jacobian to within gtol.' }],
  [STATUS_MAX_ITERATIONS, { status: 'maxIterations', converged: false, message: 'Stopped after maxIterations steps without meeting a tolerance; the parameters are the best found so far.' }],
  [STATUS_FTOL_TOO_SMALL, { status: 'ftolTooSmall', converged: true, message: 'No further reduction of the sum of squares is possible in double precision (ftol is below it).' }],
  [STATUS_XTOL_TOO_SMALL, { status: 'xtolTooSmall', converged: true, message: 'No further improvement of the parameters is possible in double precision (xtol is below it).' }],
  [STATUS_GTOL_TOO_SMALL, { status: 'gtolTooSmall', converged: true, message: 'The residuals are orthogonal to the Jacobian to machine precision.' }],
  [STATUS_EXACT_FIT, { status: 'exactFit', converged: true, message: 'The model passes through every point: all residuals are exactly zero.' }],
]);

export function describeStatus(code: number): StatusInfo {
  const info = STATUSES.get(code);
  if (!info) throw new FitError('INTERNAL', `the solver stopped with an unknown status ${code} (please report this)`);
  return info;
}

