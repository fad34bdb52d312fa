// The files a scientist brings (test/fixtures/files: the same 40-row decay in each format people's
// tools write, and NIST's Misra1a.dat as published), read through fromCsvFile and through
// parseDelimited (the file's bytes, and for UTF-8 files its text as a string). Oracle: the values
// the generator wrote (truth.json; every file's text reads back to exactly those doubles), with
// the cells the manifest lists as NaN; and for the files refused, the error code and the message
// (line, column, the option that fixes it) the manifest gives.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDelimited, type ParseDelimitedOptions } from '../../../src/text.ts';
import { fromCsvFile } from '../../../src/node.ts';
import { readAll } from '../../support/read-all.ts';
import { thrown } from '../../support/thrown.ts';

const folder = join(import.meta.dirname, '../../fixtures/files');
const truth = JSON.parse(readFileSync(join(folder, 'truth.json'), 'utf8')) as Record<string, Record<string, number[]>>;

interface Entry {
  name: string;
  description: string;
  options: ParseDelimitedOptions;
  rows?: number;
  truth?: string;
  nan?: Record<string, number[]>;
  error?: { code: string; message: string };
}
const manifest = JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8')) as Entry[];

/** The columns expected: the truth's, NaN where the manifest says. */
function expected(entry: Entry): Record<string, number[]> {
  const columns: Record<string, number[]> = {};
  const names = entry.options.sigma === undefined ? ['x', 'y'] : ['x', 'y', 'sigma'];
  for (const name of names) columns[name] = truth[entry.truth!][name].map((v, i) => (entry.nan?.[name]?.includes(i) ? NaN : v));
  return columns;
}

/** Whether a file's bytes are UTF-8 (a UTF-16 or Windows-1252 file read as a string would be mangled before the reader saw it). */
const isUtf8 = (bytes: Uint8Array) => {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return !bytes.includes(0);
  } catch {
    return false;
  }
};

describe('the fixture files', () => {
  it('are what generate.mjs writes (run it after changing it)', () => {
    expect(manifest.length).toBeGreaterThan(15);
    for (const entry of manifest) expect(readFileSync(join(folder, entry.name)).length, entry.name).toBeGreaterThan(0);
  });

  for (const entry of manifest) {
    const path = join(folder, entry.name);
    const label = `${entry.name} (${entry.description})${Object.keys(entry.options).length ? ` with ${JSON.stringify(entry.options)}` : ''}`;
    if (entry.error !== undefined) {
      const { code, message } = entry.error;
      it(`${label} is refused: ${code}`, () => {
        const fromFile = thrown(() => readAll(fromCsvFile(path, entry.options)));
        expect(fromFile.code).toBe(code);
        expect(fromFile.message).toMatch(new RegExp(message));
        expect(fromFile.message).toContain(JSON.stringify(path));
        const inMemory = thrown(() => parseDelimited(readFileSync(path), entry.options));
        expect(inMemory.code).toBe(code);
        expect(inMemory.message).toMatch(new RegExp(message));
        expect(inMemory.message).toMatch(/^the text, line \d+, column \d+: /);
      });
      continue;
    }
    it(`${label} gives the ${entry.rows} rows written`, () => {
      const want = expected(entry);
      const read = readAll(fromCsvFile(path, { ...entry.options, chunkRows: 16 }));
      expect(read.y.length).toBe(entry.rows);
      expect(read.x).toEqual(want.x);
      expect(read.y).toEqual(want.y);
      expect(read.sigma).toEqual(want.sigma);
      const bytes = readFileSync(path);
      const columns = [parseDelimited(bytes, entry.options)];
      if (isUtf8(bytes)) columns.push(parseDelimited(new TextDecoder().decode(bytes), entry.options));
      for (const c of columns) {
        expect(Array.from(c.x)).toEqual(want.x);
        expect(Array.from(c.y)).toEqual(want.y);
        expect(c.sigma && Array.from(c.sigma)).toEqual(want.sigma);
      }
    });
  }
});

// All 27 NIST StRD files as published (test/fixtures/nist-strd/dat/, NIST's files byte for byte).
// Oracle: test/fixtures/nist-strd/problems.json, the same data checked against NIST's certified values.
const reference = join(folder, '../nist-strd/dat');
describe('the NIST StRD files as published', () => {
  const { problems } = JSON.parse(readFileSync(join(folder, '../nist-strd/problems.json'), 'utf8')) as { problems: { name: string; file: string; predictors: string[]; data: Record<string, number[]> }[] };
  it('are each refused naming options.skipLines: 60, and read with it give the data of problems.json', () => {
    expect(problems.length).toBe(27);
    for (const { file, predictors, data } of problems) {
      const path = join(reference, file);
      expect(thrown(() => fromCsvFile(path)).message, file).toMatch(/line 1, column 1: "NIST\/ITL StRD" is not a row of the table of numbers that starts at line 61 .*options\.skipLines: 60 to skip/);
      const x = predictors.length === 1 ? 2 : predictors.map((_, k) => k + 2); // y is NIST's first column; x1, x2 by position
      const read = readAll(fromCsvFile(path, { skipLines: 60, x, y: 1 }));
      expect(read.y, file).toEqual(data.y);
      expect(read.x, file).toEqual(predictors.length === 1 ? data.x : Object.fromEntries(predictors.map((name) => [name, data[name]])));
    }
  });
});
