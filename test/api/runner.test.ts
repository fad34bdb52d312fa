// curveFitSync refuses a source that turns async on a later pass — and unwinds the fit, so the
// arena is back at its mark. Oracle: usedBytes 0 after every refusal, and a fit afterwards.
import { describe, expect, it } from 'vitest';
import { createEngine, type Chunk, type ChunkSource } from '../../src/index.ts';
import { thrown } from '../support/thrown.ts';

const model = 'a*exp(-b*x) + c';
const p0 = { a: 1, b: 1, c: 0 };
const x = Float64Array.from({ length: 500 }, (_, i) => i / 50);
const y = x.map((t) => 2 * Math.exp(-0.7 * t) + 0.1 + 1e-3 * Math.cos(11 * t));

// Synchronous on its first pass, asynchronous from the second on.
function turnsAsync(): ChunkSource {
  let pass = 0;
  return {
    chunks() {
      pass++;
      const chunk: Chunk = { x, y };
      if (pass === 1) return [chunk];
      return (async function* () {
        yield chunk;
      })();
    },
  };
}

describe('curveFitSync on a source that turns async on pass 2', () => {
  it('throws ASYNC_SOURCE and releases the arena, every time', () => {
    const engine = createEngine();
    for (let k = 0; k < 5; k++) {
      expect(thrown(() => engine.curveFitSync(model, turnsAsync(), { p0 })).code).toBe('ASYNC_SOURCE');
      expect(engine.memory().usedBytes).toBe(0);
    }
    expect(engine.curveFitSync(model, x, y, { p0 }).converged).toBe(true);
  });
});
