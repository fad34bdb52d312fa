// Lineshapes: the error function family and the Faddeeva function in the expression language, and
// the built-in models made of them — voigt, skewedGaussian, exponentialGaussian, step,
// stepLogistic, stepLinear, rectangle, dampedOscillator — in the reference evaluator (compileModel)
// and in whole fits from their guesses. Oracles (test/fixtures/lineshapes/generate.py, SciPy 1.10,
// lmfit 1.1):
//   - erf, erfc, erfcx, logerfc: references in 420-digit decimal arithmetic, and SciPy's values;
//   - w(z): its Taylor series in 420-digit arithmetic (|z| ≤ 8), and scipy.special.wofz; the Voigt
//     profile: scipy.special.voigt_profile;
//   - each built-in's expression: lmfit.lineshapes on grids of x and parameters;
//   - derivatives: central differences of the values, and w′(z) = −2z·w(z) + 2i/√π;
//   - fits: lmfit's Model (the lineshape + ConstantModel, leastsq) on the same noisy data, its
//     errors recomputed from a fourth-order central-difference Jacobian;
//   - guesses: on random well-posed problems, the minimum a fit from the true parameters reaches.
// test/vm/special.test.ts holds the VM to the same oracles.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileModel, curveFitSync, FitError } from '../../src/index.ts';
import { builtinModel, builtinModelNames, type BuiltinModel } from '../../src/models/builtin/index.ts';
import { compileExpression, evaluateProgram } from '../../src/models/expression/index.ts';
import { erfcx } from '../../src/models/expression/erf.ts';
import { uniform } from '../support/synthetic.ts';
import { between, grid, guessRates, logBetween, noisyCase, sign, window, type Params } from '../support/random-problems.ts';

type Numbers = (number | string)[]; // the fixture writes ±Infinity and NaN as strings

interface Fixture {
  scipy: string;
  lmfit: string;
  erf: { x: number[]; scipy: Record<string, Numbers>; reference: Record<string, Numbers> };
  wofz: { x: number[]; y: number[]; re: Numbers; im: Numbers };
  wofzReference: { x: number[]; y: number[]; re: Numbers; im: Numbers };
  voigtProfile: { x: number[]; sigma: number[]; gamma: number[]; value: Numbers };
  lineshapes: { model: string; oracle: string; params: Params; x: number[]; y: Numbers }[];
  fits: { model: string; oracle: string; x: number[]; y: number[]; truth: Params; params: Params; errors: Params; lmfitErrors: Params; chi2: number }[];
}

const fixture: Fixture = JSON.parse(readFileSync(new URL('../fixtures/lineshapes/lineshapes.json', import.meta.url), 'utf8'));
const numbers = (values: Numbers): number[] => values.map(Number);
const MIN_NORMAL = 2.2250738585072014e-308;

/** The relative difference, 0 when equal (both NaN, the same infinity), Infinity when one is NaN and not the other. */
function relative(a: number, b: number): number {
  if (a === b || (Number.isNaN(a) && Number.isNaN(b))) return 0;
  return Math.abs(a - b) / Math.abs(b);
}

/** f at each x, in the reference evaluator: compileModel on the one-function expression `name(a*x)` at a = 1. */
function evaluated(name: string, x: number[]): Float64Array {
  return compileModel(`${name}(a*x)`).evaluate(x, [1]);
}

/** The largest relative error of `values` against `oracle` where the oracle is a normal double, and where it is. */
function worst(values: ArrayLike<number>, oracle: number[], x: number[]): { error: number; at: number } {
  let error = 0;
  let at = NaN;
  oracle.forEach((o, i) => {
    if (Number.isFinite(o) && Math.abs(o) < MIN_NORMAL) return; // subnormal: checked absolutely
    const e = relative(values[i], o);
    if (e > error) [error, at] = [e, x[i]];
  });
  return { error, at };
}

describe('erf, erfc, erfcx and logerfc (oracle: 420-digit references; SciPy)', () => {
  const { x, reference, scipy } = fixture.erf;

  it.each([
    ['erf', 3e-16], ['erfc', 4e-16], ['erfcx', 4e-16], ['logerfc', 3e-16],
  ])('%s is within %s relative of the reference wherever that is a normal double, ±∞ and exact zeros included', (name, bound) => {
    const values = evaluated(name, x);
    const { error, at } = worst(values, numbers(reference[name]), x);
    expect(error, `${name} at x = ${at}`).toBeLessThanOrEqual(bound);
  });

  it('erfc keeps its tail to the last subnormal: erfc(10) = 2.088487583762545e-45, and within 1 subnormal ulp past 26.55', () => {
    expect(relative(evaluated('erfc', [10])[0], 2.088487583762545e-45)).toBeLessThanOrEqual(1e-15);
    const values = evaluated('erfc', x);
    numbers(reference.erfc).forEach((o, i) => {
      if (Math.abs(o) < MIN_NORMAL) expect(Math.abs(values[i] - o), `erfc(${x[i]})`).toBeLessThanOrEqual(5e-324);
    });
  });

  it("agree with SciPy to SciPy's own accuracy: erf 3e-16, erfcx 6e-14, and Cephes' erfc 6e-14 in the tail", () => {
    for (const [name, bound] of [['erf', 3e-16], ['erfc', 6e-14], ['erfcx', 6e-14]] as const) {
      const { error, at } = worst(evaluated(name, x), numbers(scipy[name]), x);
      expect(error, `${name} at x = ${at}`).toBeLessThanOrEqual(bound);
    }
  });

  it('take their limits at ±0, ±∞ and NaN', () => {
    const at = [0, -0, Infinity, -Infinity, NaN];
    expect(Array.from(evaluated('erf', at))).toEqual([0, -0, 1, -1, NaN]);
    expect(Array.from(evaluated('erfc', at))).toEqual([1, 1, 0, 2, NaN]);
    expect(Array.from(evaluated('erfcx', at))).toEqual([1, 1, 0, Infinity, NaN]);
    expect(Array.from(evaluated('logerfc', at), (v) => v + 0)).toEqual([0, 0, -Infinity, Math.LN2, NaN]); // zero's sign aside
  });
});

describe('the Faddeeva function (oracles: 420-digit Taylor series; scipy.special.wofz, voigt_profile)', () => {
  const { x, y } = fixture.wofz;
  const re = numbers(fixture.wofz.re);
  const im = numbers(fixture.wofz.im);
  const w = (part: string) => compileModel(`faddeeva${part}(x, a*y)`, { variables: ['x', 'y'] });

  it(`both parts are within 3e-14 relative of w's Taylor series on ${fixture.wofzReference.x.length} points with |z| ≤ 8`, () => {
    const reference = fixture.wofzReference;
    for (const [part, oracle] of [['Re', reference.re], ['Im', reference.im]] as const) {
      const { error, at } = worst(w(part).evaluate({ x: reference.x, y: reference.y }, [1]), numbers(oracle), reference.x);
      expect(error, `${part} at x = ${at}`).toBeLessThanOrEqual(3e-14);
    }
  });

  it(`faddeevaRe(x, y) is SciPy's Re w(x + iy) within 1e-14 relative on ${x.length} points of every quadrant`, () => {
    const values = w('Re').evaluate({ x, y }, [1]);
    const { error, at } = worst(values, re, x);
    expect(error, `at x = ${at}`).toBeLessThanOrEqual(1e-14);
  });

  it("faddeevaIm(x, y) is SciPy's Im w(x + iy) within 5e-13 relative: SciPy's own error near x = 0, as the Taylor series shows", () => {
    const { error, at } = worst(w('Im').evaluate({ x, y }, [1]), im, x);
    expect(error, `at x = ${at}`).toBeLessThanOrEqual(5e-13);
  });

  it('the voigt model at A = 1, c = 0 is the Voigt profile within 1e-13 relative, gamma = 0 (a gaussian) included', () => {
    const { sigma, gamma } = fixture.voigtProfile;
    const oracle = numbers(fixture.voigtProfile.value);
    const m = compileModel('voigt');
    fixture.voigtProfile.x.forEach((xi, i) => {
      const v = m.evaluate([xi], { A: 1, mu: 0, sigma: sigma[i], gamma: gamma[i], c: 0 })[0];
      expect(relative(v, oracle[i]), `x = ${xi}, sigma = ${sigma[i]}, gamma = ${gamma[i]}`).toBeLessThanOrEqual(1e-13);
    });
  });
});

describe('derivatives (oracle: central differences of the values; w′ = −2zw + 2i/√π)', () => {
  /** ∂f/∂a at a = 1 by the compiler, against (f(a + h) − f(a − h))/2h by the same evaluator. */
  function checkSlope(source: string, x: number[], tolerance: number, variables = ['x']) {
    const program = compileExpression(source, { variables });
    const columns = variables.map(() => x);
    const exact = evaluateProgram(program, [1], columns, x.length, true).gradient[0];
    const h = 1e-6;
    const up = evaluateProgram(program, [1 + h], columns, x.length).value;
    const down = evaluateProgram(program, [1 - h], columns, x.length).value;
    exact.forEach((d, i) => {
      const difference = (up[i] - down[i]) / (2 * h);
      expect(Math.abs(d - difference), `${source} at x = ${x[i]}`).toBeLessThanOrEqual(tolerance * Math.max(1, Math.abs(d)));
    });
  }
  const x = [-4, -2.5, -1, -0.3, 0, 0.2, 0.9, 1.3, 2, 3.5, 5];

  it.each(['erf(a*x)', 'erfc(a*x)', 'erfcx(a*x)', 'logerfc(a*x)'])('of %s: d/dx erf = 2/√π·exp(−x²), d/dx erfcx = 2x·erfcx − 2/√π, d/dx logerfc = −(2/√π)/erfcx', (source) => {
    checkSlope(source, x, 1e-8);
  });

  it.each(['faddeevaRe(a*x, 0.7)', 'faddeevaIm(a*x, 0.7)', 'faddeevaRe(x, a*0.3)', 'faddeevaIm(x, a*0.3)', 'faddeevaRe(x - 1, a*x)', 'faddeevaIm(3*x, -a*0.2)'])(
    'of %s, through w′ in both arguments',
    (source) => checkSlope(source, x, 1e-8),
  );

  it('of w satisfy Cauchy–Riemann: ∂Re/∂x = ∂Im/∂y and ∂Re/∂y = −∂Im/∂x', () => {
    const variables = ['x', 'y'];
    const [xs, ys] = [[0.3, -2, 5, 7.5, 12], [0.5, 0.1, 2, 1e-3, 8]];
    const gradient = (source: string) => evaluateProgram(compileExpression(source, { variables }), [1, 1], [xs, ys], xs.length, true).gradient;
    const [reX, reY] = gradient('faddeevaRe(p*x, q*y)');
    const [imX, imY] = gradient('faddeevaIm(p*x, q*y)');
    xs.forEach((_, i) => {
      expect(relative(reX[i] / xs[i], imY[i] / ys[i])).toBeLessThanOrEqual(1e-14);
      expect(relative(reY[i] / ys[i], -imX[i] / xs[i])).toBeLessThanOrEqual(1e-14);
    });
  });
});

describe('the expression language', () => {
  it('reads a binary function as name(first, second); a missing or extra argument is a SYNTAX_ERROR at its column', () => {
    expect(compileExpression('A*faddeevaRe(x - mu, g)').parameters).toEqual(['A', 'mu', 'g']);
    const failure = (source: string): FitError => {
      try {
        compileExpression(source);
      } catch (error) {
        return error as FitError;
      }
      throw new Error(`no error for ${source}`);
    };
    expect(failure('faddeevaRe(a*x)').message).toMatch(/^model: syntax error at column 15: expected an operator or "," before the second argument of faddeevaRe but found "\)"/);
    expect(failure('erf(a*x, 2)').message).toMatch(/^model: syntax error at column 8: expected an operator or "\)" but found ","/);
    expect(failure('a*x, 2').code).toBe('SYNTAX_ERROR');
    expect(failure('a*erfcc(x)').code).toBe('UNKNOWN_FUNCTION');
  });

  it('folds constant calls: erf(1), erfc(1) and w(1 + i) are computed once, not per row', () => {
    const program = compileExpression('a*x + (erf(1) + erfc(1) + faddeevaRe(1, 1) + faddeevaIm(1, 1))');
    expect(program.valueBody.length / 4).toBe(2); // a*x, then + the folded constant
    const value = evaluateProgram(program, [0], [[0]], 1).value[0];
    expect(value).toBeCloseTo(0.8427007929497149 + 0.15729920705028513 + 0.30474420525691259 + 0.20821893820283163, 14);
  });
});

// The exponentially modified gaussian's exp(a + logerfc(b)) rounds a and b² separately where
// lmfit's exp(a)·erfc(b) overflows (a ≈ b² ≈ (gamma·sigma)²/2 = 1250 at gamma·sigma = 50): a few
// ulps of 1250, 4e-13 relative — where lmfit has no value at all.
const tolerance = (oracle: string) => (oracle.startsWith('lmfit') ? 1e-13 : 1e-12);

describe.each(fixture.lineshapes)('$model at $params ($oracle)', ({ model, oracle: name, params, x, y }) => {
  it(`equals the oracle at every x within ${tolerance(name)} relative (2e-13 absolute against the peak)`, () => {
    const oracle = numbers(y);
    const scale = Math.max(...oracle.map(Math.abs));
    const values = compileModel(model).evaluate(x, params);
    oracle.forEach((o, i) => expect(Math.abs(values[i] - o), `x = ${x[i]}: ${values[i]} vs ${o}`).toBeLessThanOrEqual(tolerance(name) * Math.abs(o) + 2e-13 * scale));
  });
});

const NEW_MODELS = ['voigt', 'skewedGaussian', 'exponentialGaussian', 'step', 'stepLogistic', 'stepLinear', 'rectangle', 'dampedOscillator'];
const PARAMETERS: Record<string, string[]> = {
  voigt: ['A', 'mu', 'sigma', 'gamma', 'c'],
  skewedGaussian: ['A', 'mu', 'sigma', 'gamma', 'c'],
  exponentialGaussian: ['A', 'mu', 'sigma', 'gamma', 'c'],
  step: ['A', 'mu', 'sigma', 'c'],
  stepLogistic: ['A', 'mu', 'sigma', 'c'],
  stepLinear: ['A', 'mu', 'sigma', 'c'],
  rectangle: ['A', 'mu1', 'sigma1', 'mu2', 'sigma2', 'c'],
  dampedOscillator: ['A', 'mu', 'sigma', 'c'],
};

const model = (name: string): BuiltinModel => {
  const m = builtinModel(name);
  if (!m) throw new Error(`no built-in model ${name}`);
  return m;
};

describe('the new built-in models in the table', () => {
  it.each(NEW_MODELS)('%s is listed, resolves, carries its own offset c, and names lmfit\'s parameters A, mu, sigma, gamma …', (name) => {
    expect(builtinModelNames).toContain(name);
    expect(model(name).offset).toBe('c');
    expect(compileModel(name).names).toEqual(PARAMETERS[name]);
  });
});

describe.each(fixture.fits)('a fit of $model from its own guess ($oracle)', ({ model: name, x, y, params, errors, lmfitErrors, chi2 }) => {
  const r = curveFitSync(name, x, y);

  it("reaches lmfit's minimum: every parameter within 1e-6 relative, chi2 no higher", () => {
    expect(r.converged).toBe(true);
    for (const [p, v] of Object.entries(params)) expect(relative(r.params[p], v), p).toBeLessThanOrEqual(1e-6);
    expect(r.chi2).toBeLessThanOrEqual(chi2 * (1 + 1e-10));
  });

  it("has lmfit's standard errors within 1e-6 relative (and the central-difference oracle's)", () => {
    for (const p of Object.keys(params)) {
      expect(relative(r.errors[p], errors[p]), `${p} vs central differences`).toBeLessThanOrEqual(1e-6);
      expect(relative(r.errors[p], lmfitErrors[p]), `${p} vs lmfit`).toBeLessThanOrEqual(1e-6);
    }
  });
});

// ─── Guesses on random well-posed problems, as test/models/builtin.test.ts measures the others ───

interface Problem {
  model: string;
  /** One random well-posed problem: the x grid and the true parameters. */
  draw(u: () => number, n: number): { x: Float64Array; truth: Params };
}



const PROBLEMS: Problem[] = [
  {
    model: 'voigt',
    // As the gaussian of builtin.test.ts: centre in the middle 80%, a peak (or dip) 1 to 10 high.
    // Gaussian width from 2 sample spacings to L/8, lorentzian half width from 1/20 to 5 times it,
    // so that the peak and most of its wings are inside the window.
    draw(u, n) {
      const { x, lo, L, spacing } = window(u, n);
      const sigma = logBetween(u, 2 * spacing, L / 8);
      const gamma = sigma * logBetween(u, 0.05, Math.min(5, L / 8 / sigma));
      const height = sign(u) * logBetween(u, 1, 10);
      const A = (height * sigma * Math.sqrt(2 * Math.PI)) / erfcx(gamma / (sigma * Math.SQRT2));
      return { x, truth: { A, mu: lo + between(u, 0.1, 0.9) * L, sigma, gamma, c: between(u, -10, 10) } };
    },
  },
  {
    model: 'skewedGaussian',
    // Centre in the middle 60%, width from 3 spacings to L/10, skewness −5 … 5 (|gamma| ≥ 5 is
    // nearly a half gaussian), a peak or dip 1 to 10 high.
    draw(u, n) {
      const { x, lo, L, spacing } = window(u, n);
      const sigma = logBetween(u, 3 * spacing, L / 10);
      const height = sign(u) * logBetween(u, 1, 10);
      return { x, truth: { A: height * sigma * 2.5, mu: lo + between(u, 0.2, 0.8) * L, sigma, gamma: between(u, -5, 5), c: between(u, -10, 10) } };
    },
  },
  {
    model: 'exponentialGaussian',
    // A peak in the first half with its tail inside the window: width from 2 spacings to L/20,
    // decay time 1/gamma from 0.3 to 5 widths (shorter is a gaussian: gamma is then undetermined).
    draw(u, n) {
      const { x, lo, L, spacing } = window(u, n);
      const sigma = logBetween(u, 2 * spacing, L / 20);
      const tau = sigma * logBetween(u, 0.3, 5);
      const height = sign(u) * logBetween(u, 1, 10);
      return { x, truth: { A: height * (sigma + tau) * 2, mu: lo + between(u, 0.15, 0.45) * L, sigma, gamma: 1 / tau, c: between(u, -10, 10) } };
    },
  },
  ...['step', 'stepLogistic'].map((name) => ({
    model: name,
    // As the logistic of builtin.test.ts: midpoint in the middle half, width from one spacing to
    // L/12 (both plateaus reached inside the window), rising or falling, 1 to 10 high.
    draw(u: () => number, n: number) {
      const { x, lo, L, spacing } = window(u, n);
      return { x, truth: { A: sign(u) * between(u, 1, 10), mu: lo + between(u, 0.25, 0.75) * L, sigma: logBetween(u, spacing, L / 12), c: between(u, -10, 10) } };
    },
  })),
  {
    model: 'stepLinear',
    // A ramp from 3 spacings (fewer and the kinks fall between samples) to L/3 wide, its midpoint
    // in the middle half.
    draw(u, n) {
      const { x, lo, L, spacing } = window(u, n);
      return { x, truth: { A: sign(u) * between(u, 1, 10), mu: lo + between(u, 0.3, 0.7) * L, sigma: logBetween(u, 3 * spacing, L / 3), c: between(u, -10, 10) } };
    },
  },
  {
    model: 'rectangle',
    // Edges in the first and last thirds, each from one spacing to a tenth of the length wide.
    draw(u, n) {
      const { x, lo, L, spacing } = window(u, n);
      const mu1 = lo + between(u, 0.1, 0.35) * L;
      const mu2 = lo + between(u, 0.65, 0.9) * L;
      const edge = () => logBetween(u, spacing, (mu2 - mu1) / 10);
      return { x, truth: { A: sign(u) * logBetween(u, 1, 10), mu1, sigma1: edge(), mu2, sigma2: edge(), c: between(u, -10, 10) } };
    },
  },
  {
    model: 'dampedOscillator',
    // Frequencies x from 0 to xmax, resonance in the middle 20–70%, damping ratio from 0.02 (a peak
    // at least 3 spacings wide) to 0.4, a response 1 to 10 at x = 0.
    draw(u, n) {
      const xmax = logBetween(u, 0.1, 1000);
      const mu = xmax * between(u, 0.2, 0.7);
      const sigma = logBetween(u, Math.max(0.02, (3 * xmax) / (n - 1) / mu), 0.4);
      return { x: grid(n, 0, xmax), truth: { A: sign(u) * logBetween(u, 1, 10), mu, sigma, c: between(u, -10, 10) } };
    },
  },
];

/** The model's values at x, by the reference evaluator. */
const valuesOf = (name: string, x: Float64Array, p: Params) => compileModel(name).evaluate(x, p);

/** One seeded case (support/random-problems.ts). */
const makeCase = (problem: Problem, u: () => number, g: () => number) => noisyCase(problem, (x, truth) => valuesOf(problem.model, x, truth), u, g);

describe.each(PROBLEMS)('the guess of $model', (problem) => {
  const m = model(problem.model);
  const { x, truth, clean } = makeCase(problem, uniform(17), () => 0);

  it('is finite for every parameter on clean data, and leaves the data untouched', () => {
    const [xs, ys] = [x.slice(), clean.slice()];
    const guess = m.guess(xs, ys);
    expect(Object.keys(guess).sort()).toEqual(Object.keys(truth).sort());
    for (const value of Object.values(guess)) expect(Number.isFinite(value)).toBe(true);
    expect(xs).toEqual(x);
    expect(ys).toEqual(clean);
  });

  it('is the same whatever the order of the rows', () => {
    const order = Array.from(x, (_, i) => x.length - 1 - i);
    expect(m.guess(Float64Array.from(order, (i) => x[i]), Float64Array.from(order, (i) => clean[i]))).toEqual(m.guess(x, clean));
  });

  it('is finite on data the model cannot describe', () => {
    const cases: [number[], number[]][] = [
      [[], []], [[1], [2]], [[1, 2], [3, 3]], [[0, 0, 0, 0, 0], [1, 2, 3, 4, 5]], [[1, 2, 3, 4, 5, 6], [0, 0, 0, 0, 0, 0]],
      [[NaN, 1, 2, Infinity, 3, 4, 5], [1, NaN, 2, 3, -Infinity, 5, 1]], [[-3, -2, -1, 0, 1, 2], [-1, 4, -2, 8, -1, 2]],
    ];
    for (const [xs, ys] of cases) {
      const guess = m.guess(Float64Array.from(xs), Float64Array.from(ys));
      for (const value of Object.values(guess)) expect(Number.isFinite(value), JSON.stringify([xs, ys])).toBe(true);
    }
  });
});

// 200 cases per model keep this test to ~10 s; with 1,000 (as test/models/builtin.test.ts runs
// the others), measured once: 1,000/1,000 for every model but rectangle (998) and stepLinear (969:
// its fits can stop where a kink of the ramp crosses a sample, short of the minimum, even from
// starts close to the truth).
const CASES = 200;

describe('a fit from the guess reaches the true minimum', () => {
  it(`in at least 95% of ${CASES} random well-posed problems per model`, () => {
    for (const [name, rate] of guessRates(PROBLEMS, makeCase, CASES, 3000)) expect(rate, name).toBeGreaterThanOrEqual(0.95);
  });
});
