// bench/solver-cases: the solver's word on the cases that outside suites found it wrong on —
// converged at exact solutions and one-row minima, converged where nothing was reached, bounds,
// uniform scalings of sigma and y, slow endings, flat minima, difference steps near 0 — one line
// each: what arenafit returns and says. The same cases are asserted in test/fit/ (converged,
// bounds, scale, endings, mgh); this prints the figures for a before/after comparison.
//
//   npm run build && node bench/solver-cases.mjs                   this checkout's dist/
//   node bench/solver-cases.mjs /other/checkout/dist/index.mjs     another build (same cases)
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { cases, vectorModel } from '../test/fit/mgh/problems.mjs';

const entry = process.argv[2] ? pathToFileURL(resolve(process.argv[2])).href : new URL('../dist/index.mjs', import.meta.url).href;
const { curveFitSync } = await import(entry);

const g = (v) => (typeof v === 'number' ? v.toPrecision(6) : String(v));
function line(name, run) {
  let text;
  try {
    text = run();
  } catch (error) {
    text = `throws ${error.code ?? ''}: ${String(error.message).slice(0, 90)}`;
  }
  console.log(`| ${name} | ${text} |`);
}
const said = (r) => `${r.status}, converged ${r.converged}, ${r.evaluations} passes`;

// An MGH case as in test/fit/mgh: rows 0…m−1, y = 0 (or a constant shift).
function mgh(number, jacobian, shift = 0) {
  const c = cases.find((k) => k.number === number);
  const model = vectorModel(c, jacobian);
  const shifted = { ...model, evaluate: (xs, p, out) => { model.evaluate(xs, p, out); for (let i = 0; i < out.length; i++) out[i] += shift; } };
  const rows = Float64Array.from({ length: c.m }, (_, i) => i);
  return curveFitSync(shifted, rows, new Float64Array(c.m).fill(shift), { p0: c.x0 });
}

console.log('| case | arenafit |');
console.log('|---|---|');
line('helical valley, y = [0, 0, 0] (MGH 7)', () => { const r = mgh(10, 'analytic'); return `χ² ${g(r.chi2)}, ${said(r)}`; });
line('helical valley + 5, y = [5, 5, 5]', () => { const r = mgh(10, 'analytic', 5); return `χ² ${g(r.chi2)}, ${said(r)}`; });
line('one row, (p − 3)² + 5, expression', () => { const r = curveFitSync('(p-3)^2 + 5 + x', [0], [0], { p0: { p: 0 } }); return `p ${g(r.params.p)}, ${said(r)}`; });
line('one row, (p − 3)² + 5, forward differences', () => { const r = curveFitSync((x, p) => (p[0] - 3) ** 2 + 5 + x, [0], [0], { p0: { p: 0 } }); return `p ${g(r.params.p)}, ${said(r)}`; });
line('Meyer from 10·x0, forward differences (MGH 10)', () => { const r = mgh(26, 'forward'); return `‖f‖ ${g(Math.sqrt(r.chi2))}, rank ${r.rank}, ${said(r)}`; });
line('a callback whose jacobian is all zeros', () => {
  const model = { evaluate: (xs, p, out) => xs.forEach((x, i) => (out[i] = p[0] * x + p[1])), jacobian: (xs, p, cols) => cols.forEach((c) => c.fill(0)) };
  const r = curveFitSync(model, [0, 1, 2, 3], [1, 3, 5, 7], { p0: [1, 0] });
  return said(r);
});

const x = Float64Array.from({ length: 50 }, (_, i) => 0.2 * i);
const y = x.map((t) => 3 * Math.exp(-0.7 * t) + 0.5 + 0.01 * Math.sin(13 * t));
const decay = (options) => curveFitSync('a*exp(-b*x)+c', x, y, { p0: { a: 1, b: 1, c: 0 }, ...options });
const params = (r) => `a ${g(r.params.a)}, b ${g(r.params.b)}, c ${g(r.params.c)}`;
line('exponential, no bounds (b = 0.700)', () => { const r = decay(); return `${params(r)}, ${said(r)}`; });
for (const box of [[0, 1e10], [0, 1e15], [1e-300, 1e300]]) {
  line(`exponential, b ∈ [${box[0]}, ${box[1]}]`, () => { const r = decay({ bounds: { b: box } }); return `${params(r)}, ${said(r)}`; });
}
line('exponential, c ≤ 0.3 (active)', () => { const r = decay({ bounds: { c: [-Infinity, 0.3] } }); return `${params(r)}, atBound [${r.atBound}], ${said(r)}`; });
line('exponential, c fixed at 0.3', () => { const r = decay({ fixed: { c: 0.3 } }); return `${params(r)}, ${said(r)}`; });
line("SciPy's gh_18793: (p − 1e-12)², p0 = 1.1e-12, p ≥ 0, forward differences", () => {
  const r = curveFitSync((x, p) => (p[0] - 1e-12) ** 2 + x, [0], [0], { p0: [1.1e-12], bounds: { p0: [0, Infinity] } });
  return `p ${g(r.values[0])}, ${said(r)}`;
});
{
  const n = 300_000;
  const xs = Float64Array.from({ length: n }, (_, i) => (10 * i) / n);
  const ys = xs.map((t, i) => 3 * Math.exp(-0.7 * t) + 0.5 + 0.01 * Math.sin(13 * t) + (i % 1000 === 7 ? 5 : 0));
  for (const start of [{ a: 1, b: 0.5, c: 0 }, { a: 10, b: 0.5, c: -1 }]) {
    line(`300,000 rows, soft_l1, b ∈ [0.5, 5] from a = ${start.a}, b = 0.5, c = ${start.c}`, () => {
      const r = curveFitSync('a*exp(-b*x)+c', xs, ys, { p0: start, loss: 'soft_l1', bounds: { b: [0.5, 5] } });
      return `b ${g(r.params.b)}, ${said(r)}`;
    });
  }
}
for (const k of [-154, 155, 160, 200]) {
  line(`sigma = 1e${k}`, () => { const r = decay({ sigma: new Float64Array(x.length).fill(10 ** k) }); return `${params(r)}, error of b ${g(r.errors.b)}, ${said(r)}`; });
}
for (const k of [-170, -160, 155]) {
  line(`y × 1e${k} (and p0.a)`, () => {
    const f = 10 ** k;
    const r = curveFitSync('a*exp(-b*x)+c', x, y.map((v) => v * f), { p0: { a: f, b: 1, c: 0 } });
    return `a/1e${k} ${g(r.params.a / f)}, b ${g(r.params.b)}, error of b ${g(r.errors.b)}, ${said(r)}`;
  });
}
line('Powell singular from 100·x0 (MGH 13)', () => { const r = mgh(15, 'analytic'); return `‖f‖ ${g(Math.sqrt(r.chi2))}, ${said(r)}`; });
for (const loss of ['linear', 'soft_l1', 'huber', 'cauchy', 'arctan']) {
  line(`flat minimum p² + 5, ${loss}`, () => { const r = curveFitSync('p*p + 5 + 0*x', [0], [0], { p0: { p: 1 }, loss }); return `p ${g(r.params.p)}, ${said(r)}`; });
}
