// `converged` means that the answer is a stationary point of the objective to the stated
// tolerance (src/result/fit-result.ts), whatever stopped the solver. Each test names its oracle:
// - Helical valley (Moré–Garbow–Hillstrom problem 7; MINPACK's problem 5 in mgh/problems.mjs)
//   from its standard start x0 = (−1, 0, 0), analytic Jacobian: its minimum is the zero
//   residual f = 0 at (1, 0, 0) (MGH 1981). A zero residual is a minimum, and so is the same
//   zero residual under a constant y: fitting f + c to y = c has the same minimum, where the
//   residuals are the rounding of c.
// - One row at its minimum, f(p) = (p − 3)² + 5 with y = 0: closed form, the minimum of f² is at
//   p = 3 with f = 5 ≠ 0. With one row the cosine between f and the Jacobian is 1 everywhere, so
//   only the gradient test against the objective's rounding can recognise it.
// - Meyer (MGH problem 10) from 10·x0 with forward differences, MINPACK's case 26: its minimum
//   is ‖f‖ = 9.377945 (MGH 1981; MINPACK's lmder1 reaches it from x0). MINPACK's own lmdif1 ends
//   from 10·x0 where the model has vanished, ‖f‖ = ‖y‖ = 62,376 (mgh/minpack-reference.mjs) —
//   not a minimum. `converged` is checked here independently of arenafit, with the analytic
//   Jacobian of problems.mjs: the largest cosine between f and a column of J, at most 1e-6 —
//   the bound `converged` promises.
// - A Jacobian that is zero everywhere: Jᵀr = 0 says nothing about a minimum of a model that is
//   not constant (closed form: a*x + b fitted to data that are not constant has its minimum
//   where the residuals are orthogonal to (x, 1), which a zero Jacobian cannot test).
import { describe, expect, it } from 'vitest';
import { curveFitSync, type VectorModel } from '../../src/index.ts';
import { cases, norm, vectorModel, type MghCase } from './mgh/problems.mjs';
import { largestCosine } from './mgh/run.ts';

const EPS = 2 ** -52;
const STATIONARY_COSINE = 1e-6;

const mghCase = (id: number, factor: number): MghCase => cases.find((c) => c.problem.id === id && c.factor === factor)!;
const rowsOf = (c: MghCase) => Float64Array.from({ length: c.m }, (_, i) => i);


/** A vector model plus a constant: the same Jacobian, values shifted by `shift`. */
function shifted(model: VectorModel, shift: number): VectorModel {
  return {
    evaluate(xs, p, out) {
      model.evaluate(xs, p, out);
      for (let i = 0; i < out.length; i++) out[i] += shift;
    },
    jacobian: model.jacobian,
  };
}

describe('helical valley (MGH 7) from x0 with the analytic Jacobian: a zero residual is converged', () => {
  const helical = mghCase(5, 1);

  it('fitted to y = 0 it reaches χ² ≤ 1e-30 and says converged', () => {
    const r = curveFitSync(vectorModel(helical, 'analytic'), rowsOf(helical), new Float64Array(3), { p0: helical.x0 });
    expect(r.chi2, r.message).toBeLessThanOrEqual(1e-30);
    expect(r.converged, r.message).toBe(true);
  });

  // The residuals (f + c) − c can be no smaller than the rounding of c: at most ½ulp(c) ≤ ε·|c|
  // per row, so ‖r‖ ≤ ε·‖y‖ plus the zero residual's own 1e-15 (√1e-30, the bound above).
  it.each([5, 0.1, 1e3, -7])('the model f + %d fitted to y = that constant reaches the same zero residual and says converged', (c) => {
    const y = new Float64Array(3).fill(c);
    const r = curveFitSync(shifted(vectorModel(helical, 'analytic'), c), rowsOf(helical), y, { p0: helical.x0 });
    expect(Math.sqrt(r.chi2), r.message).toBeLessThanOrEqual(EPS * norm(y) + 1e-15);
    expect(r.converged, r.message).toBe(true);
  });
});

describe('one row at its minimum: f(p) = (p − 3)² + 5, y = 0, from p0 = 0', () => {
  // The minimum of f² = ((p − 3)² + 5)² ≈ 25 + 10(p − 3)² can be located to about
  // √(ε·25/10) ≈ 2.4e-8 from the objective's values alone; 1e-6 leaves 40 times that.
  const TOLERANCE = 1e-6;
  const vector: VectorModel = {
    evaluate(xs, p, out) {
      for (let i = 0; i < xs.length; i++) out[i] = (p[0] - 3) ** 2 + 5;
    },
    jacobian(xs, p, [column]) {
      column.fill(2 * (p[0] - 3));
    },
  };
  // '+ x' with x = 0: an expression must name the data's variable; at x = 0 it adds nothing.
  // The scalar callback is differentiated by forward differences from p = 0: a step h changes
  // f(0) = 14 by −6h, which the quotient sees only if h is well above ulp(14)/6 ≈ 3e-16.
  it.each([
    ['the expression (p-3)^2 + 5 + x (analytic derivatives)', '(p-3)^2 + 5 + x'],
    ['a vector callback with its analytic jacobian', vector],
    ['a scalar callback (forward differences)', (_x: number, p: Float64Array) => (p[0] - 3) ** 2 + 5],
  ] as const)('%s: p ends within 1e-6 of 3 and says converged', (_, model) => {
    const r = curveFitSync(model, [0], [0], { p0: [0] });
    expect(Math.abs(r.values[0] - 3), `p = ${r.values[0]}; ${r.message}`).toBeLessThanOrEqual(TOLERANCE);
    expect(r.converged, r.message).toBe(true);
  });
});

describe('Meyer (MGH 10) from 10·x0 with forward differences: converged only at a minimum', () => {
  const meyer = mghCase(10, 10);
  const MINIMUM = 9.377945; // ‖f‖ at Meyer's minimum, MINPACK's lmder1 from x0 (7 digits printed)
  const fit = () => curveFitSync(vectorModel(meyer, 'forward'), rowsOf(meyer), new Float64Array(meyer.m), { p0: meyer.x0 });
  const outcome = (r: ReturnType<typeof fit>) => `‖f‖ = ${Math.sqrt(r.chi2)}, ${r.status}, converged ${r.converged}: ${r.message}`;

  it('when it says converged, the analytic Jacobian confirms a stationary point (every cosine ≤ 1e-6)', () => {
    const r = fit();
    const cosine = largestCosine(meyer, r.values);
    expect(r.converged && cosine > STATIONARY_COSINE, `${outcome(r)}; largest cosine ${cosine}`).toBe(false);
  });

  it('an answer that is not the minimum ‖f‖ = 9.377945 — here the vanished model, ‖f‖ = ‖y‖ = 62,376 — is not converged', () => {
    const r = fit();
    const atMinimum = Math.sqrt(r.chi2) <= MINIMUM * (1 + 1e-6);
    expect(r.converged, outcome(r)).toBe(atMinimum);
  });
});

describe('a Jacobian that is zero everywhere', () => {
  // a*x + b with a jacobian callback that writes 0 into every column, on data a line does not
  // pass through: Jᵀr = 0 at every point, and no point is known to be a minimum.
  const model: VectorModel = {
    evaluate(xs, p, out) {
      for (let i = 0; i < xs.length; i++) out[i] = p[0] * xs[i] + p[1];
    },
    jacobian(_xs, _p, columns) {
      for (const column of columns) column.fill(0);
    },
  };

  it('is not converged, and the message says the Jacobian vanished', () => {
    const r = curveFitSync(model, [0, 1, 2, 3, 4], [1, 3, 4, 8, 9], { p0: [1, 1] });
    expect(r.converged, r.message).toBe(false);
    expect(r.message).toMatch(/Jacobian[^.]*(vanish|is zero)/i);
  });
});
