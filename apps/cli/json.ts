/**
 * `--json`: the FitResult as r.toJSON() writes it — what JSON.stringify(r) writes and
 * fitResultFromJSON reads back into a result that evaluates, draws bands and derives. Its
 * fields are FitResult's data fields by their names, after `format` ("arenafit.FitResult") and
 * `version`; typed arrays are arrays, `covariance` nested (one array per row, as P×P reads
 * naturally), the model its `expression`. JSON has no NaN: a NaN (an undetermined error,
 * reducedChi2 at dof 0) is written as null, which fitResultFromJSON reads as NaN.
 */
import type { FitResult } from 'arenafit/node';

export function resultJson(result: FitResult): string {
  return JSON.stringify(result.toJSON(), null, 2);
}
