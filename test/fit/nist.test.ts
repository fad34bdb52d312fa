// Oracle: NIST StRD certified values (computed by NIST in 128-bit arithmetic). All 27 problems
// from both of NIST's starting points, with default options, must reach 6 correct digits
// (LRE ≥ 6) in every parameter and 4 in every standard error — except Lanczos1's errors: its
// certified RSS, 1.4e-25, is below what float64 residuals of size ~1 can resolve, so its
// standard errors (∝ √RSS) cannot be reproduced by any double-precision solver.
import { describe, expect, it } from 'vitest';
import { curveFitSync } from '../../src/index.ts';
import { lre, nistProblems, type NistProblem } from '../support/nist.ts';

const table: string[] = [];

// Nelson fits log(y) against two predictors; every other problem is y against x.
function fitProblem(problem: NistProblem, start: 'start1' | 'start2') {
  const p0 = Object.fromEntries(problem.parameters.map((name, j) => [name, problem[start][j]]));
  const x = problem.predictors.length === 1 ? problem.data.x : Object.fromEntries(problem.predictors.map((name) => [name, problem.data[name]]));
  const y = problem.response === 'y' ? problem.data.y : problem.data.y.map(Math.log);
  return curveFitSync(problem.model, x, y, { p0 });
}

describe('NIST StRD, all 27 problems from both starts, default options', () => {
  it('has 27 problems: 8 lower, 11 average, 8 higher difficulty', () => {
    const count = (d: string) => nistProblems.filter((p) => p.difficulty === d).length;
    expect([nistProblems.length, count('lower'), count('average'), count('higher')]).toEqual([27, 8, 11, 8]);
  });

  for (const problem of nistProblems) {
    for (const start of ['start1', 'start2'] as const) {
      it(`${problem.name} (${problem.difficulty}) from ${start}: 6 digits in every parameter, 4 in every error`, () => {
        const r = fitProblem(problem, start);
        const paramLre = problem.parameters.map((name, j) => lre(r.params[name], problem.certified_values[j]));
        const errorLre = problem.parameters.map((name, j) => lre(r.errors[name], problem.certified_std_dev[j]));
        table.push(
          `${problem.name.padEnd(9)} ${problem.difficulty.padEnd(7)} ${start}  ` +
            `params ${paramLre.map((v) => v.toFixed(1).padStart(4)).join(' ')}  |  errors ${errorLre.map((v) => v.toFixed(1).padStart(4)).join(' ')}  ` +
            `| RSS ${lre(r.chi2, problem.certified_rss).toFixed(1)}  it ${r.iterations}  passes ${r.evaluations}  ${r.status}`,
        );
        expect(r.converged).toBe(true);
        for (const value of paramLre) expect(value).toBeGreaterThanOrEqual(6);
        if (problem.name !== 'Lanczos1') for (const value of errorLre) expect(value).toBeGreaterThanOrEqual(4);
      });
    }
  }

  it('prints the table (LRE = correct significant digits, capped at 11)', () => {
    console.log(['NIST StRD, default options:', ...table].join('\n'));
    expect(table.length).toBe(54);
  });
});
