// Oracle: lmfit 1.1.0's conf_interval on the same data and model (test/fixtures/lmfit/
// conf_interval.json, written by conf_interval.py next to it; Python is needed only to
// regenerate it), two ways:
//  - `lmfit`: conf_interval as lmfit computes it, at its default tolerances. Its root finder stops
//    at rtol = 0.5e-4 of the parameter's value, so arenafit's limits must agree to 1e-4 relative
//    (of the value) — the brief's tolerance — and the test prints the worst figure;
//  - `exact`: the root of the same F-test condition, f_compare(best, refit) = prob, solved by
//    brentq to 1e-13 on refits at ftol = xtol = 1e-15. arenafit's limit must agree with it to
//    1e-7 of the interval's half-width (|limit − best|): a far tighter test, that the two compute
//    the same quantity; the `offset` case (c = 1000 ± 0.0025) shows lmfit's own root off the
//    exact one by 0.14 half-widths, within its 1e-4 of the value.
// Also: ±Infinity where a bound stops the profile below the level (as lmfit), the covariance's
// θ̂ ± t·σ for a model linear in the parameter (a closed form), progress, abort, chunk sources
// (sync, async, fromBinaryFile) against the arrays, a callback model, the sync version, and the
// error paths with their FitError codes.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  confidenceIntervals,
  confidenceIntervalsSync,
  createEngine,
  curveFitSync,
  FitError,
  type Chunk,
  type ChunkSource,
  type ConfidenceProgress,
  type FitResult,
} from '../../src/index.ts';
import { fromBinaryFile } from '../../src/node.ts';
import { studentTQuantile } from '../../src/result/distributions.ts';
import { codeOf } from '../support/code-of.ts';

type Num = number | 'Infinity' | '-Infinity';
interface Limit {
  sigma: number | null;
  level: number;
  lower: Num;
  upper: Num;
}
interface Case {
  name: string;
  description: string;
  model: string;
  x: number[];
  y: number[];
  sigma: number[] | null;
  p0: Record<string, number>;
  bounds: Record<string, [Num, Num]> | null;
  best: { params: Record<string, number>; stderr: Record<string, number>; chisqr: number; nfree: number };
  lmfit: Record<string, [number, Num][]>;
  lmfitLevel: Record<string, [number, Num][]>;
  exact: Record<string, Limit[]>;
}
interface Fixture {
  versions: Record<string, string>;
  sigmas: number[];
  level: number;
  cases: Case[];
}

const fixture: Fixture = JSON.parse(readFileSync(fileURLToPath(new URL('../fixtures/lmfit/conf_interval.json', import.meta.url)), 'utf8'));
const num = (v: Num): number => (v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v);

function bounds(c: Case): Record<string, [number, number]> | undefined {
  if (!c.bounds) return undefined;
  return Object.fromEntries(Object.entries(c.bounds).map(([k, [lo, hi]]) => [k, [num(lo), num(hi)]]));
}

function fitCase(c: Case): FitResult {
  return curveFitSync(c.model, c.x, c.y, { p0: c.p0, sigma: c.sigma ?? undefined, bounds: bounds(c) });
}

function data(c: Case) {
  return c.sigma ? { x: c.x, y: c.y, sigma: c.sigma } : { x: c.x, y: c.y };
}

// lmfit's table for one level: [lower, upper].
function lmfitLimits(table: [number, Num][], level: number): [number, number] {
  const rows = table.filter(([p]) => Math.abs(p - level) < 1e-12).map(([, v]) => num(v));
  return [rows[0], rows[rows.length - 1]];
}

describe('agreement with lmfit 1.1.0 conf_interval', () => {
  const results = new Map<string, { r: FitResult; sigmas: Awaited<ReturnType<typeof confidenceIntervals>>; level: Awaited<ReturnType<typeof confidenceIntervals>> }>();

  it.each(fixture.cases.map((c) => [c.name, c]))('%s: the best fit is lmfit’s', (_, c) => {
    const r = fitCase(c);
    // (c of `offset`, 1000 ± 0.0025, differs by 1e-5 of its error: 3e-11 of its value.)
    for (const name of r.names) expect(Math.abs(r.params[name] - c.best.params[name])).toBeLessThan(2e-5 * c.best.stderr[name]);
    expect(r.dof).toBe(c.best.nfree);
    expect(Math.abs(r.chi2 - c.best.chisqr) / c.best.chisqr).toBeLessThan(1e-10);
  });

  it.each(fixture.cases.map((c) => [c.name, c]))('%s: limits agree with lmfit to 1e-4 relative and with the exact F-test root to 1e-7 of the half-width', async (_, c) => {
    const r = fitCase(c);
    const options = { model: c.model, fitOptions: { bounds: bounds(c) } };
    const sigmas = await confidenceIntervals(r, data(c), { ...options, sigmas: fixture.sigmas });
    const level = await confidenceIntervals(r, data(c), { ...options, level: fixture.level });
    results.set(c.name, { r, sigmas, level });
    let worstLmfit = 0;
    let worstExact = 0;
    for (const name of r.names) {
      const best = r.params[name];
      const got = [...sigmas[name], ...level[name]];
      expect(got.map((g) => g.sigma)).toEqual([...fixture.sigmas, undefined]);
      c.exact[name].forEach((exact, k) => {
        const mine = got[k];
        expect(Math.abs(mine.level - exact.level)).toBeLessThan(1e-14);
        const table = k < fixture.sigmas.length ? c.lmfit[name] : c.lmfitLevel[name];
        const lm = lmfitLimits(table, exact.level);
        const exactLimits = [num(exact.lower), num(exact.upper)];
        [mine.lower, mine.upper].forEach((v, s) => {
          if (!Number.isFinite(exactLimits[s])) {
            expect(v).toBe(exactLimits[s]);
            expect(lm[s]).toBe(exactLimits[s]);
            return;
          }
          const toLmfit = Math.abs(v - lm[s]) / Math.abs(lm[s]);
          const toExact = Math.abs(v - exactLimits[s]) / Math.abs(exactLimits[s] - best);
          worstLmfit = Math.max(worstLmfit, toLmfit);
          worstExact = Math.max(worstExact, toExact);
          expect(toLmfit, `${name} ${exact.level} ${s ? 'upper' : 'lower'} vs lmfit`).toBeLessThan(1e-4);
          expect(toExact, `${name} ${exact.level} ${s ? 'upper' : 'lower'} vs exact`).toBeLessThan(1e-7);
        });
      });
    }
    console.log(`${c.name}: worst vs lmfit ${worstLmfit.toExponential(1)} of the value; vs the exact root ${worstExact.toExponential(1)} of the half-width`);
  });
});

describe('closed forms', () => {
  it('a parameter the model is linear in has the covariance’s interval θ̂ ± t·σ', async () => {
    // a and c enter linearly: with b held at its best value, the profile in a is exactly
    // quadratic, but b is refitted, so only c of a model linear in every parameter is exact.
    const x = Array.from({ length: 30 }, (_, i) => i / 3);
    const y = x.map((t, i) => 1.5 + 0.7 * t - 0.02 * t * t + 0.05 * Math.sin(3.7 * i));
    const r = curveFitSync('a + b*x + c*x^2', x, y, { p0: { a: 0, b: 0, c: 0 } });
    const ci = await confidenceIntervals(r, { x, y }, { model: 'a + b*x + c*x^2', sigmas: [1, 2], level: undefined });
    for (const name of r.names) {
      ci[name].forEach(({ level, lower, upper }) => {
        const t = studentTQuantile((1 + level) / 2, r.dof);
        expect(Math.abs(lower - (r.params[name] - t * r.errors[name]))).toBeLessThan(1e-8 * t * r.errors[name]);
        expect(Math.abs(upper - (r.params[name] + t * r.errors[name]))).toBeLessThan(1e-8 * t * r.errors[name]);
      });
    }
  });
});

const decay = fixture.cases.find((c) => c.name === 'exp_decay')!;
const model = decay.model;
const x = Float64Array.from(decay.x);
const y = Float64Array.from(decay.y);
const fitted = () => curveFitSync(model, x, y, { p0: decay.p0 });

// Rows in chunks of 7, from a sync or an async iterable.
function syncSource(): ChunkSource {
  return {
    *chunks(): Iterable<Chunk> {
      for (let i = 0; i < x.length; i += 7) yield { x: x.subarray(i, i + 7), y: y.subarray(i, i + 7) };
    },
  };
}
function asyncSource(): ChunkSource {
  return {
    async *chunks(): AsyncIterable<Chunk> {
      for (let i = 0; i < x.length; i += 7) {
        await Promise.resolve();
        yield { x: x.subarray(i, i + 7), y: y.subarray(i, i + 7) };
      }
    },
  };
}

function expectClose(a: Record<string, { lower: number; upper: number }[]>, b: Record<string, { lower: number; upper: number }[]>, r: FitResult, tolerance: number) {
  expect(Object.keys(a)).toEqual(Object.keys(b));
  for (const name of Object.keys(a)) {
    a[name].forEach((limit, k) => {
      expect(Math.abs(limit.lower - b[name][k].lower)).toBeLessThan(tolerance * r.errors[name]);
      expect(Math.abs(limit.upper - b[name][k].upper)).toBeLessThan(tolerance * r.errors[name]);
    });
  }
}

describe('data, models and drivers', () => {
  it('takes the model from options or the result, and equals the sync version', async () => {
    const r = fitted();
    const withModel = await confidenceIntervals(r, { x, y }, { model, sigmas: [1, 2] });
    const sync = confidenceIntervalsSync(r, { x, y }, { model, sigmas: [1, 2] });
    expect(sync).toEqual(withModel);
    // Without options.model the model is r.expression (null until the engine passes the result its
    // model: then options.model is required, INVALID_OPTION).
    if (typeof r.expression === 'string') expect(await confidenceIntervals(r, { x, y }, { sigmas: [1, 2] })).toEqual(withModel);
    else expect(await codeOf(confidenceIntervals(r, { x, y }, { sigmas: [1, 2] }))).toBe('INVALID_OPTION');
  });

  it('streams a chunk source, sync or async, given bare or as { source }, with the same limits as the arrays', async () => {
    const r = fitted();
    const arrays = await confidenceIntervals(r, { x, y }, { model, sigmas: [1, 3] });
    expectClose(await confidenceIntervals(r, { source: asyncSource() }, { model, sigmas: [1, 3] }), arrays, r, 1e-8);
    expectClose(await confidenceIntervals(r, syncSource(), { model, sigmas: [1, 3] }), arrays, r, 1e-8);
    expectClose(confidenceIntervalsSync(r, { source: syncSource() }, { model, sigmas: [1, 3] }), arrays, r, 1e-8);
    expect(await codeOf(() => confidenceIntervalsSync(r, asyncSource(), { model, sigmas: [1] }))).toBe('ASYNC_SOURCE');
  });

  it("streams a file source of arenafit/node (fromBinaryFile) with the arrays' limits", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'arenafit-ci-'));
    try {
      const path = join(dir, 'rows.f64');
      const records = new Float64Array(2 * x.length);
      x.forEach((t, i) => {
        records[2 * i] = t;
        records[2 * i + 1] = y[i];
      });
      writeFileSync(path, new Uint8Array(records.buffer));
      const source = fromBinaryFile(path, { columns: ['x', 'y'], dtype: 'f64' });
      const r = fitted();
      const arrays = await confidenceIntervals(r, { x, y }, { model, sigmas: [1, 2] });
      expectClose(await confidenceIntervals(r, { source }, { model, sigmas: [1, 2] }), arrays, r, 1e-8);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('profiles a callback model given as options.model (the result carries none)', async () => {
    const callback = (t: number, p: ArrayLike<number>) => p[0] * Math.exp(-p[1] * t) + p[2];
    const r = curveFitSync(callback, x, y, { p0: [1, 1, 0], diff: 'central' });
    expect(await codeOf(confidenceIntervals(r, { x, y }))).toBe('INVALID_OPTION');
    const ci = await confidenceIntervals(r, { x, y }, { model: callback, fitOptions: { diff: 'central' }, sigmas: [1, 2] });
    const reference = await confidenceIntervals(fitted(), { x, y }, { model, sigmas: [1, 2] });
    // The callback's parameters are p0, p1, p2 (a, b, c): same limits to the finite differences' precision.
    ['a', 'b', 'c'].forEach((name, j) =>
      ci[`p${j}`].forEach((limit, k) => {
        expect(Math.abs(limit.lower - reference[name][k].lower)).toBeLessThan(1e-6 * r.errors[`p${j}`]);
        expect(Math.abs(limit.upper - reference[name][k].upper)).toBeLessThan(1e-6 * r.errors[`p${j}`]);
      }),
    );
  });

  it("holds the result's fixed parameters at their values and profiles the others", async () => {
    const r = curveFitSync(model, x, y, { p0: decay.p0, fixed: { c: 0.5 } });
    const ci = await confidenceIntervals(r, { x, y }, { model, sigmas: [1] });
    expect(Object.keys(ci)).toEqual(['a', 'b']);
    // With c held, the profile of a is that of a two-parameter fit: its 1σ interval brackets a.
    expect(ci.a[0].lower).toBeLessThan(r.params.a);
    expect(ci.a[0].upper).toBeGreaterThan(r.params.a);
    expect(await codeOf(confidenceIntervals(r, { x, y }, { model, parameters: ['c'] }))).toBe('INVALID_OPTION');
  });

  it('runs on a given engine and leaves its arena empty', async () => {
    const engine = createEngine({ arenaBytes: 1 << 20 });
    const r = engine.curveFitSync(model, x, y, { p0: decay.p0 });
    const ci = await confidenceIntervals(r, { x, y }, { model, engine, parameters: ['b'], level: [0.9, 0.5] });
    expect(Object.keys(ci)).toEqual(['b']);
    expect(ci.b.map((l) => l.level)).toEqual([0.9, 0.5]);
    expect(ci.b[0].upper - ci.b[0].lower).toBeGreaterThan(ci.b[1].upper - ci.b[1].lower);
    expect(engine.memory().usedBytes).toBe(0);
  });
});

describe('progress and abort', () => {
  it('reports every chunk of every refit with the parameter, side, value and refits so far', async () => {
    const r = fitted();
    const seen: ConfidenceProgress[] = [];
    const ci = await confidenceIntervals(r, syncSource(), { model, sigmas: [1, 2], onProgress: (p) => seen.push(p) });
    expect(seen.length).toBeGreaterThan(0);
    const sides = new Set(seen.map((p) => `${p.parameter} ${p.side}`));
    expect([...sides]).toEqual(['a lower', 'a upper', 'b lower', 'b upper', 'c lower', 'c upper']);
    for (let i = 1; i < seen.length; i++) expect(seen[i].refits).toBeGreaterThanOrEqual(seen[i - 1].refits);
    for (const p of seen) {
      expect(typeof p.fit.pass).toBe('number');
      expect(p.fit.rows).toBeGreaterThan(0);
      expect(p.side === 'lower' ? p.value < r.params[p.parameter] : p.value > r.params[p.parameter]).toBe(true);
    }
    const refits = seen[seen.length - 1].refits + 1;
    const limits = Object.values(ci).flat().length * 2;
    console.log(`exp_decay, sigmas [1, 2]: ${refits} refits for ${limits} limits (${(refits / limits).toFixed(1)} per limit)`);
    expect(refits / limits).toBeLessThan(5);
  });

  it('rejects with ABORTED when the signal fires during a refit, and leaves the engine ready', async () => {
    const engine = createEngine();
    const r = engine.curveFitSync(model, x, y, { p0: decay.p0 });
    const controller = new AbortController();
    let calls = 0;
    const running = confidenceIntervals(r, asyncSource(), {
      model,
      engine,
      onProgress: () => {
        if (++calls === 20) controller.abort();
      },
      signal: controller.signal,
    });
    expect(await codeOf(running, 5000)).toBe('ABORTED');
    expect(engine.memory().usedBytes).toBe(0);
    const again = await confidenceIntervals(r, { x, y }, { model, engine, sigmas: [1] });
    expect(again).toEqual(await confidenceIntervals(r, { x, y }, { model, sigmas: [1] }));
  });

  it('rejects at once with an already-aborted signal', async () => {
    const controller = new AbortController();
    controller.abort();
    expect(await codeOf(confidenceIntervals(fitted(), { x, y }, { model, signal: controller.signal }), 1000)).toBe('ABORTED');
    expect(await codeOf(() => confidenceIntervalsSync(fitted(), { x, y }, { model, signal: controller.signal }), 1000)).toBe('ABORTED');
  });
});

describe('limits the profile does not reach', () => {
  it('is -Infinity below a bound the profile reaches first, as lmfit', async () => {
    // c's best value unbounded is 0.5226: a lower bound at 0.53 holds it.
    const r = curveFitSync(model, x, y, { p0: { a: 1, b: 1, c: 1 }, bounds: { c: [0.53, Infinity] } });
    expect(r.atBound).toContain('c');
    const ci = await confidenceIntervals(r, { x, y }, { model, sigmas: [1], parameters: ['c'], fitOptions: { bounds: { c: [0.53, Infinity] } } });
    expect(ci.c[0].lower).toBe(-Infinity);
    expect(ci.c[0].upper).toBeGreaterThan(0.53);
  });

  it('is ±Infinity where the profile levels off below the level', async () => {
    // Eight noisy points of a decay: as b grows the model tends to a spike at x = 0 on c, whose χ²
    // stays finite — the profile of b levels off at z = 6.63 (SciPy, the same refits by hand),
    // above t = 1.11 (1σ, 5 dof) and below t = 31.8 (5σ).
    const xs = [0, 1, 2, 3, 4, 5, 6, 7];
    const ys = [1.182, 0.447, 0.319, 0.168, 0.123, 0.11, 0.027, 0.094];
    const r = curveFitSync(model, xs, ys, { p0: { a: 1, b: 1, c: 0 } });
    const ci = await confidenceIntervals(r, { x: xs, y: ys }, { model, sigmas: [1, 5], parameters: ['b'] });
    expect(ci.b[1].upper).toBe(Infinity);
    expect(Number.isFinite(ci.b[0].upper)).toBe(true);
  });
});

describe('errors', () => {
  const r = fitted();
  const cases: [string, () => unknown, string][] = [
    ['an unknown parameter', () => confidenceIntervalsSync(r, { x, y }, { model, parameters: ['k'] }), 'UNKNOWN_PARAMETER'],
    ['parameters not an array', () => confidenceIntervalsSync(r, { x, y }, { model, parameters: 'b' as unknown as string[] }), 'INVALID_OPTION'],
    ['a level of 1', () => confidenceIntervalsSync(r, { x, y }, { model, level: 1 }), 'INVALID_OPTION'],
    ['a level of 0', () => confidenceIntervalsSync(r, { x, y }, { model, level: [0.5, 0] }), 'INVALID_OPTION'],
    ['a NaN level', () => confidenceIntervalsSync(r, { x, y }, { model, level: NaN }), 'INVALID_OPTION'],
    ['a negative sigma', () => confidenceIntervalsSync(r, { x, y }, { model, sigmas: [1, -2] }), 'INVALID_OPTION'],
    ['an infinite sigma', () => confidenceIntervalsSync(r, { x, y }, { model, sigmas: Infinity }), 'INVALID_OPTION'],
    ['a sigma of 40 (level 1 in double precision)', () => confidenceIntervalsSync(r, { x, y }, { model, sigmas: 40 }), 'INVALID_OPTION'],
    ['no sigmas', () => confidenceIntervalsSync(r, { x, y }, { model, sigmas: [] }), 'INVALID_OPTION'],
    ['both sigmas and level', () => confidenceIntervalsSync(r, { x, y }, { model, sigmas: [1], level: 0.9 }), 'INVALID_OPTION'],
    ['an unknown option', () => confidenceIntervalsSync(r, { x, y }, { model, sigma: [1] } as never), 'INVALID_OPTION'],
    ['p0 in fitOptions', () => confidenceIntervalsSync(r, { x, y }, { model, fitOptions: { p0: { a: 1 } } as never }), 'INVALID_OPTION'],
    ['sigma in fitOptions', () => confidenceIntervalsSync(r, { x, y }, { model, fitOptions: { sigma: [1] } as never }), 'INVALID_OPTION'],
    ['a bad fit option', () => confidenceIntervalsSync(r, { x, y }, { model, sigmas: 1, fitOptions: { loss: 'nope' as never } }), 'INVALID_OPTION'],
    ['onProgress not a function', () => confidenceIntervalsSync(r, { x, y }, { model, onProgress: 1 as never }), 'INVALID_OPTION'],
    ['no data', () => confidenceIntervalsSync(r, undefined as never, { model }), 'INVALID_ARGUMENT'],
    ['data without y', () => confidenceIntervalsSync(r, { x } as never, { model }), 'INVALID_ARGUMENT'],
    ['a source that is not one', () => confidenceIntervalsSync(r, { source: {} } as never, { model }), 'INVALID_SOURCE'],
    ['other rows than the fit’s', () => confidenceIntervalsSync(r, { x: x.subarray(1), y: y.subarray(1) }, { model, sigmas: 1 }), 'INVALID_ARGUMENT'],
    ['not a result', () => confidenceIntervalsSync({} as FitResult, { x, y }), 'INVALID_ARGUMENT'],
  ];
  it.each(cases)('%s', async (_, run, code) => {
    expect(await codeOf(run)).toBe(code);
  });

  it('the async version rejects (never throws) on bad options', async () => {
    let threw = false;
    let promise: Promise<unknown> | undefined;
    try {
      promise = confidenceIntervals(r, { x, y }, { model, level: 2 });
    } catch {
      threw = true;
    }
    expect(threw).toBe(false);
    expect(await codeOf(promise!)).toBe('INVALID_OPTION');
  });

  it('refuses a result with an undetermined parameter', async () => {
    const r2 = curveFitSync('a*exp(-b*x) + c + d', x, y, { p0: { a: 1, b: 1, c: 0, d: 0 } });
    expect(r2.undetermined.length).toBeGreaterThan(0);
    const error = await confidenceIntervals(r2, { x, y }, { model: 'a*exp(-b*x) + c + d' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FitError);
    expect((error as FitError).code).toBe('INVALID_ARGUMENT');
    expect((error as FitError).message).toMatch(/undetermined/);
  });

  it('refuses a result with one free parameter (a refit would have none), as lmfit', async () => {
    const r1 = curveFitSync('a*exp(-b*x) + c', x, y, { p0: decay.p0, fixed: { b: 1.2, c: 0.5 } });
    expect(await codeOf(confidenceIntervals(r1, { x, y }, { model }))).toBe('NO_FREE_PARAMETERS');
  });
});
