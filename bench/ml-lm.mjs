// bench/ml-lm: the ml-levenberg-marquardt peer (mljs), as its README uses it.
//
// Defaults plus initialValues: damping 1e-2, gradientDifference 0.1 (forward differences),
// errorTolerance 1e-7 on the sum of squared residuals, maxIterations 100. With noisy data the
// sum of squares never falls below 1e-7, so it always runs its 100 iterations; each one
// evaluates the model N·(P + 2) times through a JS closure per point and builds P×N and N×1
// ml-matrix matrices (the N×1 one is N row arrays), so its time grows faster than N.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { levenbergMarquardt } from 'ml-levenberg-marquardt';

export function mlLmVersion() {
  // Its exports map hides package.json: find it beside the resolved entry (lib/index.js).
  const entry = createRequire(import.meta.url).resolve('ml-levenberg-marquardt');
  return JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8')).version;
}

/**
 * One fit of `problem` (from bench/data.mjs) to x, y. `timeoutSeconds` is ml-LM's own cap
 * (it throws past it). Returns { params, iterations, ssr }, ssr recomputed here.
 */
export function fitMlLm(problem, x, y, timeoutSeconds) {
  const { model, p0 } = problem;
  const parameterized = (p) => (t) => model(t, p);
  const options = { initialValues: p0 };
  if (timeoutSeconds !== undefined) options.timeout = timeoutSeconds;
  const r = levenbergMarquardt({ x, y }, parameterized, options);
  let ssr = 0;
  for (let i = 0; i < x.length; i++) {
    const d = y[i] - model(x[i], r.parameterValues);
    ssr += d * d;
  }
  return { params: r.parameterValues, iterations: r.iterations, ssr };
}
