// One case of the MINPACK test set (problems.mjs) fitted by arenafit: the vector function f
// becomes a callback model over x = the row indices 0…m−1 with y = 0, so that arenafit's
// residuals are f itself and χ² = ‖f‖².
import { curveFitSync, type FitOptions, type FitResult, type FitStatus } from '../../../src/index.ts';
import { norm, vectorModel, type MghCase } from './problems.mjs';

export interface MghFit {
  /** Final ‖f‖ = √χ². */
  norm: number;
  /** Passes over the data: evaluations of f and its Jacobian together. */
  passes: number;
  converged: boolean;
  status: FitStatus;
  /** The answer x, in the problem's variable order. */
  params: Float64Array;
  result: FitResult;
}

export interface MghFitOptions {
  /** 'analytic': the problem's Jacobian; 'forward': arenafit's forward differences. */
  jacobian: 'analytic' | 'forward';
  /** Fit options besides p0 (default: arenafit's defaults). */
  options?: Omit<FitOptions, 'p0'>;
}

export function fitMgh(c: MghCase, { jacobian, options }: MghFitOptions): MghFit {
  const rows = Float64Array.from({ length: c.m }, (_, i) => i);
  const result = curveFitSync(vectorModel(c, jacobian), rows, new Float64Array(c.m), { ...options, p0: c.x0 });
  return {
    norm: Math.sqrt(result.chi2),
    passes: result.evaluations,
    converged: result.converged,
    status: result.status,
    params: result.values,
    result,
  };
}

/**
 * The stationarity oracle: max_j |(Jᵀf)_j| / (‖J e_j‖·‖f‖) at x, from the analytic Jacobian
 * (0 for a zero column or f = 0) — the cosine test arenafit's `converged` promises to pass.
 */
export function largestCosine(c: MghCase, x: ArrayLike<number>): number {
  const f = c.problem.residuals(x, c.m);
  const fNorm = norm(f);
  if (fNorm === 0) return 0;
  return Math.max(...c.problem.jacobian(x, c.m).map((column) => {
    const columnNorm = norm(column);
    if (columnNorm === 0) return 0;
    let dot = 0;
    for (let i = 0; i < c.m; i++) dot += column[i] * f[i];
    return Math.abs(dot) / (columnNorm * fNorm);
  }));
}
