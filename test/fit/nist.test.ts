// Oracle: NIST StRD certified values (computed by NIST in 128-bit arithmetic). Every
// lower-difficulty problem, from both of NIST's starting points, must reach 6 correct digits
// (LRE ≥ 6) in every parameter and 4 in every standard error.
import { describe, expect, it } from 'vitest';
import { curveFitSync } from '../../src/index.ts';
import { lre, nistProblems } from '../support/nist.ts';

const lower = nistProblems.filter((p) => p.difficulty === 'lower');
const table: string[] = [];

describe('NIST StRD, lower difficulty, default options', () => {
  it('has the eight lower-difficulty problems', () => {
    expect(lower.map((p) => p.name)).toEqual(['Misra1a', 'Chwirut2', 'Chwirut1', 'Lanczos3', 'Gauss1', 'Gauss2', 'DanWood', 'Misra1b']);
  });

  for (const problem of lower) {
    for (const start of ['start1', 'start2'] as const) {
      it(`${problem.name} from ${start} matches the certified values to 6 digits and the errors to 4`, () => {
        const p0 = Object.fromEntries(problem.parameters.map((name, j) => [name, problem[start][j]]));
        const r = curveFitSync(problem.model, problem.data.x, problem.data.y, { p0 });
        const paramLre = problem.parameters.map((name, j) => lre(r.params[name], problem.certified_values[j]));
        const errorLre = problem.parameters.map((name, j) => lre(r.errors[name], problem.certified_std_dev[j]));
        table.push(
          `${problem.name.padEnd(9)} ${start}  params LRE min ${Math.min(...paramLre).toFixed(1)}  errors LRE min ${Math.min(...errorLre).toFixed(1)}  ` +
            `RSS LRE ${lre(r.chi2, problem.certified_rss).toFixed(1)}  iterations ${r.iterations}  passes ${r.evaluations}  ${r.status}`,
        );
        expect(r.converged).toBe(true);
        for (const value of paramLre) expect(value).toBeGreaterThanOrEqual(6);
        for (const value of errorLre) expect(value).toBeGreaterThanOrEqual(4);
      });
    }
  }

  it('prints the table', () => {
    console.log(['NIST StRD lower difficulty (LRE = correct significant digits):', ...table].join('\n'));
    expect(table.length).toBe(2 * lower.length);
  });
});
