// Built-in models and their guesses. Oracles:
//   - each expression against the model's textbook formula written out in JavaScript;
//   - the linear models' guesses against the closed-form least-squares solution;
//   - the measurement: on random well-posed problems, a fit started from the guess must reach
//     the minimum that a fit started from the TRUE parameters reaches (chi2 within 1e-7), in at
//     least 95% of 1,000 seeded cases per model.
import { describe, expect, it } from 'vitest';
import { curveFitSync } from '../../src/index.ts';
import { builtinModel, builtinModelNames, type BuiltinModel } from '../../src/models/builtin/index.ts';
import { MAX_GUESS_ROWS } from '../../src/models/builtin/points.ts';
import { compileExpression, evaluateProgram } from '../../src/models/expression/index.ts';
import { normal, uniform } from '../support/synthetic.ts';
import { between, grid, guessRates, logBetween, noisyCase, sign, window, type Params } from '../support/random-problems.ts';


interface Problem {
  model: string;
  /** The textbook formula, independent of the expression. */
  f(x: number, p: Params): number;
  /** One random well-posed problem: the x grid and the true parameters. */
  draw(u: () => number, n: number): { x: Float64Array; truth: Params };
}



function polynomialProblem(degree: number): Problem {
  return {
    model: `polynomial${degree}`,
    f: (x, p) => {
      let v = 0;
      for (let j = degree; j >= 0; j--) v = v * x + p[`c${j}`];
      return v;
    },
    // Any coefficients are well posed (the model is linear); each cⱼ is scaled by max|x|^−j so
    // that every term is of the same size somewhere in the window. Up to degree 3 the window is
    // anywhere; from degree 4 it contains x = 0: over [4, 6], say, the monomial coefficients of
    // a degree-10 fit cancel to 1e7 and chi2 itself is only good to ~1e-6 in float64, whoever
    // starts the fit.
    draw(u, n) {
      const L = between(u, 1, 10);
      const lo = degree <= 3 ? between(u, -10, 10) : between(u, -L, 0);
      const scale = Math.max(Math.abs(lo), Math.abs(lo + L));
      const truth: Params = {};
      for (let j = 0; j <= degree; j++) truth[`c${j}`] = between(u, -1, 1) * scale ** -j;
      return { x: grid(n, lo, lo + L), truth };
    },
  };
}

const PROBLEMS: Problem[] = [
  {
    model: 'linear',
    f: (x, p) => p.slope * x + p.intercept,
    // Any line is well posed; slopes from flat to steep.
    draw(u, n) {
      const { x, L } = window(u, n);
      return { x, truth: { slope: (sign(u) * logBetween(u, 0.1, 10)) / L, intercept: between(u, -10, 10) } };
    },
  },
  polynomialProblem(3),
  polynomialProblem(10),
  {
    model: 'exponential',
    f: (x, p) => p.a * Math.exp(-p.b * x) + p.c,
    // x from t0 ∈ [0, L/2] (time since some start). |b|·L ∈ [0.3, 8], decay or growth: below 0.3
    // the curve is nearly straight and (a, b, c) slide along one valley; above 8 the decay is
    // over within an eighth of the window (or growth hides the first part under the noise).
    // a0 is the exponential's size at the start of the window.
    draw(u, n) {
      const L = logBetween(u, 1, 100);
      const t0 = between(u, 0, L / 2);
      const b = (sign(u) * logBetween(u, 0.3, 8)) / L;
      const a0 = sign(u) * logBetween(u, 1, 10);
      return { x: grid(n, t0, t0 + L), truth: { a: a0 * Math.exp(b * t0), b, c: between(u, -10, 10) } };
    },
  },
  {
    model: 'doubleExponential',
    f: (x, p) => p.a1 * Math.exp(-p.b1 * x) + p.a2 * Math.exp(-p.b2 * x) + p.c,
    // x ∈ [0, L]. The slow decay falls to e^−2…e^−3 over the window (b2·L ∈ [2, 3]): with less,
    // at this noise, it is a straight line and the least-squares minimum runs off to b2 → 0, a2
    // and c → ±∞ (measured: the fit from the truth finds no finite minimum in 17% of cases with
    // b2·L ∈ [0.5, 3], 0.3% with [2, 3]). The fast rate is 3 to 10 times the slow one (closer
    // rates cannot be told apart), so b1·L ≤ 30 still spans ≥ 3 samples. Amplitudes of one sign
    // (two decays adding up, as in relaxation or fluorescence data), within a factor 3 of each
    // other so that both are visible.
    draw(u, n) {
      const L = logBetween(u, 1, 100);
      const b2 = logBetween(u, 2, 3) / L;
      const s = sign(u);
      const a2 = s * logBetween(u, 1, 10);
      return {
        x: grid(n, 0, L),
        truth: { a1: a2 * logBetween(u, 1 / 3, 3), b1: b2 * logBetween(u, 3, 10), a2, b2, c: between(u, -10, 10) },
      };
    },
  },
  {
    model: 'gaussian',
    f: (x, p) => p.A * Math.exp(-((x - p.mu) ** 2) / (2 * p.sigma ** 2)) + p.c,
    // Centre in the middle 80% of the window (a peak whose top is outside has no height to
    // measure); sigma from 2 sample spacings (narrower is a spike of a few points) to half the
    // window. Peaks and dips.
    draw(u, n) {
      const { x, lo, L, spacing } = window(u, n);
      return {
        x,
        truth: { A: sign(u) * logBetween(u, 1, 10), mu: lo + between(u, 0.1, 0.9) * L, sigma: logBetween(u, 2 * spacing, L / 2), c: between(u, -10, 10) },
      };
    },
  },
  {
    model: 'lorentzian',
    f: (x, p) => p.A / (1 + ((x - p.x0) / p.gamma) ** 2) + p.c,
    // As the gaussian, with the half width gamma from 2 sample spacings to half the window.
    draw(u, n) {
      const { x, lo, L, spacing } = window(u, n);
      return {
        x,
        truth: { A: sign(u) * logBetween(u, 1, 10), x0: lo + between(u, 0.1, 0.9) * L, gamma: logBetween(u, 2 * spacing, L / 2), c: between(u, -10, 10) },
      };
    },
  },
  {
    model: 'pseudoVoigt',
    f: (x, p) => {
      const v = (x - p.x0) / p.gamma;
      return p.A * ((1 - p.eta) * Math.exp(-Math.LN2 * v * v) + p.eta / (1 + v * v)) + p.c;
    },
    // As the lorentzian, with any mix eta ∈ [0, 1].
    draw(u, n) {
      const { x, lo, L, spacing } = window(u, n);
      return {
        x,
        truth: {
          A: sign(u) * logBetween(u, 1, 10), x0: lo + between(u, 0.1, 0.9) * L, gamma: logBetween(u, 2 * spacing, L / 2),
          eta: u(), c: between(u, -10, 10),
        },
      };
    },
  },
  {
    model: 'logistic',
    f: (x, p) => p.bottom + (p.top - p.bottom) / (1 + Math.exp(-p.k * (x - p.x0))),
    // Midpoint in the middle half of the window and transition width 1/|k| from one sample
    // spacing to L/12, so that both plateaus are reached to within 5% (e^−3) inside the window:
    // otherwise a plateau is an extrapolation. Rising and falling; plateaus at least 1 apart.
    draw(u, n) {
      const { x, lo, L, spacing } = window(u, n);
      const bottom = between(u, -10, 10);
      return {
        x,
        truth: { bottom, top: bottom + sign(u) * between(u, 1, 10), k: sign(u) / logBetween(u, spacing, L / 12), x0: lo + between(u, 0.25, 0.75) * L },
      };
    },
  },
  {
    model: 'hill',
    f: (x, p) => p.bottom + ((p.top - p.bottom) * x ** p.n) / (p.K ** p.n + x ** p.n),
    // Dose–response data: x log-spaced over 4 to 6 decades starting anywhere in 1e−3…10, K in the
    // middle half of those decades (≥ 1 decade from either end), Hill coefficient n ∈ [0.7, 4]:
    // one decade from K, n = 0.7 has covered 83% of the way to each plateau — flatter, and the
    // plateaus become extrapolations; cooperative binding rarely exceeds 4.
    draw(u, n) {
      const first = between(u, -3, 1);
      const decades = between(u, 4, 6);
      const x = grid(n, first, first + decades).map((e) => 10 ** e);
      const bottom = between(u, -10, 10);
      return {
        x,
        truth: { bottom, top: bottom + sign(u) * between(u, 1, 10), K: 10 ** (first + between(u, 0.25, 0.75) * decades), n: logBetween(u, 0.7, 4) },
      };
    },
  },
  {
    model: 'michaelisMenten',
    f: (x, p) => (p.vmax * x) / (p.km + x),
    // Substrate x ∈ [0, xmax], evenly spaced; km ∈ [0.05, 2]·xmax: below, the rise is over in
    // a few samples; above, the curve is nearly straight and only vmax/km is determined.
    draw(u, n) {
      const xmax = logBetween(u, 0.1, 1000);
      return { x: grid(n, 0, xmax), truth: { vmax: logBetween(u, 0.1, 100), km: xmax * logBetween(u, 0.05, 2) } };
    },
  },
  {
    model: 'powerLaw',
    f: (x, p) => p.a * x ** p.b,
    // x ∈ [x1, R·x1], x1 anywhere in 1e−2…1e2, R ∈ [5, 100]: the span a power law is fitted over.
    // Exponents of either sign, 0.1 ≤ |b| ≤ 2.5; amplitudes of either sign.
    draw(u, n) {
      const x1 = logBetween(u, 0.01, 100);
      const x = grid(n, x1, x1 * logBetween(u, 5, 100));
      return { x, truth: { a: sign(u) * logBetween(u, 0.1, 10), b: sign(u) * logBetween(u, 0.1, 2.5) } };
    },
  },
  {
    model: 'sine',
    f: (x, p) => p.a * Math.sin(p.omega * x + p.phi) + p.c,
    // At least 1.5 periods in the window (fewer and frequency, phase and offset trade off) and
    // at least 8 samples per period (fewer and the sampling aliases it).
    draw(u, n) {
      const { x, L } = window(u, n);
      return {
        x,
        truth: {
          a: logBetween(u, 0.5, 5), omega: (2 * Math.PI * logBetween(u, 1.5, n / 8)) / L,
          phi: between(u, -Math.PI, Math.PI), c: between(u, -5, 5),
        },
      };
    },
  },
];

/** One seeded case (support/random-problems.ts). */
const makeCase = (problem: Problem, u: () => number, g: () => number) => noisyCase(problem, (x, truth) => x.map((v) => problem.f(v, truth)), u, g);

const model = (name: string): BuiltinModel => {
  const m = builtinModel(name);
  if (!m) throw new Error(`no built-in model ${name}`);
  return m;
};

describe('the built-in model table', () => {
  it('resolves every listed name, polynomial1 to polynomial10, and nothing else', () => {
    for (const name of builtinModelNames) {
      if (name === 'polynomial<n>') continue;
      expect(model(name).name).toBe(name);
    }
    for (let n = 1; n <= 10; n++) expect(model(`polynomial${n}`).expression.split('+').length).toBe(n + 1);
    for (const name of ['polynomial0', 'polynomial11', 'polynomial03', 'polynomial', 'Gaussian', 'toString', '']) {
      expect(builtinModel(name)).toBeUndefined();
    }
  });
});

describe.each(PROBLEMS)('$model', (problem) => {
  const m = model(problem.model);
  const u = uniform(17);
  const { x, truth, clean } = makeCase(problem, u, () => 0);

  it('has an expression equal to the textbook formula, parameters in the documented order', () => {
    const program = compileExpression(m.expression);
    expect(program.parameters).toEqual(Object.keys(truth));
    const value = evaluateProgram(program, program.parameters.map((name) => truth[name]), [x], x.length).value;
    for (let i = 0; i < x.length; i++) expect(value[i]).toBeCloseTo(problem.f(x[i], truth), 9);
  });

  it('guesses a finite value for every parameter on clean data, without touching the data', () => {
    const xs = x.slice();
    const ys = clean.slice();
    const guess = m.guess(xs, ys);
    expect(Object.keys(guess).sort()).toEqual(Object.keys(truth).sort());
    for (const value of Object.values(guess)) expect(Number.isFinite(value)).toBe(true);
    expect(xs).toEqual(x);
    expect(ys).toEqual(clean);
  });

  it('guesses the same whatever the order of the rows', () => {
    const order = Array.from(x, (_, i) => x.length - 1 - i);
    const reversed = m.guess(Float64Array.from(order, (i) => x[i]), Float64Array.from(order, (i) => clean[i]));
    expect(reversed).toEqual(m.guess(x, clean));
  });

  it('returns finite values on data it cannot describe', () => {
    const cases: [number[], number[]][] = [
      [[], []], [[1], [2]], [[1, 2], [3, 3]], [[0, 0, 0, 0, 0], [1, 2, 3, 4, 5]], [[1, 2, 3, 4, 5, 6], [0, 0, 0, 0, 0, 0]],
      [[NaN, 1, 2, Infinity, 3, 4, 5], [1, NaN, 2, 3, -Infinity, 5, 1]], [[-3, -2, -1, 0, 1, 2], [-1, 4, -2, 8, -1, 2]],
    ];
    for (const [xs, ys] of cases) {
      const guess = m.guess(Float64Array.from(xs), Float64Array.from(ys));
      expect(Object.keys(guess).sort()).toEqual(Object.keys(truth).sort());
      for (const value of Object.values(guess)) expect(Number.isFinite(value), `${JSON.stringify([xs, ys])}`).toBe(true);
    }
  });
});

describe('the linear models guess the least-squares solution itself', () => {
  it('linear: the closed-form slope and intercept', () => {
    const { x, y } = makeCase(PROBLEMS[0], uniform(5), normal(6));
    const n = x.length;
    const mx = x.reduce((a, v) => a + v, 0) / n;
    const my = y.reduce((a, v) => a + v, 0) / n;
    let sxy = 0;
    let sxx = 0;
    for (let i = 0; i < n; i++) {
      sxy += (x[i] - mx) * (y[i] - my);
      sxx += (x[i] - mx) ** 2;
    }
    const guess = model('linear').guess(x, y);
    expect(guess.slope).toBeCloseTo(sxy / sxx, 10);
    expect(guess.intercept).toBeCloseTo(my - (sxy / sxx) * mx, 10);
  });

  it('polynomial3 and polynomial10: the residual at the guess is already the fitted minimum', () => {
    for (const problem of PROBLEMS.filter((p) => p.model.startsWith('polynomial'))) {
      const { x, y } = makeCase(problem, uniform(5), normal(6));
      const m = model(problem.model);
      const guess = m.guess(x, y);
      const program = compileExpression(m.expression);
      const value = evaluateProgram(program, program.parameters.map((name) => guess[name]), [x], x.length).value;
      const atGuess = y.reduce((sum, v, i) => sum + (v - value[i]) ** 2, 0);
      expect(atGuess / curveFitSync(m.expression, x, y, { p0: guess }).chi2).toBeCloseTo(1, 9);
    }
  });
});

describe('large data', () => {
  it('subsamples above MAX_GUESS_ROWS and still starts in the right basin', () => {
    const n = 3 * MAX_GUESS_ROWS + 7;
    const g = normal(8);
    const truth = { A: -3, mu: 2.5, sigma: 0.005, c: 1 }; // a dip ~18 subsampled rows wide
    const x = Float64Array.from({ length: n }, (_, i) => (10 * ((i * 7919) % n)) / n); // unsorted
    const y = x.map((v) => truth.A * Math.exp(-((v - truth.mu) ** 2) / (2 * truth.sigma ** 2)) + truth.c + 0.05 * g());
    const m = model('gaussian');
    const fromGuess = curveFitSync(m.expression, x, y, { p0: m.guess(x, y) });
    const fromTruth = curveFitSync(m.expression, x, y, { p0: truth });
    expect(fromGuess.chi2).toBeLessThanOrEqual(fromTruth.chi2 * (1 + 1e-7));
  });
});

const CASES = 1000;

describe('a fit from the guess reaches the true minimum', () => {
  it(`in at least 95% of ${CASES} random well-posed problems per model`, () => {
    for (const [name, rate] of guessRates(PROBLEMS, makeCase, CASES, 1000)) expect(rate, name).toBeGreaterThanOrEqual(0.95);
  });
});
