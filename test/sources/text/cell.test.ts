// One cell's value (src/sources/text/cell.ts). Oracle: Number() on the same text, and the missing
// values pandas' read_csv reads as NaN by default (the subset listed in cell.ts).
import { describe, expect, it } from 'vitest';
import { DOT, COMMA } from '../../../src/sources/text/bytes.ts';
import { isMissing, Kind, kindOf, readCell } from '../../../src/sources/text/cell.ts';

const bytesOf = (text: string) => new TextEncoder().encode(text);
const cell = (text: string, decimal = DOT) => readCell(bytesOf(text), 0, bytesOf(text).length, decimal);

describe('a cell', () => {
  it('is a number as Number() reads it, blanks around it dropped, with inf and nan in any case', () => {
    for (const text of ['1.5', ' -2e-3 ', '.5', '-0', '1E3', 'Infinity', '0x10']) expect(cell(text), text).toBe(Number(text));
    expect(cell('-inf')).toBe(-Infinity);
    expect(cell('+INF')).toBe(Infinity);
    expect(cell('nan')).toBeNaN();
  });

  it('with decimal commas, reads "1,5" and not "1.5"', () => {
    expect(cell('1,5', COMMA)).toBe(1.5);
    expect(cell('1.5', COMMA)).toBeUndefined();
    expect(cell('1,5', DOT)).toBeUndefined();
  });

  it('is NaN when missing: empty, NA, N/A, NaN, null, None, #N/A, <NA>, in any case', () => {
    for (const text of ['', '  ', 'NA', 'na', 'N/A', 'n/a', 'NaN', '-nan', 'null', 'NULL', 'None', '#N/A', '<NA>']) {
      expect(cell(text), JSON.stringify(text)).toBeNaN();
      expect(isMissing(bytesOf(text.trim()), 0, text.trim().length), JSON.stringify(text)).toBe(true);
    }
  });

  it('is not a number otherwise', () => {
    for (const text of ['1e', 'abc', '--1', 'nan1', '1 2', 'NAN/A', '1.2.3', 'inf.']) expect(cell(text), JSON.stringify(text)).toBeUndefined();
  });

  it('has a kind the layout detection reads: a number by ".", by ",", by both, missing, or text', () => {
    const kind = (text: string) => kindOf(bytesOf(text), 0, bytesOf(text).length);
    expect([kind('1.5'), kind('1,5'), kind('15'), kind('-inf'), kind(''), kind('NA'), kind('time')]).toEqual([Kind.Dot, Kind.Comma, Kind.Both, Kind.Both, Kind.Missing, Kind.Missing, Kind.Text]);
  });
});
