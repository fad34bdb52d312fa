// curveFitGlobal: several datasets, each with its own model, sharing parameters by name, in one fit.
// Oracles: SciPy's least_squares(method='lm') on the concatenated residuals with curve_fit's
// covariance (test/fixtures/global/generate.py → global.json); curveFitSync itself (one dataset is
// a plain fit; one model on split data is the fit of the joined data); the same fit read from
// arrays, a chunk source and a CSV file; the arena's own counters.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine, curveFitGlobal, curveFitGlobalSync, curveFitSync, FitError, model, type Chunk, type ChunkSource, type GlobalDataset } from '../../src/index.ts';
import { fromCsvFile } from '../../src/node.ts';
import { globalFitOn, globalFitOnSync } from '../../src/api/global.ts';
import { WasmInstance } from '../../src/wasm/instance.ts';
import { thrown } from '../support/thrown.ts';

interface FixtureDataset { model: string; x: number[]; y: number[]; sigma?: number[] }
const oracle = JSON.parse(readFileSync(fileURLToPath(new URL('../fixtures/global/global.json', import.meta.url)), 'utf8')) as {
  names: string[]; p0: Record<string, number>; datasets: FixtureDataset[];
  params: Record<string, number>; errors: Record<string, number>; covariance: number[][];
  chi2: number; dof: number; rows: number; datasetChi2: number[]; datasetRows: number[];
};

interface ArrayDataset { model: string; x: Float64Array; y: Float64Array; sigma?: Float64Array }
const arrays = (d: FixtureDataset): ArrayDataset => ({
  model: d.model, x: Float64Array.from(d.x), y: Float64Array.from(d.y), ...(d.sigma ? { sigma: Float64Array.from(d.sigma) } : {}),
});
const datasets = (): ArrayDataset[] => oracle.datasets.map(arrays);
const p0 = oracle.p0;
const relative = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

// A chunk source of a dataset's rows, `size` rows a chunk, async when asked.
function chunked(d: FixtureDataset, size: number, async = false): ChunkSource {
  const make = function* (): Generator<Chunk> {
    for (let i = 0; i < d.x.length; i += size) {
      const x = Float64Array.from(d.x.slice(i, i + size));
      const y = Float64Array.from(d.y.slice(i, i + size));
      yield d.sigma ? { x, y, sigma: Float64Array.from(d.sigma.slice(i, i + size)) } : { x, y };
    }
  };
  if (!async) return { chunks: make };
  return {
    async *chunks() {
      for (const chunk of make()) {
        await Promise.resolve();
        yield chunk;
      }
    },
  };
}

const folder = mkdtempSync(join(tmpdir(), 'arenafit-global-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function csvFile(name: string, d: FixtureDataset, edit?: (lines: string[]) => void): string {
  const lines = ['time,signal' + (d.sigma ? ',err' : '')];
  d.x.forEach((x, i) => lines.push(`${x},${d.y[i]}` + (d.sigma ? `,${d.sigma[i]}` : '')));
  edit?.(lines);
  const path = join(folder, name);
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

function expectOracle(r: Awaited<ReturnType<typeof curveFitGlobalSync>>) {
  expect(r.names).toEqual(oracle.names);
  expect(r.converged).toBe(true);
  expect(r.rows).toBe(oracle.rows);
  expect(r.dof).toBe(oracle.dof);
  for (const name of oracle.names) {
    expect(relative(r.params[name], oracle.params[name]), `params.${name}`).toBeLessThan(1e-8);
    expect(relative(r.errors[name], oracle.errors[name]), `errors.${name}`).toBeLessThan(1e-6);
  }
  const p = oracle.names.length;
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < p; j++) {
      const c = oracle.covariance[i][j];
      const scale = Math.sqrt(oracle.covariance[i][i] * oracle.covariance[j][j]);
      expect(Math.abs(r.covariance[i * p + j] - c) / scale, `covariance[${i}][${j}]`).toBeLessThan(1e-6);
    }
  }
  expect(relative(r.chi2, oracle.chi2)).toBeLessThan(1e-10);
  expect(r.datasets.map((d) => d.rows)).toEqual(oracle.datasetRows);
  r.datasets.forEach((d, i) => expect(relative(d.chi2, oracle.datasetChi2[i]), `datasets[${i}].chi2`).toBeLessThan(1e-8));
  const sum = r.datasets.reduce((s, d) => s + d.chi2, 0);
  expect(relative(sum, r.chi2)).toBeLessThan(1e-14);
}

describe('curveFitGlobal against SciPy (least_squares lm on the concatenated residuals)', () => {
  it('agrees on parameters (1e-8), errors and covariance (1e-6), χ² per dataset (1e-8), sync and async', async () => {
    const sync = curveFitGlobalSync(datasets(), { p0 });
    expectOracle(sync);
    const r = await curveFitGlobal(datasets(), { p0 });
    expectOracle(r);
    expect(Array.from(r.values)).toEqual(Array.from(sync.values));
    console.log(
      `global fit vs SciPy: worst parameter ${Math.max(...oracle.names.map((n) => relative(sync.params[n], oracle.params[n]))).toExponential(2)}, ` +
        `worst error ${Math.max(...oracle.names.map((n) => relative(sync.errors[n], oracle.errors[n]))).toExponential(2)}, ` +
        `worst dataset χ² ${Math.max(...sync.datasets.map((d, i) => relative(d.chi2, oracle.datasetChi2[i]))).toExponential(2)}; ` +
        `${sync.iterations} iterations, ${sync.evaluations} passes`,
    );
  });

  it('reports each dataset: its model, parameters, rows, χ², cost and R²; the report lists them', () => {
    const r = curveFitGlobalSync(datasets(), { p0 });
    expect(r.datasets.map((d) => d.model)).toEqual(oracle.datasets.map((d) => d.model));
    expect(r.datasets.map((d) => d.names)).toEqual([['a1', 'k', 'c'], ['a2', 'k', 'c'], ['a3', 'k', 'b3']]);
    r.datasets.forEach((d) => {
      expect(d.omittedRows).toBe(0);
      expect(d.cost).toBeCloseTo(d.chi2 / 2, 12);
      expect(d.rSquared).toBeGreaterThan(0.99);
      expect(d.rSquared).toBeLessThan(1);
    });
    const text = r.report();
    expect(text).toContain('datasets[1]');
    expect(text).toContain('a2*exp(-k*x) + c');
  });

  it('gives the same answer from chunk sources (sync and async) and a CSV file, with small windows', async () => {
    const base = curveFitGlobalSync(datasets(), { p0 });
    const [d0, d1, d2] = oracle.datasets;
    const mixed: GlobalDataset[] = [
      arrays(d0),
      { model: d1.model, source: chunked(d1, 37) },
      { model: d2.model, source: fromCsvFile(csvFile('d2.csv', d2), { x: 'time', y: 'signal' }) },
    ];
    const r = curveFitGlobalSync(mixed, { p0, chunkRows: 50 });
    expect(r.memory.chunkRows).toBe(50);
    for (const name of oracle.names) expect(relative(r.params[name], base.params[name])).toBeLessThan(1e-12);
    r.datasets.forEach((d, i) => expect(relative(d.chi2, base.datasets[i].chi2)).toBeLessThan(1e-12));
    const file = fromCsvFile(csvFile('d1.csv', d1), { x: 'time', y: 'signal', sigma: 'err' });
    const a = await curveFitGlobal([{ model: d0.model, source: chunked(d0, 16, true) }, { model: d1.model, source: file }, arrays(d2)], { p0, chunkRows: 64 });
    for (const name of oracle.names) expect(relative(a.params[name], base.params[name])).toBeLessThan(1e-12);
    expect(a.datasets.map((d) => d.rows)).toEqual(oracle.datasetRows);
  });
});

describe('curveFitGlobal against curveFit', () => {
  it('one dataset is the plain fit', () => {
    const d = oracle.datasets[1];
    const g = curveFitGlobalSync([arrays(d)], { p0: { a2: 1, k: 1, c: 0 } });
    const r = curveFitSync(d.model, Float64Array.from(d.x), Float64Array.from(d.y), { p0: { a2: 1, k: 1, c: 0 }, sigma: Float64Array.from(d.sigma!) });
    expect(g.names).toEqual(r.names);
    for (const name of r.names) {
      expect(relative(g.params[name], r.params[name])).toBeLessThan(1e-13);
      expect(relative(g.errors[name], r.errors[name])).toBeLessThan(1e-10);
    }
    expect(relative(g.chi2, r.chi2)).toBeLessThan(1e-13);
    expect(relative(g.rSquared, r.rSquared)).toBeLessThan(1e-12);
    expect(g.datasets[0].chi2).toBe(g.chi2);
  });

  it('one model on data split in three is the fit of the joined data (χ², R² and errors too)', () => {
    const [d0, d1] = oracle.datasets;
    const x = [...d0.x, ...d1.x.slice(0, 100), ...d1.x.slice(100)];
    const y = [...d0.y, ...d1.y.slice(0, 100), ...d1.y.slice(100)];
    const model = 'a*exp(-k*x) + c';
    const r = curveFitSync(model, Float64Array.from(x), Float64Array.from(y), { p0: { a: 1, k: 1, c: 0 } });
    const parts = [[0, 120], [120, 220], [220, 320]].map(([s, e]) => ({ model, x: Float64Array.from(x.slice(s, e)), y: Float64Array.from(y.slice(s, e)) }));
    const g = curveFitGlobalSync(parts, { p0: { a: 1, k: 1, c: 0 } });
    for (const name of r.names) {
      expect(relative(g.params[name], r.params[name])).toBeLessThan(1e-10);
      expect(relative(g.errors[name], r.errors[name])).toBeLessThan(1e-8);
    }
    expect(relative(g.chi2, r.chi2)).toBeLessThan(1e-10);
    expect(relative(g.rSquared, r.rSquared)).toBeLessThan(1e-10);
    expect(g.rows).toBe(r.rows);
  });

  it('holds fixed parameters and keeps bounds; p0 as an array is in the union order', () => {
    const fixed = curveFitGlobalSync(datasets(), { p0, fixed: { c: 0.3 } });
    expect(fixed.params.c).toBe(0.3);
    expect(fixed.errors.c).toBe(0);
    expect(fixed.fixed).toEqual(['c']);
    expect(fixed.dof).toBe(oracle.rows - 5);
    const bounded = curveFitGlobalSync(datasets(), { p0: { ...p0, k: 0.5 }, bounds: { k: [0.5, 0.6] } });
    expect(bounded.params.k).toBe(0.6);
    expect(bounded.atBound).toEqual(['k']);
    const byArray = curveFitGlobalSync(datasets(), { p0: oracle.names.map((n) => p0[n]) });
    expect(Array.from(byArray.values)).toEqual(Array.from(curveFitGlobalSync(datasets(), { p0 }).values));
  });

  it('folds small datasets into one factor and large ones into factors of their own: the same answer either way', () => {
    // 12 datasets of 10 rows and 13 parameters: each dataset has fewer rows than 2(P+1), so they
    // share one segment; as chunk sources (rows unknown when the fit is carved) each has its own,
    // merged; mixed, both. Every way is one least-squares problem, solved to rounding.
    const small = Array.from({ length: 12 }, (_, d) => {
      const x = Float64Array.from({ length: 10 }, (_, i) => (i + 0.5 * d) / 3);
      const y = x.map((t, i) => (1 + d / 7) * Math.exp(-0.8 * t) + 0.01 * Math.sin(7 * i + d));
      return { model: `a${d}*exp(-k*x)`, x, y };
    });
    const asSource = (d: { model: string; x: Float64Array; y: Float64Array }): GlobalDataset => ({ model: d.model, source: { chunks: () => [{ x: d.x, y: d.y }] } });
    const one = curveFitGlobalSync(small, {});
    const each = curveFitGlobalSync(small.map(asSource), {});
    const mixed = curveFitGlobalSync(small.map((d, k) => (k % 5 === 2 ? asSource(d) : d)), {});
    expect(one.names.length).toBe(13);
    expect(one.converged).toBe(true);
    for (const r of [each, mixed]) {
      for (const name of one.names) {
        expect(relative(r.params[name], one.params[name]), name).toBeLessThan(1e-11);
        expect(relative(r.errors[name], one.errors[name]), name).toBeLessThan(1e-9);
      }
      r.datasets.forEach((d, k) => expect(Math.abs(d.chi2 - one.datasets[k].chi2)).toBeLessThan(1e-12 * one.chi2));
    }
    // A model not finite in the middle of a shared segment names its dataset and row.
    const bad = small.map((d) => ({ ...d }));
    bad[3] = { ...bad[3], model: 'a3*exp(-k*x)*sqrt(3.3 - x)' };
    const e = thrown(() => curveFitGlobalSync(bad, {}));
    expect(e.code).toBe('NON_FINITE_MODEL');
    expect(e.message).toMatch(/^the model of datasets\[3\] or its derivatives is not finite at row 9 \(x = 3\.5\)/);
  });

  it('a robust loss and built-in models by name', () => {
    const { x, y } = arrays(oracle.datasets[0]);
    const g = curveFitGlobalSync([{ model: 'exponential', x, y }], { loss: 'soft_l1', fScale: 0.05 });
    const r = curveFitSync('exponential', x, y, { loss: 'soft_l1', fScale: 0.05 });
    for (const name of r.names) expect(relative(g.params[name], r.params[name])).toBeLessThan(1e-10);
    expect(relative(g.cost, r.cost)).toBeLessThan(1e-12);
    expect(relative(g.datasets[0].cost, r.cost)).toBeLessThan(1e-12);
  });
});

describe('curveFitGlobal refuses what it cannot fit, naming the dataset', () => {
  it('names the dataset of a NaN, also in a file; nanPolicy omit skips such rows, counted per dataset', () => {
    const bad = datasets();
    bad[1].y[5] = NaN;
    const error = thrown(() => curveFitGlobalSync(bad, { p0 }));
    expect(error.code).toBe('NON_FINITE_DATA');
    expect(error.message).toMatch(/^datasets\[1\]\.y\[5\] is NaN; expected a finite number; set options\.nanPolicy to 'omit'/);
    const sigma = datasets();
    sigma[1].sigma![7] = 0;
    expect(thrown(() => curveFitGlobalSync(sigma, { p0 })).message).toMatch(/^datasets\[1\]\.sigma\[7\] is 0; expected a number > 0/);
    const d2 = oracle.datasets[2];
    const path = csvFile('nan.csv', d2, (lines) => (lines[6] = `${d2.x[5]},NaN`));
    const fromFile = [...datasets().slice(0, 2), { model: d2.model, source: fromCsvFile(path, { x: 'time', y: 'signal' }) }];
    expect(thrown(() => curveFitGlobalSync(fromFile, { p0 })).message).toMatch(/^datasets\[2\]\.y\[5\] \(".*nan\.csv" line 7\) is NaN/);
    const omitted = curveFitGlobalSync(bad, { p0, nanPolicy: 'omit' });
    expect(omitted.datasets.map((d) => d.omittedRows)).toEqual([0, 1, 0]);
    expect(omitted.datasets.map((d) => d.rows)).toEqual([120, 199, 90]);
    expect(omitted.omittedRows).toBe(1);
    expect(omitted.rows).toBe(oracle.rows - 1);
    expect(omitted.converged).toBe(true);
  });

  it('names the dataset of a bad model, bad arrays or a bad source', () => {
    const syntax = datasets();
    syntax[2].model = 'a3*exp(-k*x) +';
    const e1 = thrown(() => curveFitGlobalSync(syntax, { p0 }));
    expect(e1.code).toBe('SYNTAX_ERROR');
    expect(e1.message).toMatch(/^datasets\[2\]: /);
    const short = datasets();
    short[0].y = short[0].y.subarray(0, 100);
    const e2 = thrown(() => curveFitGlobalSync(short, { p0 }));
    expect(e2.code).toBe('LENGTH_MISMATCH');
    expect(e2.message).toMatch(/^datasets\[0\]: x has 120 rows and y has 100/);
    const source: ChunkSource = { chunks: () => { throw new Error('disk on fire'); } };
    const e3 = thrown(() => curveFitGlobalSync([datasets()[0], { model: oracle.datasets[1].model, source }], { p0 }));
    expect(e3.code).toBe('SOURCE_ERROR');
    expect(e3.message).toBe('datasets[1]: the source threw: disk on fire');
    expect((e3.cause as Error).message).toBe('disk on fire');
  });

  it('refuses datasets whose variables differ, naming both', () => {
    const [d0, d1] = datasets();
    const e = thrown(() => curveFitGlobalSync([d0, { model: 'a2*exp(-k*t) + c', x: { t: d1.x }, y: d1.y }], { p0 }));
    expect(e.code).toBe('INVALID_ARGUMENT');
    expect(e.message).toContain('datasets[1].x has the variable t; expected the variables of datasets[0].x: x');
  });

  it('refuses p0, fixed and bounds naming a parameter no model has, and options it cannot honour', () => {
    const e = thrown(() => curveFitGlobalSync(datasets(), { p0: { ...p0, kk: 1 } }));
    expect(e.code).toBe('UNKNOWN_PARAMETER');
    expect(e.message).toBe('options.p0 names "kk", which no dataset\'s model has; the parameters are a1, k, c, a2, a3, b3');
    expect(thrown(() => curveFitGlobalSync(datasets(), { fixed: { q: 1 } })).code).toBe('UNKNOWN_PARAMETER');
    expect(thrown(() => curveFitGlobalSync(datasets(), { bounds: { q: [0, 1] } })).code).toBe('UNKNOWN_PARAMETER');
    expect(thrown(() => curveFitGlobalSync(datasets(), { p0: [1, 2] })).code).toBe('INVALID_OPTION');
    const sigma = thrown(() => curveFitGlobalSync(datasets(), { sigma: [1] } as never));
    expect(sigma.code).toBe('INVALID_OPTION');
    expect(sigma.message).toContain('datasets[i].sigma');
    expect(thrown(() => curveFitGlobalSync(datasets(), { constraints: { c: 'k' } } as never)).code).toBe('INVALID_OPTION');
    const workers = thrown(() => curveFitGlobalSync(datasets(), { workers: 2 }));
    expect(workers.code).toBe('INVALID_OPTION');
    expect(workers.message).toMatch(/^options\.workers is 2/);
  });

  it('has no one curve: r.evaluate and r.band say which model each dataset has; the result stays data', () => {
    const r = curveFitGlobalSync(datasets(), { p0 });
    for (const use of [() => r.evaluate([0, 1]), () => r.band([0, 1])]) {
      const error = thrown(use);
      expect(error.code).toBe('NO_MODEL');
      expect(error.message).toContain(`datasets[0]: ${oracle.datasets[0].model}`);
    }
    const clone = structuredClone(r);
    expect(clone.datasets.map((d) => d.chi2)).toEqual(r.datasets.map((d) => d.chi2));
  });

  it('takes a Model or a model string of built-ins as a dataset\'s model, as curveFit does', () => {
    const strings = curveFitGlobalSync(datasets().map((d, k) => ({ ...d, model: oracle.datasets[k].model })), { p0 });
    const models = curveFitGlobalSync(datasets().map((d, k) => ({ ...d, model: model(oracle.datasets[k].model) })), { p0 });
    expect(models.params).toEqual(strings.params);
    const xs = Float64Array.from({ length: 200 }, (_, i) => i / 20);
    const peak = (mu: number) => xs.map((t) => 2 * Math.exp(-((t - mu) ** 2) / 0.5) + 0.1 * t + 0.3);
    const r = curveFitGlobalSync([
      { model: 'gaussian:p1_ + linear', x: xs, y: peak(4) },
      { model: model('gaussian', { prefix: 'p2_' }).plus('linear'), x: xs, y: peak(6) },
    ], { p0: { p1_A: 1.5, p1_mu: 4.2, p1_sigma: 0.6, p2_A: 1.5, p2_mu: 5.8, p2_sigma: 0.6, slope: 0, intercept: 0 } });
    expect(r.converged).toBe(true);
    expect(r.params.p1_mu).toBeCloseTo(4, 10); // a closed form: noiseless peaks with a shared line
    expect(r.params.p2_mu).toBeCloseTo(6, 10);
    expect(r.params.slope).toBeCloseTo(0.1, 10);
  });

  it('refuses what is not a list of datasets', async () => {
    expect(thrown(() => curveFitGlobalSync([], {})).code).toBe('INVALID_ARGUMENT');
    expect(thrown(() => curveFitGlobalSync('a*x' as never, {})).code).toBe('INVALID_ARGUMENT');
    expect(thrown(() => curveFitGlobalSync([{ model: 'a*x', x: [1, 2] }] as never, {})).message).toMatch(/^datasets\[0\]/);
    expect(thrown(() => curveFitGlobalSync([{ model: 'a*x', x: [1, 2], y: [1, 2], extra: 1 }] as never, {})).message).toMatch(/^datasets\[0\]\.extra is not a field/);
    expect(thrown(() => curveFitGlobalSync([{ model: (x: number, p: number[]) => p[0] * x, x: [1, 2], y: [1, 2] }] as never, { p0: [1] })).code).toBe('INVALID_ARGUMENT');
    await expect(curveFitGlobal([] as never)).rejects.toBeInstanceOf(FitError);
    const e = thrown(() => curveFitGlobalSync([{ model: 'a*x', source: chunked(oracle.datasets[0], 10, true) }], {}));
    expect(e.code).toBe('ASYNC_SOURCE');
    expect(e.message).toMatch(/^datasets\[0\]: curveFitSync|^datasets\[0\]: /);
  });
});

describe('curveFitGlobal: progress, abort and the arena', () => {
  it('reports progress through every dataset and stops within a chunk when aborted', async () => {
    const rowsSeen: number[] = [];
    const r = curveFitGlobalSync(datasets(), { p0, chunkRows: 64, onProgress: (p) => p.pass === 0 && rowsSeen.push(p.rows) });
    expect(rowsSeen.at(-1)).toBe(oracle.rows);
    expect(rowsSeen).toEqual([...rowsSeen].sort((a, b) => a - b));
    expect(r.evaluations).toBeGreaterThan(2);
    const controller = new AbortController();
    let chunks = 0;
    const run = curveFitGlobal(datasets(), { p0, chunkRows: 64, signal: controller.signal, onProgress: () => ++chunks === 9 && controller.abort() });
    await expect(run).rejects.toMatchObject({ code: 'ABORTED' });
    expect(chunks).toBe(9);
  });

  it('returns the arena to its mark after a fit, a refused one, a bad one mid-pass and an abort', async () => {
    const instance = new WasmInstance();
    expect(instance.arena.init(1 << 20)).toBe(true);
    const used = instance.arena.used;
    const r = globalFitOnSync(instance, datasets(), { p0 });
    expect(instance.arena.used).toBe(used);
    expect(r.memory.highWaterBytes).toBeLessThanOrEqual(1 << 20);
    expect(r.memory.capacityBytes).toBe(1 << 20);
    const bad = datasets();
    bad[2].y[80] = Infinity;
    expect(thrown(() => globalFitOnSync(instance, bad, { p0, chunkRows: 32 })).code).toBe('NON_FINITE_DATA');
    expect(instance.arena.used).toBe(used);
    expect(thrown(() => globalFitOnSync(instance, datasets(), { p0: { nope: 1 } })).code).toBe('UNKNOWN_PARAMETER');
    expect(instance.arena.used).toBe(used);
    const notFinite = datasets();
    notFinite[2].model = 'a3*exp(-k*x) + b3*log(x - 1)';
    const e = thrown(() => globalFitOnSync(instance, notFinite, { p0 }));
    expect(e.code).toBe('NON_FINITE_MODEL');
    expect(e.message).toMatch(/^the model of datasets\[2\] or its derivatives is not finite at row 0 \(x = 0\)/);
    expect(instance.arena.used).toBe(used);
    const controller = new AbortController();
    const aborted = globalFitOn(instance, datasets(), { p0, chunkRows: 32, signal: controller.signal, onProgress: (p) => p.pass === 2 && controller.abort() });
    await expect(aborted).rejects.toMatchObject({ code: 'ABORTED' });
    expect(instance.arena.used).toBe(used);
    const again = globalFitOnSync(instance, datasets(), { p0 });
    expect(Array.from(again.values)).toEqual(Array.from(r.values));
  });

  it('keeps its workspace bounded by the window whatever the rows: 3 × 200,000 rows in a 1 MiB arena', () => {
    const instance = new WasmInstance();
    expect(instance.arena.init(1 << 20)).toBe(true);
    const n = 200_000;
    const make = (a: number, c: number, seed: number) => {
      const x = new Float64Array(n);
      const y = new Float64Array(n);
      let s = seed;
      for (let i = 0; i < n; i++) {
        s = (s * 1103515245 + 12345) % 2147483648;
        x[i] = (10 * i) / n;
        y[i] = a * Math.exp(-0.5 * x[i]) + c + 0.01 * (s / 2147483648 - 0.5);
      }
      return { x, y };
    };
    const r = globalFitOnSync(instance, [
      { model: 'a1*exp(-k*x) + c1', ...make(2, 0.1, 1) },
      { model: 'a2*exp(-k*x) + c2', ...make(1, 0.3, 2) },
      { model: 'a3*exp(-k*x) + c3', ...make(3, -0.2, 3) },
    ], {});
    expect(r.converged).toBe(true);
    expect(r.params.k).toBeCloseTo(0.5, 4);
    expect(r.rows).toBe(3 * n);
    expect(r.memory.highWaterBytes).toBeLessThanOrEqual(1 << 20);
    expect(r.memory.chunkRows).toBeLessThan(n);
  });
});

describe('engine.curveFitGlobal', () => {
  it('fits on the engine, in its queue with curveFit, and leaves its arena at its mark', async () => {
    const engine = createEngine({ arenaBytes: 1 << 20 });
    const sync = engine.curveFitGlobalSync(datasets(), { p0 });
    expectOracle(sync);
    const [a, b] = await Promise.all([
      engine.curveFitGlobal(datasets(), { p0 }),
      engine.curveFit(oracle.datasets[0].model, datasets()[0].x, datasets()[0].y, { p0: { a1: 1, k: 1, c: 0 } }),
    ]);
    expect(Array.from(a.values)).toEqual(Array.from(sync.values));
    expect(b.converged).toBe(true);
    expect(engine.memory().usedBytes).toBe(0);
    expect(engine.curveFitGlobalSync(datasets(), { p0 }).memory.capacityBytes).toBe(1 << 20);
  });
});
