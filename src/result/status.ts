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

// One sentence per stopping reason: what happened in plain words, then MINPACK lmder's test.
const STATUSES = new Map<number, StatusInfo>([
  [STATUS_FTOL, { status: 'ftol', converged: true, message: 'The cost stopped decreasing: the last step reduced it, and the model predicted it could reduce it, by at most ftol relative.' }],
  [STATUS_XTOL, { status: 'xtol', converged: true, message: 'The parameters stopped moving: the last step changed them by at most xtol relative.' }],
  [STATUS_FTOL_XTOL, { status: 'ftol+xtol', converged: true, message: 'The cost and the parameters both stopped changing (the ftol and xtol tests).' }],
  [STATUS_GTOL, { status: 'gtol', converged: true, message: 'The gradient vanished: the residuals are orthogonal to every free column of the Jacobian to within gtol.' }],
  [STATUS_MAX_ITERATIONS, { status: 'maxIterations', converged: false, message: 'Stopped after maxIterations steps without meeting a tolerance; the parameters are the best found so far.' }],
  [STATUS_FTOL_TOO_SMALL, { status: 'ftolTooSmall', converged: true, message: 'The cost cannot be reduced further in double precision (ftol is below its rounding).' }],
  [STATUS_XTOL_TOO_SMALL, { status: 'xtolTooSmall', converged: true, message: 'The parameters cannot be improved further in double precision (xtol is below their rounding).' }],
  [STATUS_GTOL_TOO_SMALL, { status: 'gtolTooSmall', converged: true, message: 'The residuals are orthogonal to the Jacobian to machine precision.' }],
  [STATUS_EXACT_FIT, { status: 'exactFit', converged: true, message: 'The model passes through every point: the residuals are zero, or below ε of their size at the start.' }],
]);

export function describeStatus(code: number): StatusInfo {
  const info = STATUSES.get(code);
  if (!info) throw new FitError('INTERNAL', `the solver stopped with an unknown status ${code} (please report this)`);
  return info;
}

