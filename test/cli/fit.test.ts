// `arenafit fit` on CSV, TSV and binary files, spawned as a user runs it. Oracle: curveFitSync
// on the same numbers in memory (the files hold String(v) or the exact f64/f32 bits, which
// read back to the same values), so the CLI's report must contain the library's report as is,
// and its --json the same numbers.
import { describe, expect, it } from 'vitest';
import { curveFitSync, type FitOptions, type FitResult } from '../../src/index.ts';
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

  it('prints one JSON object with the field names of FitResult', () => {
    const file = temp.file('json.csv', delimited({ x: data.x, y: data.y }));
    const oracle = curveFitSync(MODEL, data.x, data.y, { p0: P0 });
    const r = json('fit', file, '--model', MODEL, '--p0', 'a=1,b=1,c=0');
    const fields = Object.keys(oracle).filter((key) => key !== 'report');
    expect(Object.keys(r).sort()).toEqual(fields.sort());
    expect(r.params).toEqual(oracle.params);
    expect(r.errors).toEqual(oracle.errors);
    expect(r.values).toEqual(Array.from(oracle.values));
    const P = oracle.names.length;
    expect(r.covariance).toEqual(Array.from({ length: P }, (_, i) => Array.from(oracle.covariance.subarray(i * P, (i + 1) * P))));
    expect(r).toMatchObject({ status: oracle.status, converged: true, rows: 400, chi2: oracle.chi2, iterations: oracle.iterations });
    expect(r.memory).toEqual(oracle.memory);
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
