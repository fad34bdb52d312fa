// The start of a composite model, estimated from the data — what curveFit uses for the
// parameters p0 leaves out.
//
//   - A built-in alone, prefixed or not: its own guess, under the prefixed names.
//   - A sum: its terms sorted into peaks (gaussian, lorentzian, pseudoVoigt: PEAK_FAMILIES, whose
//     shapes the search below knows), the baseline (linear, polynomialN), the other built-ins
//     (the background: exponential, sine, and lineshapes PEAK_FAMILIES lacks, voigt, step, …),
//     and the rest (expressions, callbacks, products), whose parameters the guess leaves to p0.
//       1. The background first, term after term, each by its own guess on what the terms
//          before it leave (their guessed curves, offsets included, subtracted): a decay under
//          a peak, or — for lineshapes without a family — the tallest peak, then the next.
//       2. Peaks and baseline together on what remains (peak-search.ts): the baseline robustly
//          (trimmed least squares), subtracted; the smoothed data's local maxima by prominence;
//          starts of the k most prominent, of the k − 1 completed by the best place for one more
//          peak, of one split in two; each refined by variable projection — centres and widths
//          searched, amplitudes and baseline by linear least squares — and the least residual
//          kept, its peaks given to the peak terms in x order. Without a linear or polynomial
//          term the baseline is the constant that the sum's one kept offset stands for.
//       3. The kept offset: that constant plus the background's own offsets.
//     Measured by bench/two-peaks.mjs: two gaussians one to four widths apart on a sloped line,
//     fitted with no p0, reach the true minimum in 1,000 of 1,000 seeded cases.
//   - A product: each factor's own guess on the data, a rough start only — give p0.
import { gaussianShape, HWHM_PER_SIGMA, lorentzianShape } from '../builtin/peaks.ts';
import { finiteOr, sortedPoints, span, type Points } from '../builtin/points.ts';
import { compileExpression, evaluateProgram, type CompiledProgram } from '../expression/index.ts';
import type { LeafNode, ModelNode } from './node.ts';
import { findPeaks, type PeakFamily } from './peak-search.ts';
import { nameIn, type Leaf, type Rendered } from './render.ts';

/** The peak terms a sum's guess finds in the data, by built-in name. */
export const PEAK_FAMILIES: ReadonlyMap<string, PeakFamily> = new Map<string, PeakFamily>([
  ['gaussian', { shapes: [gaussianShape], values: (w, centre, hwhm) => ({ A: w[0], mu: centre, sigma: hwhm / HWHM_PER_SIGMA }) }],
  ['lorentzian', { shapes: [lorentzianShape], values: (w, centre, hwhm) => ({ A: w[0], x0: centre, gamma: hwhm }) }],
  ['pseudoVoigt', {
    shapes: [gaussianShape, lorentzianShape],
    // A·(1 − eta)·G + A·eta·L: the weights g, l give A = g + l, eta = l/(g + l), kept in [0, 1].
    values: (w, centre, hwhm) => ({ A: w[0] + w[1], x0: centre, gamma: hwhm, eta: Math.min(1, Math.max(0, finiteOr(w[1] / (w[0] + w[1]), 0.5))) }),
  }],
]);

/** The start of the model `rendered` from the data; see the file's header. */
export function guessModel(rendered: Rendered, node: ModelNode, x: ArrayLike<number>, y: ArrayLike<number>): Record<string, number> {
  if (node.kind === 'sum') return guessSum(rendered, node.terms, x, y);
  if (node.kind === 'product') return Object.assign({}, ...node.factors.map((factor) => guessModel(rendered, factor, x, y)));
  const leaf = rendered.leafOf.get(node)!;
  if (!leaf.builtin) return {};
  const values = leaf.builtin.guess(x, y);
  return Object.fromEntries(leaf.parameters.map((name) => [nameIn(leaf, name), values[name]]));
}

type Start = Record<string, number>;

function guessSum(rendered: Rendered, terms: ModelNode[], x: ArrayLike<number>, y: ArrayLike<number>): Start {
  const leaves = terms.flatMap((term) => (term.kind === 'sum' || term.kind === 'product' ? [] : [rendered.leafOf.get(term as LeafNode)!]));
  const peaks = leaves.filter((leaf) => leaf.builtin && PEAK_FAMILIES.has(leaf.builtin.name));
  const baselines = leaves.filter((leaf) => leaf.baseline);
  const background = leaves.filter((leaf) => leaf.builtin && !leaf.baseline && !PEAK_FAMILIES.has(leaf.builtin.name));
  const holder = leaves.find((leaf) => leaf.offset !== undefined && !leaf.dropped);
  const start: Start = {};
  const set = (leaf: Leaf, parameter: string, value: number) => {
    if (!(leaf.dropped && parameter === leaf.offset)) start[nameIn(leaf, parameter)] = value;
  };

  const p = sortedPoints(x, y);
  const rest = p.y.slice();
  let constant = 0;
  for (const leaf of background) {
    const values = leaf.builtin!.guess(p.x, rest);
    for (const name of leaf.parameters) set(leaf, name, values[name]);
    const curve = evaluateBuiltin(leaf, values, p.x);
    for (let i = 0; i < p.n; i++) rest[i] -= curve[i];
    if (leaf.offset !== undefined) constant += finiteOr(values[leaf.offset], 0);
  }

  const degree = baselines.length > 0 ? Math.max(...baselines.map(degreeOf)) : holder ? 0 : -1;
  const remaining: Points = { x: p.x, y: rest, n: p.n };
  const fit = findPeaks(remaining, peaks.map((leaf) => PEAK_FAMILIES.get(leaf.builtin!.name)!), degree);
  peaks.forEach((leaf, j) => {
    const { centre, hwhm, weights } = fit.peaks[j];
    const values = PEAK_FAMILIES.get(leaf.builtin!.name)!.values(weights, centre, hwhm);
    for (const [name, value] of Object.entries(values)) set(leaf, name, value);
  });
  // Each power of x to the first baseline term that has it (and has not dropped its constant).
  const assigned = new Set<number>();
  for (const leaf of baselines) {
    for (const name of leaf.parameters) {
      const power = powerOf(leaf, name);
      const free = power !== undefined && power <= degree && !assigned.has(power) && !(leaf.dropped && power === 0);
      if (free) assigned.add(power);
      set(leaf, name, free ? fit.baseline[power] : 0);
    }
  }
  if (holder) start[nameIn(holder, holder.offset!)] = (degree >= 0 ? fit.baseline[0] : 0) + constant;

  // Never NaN: a value the data could not give falls back to a neutral one.
  const L = span(p);
  for (const [name, value] of Object.entries(start)) if (!Number.isFinite(value)) start[name] = /sigma|gamma|width/i.test(name) ? L / 4 : 0;
  return start;
}

/** The power of x a baseline term's parameter multiplies: its offset 0, slope 1, c<j> j. */
function powerOf(leaf: Leaf, parameter: string): number | undefined {
  if (parameter === leaf.offset) return 0;
  if (parameter === 'slope') return 1;
  const match = /^c(\d+)$/.exec(parameter);
  return match ? Number(match[1]) : undefined;
}

function degreeOf(leaf: Leaf): number {
  return Math.max(0, ...leaf.parameters.map((name) => powerOf(leaf, name) ?? 0));
}

const programs = new Map<string, CompiledProgram>();

/** A built-in term's values at x for its own (unprefixed) parameters. */
function evaluateBuiltin(leaf: Leaf, values: Record<string, number>, x: Float64Array): Float64Array {
  const builtin = leaf.builtin!;
  let program = programs.get(builtin.name);
  if (!program) programs.set(builtin.name, (program = compileExpression(builtin.expression)));
  return evaluateProgram(program, program.parameters.map((name) => finiteOr(values[name], 0)), [x], x.length).value;
}
