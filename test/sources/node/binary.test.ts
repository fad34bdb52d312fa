// Oracle: the arrays written. Each test writes interleaved little-endian records from known
// columns into a fresh temp file, reads them back through fromBinaryFile().chunks(), and
// expects the very same values (bit for bit) whatever the chunk and block sizes; the fit test's
// oracle is curveFitSync on those same arrays in memory.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { curveFitSync } from '../../../src/index.ts';
import { fromBinaryFile, type BinaryFileOptions } from '../../../src/sources/node/binary.ts';
import { synthetic } from '../../support/synthetic.ts';
import { readAll } from '../../support/read-all.ts';
import { thrown } from '../../support/thrown.ts';
import { records } from '../../support/records.ts';

const dir = mkdtempSync(join(tmpdir(), 'arenafit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
/** Writes columns interleaved as little-endian f64 or f32 records; returns the path. */
function writeRecords(columns: ArrayLike<number>[], dtype: 'f64' | 'f32' = 'f64'): string {
  const path = join(dir, `data-${files++}.bin`);
  writeFileSync(path, records(columns, dtype));
  return path;
}

const N = 1000;
const xs = Array.from({ length: N }, (_, i) => i / 10 - 3);
// Values that a sloppy reader would get wrong: -0, subnormals, extremes, NaN.
const ys = xs.map((x, i) => (i === 5 ? -0 : i === 6 ? 5e-324 : i === 7 ? -1.7976931348623157e308 : i === 8 ? NaN : Math.sin(x) * 1e3 + 1 / 3));
const sigmas = xs.map((_, i) => 0.5 + (i % 17) / 7);

describe('fromBinaryFile', () => {
  const path = writeRecords([xs, ys, sigmas]);

  it('gives back the f64 records written, x as one column', () => {
    const read = readAll(fromBinaryFile(path, { columns: ['x', 'y', 'sigma'] }));
    expect(read.x).toEqual(xs);
    expect(read.y).toEqual(ys);
    expect(Object.is(read.y[5], -0)).toBe(true);
    expect(read.sigma).toEqual(sigmas);
    expect(read.types.every((t) => t === 'Float64Array')).toBe(true);
  });

  for (const chunkRows of [1, 7, 999, 1000, 5000]) {
    it(`gives the same rows in chunks of ${chunkRows}`, () => {
      const read = readAll(fromBinaryFile(path, { columns: ['x', 'y', 'sigma'], chunkRows }));
      expect(read.x).toEqual(xs);
      expect(read.y).toEqual(ys);
      expect(read.sigma).toEqual(sigmas);
      const full = Math.floor(N / chunkRows);
      const sizes = Array<number>(full).fill(chunkRows);
      if (N % chunkRows) sizes.push(N % chunkRows);
      expect(read.sizes).toEqual(sizes);
    });
  }

  // 24-byte records: blocks of 1, 4 and 41 records whose edges fall inside chunks of 7 rows.
  for (const blockBytes of [1, 100, 1000]) {
    it(`gives the same rows when blocks of ${blockBytes} bytes cut across chunks`, () => {
      const read = readAll(fromBinaryFile(path, { columns: ['x', 'y', 'sigma'], chunkRows: 7, blockBytes }));
      expect(read.x).toEqual(xs);
      expect(read.y).toEqual(ys);
      expect(read.sigma).toEqual(sigmas);
    });
  }

  it('reads a file larger than one 1 MiB block with the default block size', () => {
    const rows = 100_000; // 1.6 MB of (x, y) records
    const x = Float64Array.from({ length: rows }, (_, i) => i * 1e-3);
    const y = x.map((v) => Math.exp(-v));
    const read = readAll(fromBinaryFile(writeRecords([x, y]), { columns: ['x', 'y'] }));
    expect(read.x).toEqual(Array.from(x));
    expect(read.y).toEqual(Array.from(y));
    expect(read.sizes).toEqual([65_536, 34_464]);
  });

  it('gives identical rows on a second pass', () => {
    const source = fromBinaryFile(path, { columns: ['x', 'y', 'sigma'], chunkRows: 7, blockBytes: 100 });
    expect(readAll(source)).toEqual(readAll(source));
  });

  it('reads f32 records into Float32Array columns equal to the f32 values written', () => {
    const f32 = writeRecords([xs, ys], 'f32');
    const read = readAll(fromBinaryFile(f32, { columns: ['x', 'y'], dtype: 'f32', chunkRows: 7, blockBytes: 100 }));
    expect(read.x).toEqual(Array.from(Float32Array.from(xs)));
    expect(read.y).toEqual(Array.from(Float32Array.from(ys)));
    expect(read.types.every((t) => t === 'Float32Array')).toBe(true);
  });

  it("makes named x columns of every other name and skips '_'", () => {
    const x2 = xs.map((v) => v * v);
    const file = writeRecords([xs, sigmas, x2, ys]);
    const read = readAll(fromBinaryFile(file, { columns: ['x1', '_', 'x2', 'y'], chunkRows: 7 }));
    expect(read.x).toEqual({ x1: xs, x2 });
    expect(read.y).toEqual(ys);
    expect(read.sigma).toBeUndefined();
  });

  it("makes a lone x column named other than 'x' a named column", () => {
    const read = readAll(fromBinaryFile(writeRecords([xs, ys]), { columns: ['t', 'y'] }));
    expect(read.x).toEqual({ t: xs });
  });

  it('gives an empty file no chunks', () => {
    const read = readAll(fromBinaryFile(writeRecords([[], []]), { columns: ['x', 'y'] }));
    expect(read.sizes).toEqual([]);
  });

  it.runIf(existsSync('/proc/self/fd'))('closes the file when the consumer stops after one chunk', () => {
    const open = () => readdirSync('/proc/self/fd').length;
    const before = open();
    for (const chunk of fromBinaryFile(path, { columns: ['x', 'y'], dtype: 'f32', chunkRows: 7 }).chunks()) {
      expect(open()).toBe(before + 1);
      expect(chunk.y.length).toBe(7);
      break;
    }
    expect(open()).toBe(before);
  });

  describe('bad input', () => {
    const cases: [string, string, () => unknown, RegExp[]][] = [
      ['a file that does not exist', 'FILE_NOT_FOUND', () => fromBinaryFile(join(dir, 'missing.bin'), { columns: ['x', 'y'] }), [/missing\.bin" does not exist/]],
      ['a directory', 'FILE_NOT_FOUND', () => fromBinaryFile(dir, { columns: ['x', 'y'] }), [new RegExp(`${dir}" is not a regular file`)]],
      ['a size that is not whole records', 'INVALID_FILE', () => fromBinaryFile(path, { columns: ['x', 'y', 'sigma', '_', '_', '_', '_'] }), [/is 24000 bytes/, /56-byte records/, /7 × f64/, /32 bytes left over/, /multiple of 56/]],
      ['an f32 size that is not whole records', 'INVALID_FILE', () => fromBinaryFile(path, { columns: ['x', 'y', 'sigma', '_', '_', '_', '_'], dtype: 'f32' }), [/is 24000 bytes/, /28-byte records/, /4 bytes left over/, /multiple of 28/]],
      ['no y column', 'INVALID_OPTION', () => fromBinaryFile(path, { columns: ['x', 'sigma', '_'] }), [/options\.columns is \["x", "sigma", "_"\]/, /expected 'y' and at least one x column/]],
      ['no x column', 'INVALID_OPTION', () => fromBinaryFile(path, { columns: ['_', 'y', 'sigma'] }), [/expected 'y' and at least one x column/]],
      ['a column named twice', 'INVALID_OPTION', () => fromBinaryFile(path, { columns: ['x', 'y', 'y'] }), [/names "y" twice/]],
      ['an empty column name', 'INVALID_OPTION', () => fromBinaryFile(path, { columns: ['x', '', 'y'] }), [/options\.columns\[1\] is ""/]],
      ['columns that are not a list', 'INVALID_OPTION', () => fromBinaryFile(path, { columns: 'x,y' } as unknown as BinaryFileOptions), [/options\.columns is "x,y"/]],
      ['an unknown dtype', 'INVALID_OPTION', () => fromBinaryFile(path, { columns: ['x', 'y'], dtype: 'f16' as 'f32' }), [/options\.dtype is "f16"/, /'f64' or 'f32'/]],
      ['a chunkRows of 0', 'INVALID_OPTION', () => fromBinaryFile(path, { columns: ['x', 'y'], chunkRows: 0 }), [/options\.chunkRows is 0/]],
      ['an unknown option', 'INVALID_OPTION', () => fromBinaryFile(path, { columns: ['x', 'y'], rows: 3 } as BinaryFileOptions), [/options\.rows is not an option/]],
      ['a path that is not a string', 'INVALID_ARGUMENT', () => fromBinaryFile(42 as unknown as string, { columns: ['x', 'y'] }), [/path is 42/]],
    ];
    for (const [what, code, run, patterns] of cases) {
      it(`${what} is ${code}, checked when the source is created`, () => {
        const error = thrown(run);
        expect(error.code).toBe(code);
        for (const pattern of patterns) expect(error.message).toMatch(pattern);
      });
    }

    it('a file whose size changed between passes is INVALID_FILE on the next pass', () => {
      const file = writeRecords([xs, ys]);
      const source = fromBinaryFile(file, { columns: ['x', 'y'] });
      readAll(source);
      writeFileSync(file, new Uint8Array(16 * (N + 1)));
      const error = thrown(() => readAll(source));
      expect(error.code).toBe('INVALID_FILE');
      expect(error.message).toMatch(/is 16016 bytes but was 16000 when the source was created/);
    });

    it('a file deleted between passes is FILE_NOT_FOUND on the next pass', () => {
      const sub = join(dir, 'deleted');
      mkdirSync(sub);
      const file = join(sub, 'gone.bin');
      writeFileSync(file, new Uint8Array(32));
      const source = fromBinaryFile(file, { columns: ['x', 'y'] });
      rmSync(sub, { recursive: true });
      const error = thrown(() => readAll(source));
      expect(error.code).toBe('FILE_NOT_FOUND');
      expect(error.message).toMatch(/gone\.bin" does not exist/);
    });
  });

  // Needs chunk-source support in curveFitSync (the driver's side of the contract).
  it('fits the same parameters as curveFitSync on the arrays written (to 1e-12 relative)', () => {
    const data = synthetic(5000, (t) => 2.5 * Math.exp(-1.3 * t) + 0.5, 0.01, 7);
    const options = { p0: { a: 1, b: 1, c: 0 } };
    const file = writeRecords([data.x, data.y]);
    const fromFile = curveFitSync('a*exp(-b*x) + c', fromBinaryFile(file, { columns: ['x', 'y'], chunkRows: 777 }), options);
    const inMemory = curveFitSync('a*exp(-b*x) + c', data.x, data.y, options);
    for (const name of inMemory.names) {
      expect(Math.abs(fromFile.params[name] - inMemory.params[name]) / Math.abs(inMemory.params[name])).toBeLessThan(1e-12);
      expect(Math.abs(fromFile.errors[name] - inMemory.errors[name]) / Math.abs(inMemory.errors[name])).toBeLessThan(1e-12);
    }
    expect(Math.abs(fromFile.chi2 - inMemory.chi2) / inMemory.chi2).toBeLessThan(1e-12);
  });
});
