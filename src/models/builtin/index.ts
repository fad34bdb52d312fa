/**
 * Built-in models: named expressions, each with a `guess` that estimates a starting point from
 * the data, so that `curveFit('gaussian', x, y)` needs no p0.
 *
 * A guess is cheap (O(N), on at most MAX_GUESS_ROWS = 20,000 rows taken evenly: ≤ ~1 ms at 300
 * rows, ≤ ~100 ms at the cap), does not assume x sorted, does not touch its inputs, and always
 * returns a finite value for every parameter — on data the model cannot describe, something sane
 * rather than nothing. It uses the classic estimate of each family (least squares for the linear
 * models, integral regression for decays, half-maximum widths refined by least squares for peaks,
 * a periodogram for the sine, linearisations for saturation and power laws), and lets a small
 * least-squares scan decide where a rule of thumb would guess. test/models/builtin.test.ts
 * measures how often a fit from it reaches the true minimum on random well-posed problems
 * (≥ 95% per model required, 1,000 seeded cases each).
 */
import type { BuiltinModel } from './builtin-model.ts';
import { doubleExponential, exponential } from './exponential.ts';
import { gaussian, lorentzian, pseudoVoigt } from './peaks.ts';
import { linear, polynomial } from './polynomial.ts';
import { michaelisMenten, powerLaw } from './saturation.ts';
import { hill, logistic } from './sigmoid.ts';
import { sine } from './sine.ts';
import { exponentialGaussian, skewedGaussian } from './skewed-peaks.ts';
import { rectangle, step, stepLinear, stepLogistic } from './steps.ts';
import { dampedOscillator } from './oscillator.ts';
import { voigt } from './voigt.ts';

export type { BuiltinModel };

/** The highest degree `polynomial<n>` accepts: beyond it the monomial basis is too ill-conditioned. */
const MAX_POLYNOMIAL_DEGREE = 10;

const MODELS = new Map<string, BuiltinModel>(
  [linear, exponential, doubleExponential, gaussian, lorentzian, pseudoVoigt, logistic, hill, michaelisMenten, powerLaw, sine,
    voigt, skewedGaussian, exponentialGaussian, step, stepLogistic, stepLinear, rectangle, dampedOscillator]
    .map((model) => [model.name, model]),
);

const POLYNOMIAL = /^polynomial([1-9]\d*)$/;

/** The built-in model called `name`, or undefined if there is none. */
export function builtinModel(name: string): BuiltinModel | undefined {
  const model = MODELS.get(name);
  if (model) return model;
  const degree = POLYNOMIAL.exec(name);
  if (degree && Number(degree[1]) <= MAX_POLYNOMIAL_DEGREE) return polynomial(Number(degree[1]));
  return undefined;
}

/**
 * Every built-in model's name, 'polynomial<n>' standing for polynomial1 … polynomial10: for help
 * texts and model pickers. Frozen: the library's own messages list them from here.
 */
export const builtinModelNames: readonly string[] = Object.freeze([
  'linear', 'polynomial<n>', 'exponential', 'doubleExponential', 'gaussian', 'lorentzian', 'pseudoVoigt',
  'logistic', 'hill', 'michaelisMenten', 'powerLaw', 'sine',
  'voigt', 'skewedGaussian', 'exponentialGaussian', 'step', 'stepLogistic', 'stepLinear', 'rectangle', 'dampedOscillator',
]);

/**
 * The expression a built-in model's name stands for, or undefined for a name that is not one:
 * to show what a fit of 'gaussian' fitted, as a report or a plot's title does.
 *
 * @example builtinModelExpression('exponential') // 'a*exp(-b*x) + c'
 */
export function builtinModelExpression(name: string): string | undefined {
  return typeof name === 'string' ? builtinModel(name.trim())?.expression : undefined;
}
