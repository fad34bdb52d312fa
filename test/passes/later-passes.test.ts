// Bad data on a later pass is the same FitError as on the first: a source that gives NaN,
// Infinity or sigma 0 on pass 2 or later (same number of rows) is refused, naming the row —
// never fitted to p0 with a message that the parameters stopped changing.
// Oracle: the code and the row a first-pass scan gives for the same bad value.
import { describe, expect, it } from 'vitest';
import { createEngine, type Chunk, type ChunkSource } from '../../src/index.ts';
import { thrown } from '../support/thrown.ts';

const model = 'a*exp(-b*x) + c';
const p0 = { a: 1, b: 1, c: 0 };
const x = Float64Array.from({ length: 3000 }, (_, i) => i / 300);
const y = x.map((t) => 2 * Math.exp(-0.7 * t) + 0.1 + 1e-3 * Math.sin(13 * t));
const sigma = new Float64Array(3000).fill(0.01);

// Good on passes before `pass`, then `column`[row] = value, in chunks of 1000 rows.
function changesOnPass(pass: number, column: 'x' | 'y' | 'sigma', row: number, value: number): ChunkSource {
  let calls = 0;
  return {
    chunks() {
      calls++;
      const columns = { x: x.slice(), y: y.slice(), sigma: sigma.slice() };
      if (calls >= pass) columns[column][row] = value;
      const chunks: Chunk[] = [];
      for (let s = 0; s < 3000; s += 1000) chunks.push({ x: columns.x.subarray(s, s + 1000), y: columns.y.subarray(s, s + 1000), sigma: columns.sigma.subarray(s, s + 1000) });
      return chunks;
    },
  };
}

const CASES: [string, 'x' | 'y' | 'sigma', number, number, string, RegExp][] = [
  ['NaN in y', 'y', 2345, NaN, 'NON_FINITE_DATA', /y\[2345\] is NaN/],
  ['Infinity in x', 'x', 17, Infinity, 'NON_FINITE_DATA', /x\[17\] is Infinity/],
  ['sigma 0', 'sigma', 1500, 0, 'SIGMA_NOT_POSITIVE', /sigma\[1500\] is 0/],
  ['a negative sigma', 'sigma', 2999, -0.01, 'SIGMA_NOT_POSITIVE', /sigma\[2999\] is -0.01/],
  ['NaN in x', 'x', 700, NaN, 'NON_FINITE_DATA', /x\[700\] is NaN/],
];

describe('a source that turns bad on a later pass, split across pass workers', () => {
  it('NaN in y from pass 2 with workers: 2: NON_FINITE_DATA naming the row', async () => {
    const engine = createEngine();
    const error = await engine.curveFit(model, changesOnPass(2, 'y', 2345, NaN), { p0, chunkRows: 700, workers: 2 }).catch((e) => e);
    expect(error.code).toBe('NON_FINITE_DATA');
    expect(error.message).toMatch(/y\[2345\] is NaN/);
    expect(engine.memory().usedBytes).toBe(0);
    engine.close();
  });
});

describe('a source that turns bad on a later pass', () => {
  for (const [what, column, row, value, code, message] of CASES) {
    for (const pass of [1, 2, 3]) {
      it(`${what} from pass ${pass}: ${code} naming row ${row}`, () => {
        const engine = createEngine();
        const error = thrown(() => engine.curveFitSync(model, changesOnPass(pass, column, row, value), { p0, chunkRows: 700 }));
        expect(error.code).toBe(code);
        expect(error.message).toMatch(message);
        expect(engine.memory().usedBytes).toBe(0);
      });
    }
  }
});
