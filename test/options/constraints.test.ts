// options.constraints: a tied parameter is its expression in the others, written into the model.
// Oracle: the same model with the tie written out by hand — the same fit, so the same parameters,
// errors and χ² to rounding — and, for the tied parameter itself, its expression and the
// propagation of the others' covariance through its gradient (a closed form for linear ties:
// d = 2·b has error 2·σ_b and covariance row 2·C[b, :]). The agreement with lmfit's `expr`
// is test/result/lmfit.test.ts's. Every refused constraint is a FitError with its code.
import { describe, expect, it } from 'vitest';
import { createEngine, curveFitSync, model as modelOf, type FitResult } from '../../src/index.ts';
import { thrown } from '../support/thrown.ts';

const engine = createEngine({ arenaBytes: 1 << 20 });
const x = Array.from({ length: 40 }, (_, i) => i / 8);
const y = x.map((t, i) => 3 * Math.exp(-0.8 * t) + 1.5 * Math.exp(-1.6 * t) + 0.02 * Math.sin(7 * i));
const model = 'a*exp(-b*x) + c*exp(-d*x)';
const byHand = 'a*exp(-b*x) + c*exp(-(2*b)*x)';
const p0 = { a: 2, b: 1, c: 1 };

function close(actual: number, expected: number, tolerance = 1e-9): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance * Math.max(Math.abs(expected), 1e-300));
}

const entry = (r: FitResult, a: string, b: string) => r.covariance[r.names.indexOf(a) * r.names.length + r.names.indexOf(b)];

describe('a tied parameter', () => {
  const tied = engine.curveFitSync(model, x, y, { p0, constraints: { d: '2*b' } });
  const hand = engine.curveFitSync(byHand, x, y, { p0 });

  it('gives the fit of the model with its expression written in by hand', () => {
    for (const name of ['a', 'b', 'c']) {
      close(tied.params[name], hand.params[name]);
      close(tied.errors[name], hand.errors[name], 1e-8);
    }
    close(tied.chi2, hand.chi2);
    expect(tied.dof).toBe(hand.dof);
    expect(tied.dof).toBe(x.length - 3);
  });

  it('is listed in names at its place in the model, in tied with its expression, and not counted as free', () => {
    expect(tied.names).toEqual(['a', 'b', 'c', 'd']);
    expect(tied.tied).toEqual({ d: '2*b' });
    expect(tied.fixed).toEqual([]);
    expect(tied.values[3]).toBe(tied.params.d);
  });

  it('takes its value from its expression, and its error and covariance row propagated from the others', () => {
    close(tied.params.d, 2 * tied.params.b, 1e-15);
    close(tied.errors.d, 2 * tied.errors.b, 1e-15);
    for (const other of ['a', 'b', 'c']) close(entry(tied, 'd', other), 2 * entry(tied, 'b', other), 1e-15);
    close(entry(tied, 'd', 'd'), 4 * entry(tied, 'b', 'b'), 1e-15);
    expect(entry(tied, 'a', 'd')).toBe(entry(tied, 'd', 'a'));
  });

  it('is marked in the report with its expression', () => {
    const text = tied.report();
    expect(text).toMatch(/parameters 4 \(1 tied\)/);
    expect(text).toMatch(/^d .*= 2\*b$/m);
  });

  it('evaluates and derives through its tie', () => {
    const f = tied.evaluate([0, 1]);
    close(f[0], tied.params.a + tied.params.c, 1e-14);
    close(tied.derive('d/b').value, 2, 1e-15);
    expect(tied.derive('d - 2*b').error).toBeLessThan(1e-12 * tied.errors.b);
  });

  it('follows ties of ties, given in any order', () => {
    const chained = engine.curveFitSync('a*exp(-b*x) + c*exp(-d*x) + 0*h', x, y, { p0, constraints: { h: 'd', d: '2*b' } });
    close(chained.params.h, 2 * chained.params.b, 1e-15);
    close(chained.errors.h, chained.errors.d, 1e-15);
    close(chained.params.b, hand.params.b);
  });

  it('may be tied to a fixed parameter, and then has error 0', () => {
    const r = engine.curveFitSync(model, x, y, { p0, fixed: { b: 0.8 }, constraints: { d: '2*b' } });
    expect(r.params.d).toBe(1.6);
    expect(r.errors.d).toBe(0);
    expect(r.dof).toBe(x.length - 2);
  });

  it('has its start in p0 ignored, by name or in an array of every parameter in the model’s order', () => {
    const named = engine.curveFitSync(model, x, y, { p0: { ...p0, d: 123 }, constraints: { d: '2*b' } });
    const array = engine.curveFitSync(model, x, y, { p0: [2, 1, 1, 123], constraints: { d: '2*b' } });
    expect(named.params).toEqual(tied.params);
    expect(array.params).toEqual(tied.params);
  });

  it("keeps a built-in model's start guess", () => {
    const peak = x.map((t) => 4 * Math.exp(-((t - 2.5) ** 2) / (2 * 0.6 ** 2)) + 0.3);
    const r = engine.curveFitSync('gaussian', x, peak, { constraints: { c: '0.3' } });
    expect(r.converged).toBe(true);
    close(r.params.mu, 2.5, 1e-8);
    expect(r.params.c).toBe(0.3);
    expect(r.errors.c).toBe(0);
  });

  it("ties a composite model's components, keeping its start guess: two peaks of one width", () => {
    const t = Array.from({ length: 201 }, (_, i) => i / 20);
    const g = (u: number, A: number, mu: number, s: number) => A * Math.exp(-((u - mu) ** 2) / (2 * s * s));
    const z = t.map((u, i) => g(u, 5, 3.8, 0.7) + g(u, 3, 6.1, 0.7) + 0.05 * u + 0.4 + 0.01 * Math.sin(7 * i));
    const peaks = modelOf('gaussian', { prefix: 'g1_' }).plus(modelOf('gaussian', { prefix: 'g2_' })).plus(modelOf('linear'));
    const r = engine.curveFitSync(peaks, t, z, { constraints: { g2_sigma: 'g1_sigma' } });
    expect(r.converged).toBe(true);
    expect(r.params.g2_sigma).toBe(r.params.g1_sigma);
    expect(r.errors.g2_sigma).toBe(r.errors.g1_sigma);
    close(r.params.g1_sigma, 0.7, 1e-3);
    expect(r.report()).toMatch(/^g2_sigma .*= g1_sigma$/m);
  });

  it('may name several parameters, functions and constants', () => {
    const r = engine.curveFitSync('a*exp(-b*x) + c*exp(-d*x)', x, y, { p0, constraints: { c: 'a/2', d: 'b*sqrt(4) + 0*pi' } });
    close(r.params.c, r.params.a / 2, 1e-15);
    close(r.params.d, 2 * r.params.b, 1e-15);
  });

  it('is the same in a fit on a worker-free async curveFit', async () => {
    const r = await engine.curveFit(model, x, y, { p0, constraints: { d: '2*b' } });
    expect(r.params).toEqual(tied.params);
  });

  it('leaves a fit without constraints as it was (an empty object is none)', () => {
    const plain = engine.curveFitSync(byHand, x, y, { p0, constraints: {} });
    expect(plain.params).toEqual(hand.params);
    expect(plain.tied).toEqual({});
  });
});

describe('a constraint that cannot be', () => {
  const cases: [string, string, () => unknown, RegExp[]][] = [
    ['on a parameter the model lacks', 'UNKNOWN_PARAMETER', () => engine.curveFitSync(model, x, y, { constraints: { k: 'b' } }), [/options\.constraints names "k"/, /a, b, c, d/]],
    ['naming a parameter the model lacks', 'UNKNOWN_PARAMETER', () => engine.curveFitSync(model, x, y, { constraints: { d: '2*bb' } }), [/options\.constraints\.d/, /"bb"/, /a, b, c, d/]],
    ['naming itself', 'INVALID_CONSTRAINT', () => engine.curveFitSync(model, x, y, { constraints: { d: 'd/2 + b' } }), [/options\.constraints\.d/, /names d itself/]],
    ['naming the data’s variable', 'INVALID_CONSTRAINT', () => engine.curveFitSync(model, x, y, { constraints: { d: '2*x' } }), [/options\.constraints\.d is "2\*x"/, /variable x/]],
    ['naming a named column', 'INVALID_CONSTRAINT', () => engine.curveFitSync('a*u + b*w', { u: x, w: x }, y, { constraints: { b: 'a*w' } }), [/variable w/]],
    ['in a circle of two', 'INVALID_CONSTRAINT', () => engine.curveFitSync(model, x, y, { constraints: { b: 'd/2', d: '2*b' } }), [/circular/, /b → d → b/]],
    ['in a circle of three', 'INVALID_CONSTRAINT', () => engine.curveFitSync(model, x, y, { constraints: { a: 'c', c: 'd', d: 'a' } }), [/circular/, /a → c → d → a/]],
    ['on a fixed parameter', 'INVALID_CONSTRAINT', () => engine.curveFitSync(model, x, y, { fixed: { d: 1 }, constraints: { d: '2*b' } }), [/options\.constraints\.d/, /options\.fixed holds/]],
    ['on a bounded parameter', 'INVALID_CONSTRAINT', () => engine.curveFitSync(model, x, y, { bounds: { d: [0, 5] }, constraints: { d: '2*b' } }), [/options\.bounds/, /follows/]],
    ['with a callback model', 'INVALID_CONSTRAINT', () => engine.curveFitSync((t: number, p: Float64Array) => p[0] * t + p[1], x, y, { p0: { a: 1, b: 0 }, constraints: { b: 'a' } }), [/callback/, /expression model/]],
    ['that does not parse', 'SYNTAX_ERROR', () => engine.curveFitSync(model, x, y, { constraints: { d: '2*(b' } }), [/^options\.constraints\.d: syntax error at column 5/]],
    ['calling an unknown function', 'UNKNOWN_FUNCTION', () => engine.curveFitSync(model, x, y, { constraints: { d: 'twice(b)' } }), [/^options\.constraints\.d: unknown function "twice"/]],
    ['tying every parameter', 'NO_FREE_PARAMETERS', () => engine.curveFitSync('a*x + b', x, y, { constraints: { a: '2', b: '3' } }), [/ties every parameter/]],
    ['that is not an object', 'INVALID_OPTION', () => engine.curveFitSync(model, x, y, { constraints: 'd = 2*b' as never }), [/options\.constraints is "d = 2\*b"/, /g2_sigma/]],
    ['that is not a string', 'INVALID_OPTION', () => engine.curveFitSync(model, x, y, { constraints: { d: 2 as never } }), [/options\.constraints\.d is 2/, /expression/]],
    ['that is empty', 'INVALID_OPTION', () => engine.curveFitSync(model, x, y, { constraints: { d: '  ' } }), [/options\.constraints\.d is "  "/]],
    ['with an array p0 of the untied parameters only', 'INVALID_OPTION', () => engine.curveFitSync(model, x, y, { p0: [1, 1, 1], constraints: { d: '2*b' } }), [/options\.p0 has 3 values; expected 4/, /tied/]],
  ];
  for (const [what, code, run, patterns] of cases) {
    it(`${what} throws ${code} and leaves the arena at its mark`, () => {
      const error = thrown(run);
      expect(error.code).toBe(code);
      for (const pattern of patterns) expect(error.message).toMatch(pattern);
      expect(engine.memory().usedBytes).toBe(0);
    });
  }

  it('is refused by the async curveFit with the same FitError', async () => {
    await expect(engine.curveFit(model, x, y, { constraints: { b: 'd/2', d: '2*b' } })).rejects.toMatchObject({ code: 'INVALID_CONSTRAINT' });
  });

  it('names the constraint in its message on the default engine too', () => {
    expect(thrown(() => curveFitSync(model, x, y, { constraints: { d: 'd' } })).message).toMatch(/options\.constraints\.d/);
  });
});
