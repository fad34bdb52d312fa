// Oracle: lmfit 1.1.0 (ModelResult with leastsq, SciPy 1.10.1, numpy 1.24.2, uncertainties
// 3.1.6; the versions are in the fixture's header) on the same data: test/fixtures/lmfit/
// results.json, written by results.py next to it from lmfit Models of the same functions as the
// expressions here. Python is not needed here — only to regenerate the fixture.
//
// Every figure agrees to 1e-6 relative (of the value, or of a scale named beside it):
//  - the parameters, their standard errors — a tied parameter's (lmfit: a Parameter with `expr`)
//    and a fixed one's (0) included — and the covariance of the varying ones;
//  - χ², reduced χ², aic and bic (lmfit's Minimizer._calculate_statistics);
//  - derived quantities: r.derive against an lmfit Parameter with `expr` (value and stderr);
//  - the model at new x, and the confidence band's half-width against eval_uncertainty at
//    sigma = 1, 2 (levels erf(σ/√2)) and 0.95 (a level), with lmfit's difference step made 1000
//    times smaller (`dely_fine`, see results.py): lmfit's own step, stderr/3, moves its band by
//    up to 3e-5 relative, which the last test measures;
//  - the prediction band against lmfit 1.3's dely_predicted formula, scale·√(df2 + redchi).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { curveFitSync, type FitOptions, type FitResult } from '../../src/index.ts';

interface LmfitCase {
  name: string;
  description: string;
  model: string;
  x: number[] | Record<string, number[]>;
  y: number[];
  options: FitOptions & { sigma?: number[] };
  new: number[] | Record<string, number[]>;
  derived: string[];
  lmfit: {
    names: string[];
    var_names: string[];
    params: Record<string, number>;
    stderr: Record<string, number>;
    covar: number[][];
    chisqr: number;
    redchi: number;
    aic: number;
    bic: number;
    ndata: number;
    nvarys: number;
    derived: Record<string, { value: number; stderr: number }>;
    eval: number[];
    bands: { sigma: number; level: number; dely: number[]; dely_fine: number[]; dely_predicted?: number[] }[];
  };
}

const file = fileURLToPath(new URL('../fixtures/lmfit/results.json', import.meta.url));
const fixture: { lmfit: string; cases: LmfitCase[] } = JSON.parse(readFileSync(file, 'utf8'));

const TOLERANCE = 1e-6;
/** The largest relative difference seen per figure, printed at the end (the report's numbers). */
const worst: Record<string, number> = {};

/** Checks |actual − expected| ≤ TOLERANCE·scale and records the relative difference under `figure`. */
function agrees(figure: string, actual: number, expected: number, scale = Math.abs(expected), what = figure): void {
  const relative = Math.abs(actual - expected) / scale;
  worst[figure] = Math.max(worst[figure] ?? 0, relative);
  expect(relative, `${what}: ${actual} against lmfit's ${expected}`).toBeLessThanOrEqual(TOLERANCE);
}

afterAll(() => {
  console.log(`largest relative difference from lmfit ${fixture.lmfit}:\n${Object.entries(worst).map(([k, v]) => `  ${k.padEnd(28)} ${v.toExponential(2)}`).join('\n')}`);
});

describe(`a fit agrees with lmfit ${fixture.lmfit}`, () => {
  for (const c of fixture.cases) {
    describe(`on ${c.name} (${c.description})`, () => {
      const fit = (): FitResult => curveFitSync(c.model, c.x as number[], c.y, c.options);
      const r = fit();
      const lm = c.lmfit;

      it('in its parameters and their standard errors, tied and fixed ones included', () => {
        expect(r.converged).toBe(true);
        expect([...r.names].sort()).toEqual([...lm.names].sort());
        for (const name of lm.names) {
          agrees('parameters', r.params[name], lm.params[name], Math.max(Math.abs(lm.params[name]), lm.stderr[name]), name);
          if (lm.stderr[name] === 0) expect(r.errors[name], name).toBe(0);
          else agrees('standard errors', r.errors[name], lm.stderr[name], lm.stderr[name], `the error of ${name}`);
        }
      });

      it('in the covariance of the varying parameters', () => {
        const P = r.names.length;
        const at = (a: string, b: string) => r.covariance[r.names.indexOf(a) * P + r.names.indexOf(b)];
        lm.var_names.forEach((a, i) =>
          lm.var_names.forEach((b, j) =>
            agrees('covariance', at(a, b), lm.covar[i][j], Math.sqrt(lm.covar[i][i] * lm.covar[j][j]), `covariance ${a}, ${b}`)));
      });

      it('in χ², reduced χ², the degrees of freedom, aic and bic', () => {
        expect(r.rows).toBe(lm.ndata);
        expect(r.dof).toBe(lm.ndata - lm.nvarys);
        agrees('chi2', r.chi2, lm.chisqr);
        agrees('reduced chi2', r.reducedChi2, lm.redchi);
        agrees('aic', r.aic, lm.aic);
        agrees('bic', r.bic, lm.bic);
      });

      it('in derived quantities: value and standard error, as an lmfit Parameter with expr', () => {
        for (const expression of c.derived) {
          const { value, error } = r.derive(expression);
          const oracle = lm.derived[expression];
          agrees('derived values', value, oracle.value, Math.max(Math.abs(oracle.value), oracle.stderr), expression);
          agrees('derived errors', error, oracle.stderr, oracle.stderr, `the error of ${expression}`);
        }
      });

      it('in the model at new x', () => {
        const value = r.evaluate(c.new as number[]);
        lm.eval.forEach((v, i) => agrees('evaluate', value[i], v, Math.max(Math.abs(v), 1e-300), `f at new row ${i}`));
      });

      it('in confidence bands at levels 0.6827, 0.9545 and 0.95 (eval_uncertainty at sigma 1, 2, 0.95)', () => {
        for (const b of lm.bands) {
          const { value, lower, upper } = r.band(c.new as number[], { level: b.level });
          b.dely_fine.forEach((half, i) => {
            const scale = Math.max(half, 1e-12 * Math.abs(value[i])); // a band of width 0 where f does not depend on a free parameter
            agrees('confidence band', upper[i] - value[i], half, scale, `the upper half-width at sigma ${b.sigma}, new row ${i}`);
            agrees('confidence band', value[i] - lower[i], half, scale, `the lower half-width at sigma ${b.sigma}, new row ${i}`);
          });
        }
      });

      const predicted = lm.bands.filter((b) => b.dely_predicted);
      it.runIf(predicted.length > 0)('in prediction bands, as lmfit 1.3 computes dely_predicted (s² = reduced χ², σ = 1)', () => {
        const sigma = c.options.sigma ? { sigma: 1 } : {};
        for (const b of predicted) {
          const { value, upper } = r.band(c.new as number[], { level: b.level, kind: 'prediction', ...sigma });
          b.dely_predicted!.forEach((half, i) => agrees('prediction band', upper[i] - value[i], half, half, `at sigma ${b.sigma}, new row ${i}`));
        }
      });

      it("differs from lmfit's own band (difference step stderr/3) by no more than that step's truncation error", () => {
        for (const b of lm.bands) {
          const { value, upper } = r.band(c.new as number[], { level: b.level });
          b.dely.forEach((half, i) => {
            if (half === 0) return;
            const relative = Math.abs(upper[i] - value[i] - half) / half;
            worst["lmfit's own band (stderr/3)"] = Math.max(worst["lmfit's own band (stderr/3)"] ?? 0, relative);
            expect(relative).toBeLessThan(1e-4);
          });
        }
      });
    });
  }
});
