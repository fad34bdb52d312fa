// The one reader, with what a source hands it: chunks and iterator results are the caller's
// objects, and one that throws when read (a getter, a Proxy) is the source's failure —
// FitError SOURCE_ERROR naming it, never the caller's exception escaping from inside a pass.
// Named columns passed to curveFit that throw are INVALID_ARGUMENT. Oracle: the code, and the
// arena back at its mark.
import { describe, expect, it } from 'vitest';
import { createEngine, type ChunkSource } from '../../src/index.ts';
import { codeOf } from '../support/code-of.ts';

const x = Float64Array.from({ length: 50 }, (_, i) => i / 5);
const y = x.map((t) => 2 * Math.exp(-0.5 * t) + 0.1 + 0.01 * Math.sin(9 * t));
const p0 = { a: 1, b: 1, c: 0 };
const model = 'a*exp(-b*x) + c';
const boom = () => {
  throw new Error('boom');
};

const SOURCES: [string, ChunkSource][] = [
  ['a chunk whose x getter throws', { chunks: () => [{ get x() { return boom(); }, y }] }],
  ['a chunk whose y getter throws', { chunks: () => [{ x, get y() { return boom(); } }] }],
  ['a chunk that is a throwing Proxy', { chunks: () => [new Proxy({}, { get: boom }) as never] }],
  ['an iterator result whose done getter throws', { chunks: () => ({ [Symbol.iterator]: () => ({ next: () => ({ get done() { return boom(); } }) as never }) }) }],
  ['an iterator result whose value getter throws', { chunks: () => ({ [Symbol.iterator]: () => ({ next: () => ({ done: false, get value() { return boom(); } }) as never }) }) }],
];


describe('a source whose objects throw when read', () => {
  for (const [what, source] of SOURCES) {
    it(`${what}: SOURCE_ERROR, sync and async, the arena at its mark`, async () => {
      const engine = createEngine();
      expect(await codeOf(() => engine.curveFitSync(model, source, { p0 }))).toBe('SOURCE_ERROR');
      expect(await codeOf(() => engine.curveFit(model, source, { p0 }))).toBe('SOURCE_ERROR');
      expect(engine.memory().usedBytes).toBe(0);
    });
  }

  it('named columns whose getter throws, passed to curveFit: INVALID_ARGUMENT', async () => {
    const columns = { get t() { return boom(); } };
    expect(await codeOf(() => createEngine().curveFitSync('a*exp(-b*t) + c', columns as never, y, { p0 }))).toBe('INVALID_ARGUMENT');
  });
});
