// `arenafit fit` on CSV, TSV and binary files, spawned as a user runs it. Oracle: curveFitSync
// on the same numbers in memory (the files hold String(v) or the exact f64/f32 bits, which
// read back to the same values), so the CLI's report must contain the library's report as is,
// and its --json the same numbers: r.toJSON(), which fitResultFromJSON reads back into a result
// that evaluates and draws bands as the library's own.
import { describe, expect, it } from 'vitest';
import { curveFitSync, fitResultFromJSON, type FitOptions, type FitResult } from '../../src/index.ts';
import { synthetic } from '../support/synthetic.ts';
import { arenafit, delimited, tempFolder } from './cli.ts';
import { records } from '../support/records.ts';

const temp = tempFolder();
const MODEL = 'a*exp(-b*x) + c';
const P0 = { a: 1, b: 1, c: 0 };
const data = synthetic(400, (t) => 2.5 * Math.exp(-1.3 * t) + 0.5, 0.01, 7);
const sigma = data.x.map((t) => 0.01 * (1 + t / 10));

/** The fit succeeded: status 0, nothing on stderr (not a terminal, so no progress line). */
function ok(...args: string[]): string {
  const run = arenafit(...args);
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return run.stdout;
}

function json(...args: string[]): Record<string, unknown> & Pick<FitResult, 'params' | 'errors' | 'names'> {
  return JSON.parse(ok(...args, '--json'));
}

describe('arenafit fit', () => {
  it('fits a CSV file, x and y the first two columns, and prints the library report', () => {
    const file = temp.file('decay.csv', delimited({ t: data.x, v: data.y }));
    const out = ok('fit', file, '--model', MODEL, '--p0', 'a=1,b=1,c=0');
    expect(out).toContain(curveFitSync(MODEL, data.x, data.y, { p0: P0 }).report());
    expect(out).toMatch(/^data {8}".*decay\.csv": x = t, y = v$/m);
    for (const field of ['chi2', 'reduced chi2', 'R²', 'status', 'iterations', 'passes over the data', 'high-water', 'capacity', 'correlations']) {
      expect(out).toContain(field);
    }
  });

  it('picks TSV columns by name, with sigma, and takes x by its column name in the model', () => {
    const file = temp.file('decay.tsv', delimited({ sigma_y: sigma, signal: data.y, time: data.x }, '\t'));
    const model = 'a*exp(-b*time) + c';
    const out = ok('fit', file, '--model', model, '--x', 'time', '--y', 'signal', '--sigma', 'sigma_y', '--p0', 'a=1,b=1,c=0');
    expect(out).toContain(curveFitSync(model, { time: data.x }, data.y, { p0: P0, sigma }).report());
    // Written with x, the same column is renamed: the same fit.
    const renamed = ok('fit', file, '--model', MODEL, '--x', 'time', '--y', 'signal', '--sigma', 'sigma_y', '--p0', 'a=1,b=1,c=0');
    expect(renamed).toContain(curveFitSync(MODEL, data.x, data.y, { p0: P0, sigma }).report());
  });

  it('reads another delimiter with --delimiter', () => {
    const file = temp.file('semicolon.csv', delimited({ x: data.x, y: data.y }, ';'));
    const r = json('fit', file, '--model', MODEL, '--p0', 'a=1,b=1,c=0', '--delimiter', ';');
    expect(r.params).toEqual(curveFitSync(MODEL, data.x, data.y, { p0: P0 }).params);
  });

  it('fits binary f64 records named by --columns, skipping _', () => {
    const file = temp.file('decay.f64', records([data.x, sigma, data.y], 'f64'));
    const out = ok('fit', file, '--columns', 'time,_,signal', '--model', MODEL, '--p0', 'a=1,b=1,c=0');
    expect(out).toContain(curveFitSync(MODEL, data.x, data.y, { p0: P0 }).report());
    const named = ok('fit', file, '--columns', 'time,err,signal', '--y', 'signal', '--sigma', 'err', '--dtype', 'f64', '--model', 'a*exp(-b*time) + c', '--p0', 'a=1,b=1,c=0');
    expect(named).toContain(curveFitSync('a*exp(-b*time) + c', { time: data.x }, data.y, { p0: P0, sigma }).report());
  });

  it('fits binary f32 records as the Float32Array values they hold', () => {
    const x = Float32Array.from(data.x);
    const y = Float32Array.from(data.y);
    const file = temp.file('decay.f32', records([x, y], 'f32'));
    const out = ok('fit', file, '--columns', 'x,y', '--dtype', 'f32', '--model', MODEL, '--p0', 'a=1,b=1,c=0');
    expect(out).toContain(curveFitSync(MODEL, x, y, { p0: P0 }).report());
  });

  it('prints r.toJSON(): the field names of FitResult, format and version first, read back by fitResultFromJSON', () => {
    const file = temp.file('json.csv', delimited({ x: data.x, y: data.y }));
    const oracle = curveFitSync(MODEL, data.x, data.y, { p0: P0 });
    const text = ok('fit', file, '--model', MODEL, '--p0', 'a=1,b=1,c=0', '--json');
    const r = JSON.parse(text);
    // Every data field of the result, as before, and the two that name the layout.
    expect(Object.keys(r)).toEqual(['format', 'version', ...Object.keys(oracle)]);
    expect(r).toMatchObject({ format: 'arenafit.FitResult', version: 1, aic: oracle.aic, bic: oracle.bic, expression: oracle.expression, label: oracle.label });
    expect(r).toEqual(JSON.parse(JSON.stringify(oracle)));
    expect(r.params).toEqual(oracle.params);
    expect(r.errors).toEqual(oracle.errors);
    expect(r.values).toEqual(Array.from(oracle.values));
    const P = oracle.names.length;
    expect(r.covariance).toEqual(Array.from({ length: P }, (_, i) => Array.from(oracle.covariance.subarray(i * P, (i + 1) * P))));
    expect(r).toMatchObject({ status: oracle.status, converged: true, rows: 400, chi2: oracle.chi2, iterations: oracle.iterations });
    expect(r.memory).toEqual(oracle.memory);
    // The JSON is a result again: the same curve and band, bit for bit.
    const again = fitResultFromJSON(text);
    const xs = [0, 0.5, 3, 9.9];
    expect(again.evaluate(xs)).toEqual(oracle.evaluate(xs));
    expect(again.band(xs)).toEqual(oracle.band(xs));
    expect(again.band(xs, { kind: 'prediction', level: 0.68 })).toEqual(oracle.band(xs, { kind: 'prediction', level: 0.68 }));
  });

  it('fits a sum of built-in models given as a model string, two peaks on a line without --p0', () => {
    const peaks = synthetic(500, (t) => 3 * Math.exp(-((t - 3.5) ** 2) / (2 * 0.5 ** 2)) + 2 * Math.exp(-((t - 6.5) ** 2) / (2 * 0.7 ** 2)) + 0.2 * t + 1, 0.05, 3);
    const file = temp.file('peaks.csv', delimited({ x: peaks.x, y: peaks.y }));
    const model = 'gaussian:g1_ + gaussian:g2_ + linear';
    const oracle = curveFitSync(model, peaks.x, peaks.y);
    const names = ['g1_A', 'g1_mu', 'g1_sigma', 'g2_A', 'g2_mu', 'g2_sigma', 'slope', 'intercept'];
    expect(oracle.names).toEqual(names);
    expect(oracle.converged).toBe(true);
    // The true peaks, found without a start: within a few standard errors.
    const truth: Record<string, number> = { g1_A: 3, g1_mu: 3.5, g1_sigma: 0.5, g2_A: 2, g2_mu: 6.5, g2_sigma: 0.7, slope: 0.2, intercept: 1 };
    for (const name of names) expect(Math.abs(oracle.params[name] - truth[name]), name).toBeLessThan(5 * oracle.errors[name]);
    const report = ok('fit', file, '--model', model);
    expect(report).toContain(oracle.report());
    for (const name of names) expect(report).toMatch(new RegExp(`^${name} +\\S`, 'm'));
    const r = json('fit', file, '--model', `  ${model}  `);
    expect(r.names).toEqual(names);
    expect(r.params).toEqual(oracle.params);
    expect(r.errors).toEqual(oracle.errors);
  });

  it('honours --p0, --bounds, --fixed, --loss and --max-iterations', () => {
    const file = temp.file('options.csv', delimited({ x: data.x, y: data.y }));
    const cases: [string[], FitOptions][] = [
      [['--p0', 'a=2,b=0.5', '--p0', 'c=0.1'], { p0: { a: 2, b: 0.5, c: 0.1 } }],
      [['--p0', 'a=1,b=2,c=0', '--bounds', 'b=1.4:inf,a=:10'], { p0: { a: 1, b: 2, c: 0 }, bounds: { b: [1.4, Infinity], a: [-Infinity, 10] } }],
      [['--p0', 'a=1,b=1', '--fixed', 'c=0.45'], { p0: { a: 1, b: 1 }, fixed: { c: 0.45 } }],
      [['--p0', 'a=1,b=1,c=0', '--loss', 'soft_l1'], { p0: P0, loss: 'soft_l1' }],
      [['--p0', 'a=1,b=1,c=0', '--max-iterations', '3'], { p0: P0, maxIterations: 3 }],
    ];
    for (const [flags, options] of cases) {
      const oracle = curveFitSync(MODEL, data.x, data.y, options);
      const run = arenafit('fit', file, '--model', MODEL, ...flags, '--json');
      expect(run.status, flags.join(' ')).toBe(oracle.converged ? 0 : 1);
      const r = JSON.parse(run.stdout);
      expect(r.params, flags.join(' ')).toEqual(oracle.params);
      expect(r).toMatchObject({ fixed: oracle.fixed, atBound: oracle.atBound, cost: oracle.cost, iterations: oracle.iterations });
    }
    expect(curveFitSync(MODEL, data.x, data.y, cases[1][1]).atBound).toEqual(['b']);
    expect(curveFitSync(MODEL, data.x, data.y, cases[4][1]).status).toBe('maxIterations');
  });

  it('fits a built-in model from its own guess', () => {
    const file = temp.file('builtin.csv', delimited({ x: data.x, y: data.y }));
    expect(ok('fit', file, '--model', 'exponential')).toContain(curveFitSync('exponential', data.x, data.y).report());
  });

  it('runs in the arena --arena asks for', () => {
    const file = temp.file('arena.csv', delimited({ x: data.x, y: data.y }));
    const r = json('fit', file, '--model', MODEL, '--arena', '8MiB');
    expect((r.memory as FitResult['memory']).capacityBytes).toBe(8 << 20);
  });
});
