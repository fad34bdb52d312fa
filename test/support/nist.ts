// The NIST StRD nonlinear regression problems (public domain), from the copy of
// ../shared/reference/nist-strd/problems.json kept in test/fixtures, and the log relative
// error (LRE) that NIST's own accuracy studies use: the number of correct significant digits.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface NistProblem {
  name: string;
  difficulty: 'lower' | 'average' | 'higher';
  parameters: string[];
  predictors: string[];
  response: string;
  model: string;
  start1: number[];
  start2: number[];
  certified_values: number[];
  certified_std_dev: number[];
  certified_rss: number;
  num_observations: number;
  data: Record<string, number[]>;
}

const file = fileURLToPath(new URL('../fixtures/nist-strd/problems.json', import.meta.url));
export const nistProblems: NistProblem[] = JSON.parse(readFileSync(file, 'utf8')).problems;

/** −log₁₀(|estimate − certified| / |certified|), capped at 11 (the certified values' digits). */
export function lre(estimate: number, certified: number): number {
  if (!Number.isFinite(estimate)) return 0;
  const error = Math.abs(estimate - certified) / Math.abs(certified);
  return error === 0 ? 11 : Math.min(11, -Math.log10(error));
}
