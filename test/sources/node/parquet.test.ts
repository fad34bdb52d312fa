// Oracles: the values the fixtures were written from (test/fixtures/parquet/generate.mjs wrote them
// with hyparquet-writer — and v1.parquet page by page as pyarrow lays a file out — and wrote the
// same values to decay.json), hyparquet's own whole-file reader (parquetReadObjects) on every
// file, and the fit of the same arrays in memory: a fit from a Parquet file must give exactly
// its parameters and errors, whatever the row groups, pages, codecs and chunk sizes. Nulls are
// NaN; INT64 values are Number(bigint); the files this does not read fail when the source is made,
// with the FitError code and a message naming the column, the type or codec, and what is read.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as zlib from 'node:zlib';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { ByteWriter, parquetWriteFile } from 'hyparquet-writer';
import { writeRleBitPackedHybrid } from 'hyparquet-writer/src/encoding.js';
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine, createWorkerFitter, curveFit, curveFitSync } from '../../../src/index.ts';
import { fromParquetFile } from '../../../src/parquet.ts';
import type { FileSource } from '../../../src/sources/node/file.ts';
import { decodeHybrid } from '../../../src/sources/node/parquet/hybrid.ts';
import { readAll } from '../../support/read-all.ts';
import { thrown } from '../../support/thrown.ts';

const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/parquet/${name}`, import.meta.url));
const written: { x: number[]; y: number[]; sigma: number[]; nullRows: number[] } = JSON.parse(readFileSync(fixture('decay.json'), 'utf8'));
const { x, y, sigma, nullRows } = written;
const f32 = (values: number[]) => values.map(Math.fround);
const withNulls = y.map((v, i) => (nullRows.includes(i) ? NaN : v));
const identity = (bytes: Uint8Array) => bytes;
const decay = { x: 'x', y: 'y', sigma: 'sigma' };
const model = 'a*exp(-b*x) + c';
const p0 = { a: 1, b: 1, c: 0 };

const dir = mkdtempSync(join(tmpdir(), 'arenafit-parquet-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** hyparquet's own reading of whole columns (async, the whole file in memory): nulls as NaN, bigints as numbers. */
async function hyparquetColumns(path: string, columns: string[], compressors = {}): Promise<number[][]> {
  const bytes = readFileSync(path);
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  const rows = await parquetReadObjects({ file, columns, compressors });
  return columns.map((name) => rows.map((row) => (row[name] === null ? NaN : Number(row[name]))));
}

const message = (run: () => unknown) => {
  const error = thrown(run);
  return `${error.code}: ${error.message}`;
};

describe('fromParquetFile reads the columns as they were written', () => {
  it.each([
    ['decay.parquet', 'one row group, snappy, a dictionary-encoded sigma'],
    ['groups.parquet', 'nullable columns, uncompressed, row groups of 7, pages of 3 values'],
    ['gzip.parquet', 'GZIP, through node:zlib'],
    ['brotli.parquet', 'BROTLI, through node:zlib'],
    ['v1.parquet', "pyarrow's layout: DATA_PAGE v1, nullable, dictionary, snappy"],
  ])('%s (%s): x, y and sigma bit for bit, as Float64Array', async (name) => {
    const read = readAll(fromParquetFile(fixture(name), decay));
    expect(read.x).toEqual(x);
    expect(read.y).toEqual(y);
    expect(read.sigma).toEqual(sigma);
    expect(new Set(read.types)).toEqual(new Set(['Float64Array']));
    expect([read.x, read.y, read.sigma]).toEqual(await hyparquetColumns(fixture(name), ['x', 'y', 'sigma'], { GZIP: zlib.gunzipSync, BROTLI: zlib.brotliDecompressSync }));
  });

  it('FLOAT columns as Float32Array, the float32 values', async () => {
    const read = readAll(fromParquetFile(fixture('float32.parquet'), decay));
    expect(read.x).toEqual(f32(x));
    expect(read.y).toEqual(f32(y));
    expect(read.sigma).toEqual(f32(sigma));
    expect(new Set(read.types)).toEqual(new Set(['Float32Array']));
    expect([read.x, read.y]).toEqual(await hyparquetColumns(fixture('float32.parquet'), ['x', 'y']));
  });

  it('INT32, nullable INT64, UINT_32 above 2^31, and INT64 above 2^53 rounded as Number(bigint) rounds', async () => {
    const read = readAll(fromParquetFile(fixture('integers.parquet'), { x: ['step', 'tick', 'unsigned', 'big'], y: 'y' }));
    const steps = x.map((_, i) => i);
    expect(read.x).toEqual({
      step: steps,
      tick: steps,
      unsigned: steps.map((i) => 4294967295 - i),
      big: steps.map((i) => Number(2n ** 53n + BigInt(i))),
    });
    expect((read.x as Record<string, number[]>).big[1]).toBe(2 ** 53); // 2^53 + 1 is not a float64: rounded to even
    expect(read.y).toEqual(y);
    expect(Object.values(read.x)).toEqual(await hyparquetColumns(fixture('integers.parquet'), ['step', 'tick', 'unsigned', 'big']));
  });

  it('nulls as NaN, across row groups and in v1 pages', async () => {
    expect(readAll(fromParquetFile(fixture('nulls.parquet'), decay)).y).toEqual(withNulls);
    expect(readAll(fromParquetFile(fixture('v1.parquet'), { x: 'x', y: 'ynull' })).y).toEqual(withNulls);
    expect((await hyparquetColumns(fixture('nulls.parquet'), ['y']))[0]).toEqual(withNulls);
  });

  it("encodings arenafit does not decode itself, through hyparquet's readPage: BYTE_STREAM_SPLIT (with nulls), DELTA_BINARY_PACKED", async () => {
    const path = fixture('encodings.parquet');
    const read = readAll(fromParquetFile(path, { x: ['x', 'step', 'tick'], y: 'y', chunkRows: 6 }));
    expect(read.x).toEqual({ x, step: x.map((_, i) => i), tick: x.map((_, i) => i - 20) });
    expect(read.y).toEqual(withNulls);
    expect([...Object.values(read.x), read.y]).toEqual(await hyparquetColumns(path, ['x', 'step', 'tick', 'y']));
  });

  it('a dictionary-encoded column with nulls, in v1 pages', async () => {
    const path = fixture('v1.parquet');
    const footer = parquetMetadata(readFileSync(path));
    expect(footer.row_groups[0].columns[3].meta_data!.encodings).toContain('RLE_DICTIONARY');
    const read = readAll(fromParquetFile(path, { x: 'sigma', y: 'ynull', chunkRows: 11 }));
    expect(read.x).toEqual(sigma);
    expect(read.y).toEqual(withNulls);
    expect([read.x, read.y]).toEqual(await hyparquetColumns(path, ['sigma', 'ynull']));
  });

  it('no sigma unless asked; a plain x is one column, a list of names named columns', () => {
    const plain = readAll(fromParquetFile(fixture('decay.parquet'), { x: 'x', y: 'y' }));
    expect(plain.sigma).toBeUndefined();
    expect(plain.x).toEqual(x);
    expect(readAll(fromParquetFile(fixture('decay.parquet'), { x: ['x'], y: 'y' })).x).toEqual({ x });
    expect(readAll(fromParquetFile(fixture('decay.parquet'), { x: ['sigma', 'x'], y: 'y' })).x).toEqual({ sigma, x });
  });
});

describe('chunks run across row groups and pages', () => {
  it.each([
    [1, Array(40).fill(1)],
    [5, Array(8).fill(5)],
    [9, [9, 9, 9, 9, 4]],
    [7, [7, 7, 7, 7, 7, 5]],
    [1000, [40]],
  ])('groups of 7 rows, pages of 3 values, in chunks of %i rows: the same rows', (chunkRows, sizes) => {
    for (const name of ['groups.parquet', 'nulls.parquet', 'v1.parquet']) {
      const read = readAll(fromParquetFile(fixture(name), { ...decay, chunkRows }));
      expect(read.x).toEqual(x);
      expect(read.sigma).toEqual(sigma);
      expect(read.sizes).toEqual(sizes);
    }
  });

  it('two passes give the same rows, one after the other or at the same time', () => {
    const source = fromParquetFile(fixture('groups.parquet'), { ...decay, chunkRows: 6 });
    const first = readAll(source);
    expect(readAll(source)).toEqual(first);
    // A pass left after its first chunk while another runs whole: each has buffers of its own.
    const pass = source.chunks();
    const head = Array.from(pass.next().value!.y as Float64Array);
    expect(readAll(source)).toEqual(first);
    const rest: number[] = [];
    for (const chunk of pass) rest.push(...(chunk.y as Float64Array)); // copied before the next: the arrays are reused
    expect(head.concat(rest)).toEqual(y);
  });

  it('a source still reads after release(), as a fit leaves it', () => {
    const source = fromParquetFile(fixture('v1.parquet'), decay);
    const first = readAll(source);
    source.release!();
    expect(readAll(source)).toEqual(first);
  });

  it('locateRow names the file, the row and its row group, from 0 as pyarrow counts', () => {
    const source = fromParquetFile(fixture('nulls.parquet'), decay);
    const path = JSON.stringify(fixture('nulls.parquet'));
    expect(source.locateRow!(0)).toBe(`${path} row 0: row 0 of row group 0`);
    expect(source.locateRow!(17)).toBe(`${path} row 17: row 3 of row group 2`);
    expect(source.locateRow!(39)).toBe(`${path} row 39: row 4 of row group 5`);
    expect(source.locateRow!(40)).toBeUndefined();
  });
});

describe('a fit from a Parquet file is the fit of the same arrays in memory', () => {
  const memory = curveFitSync(model, x, y, { p0, sigma });

  it.each(['decay.parquet', 'groups.parquet', 'gzip.parquet', 'brotli.parquet', 'v1.parquet'])('%s: the same parameters and errors, to the last bit (curveFitSync)', (name) => {
    const r = curveFitSync(model, fromParquetFile(fixture(name), { ...decay, chunkRows: 9 }), { p0 });
    expect(r.params).toEqual(memory.params);
    expect(r.errors).toEqual(memory.errors);
    expect(r.converged, r.message).toBe(true);
  });

  it('curveFit (async) gives the same', async () => {
    const r = await curveFit(model, fromParquetFile(fixture('v1.parquet'), decay), { p0 });
    expect(r.params).toEqual(memory.params);
    expect(r.errors).toEqual(memory.errors);
  });

  it('through a worker fitter, and with pass workers', async () => {
    const source = fromParquetFile(fixture('v1.parquet'), { ...decay, chunkRows: 8 });
    const fitter = createWorkerFitter();
    try {
      expect((await fitter.curveFit(model, source, { p0 })).params).toEqual(memory.params);
    } finally {
      fitter.terminate();
    }
    const engine = createEngine();
    try {
      const r = await engine.curveFit(model, source, { p0, workers: 2 });
      for (const name of ['a', 'b', 'c']) expect(r.params[name]).toBeCloseTo(memory.params[name], 12);
    } finally {
      engine.close();
    }
  });

  it('float32 columns: the fit of the Float32Arrays', () => {
    const expected = curveFitSync(model, Float32Array.from(x), Float32Array.from(y), { p0, sigma: Float32Array.from(sigma) });
    const r = curveFitSync(model, fromParquetFile(fixture('float32.parquet'), decay), { p0 });
    expect(r.params).toEqual(expected.params);
    expect(r.errors).toEqual(expected.errors);
  });

  it('an INT32 x: the fit of its values as numbers', () => {
    const steps = x.map((_, i) => i);
    const expected = curveFitSync('a*exp(-b*step/10) + c', { step: steps }, y, { p0 });
    const r = curveFitSync('a*exp(-b*step/10) + c', fromParquetFile(fixture('integers.parquet'), { x: ['step'], y: 'y', chunkRows: 4 }), { p0 });
    expect(r.params).toEqual(expected.params);
    expect(r.converged, r.message).toBe(true);
  });

  it("nulls: NON_FINITE_DATA naming the row in the file under nanPolicy 'raise'; skipped under 'omit'", async () => {
    const source = fromParquetFile(fixture('nulls.parquet'), decay);
    const path = JSON.stringify(fixture('nulls.parquet'));
    const error = thrown(() => curveFitSync(model, source, { p0 }));
    expect(error.code).toBe('NON_FINITE_DATA');
    expect(error.message).toContain(`y[3] (${path} row 3: row 3 of row group 0) is NaN`);
    expect(error.message).toMatch(/nanPolicy.*'omit'/);
    await expect(curveFit(model, source, { p0 })).rejects.toMatchObject({ code: 'NON_FINITE_DATA' });

    const keep = (_: number, i: number) => !nullRows.includes(i);
    const expected = curveFitSync(model, x.filter(keep), y.filter(keep), { p0, sigma: sigma.filter(keep) });
    const r = curveFitSync(model, source, { p0, nanPolicy: 'omit' });
    expect(r.params).toEqual(expected.params);
    expect(r.errors).toEqual(expected.errors);
    expect(r.dof).toBe(x.length - nullRows.length - 3);
  });

  it('100,000 rows in row groups of 30,000 and pages of 16,384 values, nullable: the same rows, the same fit', () => {
    const n = 100_000;
    const bx = Float64Array.from({ length: n }, (_, i) => (10 * i) / n);
    const by = bx.map((t, i) => 2.5 * Math.exp(-1.3 * t) + 0.5 + 0.01 * Math.sin(i * 12.9898));
    // sigma from 1,001 values: a dictionary, its indices 10 bits wide.
    const bs = bx.map((t) => 0.01 + Math.round(t * 100) / 1e5);
    const path = join(dir, 'big.parquet');
    parquetWriteFile({
      filename: path,
      columnData: [{ name: 't', data: bx, type: 'DOUBLE' }, { name: 'v', data: by, type: 'DOUBLE' }, { name: 's', data: bs, type: 'DOUBLE' }],
      rowGroupSize: 30_000,
      pageSize: 1 << 17,
    });
    const footer = parquetMetadata(readFileSync(path));
    expect(footer.row_groups.map((g) => Number(g.num_rows))).toEqual([30_000, 30_000, 30_000, 10_000]);
    expect(footer.row_groups[0].columns[2].meta_data!.encodings).toContain('RLE_DICTIONARY');

    const source = fromParquetFile(path, { x: 't', y: 'v', sigma: 's' });
    const read = readAll(source);
    expect(read.sizes).toEqual([65_536, 34_464]);
    expect(new Float64Array(read.x as number[])).toEqual(bx);
    expect(new Float64Array(read.y)).toEqual(by);
    expect(new Float64Array(read.sigma!)).toEqual(bs);
    const r = curveFitSync(model, source, { p0 });
    const expected = curveFitSync(model, bx, by, { p0, sigma: bs });
    expect(r.params).toEqual(expected.params);
    expect(r.errors).toEqual(expected.errors);
  });
});

describe('the RLE / bit-packing hybrid decoder (definition levels, dictionary indices)', () => {
  // Oracle: the format's definition, encoded here value by value and bit by bit — runs of 8 or
  // more equal values as RLE runs, the rest bit-packed in runs of 1 or 2 groups of 8, least
  // significant bit first — and, for widths up to 24, hyparquet-writer's encoder (past 24 bits
  // its 32-bit shifts lose bits, as hyparquet's reader does: neither is an oracle there).
  function encode(values: number[], width: number): Uint8Array {
    const out: number[] = [];
    const varint = (v: number) => {
      for (; v >= 0x80; v = Math.floor(v / 128)) out.push((v % 128) | 0x80);
      out.push(v);
    };
    for (let i = 0; i < values.length; ) {
      let run = 1;
      while (i + run < values.length && values[i + run] === values[i]) run++;
      if (run >= 8) {
        varint(run * 2);
        for (let b = 0; b < (width + 7) >> 3; b++) out.push(Math.floor(values[i] / 2 ** (8 * b)) % 256);
        i += run;
        continue;
      }
      const groups = i % 3 === 0 ? 2 : 1;
      varint(groups * 2 + 1);
      const bits: number[] = [];
      for (let k = 0; k < groups * 8; k++) {
        const v = values[i + k] ?? 0;
        for (let b = 0; b < width; b++) bits.push(Math.floor(v / 2 ** b) % 2);
      }
      for (let b = 0; b < bits.length; b += 8) out.push(bits.slice(b, b + 8).reduce((byte, bit, j) => byte | (bit << j), 0));
      i += groups * 8;
    }
    return Uint8Array.from(out);
  }

  it.each([0, 1, 2, 3, 7, 8, 9, 10, 13, 16, 17, 23, 24, 25, 31, 32])('width %i: the values encoded, whatever the runs', (width) => {
    const max = width === 0 ? 0 : 2 ** Math.min(width, 31) - 1;
    const values = Array.from({ length: 1001 }, (_, i) => (i % 97 < 40 ? max : (i * 2654435761) % (max + 1)));
    const encodings = [encode(values, width)];
    if (width <= 24) {
      const writer = new ByteWriter();
      writeRleBitPackedHybrid(writer, values, width);
      encodings.push(writer.getBytes());
    }
    for (const bytes of encodings) {
      const out = new Int32Array(values.length);
      decodeHybrid(bytes, 0, bytes.length, width, out, values.length);
      expect(Array.from(out)).toEqual(values);
      expect(() => decodeHybrid(bytes, 0, bytes.length - 2, width, new Int32Array(values.length), values.length)).toThrow(/end/);
    }
  });
});

describe('codecs', () => {
  it('LZ4_RAW is refused at creation, saying how to get a decompressor; one given in options.compressors is used', () => {
    expect(message(() => fromParquetFile(fixture('lz4.parquet'), decay))).toMatch(
      /^INVALID_FILE: column "x" of ".*lz4\.parquet" is compressed with LZ4_RAW, which arenafit\/parquet does not decompress by itself; expected UNCOMPRESSED, SNAPPY, GZIP or BROTLI, or ZSTD on Node ≥ 22\.15 — or a decompressor for LZ4_RAW: npm install hyparquet-compressors/,
    );
    // The fixture's pages are stored as they are, so the identity decompresses them.
    const read = readAll(fromParquetFile(fixture('lz4.parquet'), { ...decay, compressors: { LZ4_RAW: identity } }));
    expect(read.y).toEqual(y);
  });

  const zstd = (zlib as unknown as { zstdDecompressSync?: unknown }).zstdDecompressSync;
  it.runIf(zstd === undefined)('ZSTD is refused on a Node without zstd, naming the Node version; a decompressor given is used', () => {
    expect(message(() => fromParquetFile(fixture('zstd.parquet'), decay))).toMatch(
      new RegExp(`^INVALID_FILE: column "x" of ".*zstd\\.parquet" is compressed with ZSTD, which arenafit/parquet does not decompress by itself \\(Node ≥ 22\\.15 decompresses ZSTD itself; this is Node ${process.version.replace(/\./g, '\\.')}\\).*hyparquet-compressors`),
    );
    expect(readAll(fromParquetFile(fixture('zstd.parquet'), { ...decay, compressors: { ZSTD: identity } })).y).toEqual(y);
  });

  it('a decompressor given takes precedence over the built-in ones', () => {
    let calls = 0;
    const counted = (bytes: Uint8Array, length: number) => {
      calls++;
      return zlib.gunzipSync(bytes, { maxOutputLength: length });
    };
    expect(readAll(fromParquetFile(fixture('gzip.parquet'), { ...decay, compressors: { GZIP: counted } })).y).toEqual(y);
    expect(calls).toBeGreaterThan(0);
  });
});

describe('what is refused, and how', () => {
  it.each([
    ['label', /INVALID_FILE: options\.y is "label", a column of ".*types\.parquet" that holds BYTE_ARRAY \(UTF8\) values; expected numbers: DOUBLE, FLOAT, INT32 or INT64/],
    ['when', /INVALID_FILE: options\.y is "when", .* holds INT64 \(TIMESTAMP_MILLIS\) values; expected numbers/],
    ['flag', /INVALID_FILE: options\.y is "flag", .* holds BOOLEAN values; expected numbers/],
    ['half', /INVALID_FILE: options\.y is "half", .* holds FIXED_LEN_BYTE_ARRAY \(FLOAT16\) values; expected numbers/],
    ['doc', /INVALID_FILE: options\.y is "doc", .* holds BYTE_ARRAY \(JSON\) values; expected numbers/],
  ])('a column of another type: %s', (column, pattern) => {
    expect(message(() => fromParquetFile(fixture('types.parquet'), { x: 'x', y: column }))).toMatch(pattern);
  });

  it('nested columns: a struct and a list', () => {
    expect(message(() => fromParquetFile(fixture('nested.parquet'), { x: 'point', y: 'y' }))).toMatch(/INVALID_FILE: options\.x is "point", a column of .* that holds a group of columns \(a struct\); expected numbers/);
    expect(message(() => fromParquetFile(fixture('nested.parquet'), { x: ['x', 'values'], y: 'y' }))).toMatch(/INVALID_FILE: options\.x\[1\] is "values", a column of .* that holds a list; expected numbers/);
  });

  it('a column the file lacks: UNKNOWN_COLUMN, listing the columns it has', () => {
    expect(message(() => fromParquetFile(fixture('decay.parquet'), { x: 'x', y: 'signal' }))).toMatch(
      /^UNKNOWN_COLUMN: options\.y is "signal", which is not a column of ".*decay\.parquet"; its columns are "x", "y", "sigma"$/,
    );
    expect(message(() => fromParquetFile(fixture('decay.parquet'), { x: ['x', 'dose'], y: 'y' }))).toMatch(/^UNKNOWN_COLUMN: options\.x\[1\] is "dose"/);
    expect(message(() => fromParquetFile(fixture('decay.parquet'), { x: 'x', y: 'y', sigma: 'err' }))).toMatch(/^UNKNOWN_COLUMN: options\.sigma is "err"/);
  });

  it('files that are not Parquet, or not whole', () => {
    const write = (name: string, bytes: Uint8Array | string) => {
      const path = join(dir, name);
      writeFileSync(path, bytes);
      return path;
    };
    const good = readFileSync(fixture('decay.parquet'));
    expect(message(() => fromParquetFile(fixture('not-parquet.parquet'), decay))).toMatch(/^INVALID_FILE: ".*not-parquet\.parquet" is not a Parquet file \(it does not end with "PAR1"\); expected a file written by a Parquet writer/);
    expect(message(() => fromParquetFile(write('empty.parquet', ''), decay))).toMatch(/INVALID_FILE: .* is not a Parquet file \(it is 0 bytes, fewer than the 12 of the smallest one\)/);
    expect(message(() => fromParquetFile(write('cut.parquet', good.subarray(0, good.length - 100)), decay))).toMatch(/INVALID_FILE: .*does not end with "PAR1"/);
    expect(message(() => fromParquetFile(write('headless.parquet', good.subarray(4)), decay))).toMatch(/INVALID_FILE: .*does not start with "PAR1"/);

    const long = Uint8Array.from(good);
    new DataView(long.buffer).setUint32(long.length - 8, 1e6, true);
    expect(message(() => fromParquetFile(write('long.parquet', long), decay))).toMatch(/INVALID_FILE: .* says its footer is 1000000 bytes, but the file is 909/);

    const garbled = Uint8Array.from(good);
    const length = new DataView(garbled.buffer).getUint32(garbled.length - 8, true);
    garbled.fill(0xff, garbled.length - 8 - length, garbled.length - 8);
    expect(message(() => fromParquetFile(write('garbled.parquet', garbled), decay))).toMatch(/INVALID_FILE: .* has a footer that cannot be read \(.*\); expected a complete, uncorrupted Parquet file/);

    const encrypted = Uint8Array.from(good);
    encrypted.set([0x50, 0x41, 0x52, 0x45], encrypted.length - 4);
    expect(message(() => fromParquetFile(write('encrypted.parquet', encrypted), decay))).toMatch(/INVALID_FILE: .* is an encrypted Parquet file/);
  });

  it('pages that do not decode: INVALID_FILE in the pass, naming the column and row group, also from a fit', () => {
    // The same size, its pages overwritten: the footer reads, the first page header does not.
    const bytes = Uint8Array.from(readFileSync(fixture('groups.parquet')));
    const footer = parquetMetadata(bytes);
    const first = Number(footer.row_groups[2].columns[1].meta_data!.data_page_offset);
    bytes.fill(0xff, first, first + 40);
    const path = join(dir, 'bad-pages.parquet');
    writeFileSync(path, bytes);
    const source = fromParquetFile(path, decay);
    expect(message(() => readAll(source))).toMatch(/^INVALID_FILE: column "y" of row group 2 of ".*bad-pages\.parquet" (has a page|cannot be decoded)/);
    expect(thrown(() => curveFitSync(model, source, { p0 })).code).toBe('INVALID_FILE');
  });

  it('a file of no rows: no chunks, which a fit refuses as it refuses any source without rows', () => {
    const path = join(dir, 'empty-table.parquet');
    parquetWriteFile({ filename: path, columnData: [{ name: 'x', data: new Float64Array(0) }, { name: 'y', data: new Float64Array(0) }] });
    const source = fromParquetFile(path, { x: 'x', y: 'y' });
    expect(readAll(source).sizes).toEqual([]);
    expect(message(() => curveFitSync(model, source, { p0 }))).toMatch(/^INVALID_SOURCE: the source gave no chunks/);
  });

  it('a file that changes between passes', () => {
    const path = join(dir, 'changing.parquet');
    copyFileSync(fixture('decay.parquet'), path);
    const source = fromParquetFile(path, decay);
    copyFileSync(fixture('groups.parquet'), path);
    expect(message(() => readAll(source))).toMatch(/^INVALID_FILE: .* is 4106 bytes but was 909 when the source was created/);
  });

  it('a path that is missing, a directory or not a string', () => {
    expect(thrown(() => fromParquetFile(join(dir, 'nothing.parquet'), decay)).code).toBe('FILE_NOT_FOUND');
    mkdirSync(join(dir, 'folder.parquet'));
    expect(thrown(() => fromParquetFile(join(dir, 'folder.parquet'), decay)).code).toBe('FILE_NOT_FOUND');
    expect(thrown(() => fromParquetFile(42 as unknown as string, decay)).code).toBe('INVALID_ARGUMENT');
  });

  it.each([
    [undefined, /^INVALID_ARGUMENT: options is undefined; expected an object such as \{ x: 'time', y: 'signal' \}/],
    [{ x: 'x', y: 'y', columns: ['x'] }, /^INVALID_OPTION: options\.columns is not an option; expected one of x, y, sigma, chunkRows, compressors/],
    [{ y: 'y' }, /^INVALID_OPTION: options\.x is undefined; expected the name of a column in the file/],
    [{ x: 'x' }, /^INVALID_OPTION: options\.y is undefined/],
    [{ x: [], y: 'y' }, /^INVALID_OPTION: options\.x is an empty array/],
    [{ x: ['x', 'x'], y: 'y' }, /^INVALID_OPTION: options\.x is \["x", "x"\]; expected each name once/],
    [{ x: ['x', 3], y: 'y' }, /^INVALID_OPTION: options\.x\[1\] is 3/],
    [{ x: 'x', y: 'y', sigma: '' }, /^INVALID_OPTION: options\.sigma is ""/],
    [{ x: 'x', y: 'y', chunkRows: 0 }, /^INVALID_OPTION: options\.chunkRows is 0; expected an integer from 1 to 2147483647/],
    [{ x: 'x', y: 'y', compressors: 'zstd' }, /^INVALID_OPTION: options\.compressors is "zstd"; expected decompressors by codec/],
    [{ x: 'x', y: 'y', compressors: { zstd: identity } }, /^INVALID_OPTION: options\.compressors\.zstd is not a Parquet codec; expected UNCOMPRESSED, SNAPPY, GZIP, LZO, BROTLI, LZ4, ZSTD, LZ4_RAW/],
    [{ x: 'x', y: 'y', compressors: { ZSTD: 'fast' } }, /^INVALID_OPTION: options\.compressors\.ZSTD is "fast"; expected a function/],
  ])('options %j', (options, pattern) => {
    expect(message(() => fromParquetFile(fixture('decay.parquet'), options as never))).toMatch(pattern);
  });
});

describe('the entry', () => {
  it('arenafit/parquet exports the source and nothing of the core', async () => {
    const entry = await import('../../../src/parquet.ts');
    expect(Object.keys(entry)).toEqual(['fromParquetFile']);
  });

  it('is a FileSource whose chunks() is a synchronous generator', () => {
    const source: FileSource = fromParquetFile(fixture('decay.parquet'), decay);
    const pass = source.chunks();
    expect(typeof pass.next).toBe('function');
    expect(Symbol.asyncIterator in pass).toBe(false);
    pass.return();
  });
});
