// bench/two-peaks: how often a sum of two overlapping gaussians on a sloped baseline, fitted
// without p0 — curveFitSync('gaussian:g1_ + gaussian:g2_ + linear', x, y), the start from the
// composite model's guess (src/models/composite/guess.ts) — reaches the true minimum.
//
// "The true minimum": χ² within 1e-6 relative of the χ² of a fit started at the true parameters
// (a lower χ² counts too: the noise may move the minimum, and the guess may find a better one).
//
// The cases (1,000, seeded: case i draws from mulberry32 seed i, bench/random.mjs):
//   300 points evenly on x ∈ [0, 10];
//   peak 1: height A1 ∈ [1, 5], σ1 ∈ [0.3, 1];  peak 2: height A1·ρ, ρ log-uniform in [1/3, 3],
//   σ2 ∈ [0.3, 1]; separation μ2 − μ1 = s·max(σ1, σ2), s ∈ [1, 4] — from one width (one bump,
//   no dip between the peaks) to well apart; μ1 ∈ [1.5, 8.5 − separation];
//   baseline slope ∈ [−0.3, 0.3], intercept ∈ [−1, 1]; gaussian noise of standard deviation
//   2% of the taller peak.
//
// Prints the count, then each failure's seed and why (both χ², status, the guess and the truth).
// The TypeScript sources are bundled in memory with esbuild, as bench/parse-numbers.mjs does.
//
//   node bench/two-peaks.mjs [cases]
import { build } from 'esbuild';
import { normalsOf, uniforms } from './random.mjs';

const CASES = Number(process.argv[2] ?? 1000);
const N = 300;
const MODEL = 'gaussian:g1_ + gaussian:g2_ + linear';

const entry = new URL('../src/index.ts', import.meta.url).pathname;
const bundled = await build({ entryPoints: [entry], bundle: true, format: 'esm', platform: 'node', target: 'node20', write: false, logLevel: 'error' });
const { curveFitSync, model } = await import(`data:text/javascript;base64,${Buffer.from(bundled.outputFiles[0].text).toString('base64')}`);

const peaks = model(MODEL);

function draw(seed) {
  const uniform = uniforms(seed);
  const normal = normalsOf(uniform);
  const between = (lo, hi) => lo + (hi - lo) * uniform();
  const A1 = between(1, 5);
  const A2 = A1 * 3 ** between(-1, 1);
  const s1 = between(0.3, 1);
  const s2 = between(0.3, 1);
  const separation = between(1, 4) * Math.max(s1, s2);
  const mu1 = between(1.5, 8.5 - separation);
  const truth = { g1_A: A1, g1_mu: mu1, g1_sigma: s1, g2_A: A2, g2_mu: mu1 + separation, g2_sigma: s2, slope: between(-0.3, 0.3), intercept: between(-1, 1) };
  const x = Float64Array.from({ length: N }, (_, i) => (10 * i) / (N - 1));
  const noise = 0.02 * Math.max(A1, A2);
  const y = peaks.evaluate(x, truth).map((v) => v + noise * normal());
  return { x, y, truth, separation: separation / Math.max(s1, s2) };
}

const round = (record) => Object.fromEntries(Object.entries(record).map(([k, v]) => [k, Number(v.toPrecision(4))]));

let reached = 0;
let lower = 0;
const failures = [];
const started = performance.now();
for (let seed = 0; seed < CASES; seed++) {
  const { x, y, truth, separation } = draw(seed);
  const reference = curveFitSync(MODEL, x, y, { p0: truth });
  let fit;
  try {
    fit = curveFitSync(MODEL, x, y);
  } catch (error) {
    failures.push({ seed, why: `threw ${error.code ?? ''} ${error.message}` });
    continue;
  }
  if (fit.chi2 <= reference.chi2 * (1 + 1e-6)) {
    reached++;
    if (fit.chi2 < reference.chi2 * (1 - 1e-6)) lower++;
  } else {
    failures.push({
      seed,
      why: `chi2 ${fit.chi2.toPrecision(6)} vs ${reference.chi2.toPrecision(6)} from the truth (status ${fit.status}, converged ${fit.converged}); ` +
        `separation ${separation.toFixed(2)} widths; guess ${JSON.stringify(round(peaks.guess(x, y)))}; truth ${JSON.stringify(round(truth))}`,
    });
  }
}
const seconds = (performance.now() - started) / 1000;
console.log(`${reached}/${CASES} reached the true minimum (${lower} of them below the fit from the truth) — ${MODEL}, ${N} points, no p0; ${seconds.toFixed(1)} s for ${2 * CASES} fits and ${CASES} guesses`);
for (const failure of failures) console.log(`  seed ${failure.seed}: ${failure.why}`);
