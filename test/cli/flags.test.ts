// The fit flags that map to FitOptions, each checked by its effect, spawned as a user runs it.
// Oracles: curveFitSync on the same numbers in memory with the option the flag names (the files
// hold String(v), which reads back to the same double), and closed forms where there is one:
// --absolute-sigma leaves the parameters and divides every error by √(χ²/dof).
import { describe, expect, it } from 'vitest';
import { curveFitSync, type FitOptions, type FitResult } from '../../src/index.ts';
import { synthetic } from '../support/synthetic.ts';
import { arenafit, delimited, tempFolder } from './cli.ts';

const temp = tempFolder();
const MODEL = 'a*exp(-b*x) + c';
const P0 = { a: 1, b: 1, c: 0 };
const data = synthetic(400, (t) => 2.5 * Math.exp(-1.3 * t) + 0.5, 0.01, 7);
const sigma = data.x.map((t) => 0.01 * (1 + t / 10));
// A few outliers, for the robust losses to weigh down.
const spiky = data.y.map((v, i) => (i % 50 === 7 ? v + 0.5 : v));

type Json = FitResult & Record<string, unknown>;

/** `arenafit fit <file> --model MODEL --p0 a=1,b=1,c=0 ...flags --json`, which must exit with `status`. */
function fit(file: string, flags: string[], status = 0): Json {
  const run = arenafit('fit', file, '--model', MODEL, '--p0', 'a=1,b=1,c=0', ...flags, '--json');
  expect(run.stderr, flags.join(' ')).toBe('');
  expect(run.status, flags.join(' ')).toBe(status);
  return JSON.parse(run.stdout);
}

describe('arenafit fit, flags that set fit options', () => {
  const file = () => temp.file('decay.csv', delimited({ x: data.x, y: data.y, err: sigma }));

  it('--absolute-sigma keeps the parameters and divides every error by √(χ²/dof)', () => {
    const relative = fit(file(), ['--sigma', 'err']);
    const absolute = fit(file(), ['--sigma', 'err', '--absolute-sigma']);
    expect(absolute.params).toEqual(relative.params);
    const scale = Math.sqrt(relative.chi2 / relative.dof);
    expect(Math.abs(scale - 1)).toBeGreaterThan(0.05); // the two must differ for the test to mean anything
    for (const name of relative.names) expect(Math.abs(absolute.errors[name] * scale / relative.errors[name] - 1)).toBeLessThan(1e-12);
    expect(absolute.errors).toEqual(curveFitSync(MODEL, data.x, data.y, { p0: P0, sigma, absoluteSigma: true }).errors);
  });

  it('--loss with --fscale fits as the library does with loss and fScale, and --fscale changes the answer', () => {
    const spikes = temp.file('spiky.csv', delimited({ x: data.x, y: spiky }));
    const narrow = fit(spikes, ['--loss', 'soft_l1', '--fscale', '0.02']);
    expect(narrow.params).toEqual(curveFitSync(MODEL, data.x, spiky, { p0: P0, loss: 'soft_l1', fScale: 0.02 }).params);
    const wide = fit(spikes, ['--loss', 'soft_l1', '--fscale', '5']);
    expect(wide.params).toEqual(curveFitSync(MODEL, data.x, spiky, { p0: P0, loss: 'soft_l1', fScale: 5 }).params);
    // A narrow fScale ignores the outliers, and lands nearer the truth than a wide one.
    expect(Math.abs(narrow.params.c - 0.5)).toBeLessThan(Math.abs(wide.params.c - 0.5));
  });

  it('--ftol, --xtol and --gtol are the tolerances the fit stops by', () => {
    const cases: [string[], FitOptions][] = [
      [['--ftol', '1e-4'], { ftol: 1e-4 }],
      [['--xtol', '1e-3'], { xtol: 1e-3 }],
      [['--gtol', '1e-2'], { gtol: 1e-2 }],
      [['--ftol', '1e-6', '--xtol', '1e-6', '--gtol', '0'], { ftol: 1e-6, xtol: 1e-6, gtol: 0 }],
    ];
    const strict = fit(file(), []);
    for (const [flags, options] of cases) {
      const oracle = curveFitSync(MODEL, data.x, data.y, { p0: P0, ...options });
      const r = fit(file(), flags, oracle.converged ? 0 : 1);
      expect(r.params, flags.join(' ')).toEqual(oracle.params);
      expect(r.iterations, flags.join(' ')).toBe(oracle.iterations);
    }
    // Loose tolerances stop sooner than the defaults.
    expect(fit(file(), ['--xtol', '1e-3']).iterations).toBeLessThan(strict.iterations);
    const gtol = curveFitSync(MODEL, data.x, data.y, { p0: P0, gtol: 1e-2 });
    expect(gtol.status).toBe('gtol');
    expect(fit(file(), ['--gtol', '1e-2'], gtol.converged ? 0 : 1).status).toBe('gtol');
  });

  it('--max-iterations stops the fit after that many steps, not converged (exit status 1)', () => {
    const r = fit(file(), ['--max-iterations', '2'], 1);
    expect(r).toMatchObject({ status: 'maxIterations', iterations: 2, converged: false });
  });

  it('--workers splits every pass across threads and finds the same answer', () => {
    const one = fit(file(), []);
    const two = fit(file(), ['--workers', '2']);
    expect(two.rows).toBe(400);
    for (const name of one.names) expect(Math.abs(two.params[name] / one.params[name] - 1)).toBeLessThan(1e-10);
  });

  it('--nan-policy raise is the default, and omit skips the rows with NaN', () => {
    const y = Array.from(data.y.subarray(0, 40), String);
    y[5] = 'nan';
    y[20] = 'NaN';
    const lines = ['x,y', ...y.map((v, i) => `${data.x[i]},${v}`)];
    const nan = temp.file('nan.csv', lines.join('\n') + '\n');
    expect(arenafit('fit', nan, '--model', MODEL, '--nan-policy', 'raise').status).toBe(2);
    const r = fit(nan, ['--nan-policy', 'omit']);
    expect(r).toMatchObject({ rows: 38, omittedRows: 2 });
    const keep = (_: number, i: number) => i !== 5 && i !== 20;
    const x38 = data.x.subarray(0, 40).filter(keep);
    const y38 = data.y.subarray(0, 40).filter(keep);
    expect(r.params).toEqual(curveFitSync(MODEL, x38, y38, { p0: P0 }).params);
  });
});
