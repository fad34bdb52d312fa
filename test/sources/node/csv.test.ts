// Oracle: the arrays written. Each test formats known columns as CSV text (String(v), which
// JavaScript reads back to the same double), writes it to a fresh temp file, reads it through
// fromCsvFile().chunks(), and expects the same values whatever the chunk size, the read block
// size (down to 1 byte, so every line, \r\n and UTF-8 character is cut somewhere) or the pass;
// errors are checked against the line and column numbers an editor shows. The fit test's oracle
// is curveFitSync on the same arrays in memory. (The temporary copy: csv-temp-copy.test.ts; the
// files of other tools: csv-files.test.ts.)
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { curveFitSync } from '../../../src/index.ts';
import { fromCsvFile, type CsvFileOptions } from '../../../src/sources/node/csv.ts';
import { synthetic } from '../../support/synthetic.ts';
import { readAll } from '../../support/read-all.ts';
import { thrown } from '../../support/thrown.ts';

const dir = mkdtempSync(join(tmpdir(), 'arenafit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
function write(text: string | Uint8Array): string {
  const path = join(dir, `data-${files++}.csv`);
  writeFileSync(path, text);
  return path;
}

/** CSV text for named columns: a header, then one line per row. */
function csv(columns: Record<string, ArrayLike<number>>, { delimiter = ',', eol = '\n' } = {}): string {
  const names = Object.keys(columns);
  const rows = columns[names[0]].length;
  const lines = [names.join(delimiter)];
  const text = (v: number) => (Object.is(v, -0) ? '-0' : String(v)); // String(-0) is '0'
  for (let i = 0; i < rows; i++) lines.push(names.map((name) => text(columns[name][i])).join(delimiter));
  return lines.join(eol) + eol;
}

/** `text` in UTF-16LE with a byte-order mark, as a spreadsheet saves "Unicode text". */
function utf16le(text: string): Uint8Array {
  const bytes = new Uint8Array(2 + 2 * text.length);
  new DataView(bytes.buffer).setUint16(0, 0xfeff, true);
  for (let i = 0; i < text.length; i++) new DataView(bytes.buffer).setUint16(2 + 2 * i, text.charCodeAt(i), true);
  return bytes;
}

const N = 500;
const time = Array.from({ length: N }, (_, i) => i / 7 - 3);
const signal = time.map((t, i) => (i === 3 ? -0 : i === 4 ? 5e-324 : i === 5 ? 1.7976931348623157e308 : Math.cos(t) / 3));
const error = time.map((_, i) => 0.1 + (i % 13) / 11);

describe('fromCsvFile', () => {
  const path = write(csv({ time, signal, error }));

  it('gives back the columns written, chosen by name', () => {
    const read = readAll(fromCsvFile(path, { x: 'time', y: 'signal', sigma: 'error' }));
    expect(read.x).toEqual(time);
    expect(read.y).toEqual(signal);
    expect(Object.is(read.y[3], -0)).toBe(true);
    expect(read.sigma).toEqual(error);
    expect(read.types.every((t) => t === 'Float64Array')).toBe(true);
  });

  for (const chunkRows of [1, 7, 499, 500, 5000]) {
    it(`gives the same rows in chunks of ${chunkRows}`, () => {
      const read = readAll(fromCsvFile(path, { x: 'time', y: 'signal', sigma: 'error', chunkRows }));
      expect(read.x).toEqual(time);
      expect(read.y).toEqual(signal);
      expect(read.sigma).toEqual(error);
      const sizes = Array<number>(Math.floor(N / chunkRows)).fill(chunkRows);
      if (N % chunkRows) sizes.push(N % chunkRows);
      expect(read.sizes).toEqual(sizes);
    });
  }

  // A BOM, a two-byte UTF-8 name, \r\n, blank lines (one only spaces), padding around fields
  // and a last line without a newline; with blocks of 1 to 64 bytes every one of them is split.
  const messy = write(
    '\uFEFF  température , "µ" ,y\r\n' +
      '1, 0.5 ,  10\r\n' +
      '\r\n' +
      '2,1.5,20\r\n' +
      '   \r\n' +
      '\t3 ,2.5,30',
  );
  for (const blockBytes of [1, 2, 3, 5, 8, 64, 1 << 20]) {
    it(`handles a BOM, \\r\\n, blank lines, padding and no final newline with ${blockBytes}-byte blocks`, () => {
      const read = readAll(fromCsvFile(messy, { x: ['température', 'µ'], y: 'y', blockBytes, chunkRows: 2 }));
      expect(read.x).toEqual({ température: [1, 2, 3], µ: [0.5, 1.5, 2.5] });
      expect(read.y).toEqual([10, 20, 30]);
      expect(read.sizes).toEqual([2, 1]);
    });
  }

  it('reads UTF-16 ("Unicode text") alike whatever the block size cuts: odd blocks split its two-byte units', () => {
    const file = write(utf16le('tempé\tµ\r\n1\t0.5\r\n2\t-1e3\r\n'));
    for (const blockBytes of [1, 2, 3, 7, 1 << 20]) {
      const source = fromCsvFile(file, { x: 'tempé', y: 'µ', blockBytes });
      expect(source.format.encoding).toBe('utf-16le');
      expect(readAll(source)).toMatchObject({ x: [1, 2], y: [0.5, -1000] });
    }
  });

  it('gives the same rows whatever the block size cuts (1 to 97 bytes)', () => {
    for (let blockBytes = 1; blockBytes < 98; blockBytes += 4) {
      const read = readAll(fromCsvFile(path, { x: 'time', y: 'signal', sigma: 'error', chunkRows: 7, blockBytes }));
      expect(read.x).toEqual(time);
      expect(read.y).toEqual(signal);
      expect(read.sigma).toEqual(error);
    }
  });

  it('reads a file larger than one 1 MiB block with the default block size', () => {
    const rows = 60_000; // ~2.2 MB of text
    const x = Array.from({ length: rows }, (_, i) => i * 1e-3 + 1 / 3);
    const y = x.map((v) => Math.exp(-v) * Math.PI);
    const read = readAll(fromCsvFile(write(csv({ x, y })), { x: 'x', y: 'y' }));
    expect(read.x).toEqual(x);
    expect(read.y).toEqual(y);
    expect(read.sizes).toEqual([rows]);
  });

  it('gives identical rows on a second pass', () => {
    const source = fromCsvFile(path, { x: 'time', y: 'signal', chunkRows: 7, blockBytes: 50 });
    expect(readAll(source)).toEqual(readAll(source));
  });

  it('makes named x columns of a list of names, x of a single name', () => {
    expect(readAll(fromCsvFile(path, { x: ['time', 'error'], y: 'signal' })).x).toEqual({ time, error });
    expect(readAll(fromCsvFile(path, { x: ['time'], y: 'signal' })).x).toEqual({ time });
    expect(readAll(fromCsvFile(path, { x: 'error', y: 'signal' })).x).toEqual(error);
  });

  it('detects a tab delimiter from the header and takes any other one given', () => {
    const tabs = write(csv({ time, signal }, { delimiter: '\t' }));
    expect(readAll(fromCsvFile(tabs, { x: 'time', y: 'signal' })).y).toEqual(signal);
    const semicolons = write(csv({ time, signal }, { delimiter: ';', eol: '\r\n' }));
    expect(readAll(fromCsvFile(semicolons, { x: 'time', y: 'signal', delimiter: ';' })).y).toEqual(signal);
  });

  it('keeps an empty first field of a tab-separated row in its place', () => {
    const file = write('id\tx\ty\n\t1\t2\nb\t3\t4\n');
    const read = readAll(fromCsvFile(file, { x: 'x', y: 'y' }));
    expect(read.x).toEqual([1, 3]);
    expect(read.y).toEqual([2, 4]);
  });

  it("unquotes header names (R's write.csv) and leaves unselected fields unparsed", () => {
    const file = write('"","x","y"\n"1",0.5,1\n"2",1.5,2\n');
    const read = readAll(fromCsvFile(file, { x: 'x', y: 'y' }));
    expect(read.x).toEqual([0.5, 1.5]);
    expect(read.y).toEqual([1, 2]);
  });

  it('reads nan and inf in any case, and what Number() reads', () => {
    const file = write('x,y\n1,NaN\n2,nan\n3,-inf\n4,+Infinity\n5,INF\n6,1e-3\n7,.5\n8,-0\n9,0x10\n');
    expect(readAll(fromCsvFile(file, { x: 'x', y: 'y' })).y).toEqual([NaN, NaN, -Infinity, Infinity, Infinity, 1e-3, 0.5, -0, 16]);
  });

  it.runIf(existsSync('/proc/self/fd'))('closes the file when the consumer stops after one chunk', () => {
    const open = () => readdirSync('/proc/self/fd').length;
    const before = open();
    for (const chunk of fromCsvFile(path, { x: 'time', y: 'signal', chunkRows: 7, tempCopy: false }).chunks()) {
      expect(open()).toBe(before + 1);
      expect(chunk.y.length).toBe(7);
      break;
    }
    expect(open()).toBe(before);
  });

  it.runIf(existsSync('/proc/self/fd'))('closes the temporary copy too when the first pass is left after one chunk', () => {
    const open = () => readdirSync('/proc/self/fd').length;
    const before = open();
    for (const chunk of fromCsvFile(path, { x: 'time', y: 'signal', chunkRows: 7 }).chunks()) {
      expect(open()).toBe(before + 2); // the text and the copy being written
      expect(chunk.y.length).toBe(7);
      break;
    }
    expect(open()).toBe(before);
  });

  it('takes columns 1 and 2 for x and y when not told, and positions from 1', () => {
    const read = readAll(fromCsvFile(path));
    expect(read.x).toEqual(time);
    expect(read.y).toEqual(signal);
    expect(readAll(fromCsvFile(path, { x: 3, y: 'time', sigma: 2 })).sigma).toEqual(signal);
  });

  it('tells the format it found and the names of the chosen columns', () => {
    const source = fromCsvFile(path, { x: ['time', 3], y: 2 });
    expect(source.format).toEqual({ delimiter: ',', decimal: '.', header: ['time', 'signal', 'error'], encoding: 'utf-8', skipLines: 0 });
    expect(source.columns).toEqual({ x: ['time', 'error'], y: 'signal', sigma: undefined });
    expect(Object.keys(readAll(source).x)).toEqual(['time', 'error']);
  });

  it('names the columns of a file without a header by position, and a list of positions x1, x2, …', () => {
    const file = write('1,2,3\n4,5,6\n');
    const source = fromCsvFile(file, { x: [1, 3], y: 2 });
    expect(source.format.header).toBeUndefined();
    expect(source.columns).toEqual({ x: ['column 1', 'column 3'], y: 'column 2', sigma: undefined });
    expect(readAll(source).x).toEqual({ x1: [1, 4], x2: [3, 6] });
    expect(readAll(fromCsvFile(file)).y).toEqual([2, 5]); // row 1 is data: two rows, not one
  });

  it('locates a row of the chunks by its line, blank lines and comments counted', () => {
    const file = write('# run 7\nx,y\n1,2\n\n3,4\n# pause\n5,6\n');
    const source = fromCsvFile(file, { blockBytes: 3, chunkRows: 2 });
    expect([0, 1, 2].map((row) => source.locateRow(row))).toEqual([3, 5, 7].map((line) => `${JSON.stringify(file)} line ${line}`));
    expect(source.locateRow(3)).toBe(`${JSON.stringify(file)} data row 4`);
  });

  it('reads an empty field as NaN, for the fit to decide on', () => {
    expect(readAll(fromCsvFile(write('x,y,sigma\n1,,3\n4,5,\n'), { sigma: 3 }))).toMatchObject({ y: [NaN, 5], sigma: [3, NaN] });
  });

  it('skips blank lines before the header', () => {
    expect(readAll(fromCsvFile(write(' \n\nx,y\n1,2\n'))).y).toEqual([2]);
  });

  describe('bad input', () => {
    // Line numbers as an editor shows them: header = line 1, blank lines counted.
    const bad = (rows: string) => write(`x,y,sigma\n1,2,3\n\n${rows}\n4,5,6\n`);
    const cases: [string, string, () => unknown, RegExp[]][] = [
      ['a file that does not exist', 'FILE_NOT_FOUND', () => fromCsvFile(join(dir, 'missing.csv'), { x: 'x', y: 'y' }), [/missing\.csv" does not exist/]],
      ['a directory', 'FILE_NOT_FOUND', () => fromCsvFile(dir, { x: 'x', y: 'y' }), [/is not a regular file/]],
      ['an x column not in the header', 'UNKNOWN_COLUMN', () => fromCsvFile(path, { x: 't', y: 'signal' }), [/options\.x is "t", which is not a column of ".*data-0\.csv"/, /its header \(line 1\) has "time", "signal", "error"/]],
      ['one of several x columns not in the header', 'UNKNOWN_COLUMN', () => fromCsvFile(path, { x: ['time', 'dose'], y: 'signal' }), [/options\.x\[1\] is "dose"/, /"time", "signal", "error"/]],
      ['a y column not in the header', 'UNKNOWN_COLUMN', () => fromCsvFile(path, { x: 'time', y: 'Signal' }), [/options\.y is "Signal"/]],
      ['a sigma column not in the header', 'UNKNOWN_COLUMN', () => fromCsvFile(path, { x: 'time', y: 'signal', sigma: 'err' }), [/options\.sigma is "err"/]],
      // '|' is not detected (tab, comma, semicolon, else spaces), so the header is one column.
      ['a header split on the wrong delimiter', 'UNKNOWN_COLUMN', () => fromCsvFile(write('x|y\n1|2\n'), { x: 'x', y: 'y' }), [/its header \(line 1\) has "x\|y"/, /set options\.delimiter/]],
      ['a column named twice in the header', 'INVALID_FILE', () => fromCsvFile(write('x,y,x\n1,2,3\n'), { x: 'x', y: 'y' }), [/two columns named "x" \(fields 1 and 3\)/]],
      ['an empty file', 'INVALID_FILE', () => fromCsvFile(write(''), { x: 'x', y: 'y' }), [/" has no rows \(it is empty\); expected rows of numbers/]],
      ['a header and no rows under it', 'INVALID_FILE', () => fromCsvFile(write('x,y\n\n# none yet\n')), [/data-\d+\.csv" has a header \(line 1\) but no rows under it; expected rows of numbers/]],
      ['options whose getter throws', 'INVALID_ARGUMENT', () => fromCsvFile(write('x,y\n1,2\n'), { get x(): string { throw new Error('boom'); } }), [/^options threw when it was read \(boom\)/]],
      ['a file of comments', 'INVALID_FILE', () => fromCsvFile(write('# a\n\n# b\n'), { x: 'x', y: 'y' }), [/has no rows \(its 3 lines are blank or comments\)/, /options\.comment/]],
      ['an unparsable number', 'PARSE_ERROR', () => readAll(fromCsvFile(bad('7,8e,9'), { x: 'x', y: 'y' })), [/" line 4, column 3: "8e" in column "y" \(options\.y\) is not a number; expected a number such as 1\.5/]],
      ['an unparsable sigma on a line after blank ones', 'PARSE_ERROR', () => readAll(fromCsvFile(bad('\n\n7,8,abc'), { x: 'x', y: 'y', sigma: 'sigma', blockBytes: 3 })), [/line 6, column 5: "abc" in column "sigma" \(options\.sigma\)/]],
      ['a decimal comma in a space-separated file', 'PARSE_ERROR', () => readAll(fromCsvFile(write('x y\n1.5 2\n3 4,5\n'))), [/line 3, column 3: "4,5" in column "y" \(options\.y\) is not a number.*set options\.decimal: ","/]],
      ['a row with too few fields', 'PARSE_ERROR', () => readAll(fromCsvFile(bad('7,8'), { x: 'x', y: 'y', sigma: 'sigma' })), [/line 4, column 4: the row has 2 fields but the table has 3, so column "sigma" \(options\.sigma\) is missing: "7,8"; expected 3 fields separated by ","; set options\.delimiter/]],
      ['a row with too many fields', 'PARSE_ERROR', () => readAll(fromCsvFile(bad('7,8,9,10'), { x: 'x', y: 'y' })), [/line 4, column 7: the row has 4 fields but the table has 3: "7,8,9,10"; expected 3 fields separated by ","/]],
      ['a row longer than 1 MiB', 'PARSE_ERROR', () => readAll(fromCsvFile(write('x,y\n1,2\n3,' + '4'.repeat(1.5 * 2 ** 20)))), [/" line 3: a row runs on for more than 1048576 bytes without ending \(it starts "3,444/]],
      ['a binary file', 'INVALID_FILE', () => fromCsvFile(write(new Uint8Array(new Float64Array([1, 2.5, 3]).buffer))), [/data-\d+\.csv" holds NUL bytes \(the first at byte 0\) in no pattern of UTF-16 text, so it is not text; .*fromBinaryFile/]],
      ['a cell that is not a number in a UTF-16 file', 'PARSE_ERROR', () => readAll(fromCsvFile(write(utf16le('x\ty\r\n1\t2\r\n3\tµ3\r\n')))), [/data-\d+\.csv" line 3, column 3: "µ3" in column "y" \(options\.y\) is not a number/, /^[^\0]*$/]],
      ['title lines above the table', 'PARSE_ERROR', () => fromCsvFile(write('Run 7\nDate: today\nx,y\n1,2\n3,4\n')), [/data-\d+\.csv" line 1, column 1: "Run 7" is not a row of the table of numbers that starts at line 3 .*; set options\.skipLines: 2 to skip the 2 lines above it$/]],
      ['a header wider than its rows', 'PARSE_ERROR', () => fromCsvFile(write('a b c\n1 2\n3 4\n')), [/data-\d+\.csv" line 1, column 1: the header has 3 fields but the rows below it have 2 \(split on runs of spaces and tabs\).*options\.header: false if line 1 is data/]],
      ['a units row under the header', 'PARSE_ERROR', () => fromCsvFile(write('t,v\ns,V\n1,2\n3,4\n')), [/line 2, column 1: "s,V" is a second row of names above the numbers, after "t,v" on line 1.*options\.skipLines: 2 if it holds units/]],
      ['a name the file has no header for', 'UNKNOWN_COLUMN', () => fromCsvFile(write('1,2\n3,4\n'), { x: 'time' }), [/options\.x is "time", but ".*data-\d+\.csv" has no header: its first row \(line 1\) is all numbers — set options\.header: true if it names the columns; expected a position from 1 to 2$/]],
      ['a decimal comma with a comma delimiter', 'INVALID_OPTION', () => fromCsvFile(path, { delimiter: ',', decimal: ',' }), [/options\.delimiter is ",", which is also the decimal separator/]],
      ['an x of 0', 'INVALID_OPTION', () => fromCsvFile(path, { x: 0 }), [/options\.x is 0; expected a column's name in the header, or its position counting from 1/]],
      ['an empty list of x', 'INVALID_OPTION', () => fromCsvFile(path, { x: [], y: 'signal' }), [/options\.x is an empty array/]],
      ['an x named twice', 'INVALID_OPTION', () => fromCsvFile(path, { x: ['time', 'time'], y: 'signal' }), [/names the column "time" twice; expected each column once/]],
      ['an empty y name', 'INVALID_OPTION', () => fromCsvFile(path, { x: 'time', y: '' }), [/options\.y is ""/]],
      ['a two-character delimiter', 'INVALID_OPTION', () => fromCsvFile(path, { x: 'time', y: 'signal', delimiter: ', ' }), [/options\.delimiter is ", "/, /one ASCII character/]],
      ['a chunkRows of 1.5', 'INVALID_OPTION', () => fromCsvFile(path, { x: 'time', y: 'signal', chunkRows: 1.5 }), [/options\.chunkRows is 1\.5/]],
      ['an unknown option', 'INVALID_OPTION', () => fromCsvFile(path, { x: 'time', y: 'signal', columns: ['x'] } as CsvFileOptions), [/options\.columns is not an option; expected one of x, y, sigma, delimiter, decimal, header, skipLines, comment, tempCopy, chunkRows, blockBytes/]],
      ['a tempCopy that is not a boolean', 'INVALID_OPTION', () => fromCsvFile(path, { tempCopy: 'no' } as unknown as CsvFileOptions), [/options\.tempCopy is "no"/]],
    ];
    for (const [what, code, run, patterns] of cases) {
      it(`${what} is ${code}`, () => {
        const error = thrown(run);
        expect(error.code).toBe(code);
        for (const pattern of patterns) expect(error.message).toMatch(pattern);
      });
    }

    it('a file whose size changed between passes is INVALID_FILE on the next pass', () => {
      const file = write('x,y\n1,2\n');
      const source = fromCsvFile(file, { x: 'x', y: 'y' });
      readAll(source);
      writeFileSync(file, 'x,y\n1,2\n3,4\n');
      const error = thrown(() => readAll(source));
      expect(error.code).toBe('INVALID_FILE');
      expect(error.message).toMatch(/is 12 bytes but was 8 when the source was created/);
    });
  });

  // Needs chunk-source support in curveFitSync (the driver's side of the contract).
  it('fits the same parameters as curveFitSync on the arrays written (to 1e-12 relative)', () => {
    const data = synthetic(5000, (t) => 2.5 * Math.exp(-1.3 * t) + 0.5, 0.01, 11);
    const options = { p0: { a: 1, b: 1, c: 0 } };
    const file = write(csv({ t: data.x, counts: data.y }));
    const fromFile = curveFitSync('a*exp(-b*x) + c', fromCsvFile(file, { x: 't', y: 'counts', chunkRows: 777 }), options);
    const inMemory = curveFitSync('a*exp(-b*x) + c', data.x, data.y, options);
    for (const name of inMemory.names) {
      expect(Math.abs(fromFile.params[name] - inMemory.params[name]) / Math.abs(inMemory.params[name])).toBeLessThan(1e-12);
      expect(Math.abs(fromFile.errors[name] - inMemory.errors[name]) / Math.abs(inMemory.errors[name])).toBeLessThan(1e-12);
    }
    expect(Math.abs(fromFile.chi2 - inMemory.chi2) / inMemory.chi2).toBeLessThan(1e-12);
  });

  // Needs nanPolicy 'omit' over chunk sources; oracle: the fit of the rows without the nan ones.
  it("drops rows with nan in them under nanPolicy 'omit'", () => {
    const data = synthetic(2000, (t) => 2.5 * Math.exp(-1.3 * t) + 0.5, 0.01, 13);
    const y = Array.from(data.y, (v, i) => (i % 97 === 5 ? NaN : v));
    const text = csv({ x: data.x, y }).replaceAll('NaN', 'nan');
    const kept = Array.from(data.x.keys()).filter((i) => i % 97 !== 5);
    const options = { p0: { a: 1, b: 1, c: 0 }, nanPolicy: 'omit' as const };
    const fromFile = curveFitSync('a*exp(-b*x) + c', fromCsvFile(write(text), { x: 'x', y: 'y', chunkRows: 64 }), options);
    const inMemory = curveFitSync('a*exp(-b*x) + c', kept.map((i) => data.x[i]), kept.map((i) => data.y[i]), { p0: options.p0 });
    expect(fromFile.dof).toBe(inMemory.dof);
    for (const name of inMemory.names) {
      expect(Math.abs(fromFile.params[name] - inMemory.params[name]) / Math.abs(inMemory.params[name])).toBeLessThan(1e-12);
    }
  });
});
