// Symbolic derivatives. Oracles: central finite differences of the model's own value on every
// NIST StRD model at its certified parameters and data (and the certified RSS, which checks the
// value itself); closed-form derivatives worked by hand for one model per rule.
import { describe, expect, it } from 'vitest';
import { compileExpression, evaluateProgram } from '../../../src/models/expression/index.ts';
import { nistProblems } from '../../support/nist.ts';

describe('NIST StRD models at the certified values', () => {
  for (const problem of nistProblems) {
    const program = compileExpression(problem.model, { variables: problem.predictors });
    const columns = problem.predictors.map((name) => problem.data[name]);
    const rows = problem.num_observations;
    // Parameters are numbered in order of first appearance, which is not always NIST's b1..bK.
    const theta = program.parameters.map((name) => problem.certified_values[problem.parameters.indexOf(name)]);
    const at = (t: number[]) => evaluateProgram(program, t, columns, rows).value;

    it(`${problem.name}: the value reproduces the certified RSS (oracle: NIST) to 8 digits`, () => {
      expect([...program.parameters].sort()).toEqual([...problem.parameters].sort());
      const response = problem.response === 'log(y)' ? problem.data.y.map(Math.log) : problem.data.y;
      const value = at(theta);
      const rss = response.reduce((sum, y, i) => sum + (y - value[i]) ** 2, 0);
      // Lanczos1's certified RSS (1e-25) is below what 11-digit parameters can reproduce.
      if (problem.name !== 'Lanczos1') expect(Math.abs(rss - problem.certified_rss)).toBeLessThan(1e-8 * problem.certified_rss);
    });

    it(`${problem.name}: ∂f/∂θ matches central differences (oracle) to 1e-6 of each column's scale`, () => {
      const { value, gradient } = evaluateProgram(program, theta, columns, rows, true);
      expect(value).toEqual(at(theta)); // the value body and the full body agree
      theta.forEach((t, j) => {
        // h ≈ ε^(1/3)·|θ|: truncation error h² and rounding error ε/h balance near 1e-11.
        const h = 6e-6 * Math.abs(t); // every certified value is nonzero
        const plus = at(theta.map((v, k) => (k === j ? v + h : v)));
        const minus = at(theta.map((v, k) => (k === j ? v - h : v)));
        const scale = Math.max(...gradient[j].map(Math.abs));
        expect(scale).toBeGreaterThan(0);
        for (let i = 0; i < rows; i++) {
          const difference = (plus[i] - minus[i]) / (2 * h);
          expect(Math.abs(difference - gradient[j][i]), `${program.parameters[j]}, row ${i}`).toBeLessThan(1e-6 * scale);
        }
      });
    });
  }
});

describe('closed-form derivatives (oracle: worked by hand)', () => {
  const xs = [-1.5, -0.25, 0, 0.5, 2];
  // [model, θ, f(x), [∂f/∂θ₀, ...]]
  const cases: [string, number[], (x: number, t: number[]) => number, ((x: number, t: number[]) => number)[]][] = [
    ['a*exp(-b*x) + c', [2, 0.7, 0.3], (x, [a, b, c]) => a * Math.exp(-b * x) + c, [
      (x, [, b]) => Math.exp(-b * x),
      (x, [a, b]) => -a * x * Math.exp(-b * x),
      () => 1,
    ]],
    ['a*sin(b*x) + cos(a*x)', [1.3, 0.8], (x, [a, b]) => a * Math.sin(b * x) + Math.cos(a * x), [
      (x, [a, b]) => Math.sin(b * x) - x * Math.sin(a * x),
      (x, [a, b]) => a * x * Math.cos(b * x),
    ]],
    ['tan(a*x) + atan(b*x) + tanh(a*b*x)', [0.4, 1.7], (x, [a, b]) => Math.tan(a * x) + Math.atan(b * x) + Math.tanh(a * b * x), [
      (x, [a, b]) => x / Math.cos(a * x) ** 2 + (b * x) / Math.cosh(a * b * x) ** 2,
      (x, [a, b]) => x / (1 + (b * x) ** 2) + (a * x) / Math.cosh(a * b * x) ** 2,
    ]],
    ['sqrt(a + x^2) + log(b + x^2)', [2, 3], (x, [a, b]) => Math.sqrt(a + x * x) + Math.log(b + x * x), [
      (x, [a]) => 0.5 / Math.sqrt(a + x * x),
      (x, [, b]) => 1 / (b + x * x),
    ]],
    ['abs(a*x)', [-2], (x, [a]) => Math.abs(a * x), [(x, [a]) => Math.sign(a * x) * x]], // 0 at x = 0
    ['x^a', [2.5], (x, [a]) => x ** a, [(x, [a]) => x ** a * Math.log(x)]], // NaN for x < 0, as f
    ['a^x', [3], (x, [a]) => a ** x, [(x, [a]) => x * a ** (x - 1)]],
    ['a^b*x', [1.5, 2.5], (x, [a, b]) => a ** b * x, [(x, [a, b]) => b * a ** (b - 1) * x, (x, [a, b]) => a ** b * Math.log(a) * x]],
    ['(a + x^2)^(b*x)', [1.2, 0.6], (x, [a, b]) => (a + x * x) ** (b * x), [
      (x, [a, b]) => (a + x * x) ** (b * x) * ((b * x) / (a + x * x)),
      (x, [a, b]) => (a + x * x) ** (b * x) * x * Math.log(a + x * x),
    ]],
    ['a/(b + x^2)', [2, 3], (x, [a, b]) => a / (b + x * x), [(x, [, b]) => 1 / (b + x * x), (x, [a, b]) => -a / (b + x * x) ** 2]],
    ['(a*x - 1)^3 + a^2', [0.5], (x, [a]) => (a * x - 1) ** 3 + a * a, [(x, [a]) => 3 * (a * x - 1) ** 2 * x + 2 * a]],
  ];
  const expectClose = (actual: number, expected: number, what: string) => {
    if (Number.isNaN(expected)) expect(actual, what).toBeNaN();
    else expect(actual, what).toBeCloseTo(expected, 12);
  };
  for (const [model, theta, f, derivatives] of cases) {
    it(`${model}`, () => {
      const program = compileExpression(model);
      const { value, gradient } = evaluateProgram(program, theta, [xs], xs.length, true);
      xs.forEach((x, i) => {
        expectClose(value[i], f(x, theta), `f at x = ${x}`);
        derivatives.forEach((d, j) => expectClose(gradient[j][i], d(x, theta), `∂/∂${program.parameters[j]} at x = ${x}`));
      });
    });
  }
});
