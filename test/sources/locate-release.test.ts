// What a source may add to chunks(): locateRow(row), which the message of a bad value names
// (a file's line instead of a row index nobody can find), and release(), called once when a fit
// that read it ends — returned, threw or was aborted — whatever the path (sync, async, workers).
// Oracle: the source's own counts and the messages' text.
import { describe, expect, it } from 'vitest';
import { createEngine, curveFit, curveFitSync, FitError, type ChunkSource } from '../../src/index.ts';

const x = Float64Array.from({ length: 200 }, (_, i) => i / 40);
const y = x.map((t) => 2 * Math.exp(-0.5 * t) + 0.1 + 0.01 * Math.sin(9 * t));
const p0 = { a: 1, b: 1, c: 0 };
const model = 'a*exp(-b*x) + c';

/** A source of x, y in chunks of 64 rows that counts its release() calls and locates rows as lines 3 + row. */
function source(yValues: Float64Array) {
  const counts = { released: 0, located: [] as number[] };
  const s: ChunkSource = {
    *chunks() {
      for (let start = 0; start < x.length; start += 64) yield { x: x.subarray(start, start + 64), y: yValues.subarray(start, start + 64) };
    },
    locateRow(row) {
      counts.located.push(row);
      return `"decay.csv" line ${row + 3}`;
    },
    release() {
      counts.released++;
    },
  };
  return { s, counts };
}

const fails = (run: () => unknown): FitError => {
  try {
    run();
  } catch (error) {
    return error as FitError;
  }
  throw new Error('expected a FitError');
};

describe('a bad value in a source that can locate its rows', () => {
  const bad = y.slice();
  bad[130] = NaN;

  it('is named by the source: row and line, and the nanPolicy that would skip it', () => {
    const { s, counts } = source(bad);
    const error = fails(() => curveFitSync(model, s, { p0 }));
    expect(error.code).toBe('NON_FINITE_DATA');
    expect(error.message).toMatch(/y\[130\] \("decay\.csv" line 133\) is NaN/);
    expect(error.message).toMatch(/options\.nanPolicy.*'omit'/);
    expect(counts.located).toEqual([130]);
  });

  it('Infinity is named by its line too, without the nanPolicy hint (omit skips NaN only)', () => {
    const inf = y.slice();
    inf[70] = Infinity;
    const { s } = source(inf);
    const error = fails(() => curveFitSync(model, s, { p0 }));
    expect(error.message).toMatch(/y\[70\] \("decay\.csv" line 73\) is Infinity/);
    expect(error.message).not.toMatch(/nanPolicy/);
  });

  it('in arrays, a NaN is named by its index, with the nanPolicy hint', () => {
    const error = fails(() => curveFitSync(model, x, bad, { p0 }));
    expect(error.message).toMatch(/^y\[130\] is NaN; expected a finite number.*options\.nanPolicy/);
  });

  it('a locateRow that throws leaves the message by index', () => {
    const { s } = source(bad);
    s.locateRow = () => {
      throw new Error('boom');
    };
    expect(fails(() => curveFitSync(model, s, { p0 })).message).toMatch(/^y\[130\] is NaN/);
  });
});

describe('release() of a source', () => {
  it('is called once when a fit returns', () => {
    const { s, counts } = source(y);
    const r = curveFitSync(model, s, { p0 });
    expect(r.converged).toBe(true);
    expect(counts.released).toBe(1);
  });

  it('is called once when a fit throws on its data', () => {
    const bad = y.slice();
    bad[5] = NaN;
    const { s, counts } = source(bad);
    expect(() => curveFitSync(model, s, { p0 })).toThrow(FitError);
    expect(counts.released).toBe(1);
  });

  it('is called once when a fit is refused before its first pass (an unknown parameter in p0)', () => {
    const { s, counts } = source(y);
    expect(() => curveFitSync(model, s, { p0: { ...p0, q: 1 } })).toThrow(FitError);
    expect(counts.released).toBe(1);
  });

  it('is called once when an async fit is aborted', async () => {
    const { s, counts } = source(y);
    const controller = new AbortController();
    const fit = curveFit(model, s, { p0, signal: controller.signal, onProgress: () => controller.abort() });
    await expect(fit).rejects.toMatchObject({ code: 'ABORTED' });
    expect(counts.released).toBe(1);
  });

  it('is called once when a fit with pass workers returns', async () => {
    const engine = createEngine();
    try {
      const { s, counts } = source(y);
      await engine.curveFit(model, s, { p0, workers: 2 });
      expect(counts.released).toBe(1);
    } finally {
      engine.close();
    }
  });

  it('that throws does not change the fit', () => {
    const { s } = source(y);
    s.release = () => {
      throw new Error('boom');
    };
    expect(curveFitSync(model, s, { p0 }).converged).toBe(true);
  });
});
