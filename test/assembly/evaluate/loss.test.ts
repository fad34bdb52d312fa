// Oracle: SciPy's least_squares at the same residuals — the loss's ρ(z) and ρ′(z), and the
// Jacobian scale J_scale = √max(ρ′ + 2zρ″, EPS) and scaled residual r·ρ′/J_scale that SciPy's
// scale_for_robust_loss_function makes of them — written to test/fixtures/losses/losses.json by
// generate.py next to it. The kernel returns fScale²·ρ(z) and leaves s (its J_scale) and ρ′/s;
// its ρ″ enters through s only, so s is what is compared for it.
//
// Both sides compute ρ′ + 2zρ″ as a sum whose terms cancel for large z (soft_l1: t^-½ − z·t^-3/2
// for t^-3/2) and near arctan's zero at z = 1/√3, so s and r̃ are compared to a few units in the
// last place times that sum's condition number, (|ρ′| + 2z|ρ″|)/(ρ′ + 2zρ″); at z = 10⁶ SciPy's
// own J_scale is 1e-10 off (the kernel's, 1e-11).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { LOSS_ARCTAN, LOSS_CAUCHY, LOSS_HUBER, LOSS_SOFT_L1 } from '../../../assembly/abi.ts';
import type { DebugExports } from '../../support/debug-core.ts';
import { loadKernelHarness } from '../../support/kernel-harness.ts';

type LossCase = { r: number; fScale: number; z: number; rho: number; rho1: number; rho2: number; scaledRho: number; jacobianScale: number; scaledResidual: number };
const file = fileURLToPath(new URL('../../fixtures/losses/losses.json', import.meta.url));
const fixture: { scipy: string; cases: Record<string, LossCase[]> } = JSON.parse(readFileSync(file, 'utf8'));

const codes: [string, number][] = [['soft_l1', LOSS_SOFT_L1], ['huber', LOSS_HUBER], ['cauchy', LOSS_CAUCHY], ['arctan', LOSS_ARCTAN]];

/** Equal to a few units in the last place, times a condition number (SciPy's z**-0.5 and the kernel's 1/√z round apart). */
const close = (actual: number, expected: number, condition = 1) =>
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(4 * Number.EPSILON * condition * Math.abs(expected));

/** The condition number of ρ′ + 2zρ″; 1 where both sides clip it to EPS. */
function condition({ z, rho1, rho2 }: LossCase): number {
  const sum = rho1 + 2 * z * rho2;
  return sum > Number.EPSILON ? (Math.abs(rho1) + 2 * z * Math.abs(rho2)) / sum : 1;
}

describe(`robustRow against SciPy ${fixture.scipy}`, () => {
  let core: DebugExports;
  beforeAll(async () => {
    core = await loadKernelHarness();
  });

  it.each(codes)('gives %s its ρ, ρ′, Jacobian scale and scaled residual at every z in the fixture', (name, code) => {
    const cases = fixture.cases[name];
    expect(cases.length).toBeGreaterThan(20);
    for (const c of cases) {
      const scaledRho = core.robustRow(code, c.r, c.fScale);
      const s = core.lossRowScale();
      const ratio = core.lossResidualScale(); // ρ′/s
      close(scaledRho, c.scaledRho);
      close(scaledRho / (c.fScale * c.fScale), c.rho);
      close(ratio * s, c.rho1);
      close(s, c.jacobianScale, condition(c));
      close(ratio * c.r, c.scaledResidual, condition(c));
    }
  });
});
