// parseDelimited and parseDelimitedHeader, the public readers of delimited text in memory.
// Oracles: columns worked out by hand from each text; fromCsvFile on the same text written to a
// file (the two must read alike: one parser); and the line numbers an editor shows.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDelimited, parseDelimitedHeader, type ParseDelimitedOptions } from '../../../src/index.ts';
import { fromCsvFile } from '../../../src/node.ts';
import { readAll } from '../../support/read-all.ts';
import { thrown } from '../../support/thrown.ts';

const f64 = (...values: number[]) => Float64Array.from(values);
const dir = mkdtempSync(join(tmpdir(), 'arenafit-text-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('parseDelimited', () => {
  it('reads the first two columns by default, under a header or not', () => {
    expect(parseDelimited('time,signal\n0,3.01\n0.5,1.92\n')).toEqual({ x: f64(0, 0.5), y: f64(3.01, 1.92), header: ['time', 'signal'], delimiter: ',' });
    expect(parseDelimited('0 3.01\n0.5 1.92')).toEqual({ x: f64(0, 0.5), y: f64(3.01, 1.92), header: undefined, delimiter: ' ' });
  });

  it('takes columns by name or by position from 1, and sigma when asked', () => {
    const text = 'id;t;v;e\n1;0;10;0.5\n2;1;20;0.25\n';
    const r = parseDelimited(text, { x: 't', y: 3, sigma: 'e' });
    expect(r).toEqual({ x: f64(0, 1), y: f64(10, 20), sigma: f64(0.5, 0.25), header: ['id', 't', 'v', 'e'], delimiter: ';' });
    expect(parseDelimited(text, { x: 1, y: 'e' }).y).toEqual(f64(0.5, 0.25));
  });

  it('gives arrays of exactly the rows, past the first doubling (1,024 rows)', () => {
    const n = 5000;
    const lines = ['x,y', ...Array.from({ length: n }, (_, i) => `${i},${i / 8}`)];
    const r = parseDelimited(lines.join('\n'));
    expect(r.x.length).toBe(n);
    expect(r.x.buffer.byteLength).toBe(8 * n);
    expect(r.x[4999]).toBe(4999);
    expect(r.y[4999]).toBe(624.875);
  });

  it('drops a byte-order mark, reads \\r\\n, skips blank lines and comments, and reads quoted fields', () => {
    const text = '\uFEFF# exported 2026-01-01\r\n"time (s)","signal, mV"\r\n\r\n"0","1.5"\r\n# pause\r\n1,-inf\r\n2,NaN';
    const r = parseDelimited(text, { x: 'time (s)', y: 'signal, mV' });
    expect(r.header).toEqual(['time (s)', 'signal, mV']);
    expect(r.x).toEqual(f64(0, 1, 2));
    expect(r.y).toEqual(f64(1.5, -Infinity, NaN));
  });

  it('follows options.header and options.delimiter', () => {
    expect(parseDelimited('1,2\n3,4', { header: true })).toEqual({ x: f64(3), y: f64(4), header: ['1', '2'], delimiter: ',' });
    expect(parseDelimited('a|b\n1|2', { delimiter: '|' }).y).toEqual(f64(2));
    expect(parseDelimited('1  2\n3 4', { delimiter: ' ' }).x).toEqual(f64(1, 3));
  });

  it('gives empty columns for a header with no rows', () => {
    expect(parseDelimited('x,y\n')).toEqual({ x: f64(), y: f64(), header: ['x', 'y'], delimiter: ',' });
  });

  it('reads what fromCsvFile reads from the same text in a file', () => {
    const texts = [
      'time,signal\n0,1\n1,0.5\n',
      '# comment\nt\tv\tw\n\t1\t2\n3\t4\t5\n',
      '"a","b"\r\n1.5,-0\r\n\r\n   \r\n2,"inf"',
      'x y\n  1   2\n3\t4\n',
    ];
    texts.forEach((text, k) => {
      const path = join(dir, `${k}.csv`);
      writeFileSync(path, text);
      const [x, y] = parseDelimitedHeader(text).names.slice(-2);
      const inMemory = parseDelimited(text, { x, y, header: true });
      const file = readAll(fromCsvFile(path, { x, y }));
      expect(Array.from(inMemory.x), text).toEqual(file.x);
      expect(Array.from(inMemory.y), text).toEqual(file.y);
    });
  });

  describe('bad input', () => {
    const cases: [string, string, () => unknown, RegExp | string][] = [
      ['a field that is not a number', 'PARSE_ERROR', () => parseDelimited('time,signal\n0,1\n\n# c\n1,abc\n'), 'line 5, column "signal" is "abc", which is not a number; expected a number such as 1.5, -2e-3 or NaN'],
      ['a row of another width', 'PARSE_ERROR', () => parseDelimited('0 1\n0.5 0.8 7\n'), 'line 2 has 3 fields but the first row has 2: "0.5 0.8 7"; expected 2 fields separated by spaces'],
      ['a quote that does not close', 'PARSE_ERROR', () => parseDelimited('x,y\n1,"2\n'), /^line 2: field 2 opens a double quote that does not close on the line/],
      ['a column the header lacks', 'UNKNOWN_COLUMN', () => parseDelimited('x,y\n1,2', { y: 'z' }), 'options.y is "z", which is not a column of the text; its header has "x", "y"'],
      ['a name without a header', 'UNKNOWN_COLUMN', () => parseDelimited('1,2\n3,4', { x: 'time' }), /^options\.x is "time", but the text has no header: its first row \(line 1\) is all numbers/],
      ['one column', 'UNKNOWN_COLUMN', () => parseDelimited('1\n2\n'), /^options\.y is not given, so it is column 2, but the first row \(line 1\) of the text has 1 field; expected 2 or more fields; split on spaces/],
      ['a position past the last column', 'UNKNOWN_COLUMN', () => parseDelimited('a,b\n1,2', { y: 3 }), 'options.y is 3, but the header of the text has 2 fields; expected a position from 1 to 2'],
      ['no rows at all', 'PARSE_ERROR', () => parseDelimited(''), 'the text has no rows (it is empty); expected rows of numbers, under a header row or not'],
      ['only comments', 'PARSE_ERROR', () => parseDelimited('# a\n\n'), 'the text has no rows (its 2 lines are blank or comments); expected rows of numbers, under a header row or not'],
      ['text that is not a string', 'INVALID_ARGUMENT', () => parseDelimited(new Uint8Array(4) as unknown as string), /^text is a Uint8Array of length 4; expected a string/],
      ['a position of 0', 'INVALID_OPTION', () => parseDelimited('1,2', { x: 0 }), /^options\.x is 0; expected a column's name in the header, or its position counting from 1$/],
      ['an empty name', 'INVALID_OPTION', () => parseDelimited('1,2', { y: '' }), /^options\.y is ""/],
      ['a two-character delimiter', 'INVALID_OPTION', () => parseDelimited('1,2', { delimiter: ', ' }), /^options\.delimiter is ", "; expected one character/],
      ['a header option that is not a boolean', 'INVALID_OPTION', () => parseDelimited('1,2', { header: 'yes' } as unknown as ParseDelimitedOptions), /^options\.header is "yes"/],
      ['an unknown option', 'INVALID_OPTION', () => parseDelimited('1,2', { columns: 2 } as unknown as ParseDelimitedOptions), 'options.columns is not an option; expected one of x, y, sigma, delimiter, header'],
    ];
    for (const [what, code, run, message] of cases) {
      it(`${what} is ${code}`, () => {
        const error = thrown(run);
        expect(error.code).toBe(code);
        if (typeof message === 'string') expect(error.message).toBe(message);
        else expect(error.message).toMatch(message);
      });
    }
  });
});

describe('parseDelimitedHeader', () => {
  it('splits the first row that is not blank or a comment, as parseDelimited does', () => {
    expect(parseDelimitedHeader('# run 7\n"time","signal"\n0,1\n')).toEqual({ names: ['time', 'signal'], delimiter: ',', line: 2 });
    expect(parseDelimitedHeader('\uFEFFa\tb c\n')).toEqual({ names: ['a', 'b c'], delimiter: '\t', line: 1 });
    expect(parseDelimitedHeader('t;v', { delimiter: ',' })).toEqual({ names: ['t;v'], delimiter: ',', line: 1 });
    expect(parseDelimitedHeader('\n  \n')).toEqual({ names: [], delimiter: ',', line: 0 });
  });
});
