/**
 * `--json`: the FitResult as one JSON object with the same field names. Typed arrays become
 * arrays — `covariance` nested, one array per row, as P×P reads naturally — and the `report`
 * method is left out (JSON.stringify drops functions). JSON has no NaN: a NaN (an
 * undetermined error, reducedChi2 at dof 0) is written as null.
 */
import type { FitResult } from 'arenafit/node';

export function resultJson(result: FitResult): string {
  const P = result.names.length;
  return JSON.stringify(
    {
      ...result,
      values: Array.from(result.values),
      covariance: Array.from({ length: P }, (_, i) => Array.from(result.covariance.subarray(i * P, (i + 1) * P))),
    },
    null,
    2,
  );
}
