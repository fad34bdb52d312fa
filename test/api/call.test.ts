// The door: every argument is read and checked once, and an argument that throws when it is
// read — a getter, a Proxy whose traps throw — is FitError INVALID_ARGUMENT naming the call,
// never the caller's own exception escaping from inside arenafit. Oracle: the code.
import { describe, expect, it } from 'vitest';
import { createEngine, createWorkerFitter, curveFit, curveFitSync } from '../../src/index.ts';
import { codeOf } from '../support/code-of.ts';

const hostile = new Proxy({}, { get() { throw new Error('trap'); }, ownKeys() { throw new Error('trap'); } });
const x = [0, 1, 2, 3, 4, 5];
const y = [2, 1.2, 0.7, 0.4, 0.3, 0.2];


describe('an argument that throws when it is read', () => {
  const CALLS: [string, () => unknown][] = [
    ['curveFitSync options', () => curveFitSync('a*exp(-b*x)', x, y, hostile as object)],
    ['curveFit options', () => curveFit('a*exp(-b*x)', x, y, hostile as object)],
    ['curveFit p0', () => curveFit('a*exp(-b*x)', x, y, { p0: hostile as Record<string, number> })],
    ['curveFitSync bounds', () => curveFitSync('a*exp(-b*x)', x, y, { bounds: hostile as Record<string, [number, number]> })],
    ['createEngine options', () => createEngine(hostile as object)],
    ['createWorkerFitter options', () => createWorkerFitter(hostile as object)],
  ];
  for (const [what, call] of CALLS) {
    it(`${what}: INVALID_ARGUMENT or INVALID_OPTION, never the trap's error`, async () => {
      expect(['INVALID_ARGUMENT', 'INVALID_OPTION']).toContain(await codeOf(call));
    });
  }
});

describe('compileModel with an argument that throws when it is read', () => {
  it('is INVALID_ARGUMENT for the model, the options, x and params', async () => {
    const { compileModel } = await import('../../src/index.ts');
    expect(await codeOf(() => compileModel(hostile as unknown as string))).toBe('INVALID_ARGUMENT');
    expect(await codeOf(() => compileModel('a*x', hostile as object))).toBe('INVALID_ARGUMENT');
    const m = compileModel('a*x');
    expect(await codeOf(() => m.evaluate(hostile as number[], { a: 1 }))).toBe('INVALID_ARGUMENT');
    expect(await codeOf(() => m.evaluate([1, 2], hostile as Record<string, number>))).toBe('INVALID_ARGUMENT');
  });
});
