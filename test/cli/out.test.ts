// --out FILE.csv: one row per row of the data — its x, y and sigma as read, the fitted model at x
// and the residual — written in one more streaming pass after the fit. Oracles: the input's own
// numbers (written with String(v), which reads back to the same double), compileModel at the
// fitted parameters of --json (the same evaluator the writer uses: the same bits), and y − fitted.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileModel } from '../../src/index.ts';
import { parseDelimited } from '../../src/text.ts';
import { records } from '../support/records.ts';
import { synthetic } from '../support/synthetic.ts';
import { arenafit, delimited, tempFolder } from './cli.ts';

const temp = tempFolder();
const MODEL = 'a*exp(-b*x) + c';
const data = synthetic(1000, (t) => 2.5 * Math.exp(-1.3 * t) + 0.5, 0.01, 5);
const sigma = data.x.map((t) => 0.01 * (1 + t / 10));

/** Runs a fit that writes `out`, checks it succeeded, and returns the fitted parameters. */
function fitWriting(file: string, out: string, ...flags: string[]): Record<string, number> {
  const run = arenafit('fit', file, '--model', MODEL, '--p0', 'a=1,b=1,c=0', '--out', out, ...flags, '--json');
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return JSON.parse(run.stdout).params;
}

/** The written file: its header's names, and its columns as numbers. */
function readOut(path: string): { names: string[]; column: (name: string) => Float64Array; rows: number } {
  const text = readFileSync(path, 'utf8');
  const names = text.slice(0, text.indexOf('\n')).split(',');
  const column = (name: string) => parseDelimited(text, { x: name, y: name }).x;
  return { names, column, rows: text.trimEnd().split('\n').length - 1 };
}

describe('arenafit fit --out', () => {
  it('writes x, y, sigma, fitted and residual for every row: fitted the model at x, residual y − fitted', () => {
    const file = temp.file('decay.csv', delimited({ t: data.x, v: data.y, err: sigma }));
    const out = temp.path('residuals.csv');
    const params = fitWriting(file, out, '--sigma', 'err');
    const r = readOut(out);
    expect(r.names).toEqual(['t', 'v', 'err', 'fitted', 'residual']);
    expect(r.rows).toBe(1000);
    expect(r.column('t')).toEqual(data.x);
    expect(r.column('v')).toEqual(data.y);
    expect(r.column('err')).toEqual(sigma);
    const fitted = compileModel(MODEL).evaluate(data.x, params);
    expect(r.column('fitted')).toEqual(fitted);
    expect(r.column('residual')).toEqual(data.y.map((v, i) => v - fitted[i]));
  });

  it('writes x under its column name when the model reads it by that name', () => {
    const file = temp.file('named.csv', delimited({ time: data.x, signal: data.y }));
    const out = temp.path('named-out.csv');
    const run = arenafit('fit', file, '--model', 'a*exp(-b*time) + c', '--x', 'time', '--p0', 'a=1,b=1,c=0', '--out', out, '--json');
    expect(run.status).toBe(0);
    const params = JSON.parse(run.stdout).params;
    const r = readOut(out);
    expect(r.names).toEqual(['time', 'signal', 'fitted', 'residual']);
    expect(r.column('fitted')).toEqual(compileModel('a*exp(-b*time) + c', { variables: ['time'] }).evaluate(data.x, params));
  });

  it('names the columns x and y for a file without a header', () => {
    const file = temp.file('noheader.csv', delimited({ x: data.x, y: data.y }, ',', { header: false }));
    const out = temp.path('noheader-out.csv');
    fitWriting(file, out);
    const r = readOut(out);
    expect(r.names).toEqual(['x', 'y', 'fitted', 'residual']);
    expect(r.rows).toBe(1000);
    expect(r.column('x')).toEqual(data.x);
  });

  it('writes every row, also those --nan-policy omit left out of the fit (their residual NaN)', () => {
    const lines = delimited({ x: data.x, y: data.y }).split('\n');
    lines[8] = `${data.x[7]},nan`;
    const file = temp.file('nan.csv', lines.join('\n'));
    const out = temp.path('nan-out.csv');
    fitWriting(file, out, '--nan-policy', 'omit');
    const r = readOut(out);
    expect(r.rows).toBe(1000);
    expect(r.column('residual')[7]).toBeNaN();
    expect(r.column('residual').filter(Number.isNaN)).toHaveLength(1);
  });

  it('writes binary records the same way, named by --columns', () => {
    const file = temp.file('decay.f64', records([data.x, data.y], 'f64'));
    const out = temp.path('binary-out.csv');
    const params = fitWriting(file, out, '--columns', 't,v');
    const r = readOut(out);
    expect(r.names).toEqual(['t', 'v', 'fitted', 'residual']);
    expect(r.column('fitted')).toEqual(compileModel(MODEL).evaluate(data.x, params));
  });

  it('writes a file longer than a chunk, in the order of the data, with --plot in the same pass', () => {
    const big = synthetic(150_000, (t) => 2.5 * Math.exp(-1.3 * t) + 0.5, 0.01, 9);
    const file = temp.file('big.csv', delimited({ x: big.x, y: big.y }));
    const out = temp.path('big-out.csv');
    const svg = temp.path('big.svg');
    const params = fitWriting(file, out, '--plot', svg);
    const r = readOut(out);
    expect(r.rows).toBe(150_000);
    expect(r.column('x')).toEqual(big.x);
    expect(r.column('fitted')).toEqual(compileModel(MODEL).evaluate(big.x, params));
    expect(readFileSync(svg, 'utf8')).toContain('150,000 rows');
  });

  it('fails before the fit when the folder does not exist', () => {
    const file = temp.file('folder.csv', delimited({ x: data.x, y: data.y }));
    const run = arenafit('fit', file, '--model', MODEL, '--out', temp.path('no/such/folder/out.csv'));
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^arenafit: --out ".*out\.csv": the folder ".*folder" does not exist\n$/);
  });

  it('refuses to write over the data file, before the fit', () => {
    const text = delimited({ x: data.x, y: data.y });
    const file = temp.file('itself.csv', text);
    const run = arenafit('fit', file, '--model', MODEL, '--out', file);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^arenafit: --out ".*itself\.csv" is the data file; expected another path/);
    expect(readFileSync(file, 'utf8')).toBe(text);
  });

  it.runIf(existsSync('/dev/full'))('says in one line when the file cannot be written (a full disk)', () => {
    const file = temp.file('full.csv', delimited({ x: data.x, y: data.y }));
    const run = arenafit('fit', file, '--model', MODEL, '--p0', 'a=1,b=1,c=0', '--out', '/dev/full');
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^arenafit: --out "\/dev\/full" cannot be written: .*ENOSPC.*\n$/);
    expect(run.stdout).toMatch(/^converged {3}yes/m); // the fit's report came first
  });
});
