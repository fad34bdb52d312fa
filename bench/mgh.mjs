// bench/mgh: arenafit on the Moré–Garbow–Hillstrom test set of MINPACK's lmder driver (the 53
// cases of test/fit/mgh/problems.mjs), next to MINPACK's own results (test/fit/mgh/
// minpack-reference.mjs: lmder1's and lmdif1's summary tables as MINPACK's drivers print them).
// Prints Markdown:
//   1. arenafit's defaults with the analytic Jacobian, against lmder1;
//   2. arenafit's defaults with forward differences, against lmdif1 (whose nfev leaves out the
//      evaluations spent on differences; each of arenafit's passes spends n more on them);
//   3. lmder1's own settings with the analytic Jacobian: arenafit's passes against lmder1's
//      nfev, case by case and summed.
// A pass evaluates f and its Jacobian at one point. Run from the built package:
//
//   npm run build && node bench/mgh.mjs
import { curveFitSync } from '../dist/index.mjs';
import { lmder1, lmder1Options, lmdif1 } from '../test/fit/mgh/minpack-reference.mjs';
import { cases, vectorModel } from '../test/fit/mgh/problems.mjs';

/** Fits one case as test/fit/mgh/run.ts does: x = row indices, y = 0, so χ² = ‖f‖². */
function fit(c, jacobian, options = {}) {
  const rows = Float64Array.from({ length: c.m }, (_, i) => i);
  const r = curveFitSync(vectorModel(c, jacobian), rows, new Float64Array(c.m), { ...options, p0: c.x0 });
  return { norm: Math.sqrt(r.chi2), passes: r.evaluations, converged: r.converged, status: r.status };
}

const e = (v) => v.toExponential(7);
const sum = (values) => values.reduce((s, v) => s + v, 0);
const row = (cells) => `| ${cells.join(' | ')} |`;
const CASE = ['#', 'problem', 'n', 'm', 'start'];
const caseCells = (c) => [c.number, c.problem.name, c.n, c.m, c.factor === 1 ? 'x0' : `${c.factor}·x0`];

function table(title, jacobian, minpackName, minpack) {
  const fits = cases.map((c) => fit(c, jacobian));
  const header = [...CASE, 'arenafit ‖f‖', 'passes', 'converged', 'status', `${minpackName} ‖f‖`, 'nfev', 'info'];
  console.log(`\n### ${title}\n`);
  console.log(row(header));
  console.log(row(header.map(() => '---')));
  cases.forEach((c, k) => {
    const f = fits[k], r = minpack[k];
    console.log(row([...caseCells(c), e(f.norm), f.passes, f.converged, f.status, e(r.norm), r.nfev, r.info]));
  });
  console.log(`\nPasses in all: ${sum(fits.map((f) => f.passes))}; ${minpackName}'s nfev in all: ${sum(minpack.map((r) => r.nfev))}.`);
}

console.log('## arenafit on the MINPACK test set (Moré, Garbow & Hillstrom 1981; the 53 calls of the lmder driver)');
table("arenafit's defaults, analytic Jacobian, against MINPACK's lmder1", 'analytic', 'lmder1', lmder1);
table("arenafit's defaults, forward differences, against MINPACK's lmdif1", 'forward', 'lmdif1', lmdif1);

const settings = cases.map((c) => fit(c, 'analytic', lmder1Options(c.n)));
const header = [...CASE, 'arenafit ‖f‖', 'passes', 'status', 'lmder1 ‖f‖', 'nfev', 'info'];
console.log("\n### lmder1's settings (ftol = xtol = √ε, gtol = 0, 100(n + 1) evaluations at most), analytic Jacobian\n");
console.log(row(header));
console.log(row(header.map(() => '---')));
cases.forEach((c, k) => {
  const f = settings[k], r = lmder1[k];
  console.log(row([...caseCells(c), e(f.norm), f.passes, f.status, e(r.norm), r.nfev, r.info]));
});
console.log(`\nPasses in all: ${sum(settings.map((f) => f.passes))}; lmder1's nfev in all: ${sum(lmder1.map((r) => r.nfev))}.`);
