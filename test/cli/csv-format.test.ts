// CSV files as they come: without a header, with lines before it, with decimal commas, with
// comments, columns chosen by position — and the flags that say so when the reader should not
// guess. Oracle: curveFitSync on the same numbers in memory (the files hold String(v), which
// reads back to the same double, or it with ',' for '.'), and the data line of the report, which
// names the columns the fit read.
import { describe, expect, it } from 'vitest';
import { curveFitSync, type FitResult } from '../../src/index.ts';
import { synthetic } from '../support/synthetic.ts';
import { arenafit, delimited, tempFolder } from './cli.ts';

const temp = tempFolder();
const MODEL = 'a*exp(-b*x) + c';
const P0 = { a: 1, b: 1, c: 0 };
const data = synthetic(40, (t) => 2.5 * Math.exp(-1.3 * t) + 0.5, 0.01, 3);
const sigma = data.x.map((t) => 0.01 * (1 + t / 10));
const oracle = curveFitSync(MODEL, data.x, data.y, { p0: P0 });

/** The fit succeeded: status 0, nothing on stderr; returns stdout. */
function ok(...args: string[]): string {
  const run = arenafit(...args);
  expect(run.stderr, args.join(' ')).toBe('');
  expect(run.status, args.join(' ')).toBe(0);
  return run.stdout;
}

const json = (...args: string[]): FitResult => JSON.parse(ok(...args, '--json'));
const dataLine = (out: string) => /^data {8}.*$/m.exec(out)?.[0];

describe('arenafit fit on a file without a header', () => {
  const noHeader = () => temp.file('noheader.csv', delimited({ x: data.x, y: data.y }, ',', { header: false }));

  it('fits all 40 rows, the first row being data, and names the columns by position', () => {
    const out = ok('fit', noHeader(), '--model', MODEL, '--p0', 'a=1,b=1,c=0');
    expect(out).toContain(oracle.report());
    expect(dataLine(out)).toMatch(/: x = column 1, y = column 2$/);
    expect(json('fit', noHeader(), '--model', MODEL, '--p0', 'a=1,b=1,c=0')).toMatchObject({ rows: 40, params: oracle.params });
  });

  it('--no-header reads the first row as data, also where it would look like a header', () => {
    expect(json('fit', noHeader(), '--no-header', '--model', MODEL, '--p0', 'a=1,b=1,c=0')).toMatchObject({ rows: 40, params: oracle.params });
    const headed = temp.file('headed.csv', delimited({ time: data.x, signal: data.y }));
    const run = arenafit('fit', headed, '--no-header', '--model', MODEL);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/line 1\b.*"time"/);
  });

  it('--header reads a first row of numbers as the column names', () => {
    const file = temp.file('numbered.csv', delimited({ 400: data.x, 410: data.y }));
    const detected = arenafit('fit', file, '--model', MODEL, '--p0', 'a=1,b=1,c=0', '--json'); // 400,410 read as a row of data
    expect(JSON.parse(detected.stdout).rows).toBe(41);
    const out = ok('fit', file, '--header', '--model', MODEL, '--p0', 'a=1,b=1,c=0');
    expect(out).toContain(oracle.report());
    expect(dataLine(out)).toMatch(/: x = 400, y = 410$/);
  });

  it('takes --x, --y and --sigma as positions from 1', () => {
    const file = temp.file('positions.csv', delimited({ err: sigma, x: data.x, y: data.y }, ',', { header: false }));
    const out = ok('fit', file, '--x', '2', '--y', '3', '--sigma', '1', '--model', MODEL, '--p0', 'a=1,b=1,c=0');
    expect(out).toContain(curveFitSync(MODEL, data.x, data.y, { p0: P0, sigma }).report());
    expect(dataLine(out)).toMatch(/: x = column 2, y = column 3, sigma = column 1$/);
  });

  it('takes positions in a file with a header too, and names the columns by the header', () => {
    const file = temp.file('headed-positions.csv', delimited({ err: sigma, time: data.x, signal: data.y }));
    const out = ok('fit', file, '--x', '2', '--y', '3', '--sigma', '1', '--model', 'a*exp(-b*time) + c', '--p0', 'a=1,b=1,c=0');
    expect(out).toContain(curveFitSync('a*exp(-b*time) + c', { time: data.x }, data.y, { p0: P0, sigma }).report());
    expect(dataLine(out)).toMatch(/: x = time, y = signal, sigma = err$/);
  });
});

describe('arenafit fit on a file with lines before the header', () => {
  const preamble = ['Instrument: TQ-7, serial 0042', 'Operator: J. Doe; run 7', 'Exported 2026-11-27 09:12'];
  const file = () => temp.file('preamble.csv', [...preamble, delimited({ time: data.x, signal: data.y })].join('\n'));

  it('--skip N skips them and fits the rows under the header', () => {
    const out = ok('fit', file(), '--skip', '3', '--model', MODEL, '--p0', 'a=1,b=1,c=0');
    expect(out).toContain(oracle.report());
    expect(dataLine(out)).toMatch(/: x = time, y = signal$/);
  });

  it('without --skip the one line on stderr says to give it', () => {
    const run = arenafit('fit', file(), '--model', MODEL);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/--skip 3\b/);
    expect(run.stderr).not.toMatch(/options\.|skipLines/);
  });
});

describe('arenafit fit on decimal commas', () => {
  const text = delimited({ x: data.x, y: data.y }, ';').replaceAll('.', ',');

  it('--decimal , reads 1,5 as 1.5', () => {
    const file = temp.file('comma.csv', text);
    expect(json('fit', file, '--decimal', ',', '--model', MODEL, '--p0', 'a=1,b=1,c=0')).toMatchObject({ rows: 40, params: oracle.params });
  });

  it('and the reader finds them without it', () => {
    const file = temp.file('comma-detected.csv', text);
    expect(json('fit', file, '--model', MODEL, '--p0', 'a=1,b=1,c=0')).toMatchObject({ rows: 40, params: oracle.params });
  });
});

describe('arenafit fit and comments', () => {
  it('--comment CHAR skips the lines that start with it', () => {
    const lines = delimited({ x: data.x, y: data.y }).split('\n');
    lines.splice(5, 0, '% calibration changed here');
    lines.splice(0, 0, '% exported by the logger');
    const file = temp.file('percent.csv', lines.join('\n'));
    expect(json('fit', file, '--comment', '%', '--model', MODEL, '--p0', 'a=1,b=1,c=0')).toMatchObject({ rows: 40, params: oracle.params });
  });

  it('--no-comment reads a header that starts with #, which is otherwise a comment', () => {
    const file = temp.file('hash-header.csv', delimited({ '#t': data.x, v: data.y }));
    const out = ok('fit', file, '--no-comment', '--model', MODEL, '--p0', 'a=1,b=1,c=0');
    expect(dataLine(out)).toMatch(/: x = #t, y = v$/);
    expect(out).toContain(oracle.report());
    // Without it the line is a comment, whose names (if the reader takes them) are not "#t".
    expect(dataLine(ok('fit', file, '--model', MODEL, '--p0', 'a=1,b=1,c=0'))).not.toMatch(/x = #t/);
  });
});

describe('arenafit fit, the reader\'s other flags', () => {
  it('--no-temp-copy parses the text on every pass, with the same answer', () => {
    const file = temp.file('no-copy.csv', delimited({ x: data.x, y: data.y }));
    expect(json('fit', file, '--no-temp-copy', '--model', MODEL, '--p0', 'a=1,b=1,c=0')).toMatchObject({ rows: 40, params: oracle.params });
  });

  it('NA cells, as R writes them, are NaN: --nan-policy omit fits the other 38 of 40 rows', () => {
    const lines = delimited({ x: data.x, y: data.y }).split('\n');
    lines[4] = `${data.x[3]},NA`;
    lines[31] = `${data.x[30]},NA`;
    const file = temp.file('na.csv', lines.join('\n'));
    const keep = (_: number, i: number) => i !== 3 && i !== 30;
    const r = json('fit', file, '--nan-policy', 'omit', '--model', MODEL, '--p0', 'a=1,b=1,c=0');
    expect(r).toMatchObject({ rows: 38, omittedRows: 2 });
    expect(r.params).toEqual(curveFitSync(MODEL, data.x.filter(keep), data.y.filter(keep), { p0: P0 }).params);
  });
});
