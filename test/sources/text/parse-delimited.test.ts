// parseDelimited and parseDelimitedHeader, the public readers of delimited text in memory.
// Oracles: columns worked out by hand from each text; fromCsvFile on the same text written to a
// file (the two must read alike: one reader); the line and column numbers an editor shows.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDelimited, parseDelimitedHeader, type ParseDelimitedOptions } from '../../../src/text.ts';
import { fromCsvFile } from '../../../src/node.ts';
import { readAll } from '../../support/read-all.ts';
import { thrown } from '../../support/thrown.ts';

const f64 = (...values: number[]) => Float64Array.from(values);
const dir = mkdtempSync(join(tmpdir(), 'arenafit-text-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('parseDelimited', () => {
  it('reads the first two columns by default, under a header or not', () => {
    expect(parseDelimited('time,signal\n0,3.01\n0.5,1.92\n')).toEqual({ x: f64(0, 0.5), y: f64(3.01, 1.92), header: ['time', 'signal'], delimiter: ',', decimal: '.' });
    expect(parseDelimited('0 3.01\n0.5 1.92')).toEqual({ x: f64(0, 0.5), y: f64(3.01, 1.92), header: undefined, delimiter: ' ', decimal: '.' });
  });

  it('takes columns by name or by position from 1, and sigma when asked', () => {
    const text = 'id;t;v;e\n1;0;10;0.5\n2;1;20;0.25\n';
    const r = parseDelimited(text, { x: 't', y: 3, sigma: 'e' });
    expect(r).toEqual({ x: f64(0, 1), y: f64(10, 20), sigma: f64(0.5, 0.25), header: ['id', 't', 'v', 'e'], delimiter: ';', decimal: '.' });
    expect(parseDelimited(text, { x: 1, y: 'e' }).y).toEqual(f64(0.5, 0.25));
  });

  it('gives arrays of exactly the rows, past the first doubling (1,024 rows) and a chunk (65,536)', () => {
    const n = 70_000;
    const lines = ['x,y', ...Array.from({ length: n }, (_, i) => `${i},${i / 8}`)];
    const r = parseDelimited(lines.join('\n'));
    expect(r.x.length).toBe(n);
    expect(r.x.buffer.byteLength).toBe(8 * n);
    expect(r.x[n - 1]).toBe(n - 1);
    expect(r.y[n - 1]).toBe((n - 1) / 8);
  });

  it('drops a byte-order mark, reads \\r\\n, skips blank lines and comments, and reads quoted fields', () => {
    const text = '\uFEFF# exported 2026-01-01\r\n"time (s)","signal, mV"\r\n\r\n"0","1.5"\r\n# pause\r\n1,-inf\r\n2,NaN';
    const r = parseDelimited(text, { x: 'time (s)', y: 'signal, mV' });
    expect(r.header).toEqual(['time (s)', 'signal, mV']);
    expect(r.x).toEqual(f64(0, 1, 2));
    expect(r.y).toEqual(f64(1.5, -Infinity, NaN));
  });

  it('reads a line break inside quotes (RFC 4180) and counts its lines', () => {
    const r = parseDelimited('"time\n(s)",y\n1,"2"\n3,4\n', { x: 'time\n(s)' });
    expect(r).toMatchObject({ x: f64(1, 3), y: f64(2, 4), header: ['time\n(s)', 'y'] });
  });

  it('reads missing values as NaN: empty cells, NA, N/A, NaN, null in any case', () => {
    const r = parseDelimited('x,y\n1,\n2,NA\n3,n/a\n4,nan\n5,NULL\n6,7\n');
    expect(r.y).toEqual(f64(NaN, NaN, NaN, NaN, NaN, 7));
  });

  it('reads decimal commas: detected under ";", or as options.decimal', () => {
    expect(parseDelimited('x;y\n0,5;1,25\n1;2,5\n')).toMatchObject({ x: f64(0.5, 1), y: f64(1.25, 2.5), delimiter: ';', decimal: ',' });
    expect(parseDelimited('0,5\t1,25\n1\t2\n')).toMatchObject({ x: f64(0.5, 1), y: f64(1.25, 2), delimiter: '\t', decimal: ',' });
    expect(parseDelimited('0,5 1,25\n1 2\n')).toMatchObject({ x: f64(0.5, 1), y: f64(1.25, 2), delimiter: ' ', decimal: ',' });
    expect(parseDelimited('1;2\n3;4\n', { decimal: ',' })).toMatchObject({ decimal: ',' });
  });

  it('follows options.header, options.delimiter, options.skipLines and options.comment', () => {
    expect(parseDelimited('1,2\n3,4', { header: true })).toEqual({ x: f64(3), y: f64(4), header: ['1', '2'], delimiter: ',', decimal: '.' });
    expect(parseDelimited('x,y\n1,2', { header: false, skipLines: 1 }).x).toEqual(f64(1));
    expect(parseDelimited('a|b\n1|2', { delimiter: '|' }).y).toEqual(f64(2));
    expect(parseDelimited('1  2\n3 4', { delimiter: ' ' }).x).toEqual(f64(1, 3));
    expect(parseDelimited('% run 7\nx,y\n% pause\n1,2\n', { comment: '%' }).y).toEqual(f64(2));
    expect(parseDelimited('Title\nx y\n1 2\n3 4\n', { skipLines: 1 }).header).toEqual(['x', 'y']);
  });

  it('gives empty columns for a header with no rows', () => {
    expect(parseDelimited('x,y\n')).toEqual({ x: f64(), y: f64(), header: ['x', 'y'], delimiter: ',', decimal: '.' });
  });

  it('reads bytes too: UTF-8, and UTF-16 with or without a byte-order mark', () => {
    const text = 'x\ty\r\n1\t2\r\n3\t4\r\n';
    const le = new Uint8Array(2 + 2 * text.length);
    le.set([0xff, 0xfe]);
    for (let i = 0; i < text.length; i++) le[2 + 2 * i] = text.charCodeAt(i);
    const be = new Uint8Array(2 * text.length);
    for (let i = 0; i < text.length; i++) be[2 * i + 1] = text.charCodeAt(i);
    for (const bytes of [new TextEncoder().encode(text), le, be]) expect(parseDelimited(bytes)).toMatchObject({ x: f64(1, 3), y: f64(2, 4), header: ['x', 'y'], delimiter: '\t' });
  });

  it('reads what fromCsvFile reads from the same text in a file', () => {
    const texts = [
      'time,signal\n0,1\n1,0.5\n',
      '# comment\nt\tv\tw\n\t1\t2\n3\t4\t5\n',
      '"a","b"\r\n1.5,-0\r\n\r\n   \r\n2,"inf"',
      'x y\n  1   2\n3\t4\n',
      'x;y\r0,5;1\r2;NA\r',
      '# x y\n1 2\n3 4\n',
    ];
    texts.forEach((text, k) => {
      const path = join(dir, `${k}.csv`);
      writeFileSync(path, text);
      const inMemory = parseDelimited(text, { x: 2, y: 1 });
      const file = readAll(fromCsvFile(path, { x: 2, y: 1 }));
      expect(Array.from(inMemory.x), text).toEqual(file.x);
      expect(Array.from(inMemory.y), text).toEqual(file.y);
    });
  });

  describe('bad input', () => {
    const cases: [string, string, () => unknown, RegExp | string][] = [
      ['a field that is not a number', 'PARSE_ERROR', () => parseDelimited('time,signal\n0,1\n\n# c\n1,abc\n'), 'the text, line 5, column 3: "abc" in column "signal" (options.y) is not a number; expected a number such as 1.5 or -2e-3, or a missing value (an empty cell, NA or NaN)'],
      ['a cell after a quoted line break, on its own line', 'PARSE_ERROR', () => parseDelimited('"time\n(s)",y\n1,2\n3,x\n'), /^the text, line 4, column 3: "x" in column "y"/],
      ['a row of another width', 'PARSE_ERROR', () => parseDelimited('0 1\n0.5 0.8 7\n'), 'the text, line 2, column 9: the row has 3 fields but the table has 2: "0.5 0.8 7"; expected 2 fields separated by runs of spaces and tabs; set options.delimiter if the text is split on another character'],
      ['a quote that does not close', 'PARSE_ERROR', () => parseDelimited('x,y\n1,"2\n'), /^the text, line 2, column 3: field 2 opens a double quote that does not close before the end of the text/],
      ['title lines above the table', 'PARSE_ERROR', () => parseDelimited('Run 7\nDate: today\nx,y\n1,2\n3,4\n'), /^the text, line 1, column 1: "Run 7" is not a row of the table of numbers that starts at line 3 .*; set options\.skipLines: 2 to skip the 2 lines above it$/],
      ['MATLAB comments above the table', 'PARSE_ERROR', () => parseDelimited('% run 7\n% by hand\nx,y\n1,2\n3,4\n'), /set options\.comment: "%" if lines starting with "%" are comments, or options\.skipLines: 2/],
      ['a header wider than the rows', 'PARSE_ERROR', () => parseDelimited('a,b,c,d\n1,2,3\n4,5,6\n'), 'the text, line 1, column 1: the header has 4 fields but the rows below it have 3 (split on ","): "a,b,c,d"; expected one name per field; set options.delimiter if the rows are split on another character, options.header: false if line 1 is data, or options.skipLines: 1 if it is a title'],
      ['a column the header lacks', 'UNKNOWN_COLUMN', () => parseDelimited('x,y\n1,2', { y: 'z' }), 'options.y is "z", which is not a column of the text; its header (line 1) has "x", "y"; expected one of those names, or a position from 1 to 2'],
      ['a column in the wrong case', 'UNKNOWN_COLUMN', () => parseDelimited('Time,y\n1,2', { x: 'time' }), /options\.x is "time", which is not a column of the text \(did you mean "Time"\?\)/],
      ['a name without a header', 'UNKNOWN_COLUMN', () => parseDelimited('1,2\n3,4', { x: 'time' }), 'options.x is "time", but the text has no header: its first row (line 1) is all numbers — set options.header: true if it names the columns; expected a position from 1 to 2'],
      ['one column', 'UNKNOWN_COLUMN', () => parseDelimited('1\n2\n'), /^options\.y is not given, so it is column 2, but the rows of the text have 1 field \(split on runs of spaces and tabs\); .*set options\.delimiter/],
      ['a position past the last column', 'UNKNOWN_COLUMN', () => parseDelimited('a,b\n1,2', { y: 3 }), 'options.y is 3, but the rows of the text have 2 fields (split on ","); expected a position from 1 to 2'],
      ['no rows at all', 'PARSE_ERROR', () => parseDelimited(''), 'the text has no rows (it is empty); expected rows of numbers, under a header row or not'],
      ['only comments', 'PARSE_ERROR', () => parseDelimited('# a\n\n'), 'the text has no rows (its 2 lines are blank or comments); expected rows of numbers, under a header row or not; comment lines start with "#" (options.comment)'],
      ['only skipped lines', 'PARSE_ERROR', () => parseDelimited('a\nb\n', { skipLines: 5 }), /^the text has no rows \(its 2 lines are all within options\.skipLines: 5\)/],
      ['UTF-16 decoded as UTF-8', 'INVALID_ARGUMENT', () => parseDelimited('x\0,\0y\0\n\0'), /^text holds NUL characters \(the first at character 2\).*its bytes as a Uint8Array/],
      ['bytes that are not text', 'INVALID_FILE', () => parseDelimited(Uint8Array.from([1, 0, 0, 2, 0, 0, 3, 0, 0, 4])), /^the text holds NUL bytes \(the first at byte 1\) in no pattern of UTF-16 text/],
      ['text that is not a string', 'INVALID_ARGUMENT', () => parseDelimited(42 as unknown as string), /^text is 42; expected a string/],
      ['a position of 0', 'INVALID_OPTION', () => parseDelimited('1,2', { x: 0 }), /^options\.x is 0; expected a column's name in the header, or its position counting from 1$/],
      ['an empty name', 'INVALID_OPTION', () => parseDelimited('1,2', { y: '' }), /^options\.y is ""/],
      ['a two-character delimiter', 'INVALID_OPTION', () => parseDelimited('1,2', { delimiter: ', ' }), /^options\.delimiter is ", "; expected one ASCII character/],
      ['a decimal comma with a comma delimiter', 'INVALID_OPTION', () => parseDelimited('1,2', { delimiter: ',', decimal: ',' }), /^options\.delimiter is ",", which is also the decimal separator/],
      ['a decimal that is neither', 'INVALID_OPTION', () => parseDelimited('1,2', { decimal: ';' as ',' }), /^options\.decimal is ";"; expected '\.' or ','$/],
      ['a header option that is not a boolean', 'INVALID_OPTION', () => parseDelimited('1,2', { header: 'yes' } as unknown as ParseDelimitedOptions), /^options\.header is "yes"/],
      ['a negative skipLines', 'INVALID_OPTION', () => parseDelimited('1,2', { skipLines: -1 }), /^options\.skipLines is -1; expected a whole number of lines from 0$/],
      ['an empty comment marker', 'INVALID_OPTION', () => parseDelimited('1,2', { comment: '' }), /^options\.comment is ""; expected the marker that starts a comment line/],
      ['an unknown option', 'INVALID_OPTION', () => parseDelimited('1,2', { columns: 2 } as unknown as ParseDelimitedOptions), 'options.columns is not an option; expected one of x, y, sigma, delimiter, decimal, header, skipLines, comment'],
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
  it('finds the column names as parseDelimited does', () => {
    expect(parseDelimitedHeader('# run 7\n"time","signal"\n0,1\n')).toEqual({ names: ['time', 'signal'], delimiter: ',', line: 2 });
    expect(parseDelimitedHeader('\uFEFFa\tb c\n')).toEqual({ names: ['a', 'b c'], delimiter: '\t', line: 1 });
    expect(parseDelimitedHeader('t;v', { delimiter: ',' })).toEqual({ names: ['t;v'], delimiter: ',', line: 1 });
    expect(parseDelimitedHeader('# x y\n1 2\n')).toEqual({ names: ['x', 'y'], delimiter: ' ', line: 2 });
    expect(parseDelimitedHeader('1,2,3\n')).toEqual({ names: ['column 1', 'column 2', 'column 3'], delimiter: ',', line: 1 });
    expect(parseDelimitedHeader('\n  \n')).toEqual({ names: [], delimiter: ',', line: 0 });
  });
});
