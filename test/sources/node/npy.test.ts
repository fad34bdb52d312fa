// Oracle: NumPy. The files in test/fixtures/npy were written by numpy.save (generate.py beside
// them), and decay.json holds the same values as NumPy printed them (repr of each float64): every
// file must read back as exactly those values — bit for bit for '<f8', as Math.fround of them
// for '<f4' — whatever its order (C or Fortran), its format version (1.0, 2.0, 3.0) and the
// chunk and block sizes; and a fit from a file must equal the fit of the same arrays in memory.
// The files NumPy writes that this does not read give INVALID_FILE naming what was found.
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { curveFitSync } from '../../../src/index.ts';
import { fromNpyFile } from '../../../src/sources/node/npy.ts';
import { readAll } from '../../support/read-all.ts';
import { thrown } from '../../support/thrown.ts';

const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/npy/${name}`, import.meta.url));
const numpy: { x: string[]; y: string[]; sigma: string[] } = JSON.parse(readFileSync(fixture('decay.json'), 'utf8'));
const x = numpy.x.map(Number);
const y = numpy.y.map(Number);
const sigma = numpy.sigma.map(Number);
const f32 = (values: number[]) => values.map(Math.fround);

const dir = mkdtempSync(join(tmpdir(), 'arenafit-npy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('fromNpyFile reads what numpy.save wrote', () => {
  it.each(['c_f8.npy', 'f_f8.npy', 'v2.npy', 'v3.npy'])('%s: x, y and sigma, bit for bit', (name) => {
    const read = readAll(fromNpyFile(fixture(name)));
    expect(read.x).toEqual(x);
    expect(read.y).toEqual(y);
    expect(read.sigma).toEqual(sigma);
    expect(new Set(read.types)).toEqual(new Set(['Float64Array']));
  });

  it.each(['c_f4.npy', 'f_f4.npy'])('%s: float32 values as Float32Array', (name) => {
    const read = readAll(fromNpyFile(fixture(name)));
    expect(read.x).toEqual(f32(x));
    expect(read.y).toEqual(f32(y));
    expect(read.sigma).toEqual(f32(sigma));
    expect(new Set(read.types)).toEqual(new Set(['Float32Array']));
  });

  it.each([
    ['C order', 'c_f8.npy'],
    ['Fortran order', 'f_f8.npy'],
  ])('%s: the same values in chunks of 7 rows and blocks of 50 bytes', (_, name) => {
    const read = readAll(fromNpyFile(fixture(name), { chunkRows: 7, blockBytes: 50 }));
    expect(read.y).toEqual(y);
    expect(read.sigma).toEqual(sigma);
    expect(read.sizes).toEqual([7, 7, 7, 7, 7, 5]);
  });

  it('two columns are x and y; four need names, and "_" skips one', () => {
    expect(readAll(fromNpyFile(fixture('xy.npy'))).sigma).toBeUndefined();
    const read = readAll(fromNpyFile(fixture('four.npy'), { columns: ['t', '_', 'y', 'sigma'] }));
    expect(read.x).toEqual({ t: x });
    expect(read.y).toEqual(y);
    expect(thrown(() => fromNpyFile(fixture('four.npy'))).code).toBe('INVALID_OPTION');
    expect(thrown(() => fromNpyFile(fixture('four.npy'), { columns: ['x', 'y'] })).code).toBe('INVALID_OPTION');
  });

  it('one 1-D file per column, a (n, 1) array included', () => {
    const read = readAll(fromNpyFile({ x: fixture('x.npy'), y: fixture('y_column.npy'), sigma: fixture('sigma.npy') }, { chunkRows: 16 }));
    expect(read.x).toEqual(x);
    expect(read.y).toEqual(y);
    expect(read.sigma).toEqual(sigma);
    expect(read.sizes).toEqual([16, 16, 8]);
    expect(readAll(fromNpyFile({ time: fixture('x.npy'), y: fixture('y.npy') })).x).toEqual({ time: x });
  });
});

describe('a fit from a .npy file is the fit of the same arrays in memory', () => {
  const options = { p0: { a: 1, b: 1, c: 0 } };
  const memory = curveFitSync('a*exp(-b*x) + c', x, y, { ...options, sigma });

  it.each(['c_f8.npy', 'f_f8.npy'])('%s: the same parameters and errors, to the last bit', (name) => {
    const r = curveFitSync('a*exp(-b*x) + c', fromNpyFile(fixture(name)), options);
    expect(r.params).toEqual(memory.params);
    expect(r.errors).toEqual(memory.errors);
    expect(r.converged, r.message).toBe(true);
  });

  it('one file per column: the same parameters', () => {
    const r = curveFitSync('a*exp(-b*x) + c', fromNpyFile({ x: fixture('x.npy'), y: fixture('y.npy'), sigma: fixture('sigma.npy') }), options);
    expect(r.params).toEqual(memory.params);
  });
});

describe('files it does not read are refused, saying what they hold', () => {
  const message = (run: () => unknown) => {
    const error = thrown(run);
    return `${error.code}: ${error.message}`;
  };

  it.each([
    ['big-endian float64', 'big.npy', /INVALID_FILE: .*'>f8'.*big-endian.*astype\('<f8'\)/],
    ['int64', 'int.npy', /INVALID_FILE: .*'<i8'.*expected little-endian float64 '<f8' or float32 '<f4'/],
    ['a 3-D array', 'cube.npy', /INVALID_FILE: .*shape \(40, 3, 1\).*expected a 2-D array/],
    ['a structured array', 'structured.npy', /INVALID_FILE: .*structured array/],
    ['a 1-D array alone', 'x.npy', /INVALID_FILE: .*shape \(40\).*one 1-D file per column/],
    ['a file that is not .npy', 'decay.json', /INVALID_FILE: .*is not a \.npy file/],
  ])('%s', (_, name, pattern) => {
    expect(message(() => fromNpyFile(fixture(name)))).toMatch(pattern);
  });

  it('a truncated file', () => {
    const path = join(dir, 'truncated.npy');
    writeFileSync(path, readFileSync(fixture('c_f8.npy')).subarray(0, 1000));
    expect(message(() => fromNpyFile(path))).toMatch(/INVALID_FILE: .*1000 bytes; its header .* says 1088/);
  });

  it('a file that changes between passes', () => {
    const path = join(dir, 'changing.npy');
    copyFileSync(fixture('c_f8.npy'), path);
    const source = fromNpyFile(path);
    writeFileSync(path, readFileSync(fixture('xy.npy')));
    expect(thrown(() => readAll(source)).code).toBe('INVALID_FILE');
  });

  it('per-column files of different lengths or dtypes, and a missing file', () => {
    expect(message(() => fromNpyFile({ x: fixture('x.npy'), y: fixture('short.npy') }))).toMatch(/LENGTH_MISMATCH: .*39 values/);
    expect(message(() => fromNpyFile({ x: fixture('x_f4.npy'), y: fixture('y.npy') }))).toMatch(/INVALID_FILE: .*one dtype/);
    expect(thrown(() => fromNpyFile(join(dir, 'nothing.npy'))).code).toBe('FILE_NOT_FOUND');
    expect(thrown(() => fromNpyFile(42 as unknown as string)).code).toBe('INVALID_ARGUMENT');
  });
});
