// Composite models: model(), model strings of built-ins, the offset rule, the guess of a sum.
// Oracles:
//   - lmfit 1.1.0 (test/fixtures/lmfit/composite.json, written by composite.py): its sums of
//     models — Model(…, prefix='g1_') + Model(…, prefix='g2_') + LinearModel() and the like —
//     fitted to the same seeded data from the same start. lmfit's GaussianModel is parametrised
//     by area and has no offset, arenafit's gaussian by height with an offset c, so the lmfit side
//     is built of lmfit.Model's of arenafit's exact expressions (plus lmfit's ConstantModel for
//     the one offset a sum keeps, and its LinearModel, which is arenafit's linear): the same
//     parametrisation, so parameters, standard errors, χ², AIC and BIC must agree to 1e-6;
//   - the expressions a sum stands for, written out by hand;
//   - for the guess, the fit started at the true parameters (the measurement of
//     bench/two-peaks.mjs, here on a smaller seeded sample).
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { compileModel, createWorkerFitter, curveFitSync, model, FitError, type Model } from '../../src/index.ts';
import { thrown } from '../support/thrown.ts';
import { normal, uniform } from '../support/synthetic.ts';

interface LmfitCase {
  name: string;
  model: string;
  x: number[];
  y: number[];
  at_truth: number[];
  truth: Record<string, number>;
  p0: Record<string, number>;
  params: Record<string, number>;
  stderr: Record<string, number>;
  chisqr: number;
  aic: number;
  bic: number;
  nvarys: number;
  ndata: number;
}

const fixture = JSON.parse(readFileSync(new URL('../fixtures/lmfit/composite.json', import.meta.url), 'utf8')) as { cases: LmfitCase[] };

/** The Model of a case: its model string, or the one case written as code. */
function modelOf(c: LmfitCase): Model {
  return c.model === "model('exp(-k*x)').times('sine:s_')" ? model('exp(-k*x)').times('sine:s_') : model(c.model);
}

const relative = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

describe('lmfit 1.1.0: the same sums fitted from the same start', () => {
  const worst = { params: 0, stderr: 0, chi2: 0, aicBic: 0 };
  afterAll(() => console.log(`composite vs lmfit 1.1.0, largest relative differences: params ${worst.params.toExponential(2)}, stderr ${worst.stderr.toExponential(2)}, chi2 ${worst.chi2.toExponential(2)}; aic/bic absolute ${worst.aicBic.toExponential(2)}`));

  it.each(fixture.cases.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const m = modelOf(c);
    // The same function: arenafit's model at the truth is lmfit's.
    const scale = Math.max(...c.at_truth.map(Math.abs));
    const ours = m.evaluate(c.x, c.truth);
    c.at_truth.forEach((v, i) => expect(Math.abs(ours[i] - v)).toBeLessThan(1e-12 * scale));
    expect([...m.names].sort()).toEqual(Object.keys(c.params).sort());

    const r = curveFitSync(m, c.x, c.y, { p0: c.p0 });
    expect(r.converged).toBe(true);
    for (const name of m.names) {
      worst.params = Math.max(worst.params, relative(r.params[name], c.params[name]));
      worst.stderr = Math.max(worst.stderr, relative(r.errors[name], c.stderr[name]));
      expect(relative(r.params[name], c.params[name])).toBeLessThan(1e-6);
      expect(relative(r.errors[name], c.stderr[name])).toBeLessThan(1e-6);
    }
    worst.chi2 = Math.max(worst.chi2, relative(r.chi2, c.chisqr));
    expect(relative(r.chi2, c.chisqr)).toBeLessThan(1e-6);
    // lmfit's AIC and BIC (Minimizer._calculate_statistics), from our χ² and the result's own.
    const n = c.ndata;
    const aic = n * Math.log(r.chi2 / n) + 2 * m.names.length;
    const bic = n * Math.log(r.chi2 / n) + Math.log(n) * m.names.length;
    expect(m.names.length).toBe(c.nvarys);
    for (const [ours, theirs] of [[aic, c.aic], [bic, c.bic], [(r as { aic?: number }).aic ?? aic, c.aic], [(r as { bic?: number }).bic ?? bic, c.bic]]) {
      worst.aicBic = Math.max(worst.aicBic, Math.abs(ours - theirs));
      expect(Math.abs(ours - theirs)).toBeLessThan(1e-6);
    }
  });

  it('the model string and the Model fit alike, and the string needs no p0 where all is built-in', () => {
    for (const c of fixture.cases.filter((k) => !k.model.startsWith('model('))) {
      const byString = curveFitSync(c.model, c.x, c.y, { p0: c.p0 });
      const byModel = curveFitSync(model(c.model), c.x, c.y, { p0: c.p0 });
      expect(byString.params).toEqual(byModel.params);
      // Started from the guess: lmfit's minimum too.
      const guessed = curveFitSync(c.model, c.x, c.y);
      expect(relative(guessed.chi2, c.chisqr)).toBeLessThan(1e-6);
    }
  });
});

describe('names, prefixes and the expression', () => {
  it('a prefixed built-in: every parameter prefixed, in the built-in’s order', () => {
    const g = model('gaussian', { prefix: 'g1_' });
    expect(g.names).toEqual(['g1_A', 'g1_mu', 'g1_sigma', 'g1_c']);
    expect(g.expression).toBe('g1_A*exp(-(x - g1_mu)^2/(2*g1_sigma^2)) + g1_c');
    expect(g.label).toBe('gaussian:g1_');
    expect(g.variables).toEqual(['x']);
    expect(model('gaussian').names).toEqual(['A', 'mu', 'sigma', 'c']);
  });

  it("lmfit's example: two gaussians and a line", () => {
    const peaks = model('gaussian', { prefix: 'g1_' }).plus(model('gaussian', { prefix: 'g2_' })).plus(model('linear'));
    expect(peaks.names).toEqual(['g1_A', 'g1_mu', 'g1_sigma', 'g2_A', 'g2_mu', 'g2_sigma', 'slope', 'intercept']);
    expect(peaks.expression).toBe('g1_A*exp(-(x - g1_mu)^2/(2*g1_sigma^2)) + g2_A*exp(-(x - g2_mu)^2/(2*g2_sigma^2)) + slope*x + intercept');
    expect(peaks.label).toBe('gaussian:g1_ + gaussian:g2_ + linear');
    // The label of a model of built-ins is a model string of the same model.
    expect(model(peaks.label).expression).toBe(peaks.expression);
  });

  it('an expression takes a prefix on its parameters only, not on variables, functions or constants', () => {
    const e = model('a*exp(-b*x) + c*pi', { prefix: 'e_' });
    expect(e.names).toEqual(['e_a', 'e_b', 'e_c']);
    expect(e.expression).toBe('e_a*exp(-e_b*x) + e_c*pi');
    expect(model('a*t + b', { variables: ['t'] }).variables).toEqual(['t']);
  });

  it('a prefix on a Model or a model string goes in front of every term’s own', () => {
    expect(model('gaussian:g1_ + linear', { prefix: 's_' }).names).toEqual(['s_g1_A', 's_g1_mu', 's_g1_sigma', 's_slope', 's_intercept']);
  });

  it('a Model is frozen, and plus and times leave their operands as they were', () => {
    const g = model('gaussian', { prefix: 'g1_' });
    const sum = g.plus(model('gaussian', { prefix: 'g2_' }));
    expect(Object.isFrozen(g)).toBe(true);
    expect(g.names).toEqual(['g1_A', 'g1_mu', 'g1_sigma', 'g1_c']);
    expect(sum.names).toContain('g1_c');
    // The same leaf in another sum keeps or drops its offset by that sum's rule.
    expect(model('linear').plus(g).names).not.toContain('g1_c');
    expect(model(g).names).toEqual(g.names);
  });
});

describe('the offset rule: a sum keeps one constant offset', () => {
  it('two gaussians have one c: the first one’s', () => {
    const m = model('gaussian:g1_ + gaussian:g2_');
    expect(m.names.filter((name) => name.endsWith('_c'))).toEqual(['g1_c']);
    expect(m.expression).toBe('g1_A*exp(-(x - g1_mu)^2/(2*g1_sigma^2)) + g1_c + g2_A*exp(-(x - g2_mu)^2/(2*g2_sigma^2))');
  });

  it('a linear or polynomial term keeps its constant and the peaks drop theirs', () => {
    expect(model('gaussian:g1_ + linear + gaussian:g2_').names).toEqual(['g1_A', 'g1_mu', 'g1_sigma', 'slope', 'intercept', 'g2_A', 'g2_mu', 'g2_sigma']);
    expect(model('lorentzian').plus('polynomial2').expression).toBe('A/(1 + ((x - x0)/gamma)^2) + c0 + c1*x + c2*x^2');
    // A second polynomial drops its c0, from the front of its expression.
    expect(model('linear').plus('polynomial2:p_').expression).toBe('slope*x + intercept + p_c1*x + p_c2*x^2');
  });

  it('every built-in with an offset: exponential, doubleExponential, sine, pseudoVoigt, logistic, hill', () => {
    expect(model('exponential:e_').plus('sine:s_').names).toEqual(['e_a', 'e_b', 'e_c', 's_a', 's_omega', 's_phi']);
    expect(model('gaussian').plus('doubleExponential:d_').names).not.toContain('d_c');
    expect(model('pseudoVoigt:p_').plus('linear').names).toEqual(['p_A', 'p_x0', 'p_gamma', 'p_eta', 'slope', 'intercept']);
    // logistic's bottom also appears in (top - bottom): set to 0 there, the step then runs from 0 to top.
    expect(model('linear').plus('logistic').expression).toBe('slope*x + intercept + top/(1 + exp(-k*(x - x0)))');
    expect(model('linear').plus('hill:h_').expression).toBe('slope*x + intercept + h_top/(1 + (h_K/x)^h_n)');
    // Without the offset, a sum is the same function: logistic(bottom = 0) + line.
    const x = [0.5, 1, 2, 4];
    const sum = model('linear').plus('logistic').evaluate(x, { slope: 0.1, intercept: 2, top: 3, k: 1.5, x0: 1.2 });
    const parts = x.map((v) => 0.1 * v + 2 + 3 / (1 + Math.exp(-1.5 * (v - 1.2))));
    sum.forEach((v, i) => expect(v).toBeCloseTo(parts[i], 14));
  });

  it('models without an offset add none, a product keeps its factors’ offsets, an expression its constants', () => {
    expect(model('michaelisMenten').plus('powerLaw:p_').names).toEqual(['vmax', 'km', 'p_a', 'p_b']);
    expect(model('gaussian:g_').times('exponential:e_').names).toEqual(['g_A', 'g_mu', 'g_sigma', 'g_c', 'e_a', 'e_b', 'e_c']);
    expect(model('a*x + b').plus('gaussian:g_').names).toEqual(['a', 'b', 'g_A', 'g_mu', 'g_sigma', 'g_c']);
  });

  it('a sum of two gaussians fitted: one offset, a Jacobian of full rank', () => {
    const x = Float64Array.from({ length: 200 }, (_, i) => i / 20);
    const m = model('gaussian:g1_ + gaussian:g2_');
    const y = m.evaluate(x, { g1_A: 2, g1_mu: 3, g1_sigma: 0.5, g1_c: 0.3, g2_A: 1.5, g2_mu: 6.5, g2_sigma: 0.8 });
    const r = curveFitSync(m, x, y.map((v, i) => v + 0.01 * Math.sin(37 * i)));
    expect(r.rank).toBe(7);
    expect(r.undetermined).toEqual([]);
    expect(r.params.g1_c).toBeCloseTo(0.3, 2);
  });
});

describe('names that collide are NAME_COLLISION', () => {
  it('two gaussians without prefixes, naming both and the parameter', () => {
    const error = thrown(() => model('gaussian').plus(model('gaussian')));
    expect(error.code).toBe('NAME_COLLISION');
    expect(error.message).toMatch(/gaussian and gaussian both have a parameter named "A"/);
    expect(error.message).toMatch(/prefix/);
  });

  it('in a model string, a product, and between an expression and a built-in', () => {
    expect(thrown(() => curveFitSync('linear + linear', [1, 2, 3], [1, 2, 3])).code).toBe('NAME_COLLISION');
    expect(thrown(() => model('gaussian:g_ * gaussian:g_')).code).toBe('NAME_COLLISION');
    const error = thrown(() => model('gaussian:g_').plus(model('g_mu*x')));
    expect(error.code).toBe('NAME_COLLISION');
    expect(error.message).toMatch(/gaussian:g_ and g_mu\*x both have a parameter named "g_mu"/);
  });

  it('a dropped offset collides with nothing: gaussian + sine share no c', () => {
    expect(model('gaussian').plus('sine').names).toEqual(['A', 'mu', 'sigma', 'c', 'a', 'omega', 'phi']);
  });
});

describe('model strings of built-ins', () => {
  const x = Float64Array.from({ length: 120 }, (_, i) => i / 12);
  const m = model('gaussian:g1_ + gaussian:g2_ + linear');
  const truth = { g1_A: 2, g1_mu: 3.5, g1_sigma: 0.6, g2_A: 1.2, g2_mu: 6, g2_sigma: 0.9, slope: 0.1, intercept: 0.4 };
  const y = m.evaluate(x, truth);

  it('curveFitSync, compileModel and model() take one; the report names it', () => {
    const r = curveFitSync('gaussian:g1_ + gaussian:g2_ + linear', x, y);
    expect(r.names).toEqual(m.names);
    for (const [name, value] of Object.entries(truth)) expect(r.params[name]).toBeCloseTo(value, 8);
    expect(r.report()).toContain('gaussian:g1_ + gaussian:g2_ + linear: g1_A*exp(');
    expect(compileModel('gaussian:g1_ + linear').names).toEqual(['g1_A', 'g1_mu', 'g1_sigma', 'slope', 'intercept']);
    expect(Array.from(compileModel(' gaussian : g1_+gaussian:g2_ +linear ').evaluate(x, truth))).toEqual(Array.from(y));
  });

  it("'*' multiplies, binding tighter than '+'", () => {
    const product = model('gaussian:g_ * exponential:e_ + linear');
    expect(product.expression).toBe('(g_A*exp(-(x - g_mu)^2/(2*g_sigma^2)) + g_c)*(e_a*exp(-e_b*x) + e_c) + slope*x + intercept');
    expect(product.label).toBe('gaussian:g_ * exponential:e_ + linear');
    expect(model('gaussian*linear').names).toEqual(['A', 'mu', 'sigma', 'c', 'slope', 'intercept']);
  });

  it('an expression is never misread: a term is a built-in only when the whole term is a built-in name', () => {
    expect(compileModel('a*exp(-b*x) + c').names).toEqual(['a', 'b', 'c']);
    expect(compileModel('A*x + mu').names).toEqual(['A', 'mu']);
    expect(compileModel('gaussian').names).toEqual(['A', 'mu', 'sigma', 'c']); // the built-in itself
    // Built-ins inside an expression stay the expression's error, as before.
    for (const bad of ['gaussian + a*x', '2*exponential', 'a*x + lorentzian']) expect(thrown(() => compileModel(bad)).code).toBe('UNKNOWN_VARIABLE');
    expect(thrown(() => compileModel('gausian')).code).toBe('UNKNOWN_MODEL');
  });

  it('with a ":" it must be a model string: syntax errors point at the column, unknown names are UNKNOWN_MODEL', () => {
    const syntax = thrown(() => compileModel('gaussian:1_ + linear'));
    expect(syntax.code).toBe('SYNTAX_ERROR');
    expect(syntax.message).toMatch(/column 10/);
    expect(syntax.message).toMatch(/\n {2}gaussian:1_ \+ linear\n {11}\^/);
    expect(thrown(() => curveFitSync('gaussian:g1_ - linear', x, y)).code).toBe('SYNTAX_ERROR');
    const unknown = thrown(() => curveFitSync('gausian:g1_ + linear', x, y));
    expect(unknown.code).toBe('UNKNOWN_MODEL');
    expect(unknown.message).toMatch(/"gausian" at column 1 is not a built-in model/);
    // An expression term in a model string: the way to add one is model(...).plus.
    const mixed = thrown(() => model('gaussian:g1_ + a*x'));
    expect(mixed.code).toBe('UNKNOWN_MODEL');
    expect(mixed.message).toMatch(/"a" at column 16 is not a built-in model/);
    expect(mixed.message).toMatch(/model\('gaussian', \{ prefix: 'g1_' \}\)\.plus\(model\('a\*x\^2'\)\)/);
    expect(thrown(() => model('gaussian:g1_ + (a*x)')).code).toBe('SYNTAX_ERROR');
  });

  it('built-ins are in x: one named column is x, two are refused, and compileModel wants x', () => {
    const twoPeaks = 'gaussian:g1_ + gaussian:g2_ + linear';
    expect(curveFitSync(twoPeaks, { t: x }, y, { p0: truth }).params).toEqual(curveFitSync(twoPeaks, x, y, { p0: truth }).params);
    expect(curveFitSync(model(twoPeaks), { t: x }, y, { p0: truth }).params).toEqual(curveFitSync(twoPeaks, x, y, { p0: truth }).params);
    expect(thrown(() => curveFitSync('gaussian:g_ + linear', { u: x, v: x }, y)).code).toBe('INVALID_ARGUMENT');
    expect(thrown(() => compileModel('gaussian:g_ + linear', { variables: ['t'] })).code).toBe('INVALID_OPTION');
  });
});

describe('times, evaluate', () => {
  it('a product of an expression and a built-in, evaluated by name and in order', () => {
    const damped = model('exp(-k*x)').times('sine:s_');
    expect(damped.expression).toBe('exp(-k*x)*(s_a*sin(s_omega*x + s_phi) + s_c)');
    expect(damped.names).toEqual(['k', 's_a', 's_omega', 's_phi', 's_c']);
    const x = [0, 0.5, 1, 3];
    const p = { k: 0.3, s_a: 2, s_omega: 2.2, s_phi: 0.4, s_c: 0.5 };
    const expected = x.map((v) => Math.exp(-0.3 * v) * (2 * Math.sin(2.2 * v + 0.4) + 0.5));
    damped.evaluate(x, p).forEach((v, i) => expect(v).toBeCloseTo(expected[i], 14));
    expect(Array.from(damped.evaluate(x, [0.3, 2, 2.2, 0.4, 0.5]))).toEqual(Array.from(damped.evaluate(x, p)));
    expect(thrown(() => damped.evaluate(x, { k: 1 })).message).toMatch(/params\.s_a is missing/);
  });

  it('a Model of two variables fits named columns', () => {
    const plane = model('a*x1 + b*x2', { variables: ['x1', 'x2'] }).plus(model('c0 + 0*x1', { variables: ['x1'] }));
    expect(plane.variables).toEqual(['x1', 'x2']);
    const x1 = [0, 1, 2, 3, 4, 5];
    const x2 = [1, 0, 1, 0, 2, 3];
    const r = curveFitSync(plane, { x1, x2 }, x1.map((v, i) => 2 * v - x2[i] + 0.5));
    expect(r.params.a).toBeCloseTo(2, 10);
    expect(r.params.b).toBeCloseTo(-1, 10);
    expect(r.params.c0).toBeCloseTo(0.5, 10);
    expect(thrown(() => curveFitSync(plane, x1, x1)).code).toBe('INVALID_ARGUMENT');
    expect(thrown(() => curveFitSync(model('gaussian'), { u: x1, v: x2 }, x1)).message).toMatch(/reads x, but the data's variables are u, v/);
  });
});

describe('callbacks', () => {
  const x = [0, 1, 2, 3, 4];
  const y = [1, 3, 5, 7, 9];

  it('a callback Model with names fits without p0 and evaluates; it cannot be added to', () => {
    const line = model((t: number, p: Float64Array) => p[0] * t + p[1], { names: ['m', 'q'] });
    expect(line.names).toEqual(['m', 'q']);
    expect(Array.from(line.evaluate(x, { m: 2, q: 1 }))).toEqual(y);
    const r = curveFitSync(line, x, y);
    expect(r.names).toEqual(['m', 'q']);
    expect(r.params.m).toBeCloseTo(2, 6);
    expect(thrown(() => line.plus('linear')).code).toBe('INVALID_ARGUMENT');
    expect(thrown(() => model('linear').times(line)).message).toMatch(/callback model cannot be combined/);
  });

  it('without names it is named by p0, as a callback is', () => {
    const r = curveFitSync(model({ evaluate: (xs, p, out) => xs.forEach((t, i) => (out[i] = p[0] * t + p[1])) }), x, y, { p0: { m: 1, q: 0 } });
    expect(r.names).toEqual(['m', 'q']);
  });
});

describe('model() misuse is a FitError naming the argument', () => {
  const cases: [string, string, () => unknown, RegExp][] = [
    ['a prefix that is not a name', 'INVALID_OPTION', () => model('gaussian', { prefix: '1_' }), /options\.prefix is "1_"/],
    ['a prefix that makes a function name', 'INVALID_OPTION', () => model('a*xp + b*x', { prefix: 'e' }), /"exp", the name of a function/],
    ['an unknown option', 'INVALID_OPTION', () => model('gaussian', { prefx: 'g_' } as never), /options\.prefx is not an option of model/],
    ['variables for a built-in', 'INVALID_OPTION', () => model('gaussian', { variables: ['t'] }), /in x/],
    ['names for an expression', 'INVALID_OPTION', () => model('a*x', { names: ['a'] }), /options\.names/],
    ['a number', 'INVALID_ARGUMENT', () => model(42 as never), /model is 42/],
    ['a misspelt built-in', 'UNKNOWN_MODEL', () => model('gausian'), /"gausian" is not a built-in model/],
    ['plus of a number', 'INVALID_ARGUMENT', () => model('linear').plus(7 as never), /model is 7/],
    ['an expression that does not parse', 'SYNTAX_ERROR', () => model('a*exp(-b*x'), /column/],
    ['a guess of no arrays', 'INVALID_ARGUMENT', () => model('gaussian:g1_ + linear').guess(null as never, null as never), /^x is null; expected/],
    ['a guess of x and y of other lengths', 'LENGTH_MISMATCH', () => model('gaussian:g1_ + linear').guess([1, 2, 3], [1, 2]), /x has 3 rows and y has 2/],
  ];
  it.each(cases)('%s: %s', (_, code, run, message) => {
    const error = thrown(run);
    expect(error).toBeInstanceOf(FitError);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });
});

describe('guess of a sum: peaks and baseline found in the data', () => {
  /** One case of bench/two-peaks.mjs's kind: two overlapping gaussians on a sloped line, 2% noise. */
  function twoPeaks(seed: number) {
    const u = uniform(seed);
    const n = normal(seed + 1);
    const between = (lo: number, hi: number) => lo + (hi - lo) * u();
    const A1 = between(1, 5);
    const s1 = between(0.3, 1);
    const s2 = between(0.3, 1);
    const separation = between(1, 4) * Math.max(s1, s2);
    const mu1 = between(1.5, 8.5 - separation);
    const truth = { g1_A: A1, g1_mu: mu1, g1_sigma: s1, g2_A: A1 * 3 ** between(-1, 1), g2_mu: mu1 + separation, g2_sigma: s2, slope: between(-0.3, 0.3), intercept: between(-1, 1) };
    const x = Float64Array.from({ length: 300 }, (_, i) => (10 * i) / 299);
    const noise = 0.02 * Math.max(truth.g1_A, truth.g2_A);
    return { x, y: model('gaussian:g1_ + gaussian:g2_ + linear').evaluate(x, truth).map((v) => v + noise * n()), truth };
  }

  it('40 seeded cases: the fit without p0 reaches the minimum the fit from the truth reaches', () => {
    const failures: number[] = [];
    for (let seed = 1; seed <= 40; seed++) {
      const { x, y, truth } = twoPeaks(1000 * seed);
      const reference = curveFitSync('gaussian:g1_ + gaussian:g2_ + linear', x, y, { p0: truth });
      const guessed = curveFitSync('gaussian:g1_ + gaussian:g2_ + linear', x, y);
      if (!(guessed.chi2 <= reference.chi2 * (1 + 1e-6))) failures.push(seed);
    }
    expect(failures).toEqual([]);
  });

  it('the guess itself: centres in x order, near the truth, and a finite value for every parameter', () => {
    const { x, y, truth } = twoPeaks(7);
    const m = model('gaussian:g1_ + gaussian:g2_ + linear');
    const guess = m.guess(x, y);
    expect(Object.keys(guess).sort()).toEqual([...m.names].sort());
    expect(guess.g1_mu).toBeLessThan(guess.g2_mu);
    expect(Math.abs(guess.g1_mu - truth.g1_mu)).toBeLessThan(0.5 * truth.g1_sigma);
    expect(Math.abs(guess.g2_mu - truth.g2_mu)).toBeLessThan(0.5 * truth.g2_sigma);
    expect(Math.abs(guess.slope - truth.slope)).toBeLessThan(0.05);
    // Rows in any order and non-finite rows change nothing.
    const order = Array.from(x, (_, i) => (i * 7) % x.length);
    const shuffled = m.guess(order.map((i) => x[i]).concat([NaN]), order.map((i) => y[i]).concat([1]));
    for (const name of m.names) expect(shuffled[name]).toBeCloseTo(guess[name], 9);
  });

  it('lorentzians, pseudo-Voigts, dips, a quadratic baseline and a peak on a decay', () => {
    const x = Float64Array.from({ length: 400 }, (_, i) => -5 + i / 40);
    const n = normal(99);
    const check = (spec: string, truth: Record<string, number>, noise: number) => {
      const m = model(spec);
      const y = m.evaluate(x, truth).map((v) => v + noise * n());
      const reference = curveFitSync(m, x, y, { p0: truth });
      const guessed = curveFitSync(m, x, y);
      expect(guessed.chi2, spec).toBeLessThanOrEqual(reference.chi2 * (1 + 1e-6));
    };
    check('lorentzian:l1_ + lorentzian:l2_', { l1_A: 2, l1_x0: -1, l1_gamma: 0.5, l1_c: 0.2, l2_A: 1.4, l2_x0: 0.2, l2_gamma: 0.6 }, 0.02);
    check('pseudoVoigt:p1_ + pseudoVoigt:p2_ + linear', { p1_A: 3, p1_x0: -2, p1_gamma: 0.6, p1_eta: 0.3, p2_A: 2, p2_x0: 1.5, p2_gamma: 0.8, p2_eta: 0.7, slope: -0.1, intercept: 1 }, 0.02);
    check('gaussian:g1_ + gaussian:g2_ + polynomial2', { g1_A: -2, g1_mu: -1, g1_sigma: 0.5, g2_A: -1.5, g2_mu: 0, g2_sigma: 0.6, c0: 1, c1: 0.1, c2: 0.05 }, 0.02);
    check('gaussian:g_ + exponential:e_', { g_A: 0.8, g_mu: 2, g_sigma: 0.4, g_c: 0.1, e_a: 1, e_b: 0.4 }, 0.01);
    check('gaussian:g1_ + gaussian:g2_ + gaussian:g3_ + linear', { g1_A: 2, g1_mu: -3, g1_sigma: 0.4, g2_A: 3, g2_mu: -0.5, g2_sigma: 0.5, g3_A: 1.5, g3_mu: 0.5, g3_sigma: 0.5, slope: 0.05, intercept: 0.3 }, 0.02);
  });

  it("a single prefixed built-in guesses as the built-in, under its names; an expression's parameters are left to p0", () => {
    const { x, y } = twoPeaks(3);
    const own = model('gaussian').guess(x, y);
    const prefixed = model('gaussian', { prefix: 'q_' }).guess(x, y);
    expect(prefixed).toEqual(Object.fromEntries(Object.entries(own).map(([k, v]) => [`q_${k}`, v])));
    expect(model('a*x + b').guess(x, y)).toEqual({});
    expect(Object.keys(model('gaussian:g_').plus('a*x^2').guess(x, y))).toEqual(['g_A', 'g_mu', 'g_sigma', 'g_c']);
  });
});

describe('the worker fitter takes a Model', () => {
  const fitter = createWorkerFitter();
  afterAll(() => fitter.terminate());
  const x = Float64Array.from({ length: 300 }, (_, i) => i / 30);
  const m = model('gaussian', { prefix: 'g1_' }).plus(model('gaussian', { prefix: 'g2_' })).plus(model('linear'));
  const y = m.evaluate(x, { g1_A: 3, g1_mu: 4, g1_sigma: 0.6, g2_A: 2, g2_mu: 5.3, g2_sigma: 0.7, slope: 0.1, intercept: 0.5 }).map((v, i) => v + 0.02 * Math.sin(17 * i));

  it('the same result as on this thread, with a guess made in the worker; a model string too', async () => {
    const here = curveFitSync(m, x, y);
    const there = await fitter.curveFit(m, x, y);
    expect(there.params).toEqual(here.params);
    expect(there.report()).toContain('gaussian:g1_ + gaussian:g2_ + linear');
    expect((await fitter.curveFit('gaussian:g1_ + gaussian:g2_ + linear', x, y)).params).toEqual(here.params);
    const withExpression = model('a*exp(-b*x)', { prefix: 'e_' }).plus('gaussian:g_');
    const p0 = { e_a: 1, e_b: 0.1, g_A: 3, g_mu: 4, g_sigma: 0.5, g_c: 0 };
    expect((await fitter.curveFit(withExpression, x, y, { p0 })).params).toEqual(curveFitSync(withExpression, x, y, { p0 }).params);
  });

  it('refuses a callback Model, which cannot cross to a worker', async () => {
    const line = model((t: number, p: Float64Array) => p[0] * t, { names: ['m'] });
    const error = await fitter.curveFit(line, x, y).catch((e: FitError) => e);
    expect((error as FitError).code).toBe('INVALID_ARGUMENT');
    expect((error as FitError).message).toMatch(/callback/);
  });
});
