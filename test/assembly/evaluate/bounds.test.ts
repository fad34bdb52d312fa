// Oracle: the MINUIT transformations in bounds.ts's header, checked as properties in plain JS —
// internal → external → internal (and external → internal → external) give back what they were
// given, θ stays inside its bounds, and dθ/du agrees with a central finite difference of θ(u).
import { beforeAll, describe, expect, it } from 'vitest';
import { BOUND_BOTH, BOUND_LOWER, BOUND_NONE, BOUND_UPPER } from '../../../assembly/abi.ts';
import { type DebugExports, loadDebugCore } from '../../support/debug-core.ts';
import { seeded } from '../../support/random.ts';

// Each kind with its bounds and the principal branch of u that toInternal returns: asin's
// (−π/2, π/2) and √'s u > 0, kept off the flat points where u(θ) loses digits.
const kinds = [
  ['lower', BOUND_LOWER, -2.5, Infinity, 0.1, 30],
  ['upper', BOUND_UPPER, -Infinity, 4, 0.1, 30],
  ['both', BOUND_BOTH, -2.5, 7, -1.4, 1.4],
  ['no', BOUND_NONE, -Infinity, Infinity, -100, 100],
] as const;

describe('the bounds transformation', () => {
  let core: DebugExports;
  beforeAll(async () => {
    core = await loadDebugCore();
  });
  const theta = (kind: number, lo: number, hi: number, u: number): number => core.toExternal(kind, lo, hi, u);

  it.each(kinds)('maps u → θ → u back with %s bounds', (_, kind, lo, hi, uMin, uMax) => {
    const random = seeded(100 + kind);
    for (let i = 0; i < 200; i++) {
      const u = random.between(uMin, uMax);
      expect(Math.abs(core.toInternal(kind, lo, hi, theta(kind, lo, hi, u)) - u)).toBeLessThanOrEqual(1e-13 * Math.max(1, Math.abs(u)));
    }
  });

  it.each(kinds)('maps θ → u → θ back with %s bounds, and keeps θ inside them for any u', (_, kind, lo, hi, uMin, uMax) => {
    const random = seeded(200 + kind);
    for (let i = 0; i < 200; i++) {
      const t = theta(kind, lo, hi, random.between(uMin, uMax));
      expect(Math.abs(theta(kind, lo, hi, core.toInternal(kind, lo, hi, t)) - t)).toBeLessThanOrEqual(1e-14 * Math.max(1, Math.abs(t)));
      const anywhere = theta(kind, lo, hi, (random.uniform() - 0.5) * 10 ** random.between(-3, 12));
      expect(anywhere).toBeGreaterThanOrEqual(lo);
      expect(anywhere).toBeLessThanOrEqual(hi);
    }
  });

  it.each(kinds)('gives dθ/du as a central finite difference of θ(u) does, with %s bounds', (_, kind, lo, hi) => {
    const random = seeded(300 + kind);
    for (let i = 0; i < 100; i++) {
      const u = random.between(-10, 10);
      const h = 1e-5 * Math.max(1, Math.abs(u));
      const difference = (theta(kind, lo, hi, u + h) - theta(kind, lo, hi, u - h)) / (2 * h);
      expect(Math.abs(core.externalSlope(kind, lo, hi, u) - difference)).toBeLessThanOrEqual(1e-8 * Math.max(1, Math.abs(difference)));
    }
  });

  it('starts a parameter given on its bound just off the flat point, so that it can move', () => {
    for (const [kind, lo, hi, on, near] of [
      [BOUND_LOWER, -2.5, Infinity, -2.5, 5e-9],
      [BOUND_UPPER, -Infinity, 4, 4, 5e-9],
      [BOUND_BOTH, -2.5, 7, -2.5, 1e-8 * 9.5],
      [BOUND_BOTH, -2.5, 7, 7, 1e-8 * 9.5],
    ]) {
      const u = core.toInternal(kind, lo, hi, on);
      expect(Math.abs(core.externalSlope(kind, lo, hi, u))).toBeGreaterThan(1e-5);
      expect(Math.abs(theta(kind, lo, hi, u) - on)).toBeLessThanOrEqual(near * (1 + 1e-6));
    }
  });
});
