// One row cut into fields the complete way (src/sources/text/record.ts), the reference the fast
// scanner falls back on. Oracle: the fields of each row worked out by hand, RFC 4180 §2 for quotes.
import { describe, expect, it } from 'vitest';
import { FitError } from '../../../src/index.ts';
import { BLANKS, COMMA, TAB, WIDE_BLANKS } from '../../../src/sources/text/bytes.ts';
import { fieldText, lineKind, LineKind, readRow } from '../../../src/sources/text/record.ts';
import { thrown } from '../../support/thrown.ts';

const where = { file: undefined, FitError };
const bytesOf = (text: string) => new TextEncoder().encode(text);

/** The fields of the row at the start of `text`, as strings, and where the next row starts. */
function cut(text: string, delimiter = COMMA, last = true) {
  const bytes = bytesOf(text);
  const row = readRow(bytes, 0, bytes.length, last, delimiter, 1, where);
  return row && { fields: row.fields.map((f) => fieldText(bytes, f)), columns: row.fields.map((f) => f.column), lines: row.lines, next: row.next };
}

describe('a row', () => {
  it('is cut at the delimiter, each field without the blanks around it, an empty one kept in its place', () => {
    expect(cut(' a , b,,c \n')).toEqual({ fields: ['a', 'b', '', 'c'], columns: [2, 6, 8, 9], lines: 1, next: 11 });
    expect(cut('\t1\t2', TAB)!.fields).toEqual(['', '1', '2']);
    expect(cut('a,b,')!.fields).toEqual(['a', 'b', '']);
  });

  it('with runs of blanks for delimiter, is its runs of other bytes', () => {
    expect(cut('  1   2\t3 \r\n', BLANKS)).toMatchObject({ fields: ['1', '2', '3'], next: 12 });
    expect(cut('time (s)   signal\tsigma (V)\n', WIDE_BLANKS)!.fields).toEqual(['time (s)', 'signal', 'sigma (V)']);
  });

  it('may quote a field: the delimiter and line breaks are text inside, "" is one quote (RFC 4180)', () => {
    expect(cut('"a,b", "say ""hi""" ,c\n')!.fields).toEqual(['a,b', 'say "hi"', 'c']);
    expect(cut('"", " x "')!.fields).toEqual(['', ' x ']);
    expect(cut('"time (s)"  "signal"', BLANKS)!.fields).toEqual(['time (s)', 'signal']);
    expect(cut('"a\r\nb",c\nnext')).toEqual({ fields: ['a\r\nb', 'c'], columns: [1, 4], lines: 2, next: 9 });
  });

  it('counts its columns in characters, as an editor does', () => {
    expect(cut('température,µ,y')!.columns).toEqual([1, 13, 15]);
  });

  it('is not cut before its end is in the bytes, unless they are the last', () => {
    expect(cut('1,2', COMMA, false)).toBeUndefined();
    expect(cut('1,2\r', COMMA, false)).toBeUndefined(); // \r\n or \r alone: the next byte tells
    expect(cut('"a\n', COMMA, false)).toBeUndefined();
    expect(cut('1,2\n', COMMA, false)!.next).toBe(4);
  });

  it('with a quote that does not close, or text after a closing one, is PARSE_ERROR at its line and column', () => {
    expect(thrown(() => cut('1,"2\n3,4')).message).toBe('the text, line 1, column 3: field 2 opens a double quote that does not close before the end of the text; expected "…" around a field, and "" for each quote inside one');
    expect(thrown(() => cut('"1"2,3')).message).toMatch(/^the text, line 1, column 4: field 1 has "2" after its closing quote; expected "," or the end of the line after it/);
    expect(thrown(() => cut('"a"b c', BLANKS)).message).toMatch(/column 4: field 1 has "b" after its closing quote; expected a blank/);
  });
});

describe('a line', () => {
  const kind = (text: string, last = true) => lineKind(bytesOf(text), 0, bytesOf(text).length, last, bytesOf('#'));
  it('is blank, a comment (its first non-blank bytes are the marker), or a row', () => {
    for (const text of ['', ' \n', '\t \r', '\r\n']) expect(kind(text), JSON.stringify(text)).toBe(LineKind.BLANK);
    for (const text of ['#', '# x,y\n', '   # indented']) expect(kind(text), JSON.stringify(text)).toBe(LineKind.COMMENT);
    for (const text of ['1,2', ' 1,2', '"#",2', 'µ']) expect(kind(text), JSON.stringify(text)).toBe(LineKind.ROW);
    expect(kind('   ', false)).toBe(LineKind.INCOMPLETE);
  });
});
