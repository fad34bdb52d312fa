// fromCsvFile's temporary binary copy (src/sources/node/temp-copy.ts): the first complete pass
// parses the text and keeps the columns; later passes read them back. Nothing about the copy is
// public, so the tests tell which one a pass read by changing the text file between passes while
// keeping its size and modification time (the copy's stamp): a pass that gives the old values
// read the copy, one that gives the new values parsed the text. Oracles: the values written to
// the file; the fit of the arrays in memory; the file descriptors and directories the process holds.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { curveFitSync } from '../../../src/index.ts';
import { fromCsvFile } from '../../../src/sources/node/csv.ts';
import { synthetic } from '../../support/synthetic.ts';
import { readAll } from '../../support/read-all.ts';

const dir = mkdtempSync(join(tmpdir(), 'arenafit-copy-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
/** A file whose modification time is a whole second, so that it can be set back exactly. */
function write(text: string, path = join(dir, `data-${files++}.csv`)): string {
  writeFileSync(path, text);
  utimesSync(path, 1_700_000_000, 1_700_000_000);
  return path;
}

const rows = 1000;
const old = 'x,y\n' + Array.from({ length: rows }, (_, i) => `${i},${(i % 7) + 1}`).join('\n') + '\n';
// The same size, other values: every y digit one higher (1…7 → 2…8).
const changed = old.replace(/,(\d)$/gm, (_, d) => `,${Number(d) + 1}`);
const oldY = Array.from({ length: rows }, (_, i) => (i % 7) + 1);
const newY = oldY.map((v) => v + 1);

describe("fromCsvFile's temporary copy", () => {
  it('is what the second pass reads: a change to the text that keeps its size and time is not seen', () => {
    expect(changed.length).toBe(old.length);
    const path = write(old);
    const source = fromCsvFile(path, { chunkRows: 300 });
    const first = readAll(source);
    expect(first.y).toEqual(oldY);
    write(changed, path);
    const second = readAll(source);
    expect(second).toEqual(first); // the same chunks, from the copy
    source.release();
    expect(readAll(source).y).toEqual(newY); // released: the text again
  });

  it('is not made with options.tempCopy false: every pass parses the text', () => {
    const path = write(old);
    const source = fromCsvFile(path, { tempCopy: false });
    expect(readAll(source).y).toEqual(oldY);
    write(changed, path);
    expect(readAll(source).y).toEqual(newY);
  });

  it('is not made by a first pass left before its end', () => {
    const path = write(old);
    const source = fromCsvFile(path, { chunkRows: 100 });
    for (const chunk of source.chunks()) {
      expect(chunk.y.length).toBe(100);
      break;
    }
    write(changed, path);
    expect(readAll(source).y).toEqual(newY);
  });

  it('is dropped, without an error, when the text file changes its modification time or size', () => {
    const path = write(old);
    const source = fromCsvFile(path);
    readAll(source);
    writeFileSync(path, changed); // same size, new time
    expect(readAll(source).y).toEqual(newY);
    write(old, path);
    writeFileSync(path, old + '1000,1\n'); // grows: the text pass refuses it, as without a copy
    expect(() => readAll(source)).toThrow(/is \d+ bytes but was \d+ when the source was created/);
  });

  it('gives a fit the same rows as the text: identical parameters with and without it, as for the arrays', () => {
    const data = synthetic(3000, (t) => 2.5 * Math.exp(-1.3 * t) + 0.5, 0.01, 21);
    const path = write('t,counts\n' + Array.from(data.x, (t, i) => `${t},${data.y[i]}`).join('\n') + '\n');
    const options = { p0: { a: 1, b: 1, c: 0 } };
    const withCopy = fromCsvFile(path, { chunkRows: 512 });
    const fit = curveFitSync('a*exp(-b*x) + c', withCopy, options);
    withCopy.release();
    const withoutCopy = curveFitSync('a*exp(-b*x) + c', fromCsvFile(path, { chunkRows: 512, tempCopy: false }), options);
    const inMemory = curveFitSync('a*exp(-b*x) + c', data.x, data.y, options);
    expect(fit.evaluations).toBeGreaterThan(2);
    expect(fit.params).toEqual(withoutCopy.params); // bit for bit
    expect(fit.errors).toEqual(withoutCopy.errors);
    for (const name of inMemory.names) expect(Math.abs(fit.params[name] / inMemory.params[name] - 1)).toBeLessThan(1e-12);
  });

  it('lets two passes run at once: the one that starts while the copy is being written parses the text', () => {
    const path = write(old);
    const source = fromCsvFile(path, { chunkRows: 250 });
    const a = source.chunks();
    const b = source.chunks();
    const ys: number[][] = [[], []];
    for (let done = 0; done < 2; ) {
      done = 0;
      for (const [k, it] of [a, b].entries()) {
        const step = it.next();
        if (step.done) done++;
        else ys[k].push(...step.value.y);
      }
    }
    expect(ys).toEqual([oldY, oldY]);
    write(changed, path);
    expect(readAll(source).y).toEqual(oldY); // the copy the first pass wrote
  });

  // Two fits over one source: the one that ends first releases the copy while the other is still
  // reading it, or writing it. The descriptor must stay open until the last pass using it ends: a
  // closed one fails that pass, and a number the system reuses for the next file opened would
  // read — or write — that file instead.
  it('stays open for a pass still reading it when another fit releases it: the pass gives every row', () => {
    const path = write(old);
    const source = fromCsvFile(path, { chunkRows: 250 });
    readAll(source); // writes the copy
    const reading = source.chunks();
    const ys = [...reading.next().value!.y];
    source.release();
    const other = write(old); // opened after the release: would take a reused descriptor number
    expect(readAll(fromCsvFile(other, { chunkRows: 250, tempCopy: false })).y).toEqual(oldY);
    for (let step = reading.next(); !step.done; step = reading.next()) ys.push(...step.value.y);
    expect(ys).toEqual(oldY);
  });

  it('stays open for a pass still writing it when another fit releases it: no other file is written', () => {
    const path = write(old);
    const source = fromCsvFile(path, { chunkRows: 250 });
    const writing = source.chunks();
    const ys = [...writing.next().value!.y];
    source.release();
    const bystander = write('x,y\n' + '9,9\n'.repeat(rows));
    const before = readFileSync(bystander, 'utf8');
    const held = fromCsvFile(bystander, { chunkRows: 250 });
    const passing = held.chunks();
    passing.next(); // holds the bystander's descriptor open while the first pass goes on writing
    for (let step = writing.next(); !step.done; step = writing.next()) ys.push(...step.value.y);
    passing.return(undefined);
    expect(ys).toEqual(oldY);
    expect(readFileSync(bystander, 'utf8')).toBe(before);
    write(changed, path);
    expect(readAll(source).y).toEqual(newY); // a copy released while written is not kept: the text is parsed
  });

  describe('in a temporary directory of its own', () => {
    let saved: string | undefined;
    let temp: string;
    beforeEach(() => {
      saved = process.env.TMPDIR;
      temp = join(dir, `tmp-${files++}`);
      mkdirSync(temp);
      process.env.TMPDIR = temp;
    });
    afterEach(() => {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    });

    /** The open descriptors of this process that point into the temporary directory. */
    const held = () => readdirSync('/proc/self/fd').map((fd) => { try { return readlinkSync(`/proc/self/fd/${fd}`); } catch { return ''; } }).filter((target) => target.startsWith(temp));

    it.runIf(existsSync('/proc/self/fd'))('leaves nothing in it: the file is unlinked once open, and release() closes it', () => {
      const path = write(old);
      const source = fromCsvFile(path);
      readAll(source);
      expect(readdirSync(temp)).toEqual([]); // nothing to remove, even after a crash
      expect(held()).toEqual([expect.stringMatching(/arenafit-\w+\/columns\.f64 \(deleted\)$/)]);
      source.release();
      expect(held()).toEqual([]);
      readAll(source); // usable again, with a new copy
      expect(held().length).toBe(1);
      source.release();
    });

    it('does without when no temporary file can be made (a read-only or missing directory)', () => {
      process.env.TMPDIR = join(temp, 'missing', 'dir');
      const path = write(old);
      const source = fromCsvFile(path);
      expect(readAll(source).y).toEqual(oldY);
      write(changed, path);
      expect(readAll(source).y).toEqual(newY);
    });
  });
});
