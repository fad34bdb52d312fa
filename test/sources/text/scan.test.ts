// The byte scanner (src/sources/text/scan.ts) through the reader that feeds it (reader.ts), whose
// output must not depend on where the blocks cut the bytes or on which path read a row. Oracles:
// the columns worked out by hand; the same text read in one block (every row of these texts sits
// whole in it); the line numbers an editor shows.
import { describe, expect, it } from 'vitest';
import { FitError } from '../../../src/index.ts';
import type { ColumnRequest } from '../../../src/sources/text/columns.ts';
import { DelimitedReader } from '../../../src/sources/text/reader.ts';
import { readRules, type DelimitedTextOptions } from '../../../src/sources/text/rules.ts';
import { MAX_ROW_BYTES } from '../../../src/sources/text/scan.ts';
import { seeded } from '../../support/random.ts';
import { thrown } from '../../support/thrown.ts';

const xy: ColumnRequest[] = [{ option: 'options.x', column: undefined, fallback: 1 }, { option: 'options.y', column: undefined, fallback: 2 }];

interface Read {
  columns: number[][];
  /** Rows per chunk. */
  sizes: number[];
  /** The first line of every row. */
  lines: number[];
}

/**
 * Reads `input` through a DelimitedReader pushed pieces of the sizes `cuts` gives (cycled), in
 * chunks of `chunkRows`; the block a piece was pushed in is overwritten before the next, as a
 * file reader reuses its block.
 */
function read(input: string | Uint8Array, { cuts = [1 << 20], chunkRows = 1000, options = {}, requests = xy }: { cuts?: number[]; chunkRows?: number; options?: DelimitedTextOptions; requests?: ColumnRequest[] } = {}): Read {
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
  const reader = new DelimitedReader({ where: { file: 'test.csv', FitError }, rules: readRules(options as Record<string, unknown>, FitError), requests, chunkRows, locate: true });
  const out: Read = { columns: requests.map(() => []), sizes: [], lines: [] };
  const drain = () => {
    while (reader.next()) {
      const { columns, rows, rowLines } = reader.scanner!;
      columns.forEach((column, k) => out.columns[k].push(...column.subarray(0, rows)));
      out.lines.push(...rowLines!.subarray(0, rows));
      out.sizes.push(rows);
    }
  };
  const block = new Uint8Array(Math.max(...cuts));
  for (let at = 0, k = 0; at < bytes.length; k++) {
    const n = Math.min(cuts[k % cuts.length], bytes.length - at);
    block.set(bytes.subarray(at, at + n));
    reader.push(block.subarray(0, n));
    drain();
    block.fill(0x7e); // "~": a reader that kept a reference to the block would now see garbage
    at += n;
  }
  reader.end();
  drain();
  return out;
}

describe('the scanner', () => {
  const tricky: [string, string, number[][], number[]][] = [
    ['\\n line ends', 'x,y\n1,2\n3,4\n', [[1, 3], [2, 4]], [2, 3]],
    ['\\r\\n line ends and no final one', 'x,y\r\n1,2\r\n3,4', [[1, 3], [2, 4]], [2, 3]],
    ['\\r line ends', 'x,y\r1,2\r\r3,4\r', [[1, 3], [2, 4]], [2, 4]],
    ['blank lines and comments, one indented', '# a\n\nx,y\n  # b\n1,2\n\n3,4\n', [[1, 3], [2, 4]], [5, 7]],
    ['blanks around fields', 'x , y\n 1 ,\t2 \n3,4\n', [[1, 3], [2, 4]], [2, 3]],
    ['quoted fields, "" inside a name, a delimiter inside', '"x, ""t""",y\n"1", 2\n3,"4"\n', [[1, 3], [2, 4]], [2, 3]],
    ['a line break inside quotes', '"x\n(s)","y",note\n1,"2","a\r\nb"\n3,4,c\n', [[1, 3], [2, 4]], [3, 5]],
    ['runs of blanks', '  x   y\n 1\t 2  \n3 4\n', [[1, 3], [2, 4]], [2, 3]],
    ['missing values', 'x,y\n,NA\nnan,\n-inf,null\n', [[NaN, NaN, -Infinity], [NaN, NaN, NaN]], [2, 3, 4]],
    ['a UTF-8 byte-order mark and two-byte names', '\uFEFFtempé,µ\n1,2\n', [[1], [2]], [2]],
    ['a delimiter ending every row', 'x;y;\n1;2;\n3;4;\n', [[1, 3], [2, 4]], [2, 3]],
  ];

  for (const [what, text, columns, lines] of tricky) {
    it(`reads ${what} alike in one block, in blocks of 1, 2, 3 and 5 bytes, and in chunks of 1 row`, () => {
      const whole = read(text);
      expect(whole.columns).toEqual(columns);
      expect(whole.lines).toEqual(lines);
      for (const cuts of [[1], [2], [3], [5], [1, 4, 2]]) expect(read(text, { cuts }), `${cuts}`).toEqual(whole);
      const oneRow = read(text, { chunkRows: 1, cuts: [3] });
      expect(oneRow.columns).toEqual(columns);
      expect(oneRow.sizes).toEqual(columns[0].map(() => 1));
    });
  }

  it('gives the same values on the fast path and on the reference path (quoted rows), 2,000 random rows', () => {
    const random = seeded(7);
    const values = Array.from({ length: 2000 }, () => [random.normal() * 10 ** Math.floor(random.between(-8, 8)), random.normal()]);
    const plain = 'a,b\n' + values.map(([a, b]) => `${a},${b}`).join('\n') + '\n';
    const quoted = 'a,b\n' + values.map(([a, b], i) => (i % 3 === 0 ? `"${a}",${b}` : `${a}, "${b}"`)).join('\n') + '\n';
    const expected = [values.map((v) => v[0]), values.map((v) => v[1])];
    expect(read(plain).columns).toEqual(expected);
    expect(read(quoted).columns).toEqual(expected);
    expect(read(quoted, { cuts: [97], chunkRows: 333 }).columns).toEqual(expected);
  });

  it('reads only the requested fields: text in the others is never parsed', () => {
    const requests: ColumnRequest[] = [{ option: 'options.x', column: 'b' }, { option: 'options.y', column: 'd' }, { option: 'options.sigma', column: 'b' }];
    expect(read('a,b,c,d\nzz,1,"q, r",2\nyy,3,s,4\n', { requests }).columns).toEqual([[1, 3], [2, 4], [1, 3]]);
  });

  it('carries a row across many blocks, up to 1 MiB', () => {
    const long = '0.' + '1'.repeat(200_000);
    expect(read(`x,y\n${long},2\n`, { cuts: [4096] }).columns).toEqual([[Number(long)], [2]]);
  });

  describe('refuses', () => {
    const fails = (text: string, options: DelimitedTextOptions = {}, cuts = [2]) => {
      const error = thrown(() => read(text, { options, cuts }));
      expect(error.code).toBe('PARSE_ERROR');
      return error.message;
    };

    it('a cell that is not a number, by its line and column, whatever the blocks', () => {
      const message = '"test.csv" line 4, column 5: "1.2.3" in column "y" (options.y) is not a number; expected a number such as 1.5 or -2e-3, or a missing value (an empty cell, NA or NaN)';
      for (const cuts of [[1], [3], [1 << 20]]) expect(fails('x,y\n1,2\n\n3,  1.2.3\n', {}, cuts)).toBe(message);
    });

    it('a row of another width, at the end of its line or at its first extra field', () => {
      expect(fails('x,y,s\n1,2,3\n4,5\n')).toBe('"test.csv" line 3, column 4: the row has 2 fields but the table has 3: "4,5"; expected 3 fields separated by ","; set options.delimiter if the file is split on another character');
      expect(fails('1 2\n3 4 5\n')).toMatch(/^"test\.csv" line 2, column 5: the row has 3 fields but the table has 2: "3 4 5"; expected 2 fields separated by runs of spaces and tabs/);
    });

    it('a field with text after its closing quote', () => {
      expect(fails('x,y\n1,"2"3\n')).toMatch(/^"test\.csv" line 2, column 6: field 2 has "3" after its closing quote; expected "," or the end of the line after it/);
    });

    it('a quote that never closes: at the end of the text, or past 1 MiB', () => {
      expect(fails('x,y\n1,2\n3,"4\n5,6\n')).toMatch(/^"test\.csv" line 3, column 3: field 2 opens a double quote that does not close before the end of the file/);
      const endless = 'x,y\n1,2\n3,"4\n' + '5,6\n'.repeat(MAX_ROW_BYTES / 4 + 10);
      expect(fails(endless, {}, [65536])).toMatch(/^"test\.csv" line 3: a row runs on for more than 1048576 bytes without ending \(it starts "3,\\"4\\n5,6\\n5,6.*and every double quote that opens a field closed$/);
    });

    it('a line that starts with another program\'s comment marker, suggesting options.comment', () => {
      expect(fails('x,y\n1,2\n% pause\n3,4\n')).toMatch(/line 3, column 8: the row has 1 field but the table has 2, so column "y" \(options\.y\) is missing: "% pause".*; set options\.comment: "%" if lines starting with "%" are comments$/);
    });

    it('a decimal comma when options.decimal is ".", suggesting it', () => {
      expect(fails('x\ty\n1\t2.5\n3\t4,5\n')).toMatch(/"4,5" in column "y" \(options\.y\) is not a number.*; set options\.decimal: "," if the numbers are written with decimal commas$/);
      expect(fails('x;y\n1;2\n3;4.5\n', { decimal: ',' })).toMatch(/"4\.5" in column "y" .*; set options\.decimal: "\." if the numbers are written with decimal points$/);
    });
  });
});
