// The delimited-text format a line at a time (src/sources/text/delimited.ts), the part
// fromCsvFile and parseDelimited share. Oracle: values and fields worked out by hand from each
// line, and the messages' line numbers as an editor counts them.
import { describe, expect, it } from 'vitest';
import { FitError } from '../../../src/index.ts';
import {
  checkDelimiter, DelimitedRows, detectDelimiter, isSkipped, planLayout, readNumber, splitFields, type ColumnRequest, type LayoutRequest,
} from '../../../src/sources/text/delimited.ts';
import { thrown } from '../../support/thrown.ts';

const where = { line: 7, FitError };
const xy: ColumnRequest[] = [{ option: 'options.x', column: undefined, fallback: 1 }, { option: 'options.y', column: undefined, fallback: 2 }];
const request = (more: Partial<LayoutRequest> = {}): LayoutRequest => ({ header: 'detect', columns: xy, FitError, ...more });

/** Every row of `lines` after the first (the layout's), read as the requested columns. */
function rows(lines: string[], more: Partial<LayoutRequest> = {}): number[][] {
  const layout = planLayout(lines[0], 1, request(more));
  const reader = new DelimitedRows(layout);
  const out: number[][] = [];
  if (!layout.header && reader.read(lines[0], 1)) out.push(Array.from(reader.row));
  lines.slice(1).forEach((line, i) => {
    if (reader.read(line, i + 2)) out.push(Array.from(reader.row));
  });
  return out;
}

describe('lines', () => {
  it('skips blank lines and # comments, and nothing else', () => {
    for (const line of ['', ' ', '\t \r', '#', '# x,y', '   # indented']) expect(isSkipped(line), JSON.stringify(line)).toBe(true);
    for (const line of ['1,2', ' 1,2', '-1', '"#",2', 'µ', '\uFEFFx']) expect(isSkipped(line), JSON.stringify(line)).toBe(false);
  });
});

describe('the delimiter', () => {
  it('is the first of tab, comma and semicolon the first row holds, else spaces', () => {
    expect(detectDelimiter('a\tb,c;d')).toBe('\t');
    expect(detectDelimiter('a,b;c')).toBe(',');
    expect(detectDelimiter('a;b c')).toBe(';');
    expect(detectDelimiter('a  b')).toBe(' ');
    expect(detectDelimiter('a|b')).toBe(' ');
  });

  it('given, must be one character that is not a line end or a quote', () => {
    expect(checkDelimiter(undefined, FitError)).toBeUndefined();
    expect(checkDelimiter('|', FitError)).toBe('|');
    for (const bad of ['', ', ', '\n', '\r', '"', 9]) {
      const error = thrown(() => checkDelimiter(bad, FitError));
      expect(error.code).toBe('INVALID_OPTION');
      expect(error.message).toMatch(/^options\.delimiter is .*; expected one character/);
    }
  });
});

describe('numbers', () => {
  it("are what Number() reads, plus nan and inf in any case; an empty field or other text is not one", () => {
    const cases: [string, number][] = [
      ['1.5', 1.5], [' -2e-3 ', -0.002], ['.5', 0.5], ['-0', -0], ['0x10', 16], ['1E3\r', 1000], ['Infinity', Infinity],
      ['nan', NaN], ['NaN', NaN], [' -inf', -Infinity], ['+INF', Infinity], ['-Infinity', -Infinity], ['infinity', Infinity],
    ];
    for (const [text, value] of cases) expect(readNumber(text), JSON.stringify(text)).toBe(value);
    for (const text of ['', '  ', '1,5', '1e', 'abc', '--1', 'nan1', '1 2']) expect(readNumber(text), JSON.stringify(text)).toBeUndefined();
  });
});

describe('fields', () => {
  it('are split on the delimiter and trimmed, an empty one kept in its place', () => {
    expect(splitFields(' a , b,,c ', ',', where)).toEqual(['a', 'b', '', 'c']);
    expect(splitFields('\t1\t2', '\t', where)).toEqual(['', '1', '2']);
    expect(splitFields('a,b,', ',', where)).toEqual(['a', 'b', '']);
  });

  it('with spaces for the delimiter, are the runs of non-blanks', () => {
    expect(splitFields('  1   2\t3 \r', ' ', where)).toEqual(['1', '2', '3']);
    expect(splitFields('   ', ' ', where)).toEqual([]);
  });

  it('may be quoted: the delimiter is text inside, "" is one quote, blanks outside are dropped', () => {
    expect(splitFields('"a,b", "say ""hi""" ,c', ',', where)).toEqual(['a,b', 'say "hi"', 'c']);
    expect(splitFields('"", " x "', ',', where)).toEqual(['', ' x ']);
    expect(splitFields('"time (s)"  "signal"', ' ', where)).toEqual(['time (s)', 'signal']);
    expect(splitFields('"t"\t"v"\r', '\t', where)).toEqual(['t', 'v']);
  });

  it('must close their quote on the line, and end where it closes', () => {
    let error = thrown(() => splitFields('1,"2', ',', where));
    expect(error.code).toBe('PARSE_ERROR');
    expect(error.message).toBe('line 7: field 2 opens a double quote that does not close on the line; expected "…" around a field, and "" for a quote inside one: "1,\\"2"');
    error = thrown(() => splitFields('"1"2,3', ',', { ...where, file: 'data.csv' }));
    expect(error.message).toMatch(/^"data\.csv" line 7: field 1 has text after its closing quote/);
    expect(thrown(() => splitFields('"a"b c', ' ', where)).message).toMatch(/field 1 has text after its closing quote/);
  });
});

describe('the layout, from the first row', () => {
  it('takes a header when a field is not a number (or when told), and data otherwise', () => {
    expect(planLayout('time,signal', 1, request()).header).toEqual(['time', 'signal']);
    expect(planLayout('1,2', 1, request()).header).toBeUndefined();
    expect(planLayout('1,2', 1, request({ header: true })).header).toEqual(['1', '2']);
    expect(planLayout('x,y', 1, request({ header: false })).header).toBeUndefined();
  });

  it('finds the columns by name, by position from 1, or at their default positions', () => {
    const columns = (x: string | number | undefined, y: string | number | undefined) =>
      planLayout('a,b,c', 3, request({ columns: [{ ...xy[0], column: x }, { ...xy[1], column: y }] })).fields;
    expect(columns(undefined, undefined)).toEqual([0, 1]);
    expect(columns('c', 'a')).toEqual([2, 0]);
    expect(columns(3, 'b')).toEqual([2, 1]);
  });

  it('names the columns there are when one is missing, and what a one-column header suggests', () => {
    const missing = (firstRow: string, column: string | number | undefined, more: Partial<LayoutRequest> = {}) =>
      thrown(() => planLayout(firstRow, 2, request({ columns: [xy[0], { ...xy[1], column }], ...more })));
    let error = missing('time,signal', 'sgnal', { file: 'd.csv' });
    expect(error.code).toBe('UNKNOWN_COLUMN');
    expect(error.message).toBe('options.y is "sgnal", which is not a column of "d.csv"; its header has "time", "signal"');
    error = missing('1,2', 'signal');
    expect(error.message).toBe('options.y is "signal", but the text has no header: its first row (line 2) is all numbers; expected a position from 1 to 2, or a header row that names the columns');
    error = missing('1,2', 3);
    expect(error.message).toBe('options.y is 3, but the first row (line 2) of the text has 2 fields; expected a position from 1 to 2');
    error = missing('x|y', undefined);
    expect(error.code).toBe('UNKNOWN_COLUMN');
    expect(error.message).toBe(
      'options.y is not given, so it is column 2, but the header of the text has 1 field; expected 2 or more fields; split on spaces the header is one column — set options.delimiter if the text uses another',
    );
  });

  it('refuses a header that names a requested column twice: in a file, INVALID_FILE', () => {
    const twice = (file?: string) => thrown(() => planLayout('x,y,x', 1, request({ file, columns: [{ ...xy[0], column: 'x' }, xy[1]] })));
    expect(twice('d.csv').code).toBe('INVALID_FILE');
    expect(twice().code).toBe('PARSE_ERROR');
    expect(twice().message).toBe('the text has two columns named "x" (fields 1 and 3); expected the column options.x names once in the header');
  });
});

describe('rows', () => {
  it('give the requested columns, in the order asked, skipping blank and comment lines', () => {
    expect(rows(['t,v,w', '1,2,3', '', '# note', '4,5,6'], { columns: [{ ...xy[0], column: 'w' }, { ...xy[1], column: 't' }] })).toEqual([[3, 1], [6, 4]]);
  });

  it('read the same through the plain, the spaced and the quoted paths', () => {
    const expected = [[1.5, -2], [NaN, Infinity]];
    expect(rows(['a,b', '1.5,-2', 'nan,inf'])).toEqual(expected);
    expect(rows(['a b', ' 1.5  -2 ', '\tnan inf\r'])).toEqual(expected);
    expect(rows(['a,b', '"1.5",-2', 'nan," inf "'])).toEqual(expected);
    expect(rows(['"a" "b"', '"1.5" -2', 'nan "inf"'])).toEqual(expected);
  });

  it('leave unselected fields unparsed', () => {
    expect(rows(['id,x,y,note', 'a,1,2,hello', 'b,3,4,"x, y"'], { columns: [{ ...xy[0], column: 'x' }, { ...xy[1], column: 'y' }] })).toEqual([[1, 2], [3, 4]]);
  });

  it('that do not parse are PARSE_ERROR with their line and column', () => {
    const fails = (lines: string[], more: Partial<LayoutRequest> = {}) => thrown(() => rows(lines, more)).message;
    expect(fails(['x,y', '1,2', '3,4e'], { file: 'd.csv' })).toBe('"d.csv" line 3, column "y" is "4e", which is not a number; expected a number such as 1.5, -2e-3 or NaN');
    expect(fails(['x,y', ' ,2'])).toBe('line 2, column "x" is empty; expected a number such as 1.5, -2e-3 or NaN');
    expect(fails(['1 2', '3 x'])).toBe('line 2, field 2 is "x", which is not a number; expected a number such as 1.5, -2e-3 or NaN');
    expect(fails(['x,y,s', '1,2'], { columns: [...xy, { option: 'options.sigma', column: 's' }] })).toBe(
      'line 2 has 2 fields but the header has 3, so column "s" (field 3) is missing: "1,2"; expected 3 fields separated by ","',
    );
    expect(fails(['1 2', '3 4 5'])).toBe('line 2 has 3 fields but the first row has 2: "3 4 5"; expected 2 fields separated by spaces');
    expect(fails(['1;2;3', '4'])).toBe('line 2 has 1 field but the first row has 3, so field 2 is missing: "4"; expected 3 fields separated by ";"');
  });
});
