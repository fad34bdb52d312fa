/**
 * The probe at a zero Jacobian: a minimum, or a plateau?
 *
 * Where every column of J is zero the gradient is zero too, and first-order tests cannot tell a
 * minimum whose curvature is all second-order (f = p² + 5 at p = 0) from a plateau where the
 * model has vanished (Meyer's function from 10·x₀: the model below 1e-58, the cost flat to the
 * last bit). Two passes per parameter, ε^¼·max(|θ|, t) to each side (t: its size at the start, 1
 * for a start at 0), say which: at a minimum the cost rises on both sides (a side outside the
 * bounds counts as rising). Only fits that end at a zero Jacobian pay for it.
 */
import type { Checkpoint } from '../passes/checkpoint.ts';
import { isFolded, type Pass, type Steps } from '../passes/pass.ts';
import type { Bound } from '../options/parameters.ts';
import { stepSize } from '../models/callback.ts';

const STEP = 2 ** -13; // ε^¼

export function* probeZeroJacobian(
  pass: Pass, point: Float64Array, at: number, theta: number[], start: number[], bounds: Bound[], objective: number, checkpoint: Checkpoint,
): Steps<'minimum' | 'plateau'> {
  for (let a = 0; a < theta.length; a++) {
    const h = STEP * Math.max(Math.abs(theta[a]), stepSize(start[a]));
    for (const side of [theta[a] + h, theta[a] - h]) {
      if (side < bounds[a].lo || side > bounds[a].hi) continue;
      point.set(theta);
      point[a] = side;
      const run = pass.run(at);
      const folded = isFolded(run) ? run : yield* run;
      checkpoint.passes++;
      if (!(folded.finite && folded.objective > objective)) return 'plateau';
    }
  }
  return 'minimum';
}
