// Straight line and polynomials: linear in their parameters, so the guess is the least-squares
// solution itself (Householder QR on the monomial columns) and the fit has nothing left to do
// but confirm it in one step.
import type { BuiltinModel } from './builtin-model.ts';
import { leastSquares } from './least-squares.ts';
import { column, finiteOr, sortedPoints } from './points.ts';

/** Least-squares coefficients of 1, x, …, x^degree (0 where the data cannot tell). */
function monomialFit(x: ArrayLike<number>, y: ArrayLike<number>, degree: number): Float64Array {
  const p = sortedPoints(x, y);
  const columns = Array.from({ length: degree + 1 }, (_, j) => column(p.x, (v) => v ** j));
  return leastSquares(columns, p.y).coefficients;
}

export const linear: BuiltinModel = {
  name: 'linear',
  expression: 'slope*x + intercept',
  offset: 'intercept',
  description: 'straight line',
  guess(x, y) {
    const [intercept, slope] = monomialFit(x, y, 1);
    return { slope: finiteOr(slope, 0), intercept: finiteOr(intercept, 0) };
  },
};

/** c0 + c1*x + … + cn*x^n, parameters c0…cn. */
export function polynomial(degree: number): BuiltinModel {
  const terms = Array.from({ length: degree + 1 }, (_, j) => (j === 0 ? 'c0' : j === 1 ? 'c1*x' : `c${j}*x^${j}`));
  return {
    name: `polynomial${degree}`,
    expression: terms.join(' + '),
    offset: 'c0',
    description: `polynomial of degree ${degree}`,
    guess(x, y) {
      const c = monomialFit(x, y, degree);
      return Object.fromEntries(Array.from(c, (v, j) => [`c${j}`, finiteOr(v, 0)]));
    },
  };
}
