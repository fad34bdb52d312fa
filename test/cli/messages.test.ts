// Every message the command prints speaks in its flags, never in the library's option names.
// Oracles: for each row of the flag table (apps/cli/flag-names.ts), a message of the library
// and the words the command must print instead; and real runs that make the library say it,
// whose one line on stderr must name the flag and no option of the library.
import { describe, expect, it } from 'vitest';
import { FLAG_NAMES, inFlags, withNanHint } from '../../apps/cli/flag-names.ts';
import { arenafit, delimited, tempFolder } from './cli.ts';

const temp = tempFolder();
const x = Array.from({ length: 50 }, (_, i) => i / 5);
const y = x.map((t, i) => 2 * Math.exp(-0.7 * t) + 0.1 + 0.001 * Math.sin(i * 12.9898));
const MODEL = 'a*exp(-b*x) + c';

/** The library's words — an option's name in code, a call — that a command line has no use for. */
const LIBRARY_WORDS = /options\.|\b(arenaBytes|nanPolicy|skipLines|maxIterations|absoluteSigma|fScale|tempCopy|chunkRows|blockBytes|createEngine|curveFit(Sync)?)\b/;

/** Per row of the table: a message as the library says it, and as the command must print it. */
const REWRITES: Record<string, [library: string, command: string][]> = {
  p0: [
    ['options.p0 names "d", which the model does not have; its parameters are a, b, c', '--p0 names "d", which the model does not have; its parameters are a, b, c'],
    ['options.p0.a is Infinity; expected a finite number', '--p0 a is Infinity; expected a finite number'],
  ],
  fixed: [['options.fixed.c is 5, outside options.bounds.c = [0, 1]; expected a value within the bounds', '--fixed c is 5, outside --bounds c=0:1; expected a value within the bounds']],
  bounds: [
    ['options.bounds.b is [2, 1]; expected lo < hi', '--bounds b=2:1; expected lo < hi'],
    ['the start of b is 5, outside options.bounds.b = [0, Infinity]; expected a value within the bounds', 'the start of b is 5, outside --bounds b=0:inf; expected a value within the bounds'],
  ],
  loss: [["options.loss is \"l1\"; expected one of 'linear', 'soft_l1'", "--loss is \"l1\"; expected one of 'linear', 'soft_l1'"]],
  fScale: [['options.fScale is 0; expected a finite number > 0', '--fscale is 0; expected a finite number > 0']],
  nanPolicy: [['y[5] ("d.csv" line 7) is NaN; expected a finite number; set options.nanPolicy to \'omit\' to skip rows holding NaN', 'y[5] ("d.csv" line 7) is NaN; expected a finite number; use --nan-policy omit to skip rows holding NaN']],
  absoluteSigma: [
    ['options.absoluteSigma is 1; expected true or false', '--absolute-sigma is 1; expected true or false'],
    ['options.absoluteSigma is true, so options.sigma must be given', '--absolute-sigma was given, so --sigma must be given'],
    ['the errors are absolute: set options.absoluteSigma to true', 'the errors are absolute: use --absolute-sigma'],
  ],
  workers: [['options.workers is 0; expected an integer from 1 to 2147483647', '--workers is 0; expected an integer from 1 to 2147483647']],
  ftol: [['options.ftol is -1; expected a finite number ≥ 0', '--ftol is -1; expected a finite number ≥ 0']],
  xtol: [['options.xtol is -1; expected a finite number ≥ 0', '--xtol is -1; expected a finite number ≥ 0']],
  gtol: [['options.gtol is -1; expected a finite number ≥ 0', '--gtol is -1; expected a finite number ≥ 0']],
  maxIterations: [['options.maxIterations is 0; expected an integer from 1 to 2147483647', '--max-iterations is 0; expected an integer from 1 to 2147483647']],
  x: [
    ['options.x is 5, but the header of "d.csv" has 2 fields; expected a position from 1 to 2', '--x is 5, but the header of "d.csv" has 2 fields; expected a position from 1 to 2'],
    ['options.x[0] is "tme", which is not a column of "d.csv"', '--x is "tme", which is not a column of "d.csv"'],
  ],
  y: [['options.y is "sgnal", which is not a column of "d.csv"; its header has "time", "signal"', '--y is "sgnal", which is not a column of "d.csv"; its header has "time", "signal"']],
  sigma: [['options.sigma is "err", which is not a column of "d.csv"', '--sigma is "err", which is not a column of "d.csv"']],
  delimiter: [
    ['split on spaces the header is one column — set options.delimiter if the file uses another', 'split on spaces the header is one column — set --delimiter if the file uses another'],
    ["the rows split into 1 field; set options.delimiter to ';'", "the rows split into 1 field; use --delimiter ';'"],
    [
      '"d.csv" line 3, column 1: the header has 1 field but the rows below it have 3 (split on ","): "Run 7"; expected one name per field; set options.delimiter if the rows are split on another character, options.header: false if line 3 is data, or options.skipLines: 3 if it is a title',
      '"d.csv" line 3, column 1: the header has 1 field but the rows below it have 3 (split on ","): "Run 7"; expected one name per field; set --delimiter if the rows are split on another character, --no-header if line 3 is data, or --skip 3 if it is a title',
    ],
  ],
  decimal: [["\"d.csv\" line 2 has 1,5 where a number was expected; set options.decimal to ','", '"d.csv" line 2 has 1,5 where a number was expected; use --decimal ,']],
  header: [
    ['"d.csv" line 1 is all numbers; set options.header to false to read it as data', '"d.csv" line 1 is all numbers; use --no-header to read it as data'],
    ['its first row (line 1) is all numbers — set options.header: true if it names the columns', 'its first row (line 1) is all numbers — use --header if it names the columns'],
    ['options.header is false', '--no-header was given'],
    ['options.header is false, but line 1 is "time,signal"; set options.header to true', '--no-header was given, but line 1 is "time,signal"; use --header'],
  ],
  skipLines: [
    ['"d.csv" line 1 has 1 field but line 61 has 3; set options.skipLines to 60 to start at line 61', '"d.csv" line 1 has 1 field but line 61 has 3; use --skip 60 to start at line 61'],
    ['"d.csv" line 4 starts a table of 3 columns; set options.skipLines: 3 to skip the 3 lines above it', '"d.csv" line 4 starts a table of 3 columns; use --skip 3 to skip the 3 lines above it'],
    ['"d.csv" holds no rows: its 3 lines are all within options.skipLines: 3', '"d.csv" holds no rows: its 3 lines are all within --skip 3'],
  ],
  comment: [
    ['options.comment is "ab"; expected one character', '--comment is "ab"; expected one character'],
    ['the header starts with #; set options.comment to false to read it', 'the header starts with #; use --no-comment to read it'],
    ['"d.csv" line 1: "% run 7"; set options.comment: "%" if lines starting with "%" are comments, or options.skipLines: 1 to skip the 1 line above it', '"d.csv" line 1: "% run 7"; use --comment % if lines starting with "%" are comments, or --skip 1 to skip the 1 line above it'],
    ['comment lines start with "#" (options.comment)', 'comment lines start with "#" (--comment)'],
  ],
  tempCopy: [['no room for the copy in /tmp; set options.tempCopy to false to parse the text on every pass', 'no room for the copy in /tmp; use --no-temp-copy to parse the text on every pass']],
  columns: [["options.columns names \"t\" twice; expected each column once ('_' for values to skip)", "--columns names \"t\" twice; expected each column once ('_' for values to skip)"]],
  dtype: [["options.dtype is \"f16\"; expected 'f64' or 'f32'", "--dtype is \"f16\"; expected 'f64' or 'f32'"]],
  arenaBytes: [
    ['arenaBytes is 1024; expected an integer from 65536 (64 KiB) to 2147483648 (2 GiB)', '--arena is 1024 bytes; expected an integer from 65536 (64 KiB) to 2147483648 (2 GiB)'],
    [
      "the fit needs at least 70000 bytes of arena for 3 free parameters and 9 VM registers, but 60000 of the engine's 65536 are free; create the engine with createEngine({ arenaBytes: 1048576 }) or more",
      "the fit needs at least 70000 bytes of arena for 3 free parameters and 9 VM registers, but 60000 of the engine's 65536 are free; use --arena 1MiB or more",
    ],
  ],
};

describe('the flag table', () => {
  it('has a case here for every row, and every row a flag the fit command takes', () => {
    expect(Object.keys(REWRITES).sort()).toEqual(FLAG_NAMES.map((row) => row.option).sort());
    const help = arenafit('fit', '--help').stdout;
    for (const { flag } of FLAG_NAMES) expect(help, flag).toMatch(new RegExp(`^ {2}(-h, )?${flag}\\b`, 'm'));
  });

  for (const { option, flag } of FLAG_NAMES) {
    it(`says ${option} as ${flag}`, () => {
      for (const [library, command] of REWRITES[option]) {
        expect(inFlags(library)).toBe(command);
        expect(command).not.toMatch(LIBRARY_WORDS);
      }
    });
  }

  it('leaves a message that names no option as it is, and a colon that gives no value', () => {
    expect(inFlags('options.p0: the parameter "constructor" is a reserved name')).toBe('--p0: the parameter "constructor" is a reserved name');
    const message = '"d.csv" line 5, column "signal" is "abc", which is not a number; expected a number such as 1.5, or nan';
    expect(inFlags(message)).toBe(message);
    expect(inFlags('options.onProgress is 5')).toBe('options.onProgress is 5'); // not an option the command sets
  });

  it('adds the --nan-policy hint to a NaN in the data once, and to nothing else', () => {
    expect(withNanHint('y[5] is NaN; expected a finite number', 'NON_FINITE_DATA')).toBe('y[5] is NaN; expected a finite number; use --nan-policy omit to skip rows holding NaN');
    const said = 'y[5] is NaN; expected a finite number; use --nan-policy omit to skip rows holding NaN';
    expect(withNanHint(said, 'NON_FINITE_DATA')).toBe(said);
    expect(withNanHint('y[5] is Infinity; expected a finite number', 'NON_FINITE_DATA')).toBe('y[5] is Infinity; expected a finite number');
    expect(withNanHint('sigma[5] is 0; expected a number > 0', 'SIGMA_NOT_POSITIVE')).toBe('sigma[5] is 0; expected a number > 0');
  });
});

describe('a real run that makes the library object prints one line in flags', () => {
  const csv = () => temp.file('data.csv', delimited({ time: x, signal: y }));

  /** Runs a failing command: status 2, stdout empty, stderr one line naming no library option; returns it. */
  function fails(...args: string[]): string {
    const run = arenafit(...args);
    expect(run.stdout, args.join(' ')).toBe('');
    expect(run.status, args.join(' ')).toBe(2);
    const lines = run.stderr.split('\n');
    expect(lines.length, run.stderr).toBe(2);
    expect(lines[0]).toMatch(/^arenafit: /);
    expect(lines[0]).not.toMatch(LIBRARY_WORDS);
    return lines[0];
  }

  const fit = (...flags: string[]) => fails('fit', csv(), '--model', MODEL, ...flags);

  it('p0, fixed and bounds', () => {
    expect(fit('--p0', 'd=1')).toMatch(/--p0 names "d", which the model does not have/);
    expect(fit('--p0', 'a=inf')).toMatch(/--p0 a is Infinity; expected a finite number/);
    expect(fit('--fixed', 'd=1')).toMatch(/--fixed names "d"/);
    expect(fit('--bounds', 'b=2:1')).toMatch(/--bounds b=2:1; expected lo < hi/);
    expect(fit('--p0', 'a=1,b=5,c=0', '--bounds', 'b=0:1')).toMatch(/the start of b is 5, outside --bounds b=0:1/);
    expect(fit('--fixed', 'c=5', '--bounds', 'c=0:1')).toMatch(/--fixed c is 5, outside --bounds c=0:1/);
  });

  it('loss, fscale and nan-policy', () => {
    expect(fit('--loss', 'l1')).toMatch(/--loss is "l1"; expected one of 'linear', 'soft_l1'/);
    expect(fit('--fscale', '0')).toMatch(/--fscale is 0; expected a finite number > 0/);
    expect(fit('--nan-policy', 'drop')).toMatch(/--nan-policy is "drop"; expected one of 'raise', 'omit'/);
  });

  it('workers, the tolerances and max-iterations', () => {
    expect(fit('--workers', '0')).toMatch(/--workers is 0; expected an integer/);
    for (const flag of ['--ftol', '--xtol', '--gtol']) expect(fit(flag, '-1')).toMatch(new RegExp(`${flag} is -1; expected a finite number ≥ 0`));
    expect(fit('--max-iterations', '0')).toMatch(/--max-iterations is 0; expected an integer from 1/);
  });

  it('x, y and sigma', () => {
    expect(fit('--x', '5')).toMatch(/--x\b.*\b5\b/);
    expect(fit('--y', 'sgnal')).toMatch(/--y\b.*"sgnal".*"time", "signal"/);
    expect(fit('--sigma', 'err')).toMatch(/--sigma\b.*"err"/);
  });

  it('delimiter', () => {
    const oneColumn = temp.file('one-column.csv', 'time|signal\n0|1\n1|2\n');
    expect(fails('fit', oneColumn, '--model', MODEL)).toMatch(/--delimiter\b/);
  });

  it('decimal', () => {
    expect(fit('--decimal', ';')).toMatch(/--decimal\b.*";"/);
  });

  it('skip', () => {
    const preamble = temp.file('preamble.csv', `Instrument: TQ-7\nOperator: J. Doe\nExported 2026-11-27\n${delimited({ time: x, signal: y })}`);
    expect(fails('fit', preamble, '--model', MODEL)).toMatch(/--skip 3\b/);
  });

  it('comment and skip values', () => {
    expect(fit('--comment', '')).toMatch(/--comment is ""/);
    expect(fit('--skip', '-1')).toMatch(/--skip is -1/);
  });

  it('arena', () => {
    expect(fit('--arena', '1K')).toMatch(/--arena is 1024 bytes; expected an integer from 65536 \(64 KiB\)/);
    const wide = Array.from({ length: 60 }, (_, j) => `p${j}*x^${j % 4}`).join(' + ');
    expect(fails('fit', csv(), '--model', wide, '--arena', '64K')).toMatch(/arena.*; use --arena \d+MiB or more$/);
  });

  it('a NaN in the data names its line and --nan-policy omit', () => {
    const lines = delimited({ time: x, signal: y }).split('\n');
    lines[6] = `${x[5]},nan`; // the seventh line, the header being the first
    const file = temp.file('nan.csv', lines.join('\n'));
    expect(fails('fit', file, '--model', MODEL)).toMatch(/\bline 7\b.*is NaN.*; use --nan-policy omit to skip rows holding NaN$/);
  });
});
