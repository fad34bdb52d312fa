// Exit statuses and their messages: 1 for a fit that ran but did not converge (the report is
// still printed), 2 for bad usage or bad input with exactly one line on stderr naming the
// problem and nothing on stdout. Oracle: the messages the issue asks for, line numbers as an
// editor shows them (the header is line 1).
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { arenafit, delimited, tempFolder } from './cli.ts';

const temp = tempFolder();
const x = Array.from({ length: 50 }, (_, i) => i / 5);
const y = x.map((t, i) => 2 * Math.exp(-0.7 * t) + 0.1 + 0.001 * Math.sin(i * 12.9898));
const MODEL = 'a*exp(-b*x) + c';

/** Runs a failing command: status 2, stdout empty, stderr one line; returns that line. */
function fails(...args: string[]): string {
  const run = arenafit(...args);
  expect(run.stdout).toBe('');
  expect(run.status).toBe(2);
  const lines = run.stderr.split('\n');
  expect(lines.length, run.stderr).toBe(2); // one line and its newline
  expect(lines[0]).toMatch(/^arenafit: /);
  return lines[0];
}

describe('exit status 1', () => {
  it('when the fit stops without converging, with the report printed', () => {
    const file = temp.file('slow.csv', delimited({ time: x, signal: y }));
    const run = arenafit('fit', file, '--model', MODEL, '--max-iterations', '2');
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^status {6}maxIterations: /m);
    expect(run.stdout).toMatch(/^converged {3}NO/m);
  });
});

describe('exit status 2, one line on stderr', () => {
  const csv = () => temp.file('data.csv', delimited({ time: x, signal: y }));

  it('for an unknown column, listing the columns there are', () => {
    const file = csv();
    const line = fails('fit', file, '--model', MODEL, '--y', 'sgnal');
    expect(line).toMatch(/^arenafit: --y is "sgnal", which is not a column of /);
    expect(line).toContain(JSON.stringify(file));
    expect(line).toMatch(/"time", "signal"/);
  });

  it('for a line that does not parse, numbered as an editor numbers it', () => {
    const lines = delimited({ time: x, signal: y }).split('\n');
    lines[4] = '0.8,abc'; // the fifth line, the header being the first
    const file = temp.file('bad-number.csv', lines.join('\n'));
    expect(fails('fit', file, '--model', MODEL)).toMatch(/line 5\b.*"abc" in column "signal" \(--y\) is not a number/);
    lines[4] = '0.8,1.2,3';
    lines.splice(2, 0, ''); // a blank line counts: the bad row is now line 6
    const shifted = temp.file('bad-fields.csv', lines.join('\n'));
    expect(fails('fit', shifted, '--model', MODEL)).toMatch(/line 6\b.*3 fields but the table has 2/);
  });

  it('for a missing file', () => {
    const missing = temp.path('missing.csv');
    expect(fails('fit', missing, '--model', MODEL)).toBe(`arenafit: ${JSON.stringify(missing)} does not exist; expected the path of a readable file`);
  });

  it('for bad --p0, --bounds, --fixed, --arena, --loss, --fscale and --skip syntax', () => {
    const file = csv();
    expect(fails('fit', file, '--model', MODEL, '--p0', 'a:1')).toBe(
      'arenafit: --p0 "a:1": "a:1" is not name=value; expected such as --p0 a=1,b=2',
    );
    expect(fails('fit', file, '--model', MODEL, '--p0', 'a=one')).toMatch(/--p0 "a=one": "a=one" is not name=value/);
    expect(fails('fit', file, '--model', MODEL, '--bounds', 'b=0')).toMatch(/--bounds "b=0": "b=0" is not name=value; expected such as --bounds b=0:inf/);
    expect(fails('fit', file, '--model', MODEL, '--fixed', 'c')).toMatch(/--fixed "c"/);
    expect(fails('fit', file, '--model', MODEL, '--arena', '8 lots')).toMatch(/--arena "8 lots" is not a size/);
    expect(fails('fit', file, '--model', MODEL, '--loss', 'l1')).toMatch(/--loss is "l1"; expected one of 'linear', 'soft_l1'/);
    expect(fails('fit', file, '--model', MODEL, '--fscale', 'wide')).toBe('arenafit: --fscale "wide" is not a number; expected such as --fscale 0.1');
    expect(fails('fit', file, '--model', MODEL, '--skip', 'two')).toBe('arenafit: --skip "two" is not a number; expected such as --skip 3');
  });

  it('for --p0 naming a property of every object (constructor, toString, __proto__): unknown, never "given twice"', () => {
    const file = csv();
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      const line = fails('fit', file, '--model', MODEL, '--p0', `${name}=2`);
      expect(line).toContain(`"${name}"`);
      expect(line).not.toMatch(/twice/);
    }
    expect(fails('fit', file, '--model', 'a*exp(-b*x) + constructor')).toMatch(/"constructor" is a reserved name/);
  });

  it('for an unknown option or command, naming it', () => {
    expect(fails('fit', csv(), '--model', MODEL, '--bogus', '1')).toBe('arenafit: unknown option --bogus; see --help');
    expect(fails('fit', csv(), '--model=' + MODEL, '--quiet=yes')).toBe('arenafit: --quiet takes no value, but got --quiet=yes');
    expect(fails('fitt')).toMatch(/unknown command "fitt"; expected fit or demo/);
    expect(fails()).toMatch(/no command/);
  });

  it('for a model that does not parse, a parameter it lacks, or none given', () => {
    const file = csv();
    expect(fails('fit', file, '--model', 'a*exp(-b*x +')).toMatch(/syntax error at column \d+/);
    expect(fails('fit', file, '--model', MODEL, '--p0', 'd=1')).toMatch(/d/);
    expect(fails('fit', file)).toMatch(/--model is required/);
    expect(fails('fit', '--model', MODEL)).toMatch(/fit needs a file/);
    expect(fails('fit', file, '--model', 'gausian')).toMatch(/not a built-in model/);
  });

  it('for a model that writes x both ways, and binary flags that do not go together', () => {
    const file = csv();
    expect(fails('fit', file, '--model', 'a*exp(-b*time) + x')).toMatch(/uses both x and time/);
    expect(fails('fit', file, '--model', MODEL, '--dtype', 'f64')).toMatch(/--dtype needs --columns/);
    expect(fails('fit', file, '--model', MODEL, '--columns', 'x,y', '--delimiter', ';')).toMatch(/--delimiter is for text files, but --columns\/--dtype read a binary file/);
    expect(fails('fit', file, '--model', MODEL, '--columns', 'x,y', '--dtype', 'f16')).toMatch(/--dtype "f16" is not a dtype/);
    const binary = temp.file('odd.f64', new Uint8Array(800)); // not a whole number of 3 × 8-byte records
    expect(fails('fit', binary, '--model', MODEL, '--columns', 'x,y,z')).toMatch(/not a whole number of 24-byte records/);
  });

  it('for a plot that cannot be written, before the fit runs', () => {
    expect(fails('fit', csv(), '--model', MODEL, '--plot', temp.path('no/such/folder/out.svg'))).toMatch(/--plot .* does not exist/);
  });

  it('for a band that is not one, a level that is not a probability, or either without a plot to draw on', () => {
    const file = csv();
    const svg = temp.path('band.svg');
    expect(fails('fit', file, '--model', MODEL, '--plot', svg, '--band', 'wide')).toBe(
      'arenafit: --band "wide" is not a band; expected confidence, prediction or none',
    );
    for (const level of ['95', '1', '0', '-0.5', 'inf']) {
      expect(fails('fit', file, '--model', MODEL, '--plot', svg, '--level', level), level).toMatch(
        /^arenafit: --level "[^"]+" is not a probability; expected a number strictly between 0 and 1, such as --level 0\.95/,
      );
    }
    expect(fails('fit', file, '--model', MODEL, '--plot', svg, '--level', 'high')).toBe('arenafit: --level "high" is not a number; expected such as --level 0.95');
    expect(fails('fit', file, '--model', MODEL, '--band', 'prediction')).toBe('arenafit: --band draws on the plot; expected --plot FILE.svg as well');
    expect(fails('fit', file, '--model', MODEL, '--level', '0.9')).toBe('arenafit: --level sets the plot\'s band; expected --plot FILE.svg as well');
    expect(fails('fit', file, '--model', MODEL, '--plot', svg, '--band', 'none', '--level', '0.9')).toBe(
      'arenafit: --level 0.9 sets the band\'s level, but --band none draws no band; give one or the other',
    );
    expect(existsSync(svg)).toBe(false); // refused before the fit
  });
});
