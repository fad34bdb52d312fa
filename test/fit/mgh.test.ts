// Oracle: MINPACK's own results on the Moré–Garbow–Hillstrom test set — the final norms ‖f‖
// that MINPACK-1's lmder1 (analytic Jacobian) and lmdif1 (forward differences) reach on the 53
// cases of MINPACK's lmder driver, as MINPACK's test drivers print them (cminpack's
// examples/ref/lmddrv.ref and lmfdrv.ref, copied in mgh/minpack-reference.mjs; the problems are
// in mgh/problems.mjs).
//
// For every case, with the analytic Jacobian and with forward differences, at arenafit's defaults:
// - ‖f‖ ends at or below MINPACK's final norm, within 1e-6 relative (the reference is printed to
//   7 digits, within 5e-7); where MINPACK reached a zero residual, arenafit must reach one too.
//   Not compared, with the reason, where MINPACK stopped at a point that is not a minimum.
// - converged: true only at a stationary point, checked here from the analytic Jacobian at the
//   answer: every column's cosine with f, |(Jᵀf)_j| / (‖J e_j‖·‖f‖), at most 1e-6 — the bound
//   arenafit's own `converged` promises — unless ‖f‖ is a zero residual.
// - a zero residual is reported as converged.
// A zero residual is ‖f‖ ≤ 1e-10·‖f(x0)‖ with x0 the problem's standard start, not the case's
// scaled one: from 100·x0, ‖f(x0)‖ reaches 1e17 (Brown almost-linear) and 1e18 (Chebyquad,
// n = 1), and 1e-10 of that would pass the local minimum ‖f‖ = 1 as zero.
// Then, with lmder1's own settings and the analytic Jacobian, the passes arenafit takes over the
// 53 cases add up to no more than the evaluations of f lmder1 took: 2,524.
//
// Known shortfalls, kept visible with `it.fails` (a fix makes them fail, and says so): Brown's
// almost-linear function, whose Jacobian is singular to working precision wherever it leaves the
// local minimum ‖f‖ = 1 (x ≈ (α, …, α, n + 1 − nα)). MINPACK's dense QR of the square J keeps the
// direction out of it by accident — after n − 1 reflections the last column's remainder is one
// number, parallel to the residual's — while the streamed factor (TSQR: the rows are never
// retired) leaves that remainder as rounding noise in m + 2 dimensions, nearly orthogonal to the
// residual, so arenafit stays at ‖f‖ = 1 where lmder1 goes on to 0. lmdif1 itself ends there from
// x0 and from 100·x0 (n = 10).
const KNOWN_SHORTFALLS: Record<Jacobian, Record<number, string>> = {
  analytic: { 49: 'stays at the local minimum ‖f‖ = 1', 50: 'stays at the local minimum ‖f‖ = 1' },
  forward: { 51: 'stays at the local minimum ‖f‖ = 1' },
};
import { describe, expect, it } from 'vitest';
import { cases, norm, type MghCase } from './mgh/problems.mjs';
import { lmder1, lmder1Options, lmdif1, type MinpackResult } from './mgh/minpack-reference.mjs';
import { fitMgh, largestCosine, type MghFit } from './mgh/run.ts';

const RELATIVE = 1e-6;
const ZERO_RESIDUAL = 1e-10;
const STATIONARY_COSINE = 1e-6;

type Jacobian = 'analytic' | 'forward';
const MINPACK: Record<Jacobian, { name: string; results: readonly MinpackResult[] }> = {
  analytic: { name: 'lmder1', results: lmder1 },
  forward: { name: 'lmdif1', results: lmdif1 },
};

/** ‖f‖ at or below this is a zero residual: 1e-10 of ‖f‖ at the problem's standard start. */
function zeroResidual(c: MghCase): number {
  return ZERO_RESIDUAL * norm(c.problem.residuals(c.problem.start(c.n), c.m));
}


// Each case is fitted once per Jacobian, for the three tests that read it.
const fits = new Map<string, MghFit>();
function fitted(c: MghCase, jacobian: Jacobian): MghFit {
  const key = `${jacobian} ${c.number}`;
  let fit = fits.get(key);
  if (!fit) fits.set(key, (fit = fitMgh(c, { jacobian })));
  return fit;
}

const outcome = (fit: MghFit) => `arenafit: ‖f‖ = ${fit.norm.toExponential(7)}, ${fit.status} after ${fit.passes} passes, converged ${fit.converged}`;

describe('the MINPACK test set as ported', () => {
  it('has the 53 cases of the lmder driver, and MINPACK printed one result for each', () => {
    expect(cases.length).toBe(53);
    for (const results of [lmder1, lmdif1]) {
      expect(results.map((r) => [r.nprob, r.n, r.m])).toEqual(cases.map((c) => [c.problem.id, c.n, c.m]));
    }
  });

  it("reproduces MINPACK's ‖f(x0)‖ in every case, to the 7 digits printed", () => {
    for (const c of cases) {
      const expected = lmder1[c.number - 1].initialNorm;
      expect(Math.abs(norm(c.problem.residuals(c.x0, c.m)) - expected), c.label).toBeLessThanOrEqual(5e-7 * expected);
    }
  });

  it('has analytic Jacobians that agree with central differences at every start', () => {
    for (const c of cases) {
      const J = c.problem.jacobian(c.x0, c.m);
      J.forEach((column, j) => {
        const h = 1e-6 * Math.max(1, Math.abs(c.x0[j]));
        const up = Float64Array.from(c.x0), down = Float64Array.from(c.x0);
        up[j] += h;
        down[j] -= h;
        const fUp = c.problem.residuals(up, c.m), fDown = c.problem.residuals(down, c.m);
        const scale = Math.max(1, ...column.map(Math.abs));
        for (let i = 0; i < c.m; i++) {
          const difference = (fUp[i] - fDown[i]) / (up[j] - down[j]);
          expect(Math.abs(difference - column[i]), `${c.label}: ∂f_${i}/∂x_${j}`).toBeLessThanOrEqual(1e-5 * scale);
        }
      });
    }
  });
});

for (const jacobian of ['analytic', 'forward'] as const) {
  const minpack = MINPACK[jacobian];
  const how = jacobian === 'analytic' ? 'the analytic Jacobian' : 'forward differences';

  describe(`with ${how} at arenafit's defaults, against MINPACK's ${minpack.name}`, () => {
    for (const c of cases) {
      const reference = minpack.results[c.number - 1];
      const bar = `MINPACK's ${reference.norm.toExponential(7)}`;

      if (reference.notAMinimum) {
        it.skip(`${c.label}: ‖f‖ ends at or below ${bar} — not compared: ${reference.notAMinimum}`);
      } else {
        const shortfall = KNOWN_SHORTFALLS[jacobian][c.number];
        (shortfall ? it.fails : it)(`${c.label}: ‖f‖ ends at or below ${bar}${shortfall ? ` — not yet: ${shortfall}` : ''}`, () => {
          const fit = fitted(c, jacobian);
          const zero = zeroResidual(c);
          const bound = reference.norm <= zero ? zero : reference.norm * (1 + RELATIVE);
          expect(fit.norm, outcome(fit)).toBeLessThanOrEqual(bound);
        });
      }

      it(`${c.label}: says converged only at a stationary point or a zero residual`, () => {
        const fit = fitted(c, jacobian);
        // Held to the bound only where arenafit says converged away from a zero residual.
        const held = fit.converged && fit.norm > zeroResidual(c);
        expect(held ? largestCosine(c, fit.params) : 0, `${outcome(fit)}; the largest cosine of f with a column of J`).toBeLessThanOrEqual(STATIONARY_COSINE);
      });

      it(`${c.label}: says converged at a zero residual`, () => {
        const fit = fitted(c, jacobian);
        expect(fit.norm > zeroResidual(c) || fit.converged, outcome(fit)).toBe(true);
      });
    }
  });
}

describe("with lmder1's settings and the analytic Jacobian", () => {
  const minpackEvaluations = lmder1.reduce((sum, r) => sum + r.nfev, 0);

  it("MINPACK's lmder1 took 2,524 evaluations of f over the 53 cases (the nfev column of lmddrv.ref)", () => {
    expect(minpackEvaluations).toBe(2524);
  });

  it('arenafit takes no more passes over the 53 cases than lmder1 took evaluations', () => {
    const passes = cases.map((c) => fitMgh(c, { jacobian: 'analytic', options: lmder1Options(c.n) }).passes);
    const more = cases.flatMap((c, k) => (passes[k] > lmder1[k].nfev ? [`${c.label}: ${passes[k]} passes, nfev ${lmder1[k].nfev}`] : []));
    expect(passes.reduce((sum, p) => sum + p, 0), `the cases with more passes than lmder1's nfev:\n${more.join('\n')}\nin all`).toBeLessThanOrEqual(minpackEvaluations);
  });
});
