// Finding a table's layout from its first rows (src/sources/text/layout.ts): the delimiter, the
// decimal separator, the header, the names and the requested columns. Oracle: the layout each
// text was written with, worked out by hand; and for the texts a reader must refuse, the line,
// the column and the option the message names.
import { describe, expect, it } from 'vitest';
import { FitError } from '../../../src/index.ts';
import { BLANKS, COMMA, DOT, SEMICOLON, TAB } from '../../../src/sources/text/bytes.ts';
import type { ColumnRequest } from '../../../src/sources/text/columns.ts';
import { detectLayout, type Layout } from '../../../src/sources/text/layout.ts';
import { readRules, type DelimitedTextOptions } from '../../../src/sources/text/rules.ts';
import { thrown } from '../../support/thrown.ts';

const xy: ColumnRequest[] = [{ option: 'options.x', column: undefined, fallback: 1 }, { option: 'options.y', column: undefined, fallback: 2 }];

function layoutOf(text: string, options: DelimitedTextOptions = {}, requests = xy, last = true): Layout {
  const bytes = new TextEncoder().encode(text);
  return detectLayout(bytes, bytes.length, last, readRules(options as Record<string, unknown>, FitError), requests, { file: undefined, FitError });
}

const rows = (n: number, row: (i: number) => string) => Array.from({ length: n }, (_, i) => row(i)).join('\n') + '\n';

describe('the delimiter', () => {
  it('is the first of tab, ";", "," and runs of blanks that splits every sampled row alike into 2 or more fields', () => {
    expect(layoutOf('a\tb,c\n1\t2,5\n').delimiter).toBe(TAB);
    expect(layoutOf('a;b,c\n1;2\n').delimiter).toBe(SEMICOLON);
    expect(layoutOf('a,b;c\n1,2;3\n4,5;6\n').delimiter).toBe(SEMICOLON); // ';' splits every row in 2
    expect(layoutOf('a,b c\n1,2\n').delimiter).toBe(COMMA);
    expect(layoutOf('  a   b\n 1  2\n').delimiter).toBe(BLANKS);
  });

  it('prefers a candidate whose fields are numbers: decimal commas between spaces are not cut at ","', () => {
    expect(layoutOf('0,5 1,25\n1,5 2,25\n')).toMatchObject({ delimiter: BLANKS, decimal: COMMA, width: 2 });
  });

  it('is the one that splits most rows alike when no candidate fits them all, so the odd row is named', () => {
    expect(layoutOf('x,y,s\n' + rows(10, (i) => (i === 4 ? '1,2,3,4' : '1,2,3'))).delimiter).toBe(COMMA);
    expect(layoutOf('x,y,s\n' + rows(10, (i) => (i === 4 ? '1,2,3,4' : '1,2,3'))).width).toBe(3);
  });

  it('is the one given, even when it splits rows into one field', () => {
    expect(layoutOf('a b\n1 2\n', { delimiter: ',' }, [xy[0]])).toMatchObject({ delimiter: COMMA, width: 1 });
  });
});

describe('the decimal separator', () => {
  it('is "," when the delimiter is not "," and the numbers use "," and never "."', () => {
    expect(layoutOf('x;y\n0,5;1\n2;3\n').decimal).toBe(COMMA);
    expect(layoutOf('x;y\n0,5;1.5\n').decimal).toBe(DOT);
    expect(layoutOf('x;y\n1;2\n').decimal).toBe(DOT);
    expect(layoutOf('x,y\n"0,5",1\n').decimal).toBe(DOT);
  });

  it('is the one given', () => {
    expect(layoutOf('x;y\n1;2\n', { decimal: ',' }).decimal).toBe(COMMA);
  });
});

describe('the header', () => {
  it('is the first row when one of its fields is text in a column of numbers', () => {
    expect(layoutOf('time,signal\n0,1\n')).toMatchObject({ headerRow: true, header: ['time', 'signal'], firstLine: 1 });
    expect(layoutOf('# note\n\n1,2\n3,4\n')).toMatchObject({ headerRow: false, header: undefined, firstLine: 3 });
    expect(layoutOf('NA,2\n3,4\n').headerRow).toBe(false); // a missing value is not a name
  });

  it('is not a first row whose only text is in a text column: a sample name is data', () => {
    expect(layoutOf('A,1,2\nB,3,4\n', {}, [{ ...xy[0], column: 2 }, { ...xy[1], column: 3 }]).headerRow).toBe(false);
    expect(layoutOf('id,x,y\nA,1,2\nB,3,4\n').headerRow).toBe(true);
  });

  it('is what options.header says', () => {
    expect(layoutOf('1,2\n3,4\n', { header: true })).toMatchObject({ headerRow: true, header: ['1', '2'] });
    expect(layoutOf('x,y\n3,4\n', { header: false })).toMatchObject({ headerRow: false, header: undefined });
  });

  it('with names holding spaces, in aligned columns, is split at runs of two or more blanks', () => {
    expect(layoutOf('time (s)    signal (V)\n  0.0    1.5\n  1.0    2.5\n').header).toEqual(['time (s)', 'signal (V)']);
  });

  it("one field short names the fields after a first of row names (R's write.table), or before a trailing delimiter", () => {
    expect(layoutOf('"x" "y"\n"1" 0.5 1.2\n"2" 0.7 1.4\n')).toMatchObject({ header: ['', 'x', 'y'], fields: [1, 2] });
    expect(layoutOf('x,y\n1,2,\n3,4,\n')).toMatchObject({ header: ['x', 'y', ''], fields: [0, 1] });
  });

  it('without a header row, comes from a comment line above the data with one name per field (NumPy savetxt)', () => {
    expect(layoutOf('# x y sigma\n1 2 3\n4 5 6\n')).toMatchObject({ headerRow: false, header: ['x', 'y', 'sigma'] });
    expect(layoutOf('# x,y\n1,2\n')).toMatchObject({ header: ['x', 'y'] });
    expect(layoutOf('# measured 2026-01-01\n1 2 3\n').header).toBeUndefined(); // not one name per field
    expect(layoutOf('# 1 2 3\n1 2 3\n').header).toBeUndefined(); // numbers are not names
  });
});

describe('the columns', () => {
  it('default to the first two, after a first column the header leaves unnamed (an index)', () => {
    expect(layoutOf('a,b,c\n1,2,3\n').fields).toEqual([0, 1]);
    expect(layoutOf(',x,y\n0,1,2\n').fields).toEqual([1, 2]);
  });

  it('are found by name or position, and name themselves in messages by header name or field', () => {
    const request: ColumnRequest[] = [{ option: 'options.x', column: 'c' }, { option: 'options.y', column: 1 }];
    expect(layoutOf('a,b,c\n1,2,3\n', {}, request)).toMatchObject({ fields: [2, 0], labels: ['column "c" (options.x)', 'column "a" (options.y)'] });
    expect(layoutOf('1,2,3\n', {}, request.slice(1)).labels).toEqual(['field 1 (options.y)']);
  });

  it('refuse a name the header holds twice, or a column the table does not have', () => {
    const twice = thrown(() => layoutOf('x,y,x\n1,2,3\n', {}, [{ option: 'options.x', column: 'x' }]));
    expect(twice.code).toBe('PARSE_ERROR');
    expect(twice.message).toBe('the text has two columns named "x" (fields 1 and 3); expected the column options.x names once in the header, or options.x as a position');
    const missing = thrown(() => layoutOf('# x y\n1 2\n', {}, [{ option: 'options.sigma', column: 'sigma' }]));
    expect(missing.code).toBe('UNKNOWN_COLUMN');
    expect(missing.message).toBe('options.sigma is "sigma", which is not a column of the text; the comment line that names its columns has "x", "y"; expected one of those names, or a position from 1 to 2');
    expect(thrown(() => layoutOf('1,2\n', { header: false }, [{ option: 'options.x', column: 'x' }])).message).toBe('options.x is "x", but the text has no header: options.header is false; expected a position from 1 to 2');
  });
});

describe('title lines above the table', () => {
  const nist = [
    'NIST/ITL StRD', 'Dataset Name:  Example', '', 'Description:   made up', '               for a test', '',
    '  b1 =   500         250           2.3894212918E+02  2.7070075241E+00', '',
    'Data:   y               x', '      10.07E0      77.6E0', '      14.73E0     114.9E0', '      17.94E0     141.1E0', '',
  ].join('\n');

  it('are refused naming the first of them and options.skipLines: the lines above the table of numbers', () => {
    const error = thrown(() => layoutOf(nist));
    expect(error.code).toBe('PARSE_ERROR');
    expect(error.message).toBe(
      'the text, line 1, column 1: "NIST/ITL StRD" is not a row of the table of numbers that starts at line 10 (2 fields split on runs of spaces and tabs); expected the table to start at the first line that is not blank or a comment; set options.skipLines: 9 to skip the 9 lines above it',
    );
    expect(layoutOf(nist, { skipLines: 9 })).toMatchObject({ headerRow: false, width: 2, firstLine: 10, delimiter: BLANKS });
  });

  it('count as the header when one line of names sits above the table', () => {
    expect(thrown(() => layoutOf('Run 7 by hand\nx,y\n1,2\n3,4\n')).message).toMatch(/line 1, column 1: "Run 7 by hand" is not a row of the table of numbers that starts at line 2 \(2 fields split on ",", under a header\).*options\.skipLines: 1 to skip the 1 line above it$/);
  });

  it('as wide as the table, or a row of units under the header, offer options.skipLines for either', () => {
    expect(thrown(() => layoutOf('time,signal\ns,V\n0,1\n1,2\n')).message).toBe(
      'the text, line 2, column 1: "s,V" is a second row of names above the numbers, after "time,signal" on line 1; expected one header row; set options.skipLines: 1 to name the columns by line 2, or options.skipLines: 2 if it holds units (the columns then go by position)',
    );
    expect(thrown(() => layoutOf('Run 7, by hand\nx,y\n1,2\n')).message).toMatch(/line 2, column 1: "x,y" is a second row of names .*set options\.skipLines: 1 to name the columns by line 2/);
  });

  it('are counted from the top when options.skipLines skipped too few', () => {
    expect(thrown(() => layoutOf(nist, { skipLines: 3 })).message).toMatch(/^the text, line 4, column 1: "Description:   made up" is not a row.*options\.skipLines: 9 /);
  });

  it('are not suspected where a row of numbers sits above: that is a row of another width', () => {
    expect(layoutOf('x,y,s\n1,2\n3,4,5\n6,7,8\n')).toMatchObject({ width: 3, headerRow: true });
  });
});

describe('a text without rows', () => {
  it('is refused, saying what its lines are', () => {
    expect(thrown(() => layoutOf('')).message).toBe('the text has no rows (it is empty); expected rows of numbers, under a header row or not');
    expect(thrown(() => layoutOf('\n# a\n', {})).message).toMatch(/^the text has no rows \(its 2 lines are blank or comments\)/);
  });
});
