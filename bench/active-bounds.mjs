// bench/active-bounds: what an active bound costs. For each of SciPy's fixtures with bounds
// (test/fixtures/scipy/cases.json): the passes with the bounds, with the parameters that end on a
// bound fixed there instead, and with no bounds at all. Markdown, one row a case.
//
//   npm run build && node bench/active-bounds.mjs                  this checkout's dist/
//   node bench/active-bounds.mjs /other/checkout/dist/index.mjs    another build
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const entry = process.argv[2] ? pathToFileURL(resolve(process.argv[2])).href : new URL('../dist/index.mjs', import.meta.url).href;
const { curveFitSync } = await import(entry);
const fixture = JSON.parse(readFileSync(new URL('../test/fixtures/scipy/cases.json', import.meta.url), 'utf8'));

console.log('| case | at a bound | passes, bounded | passes, those fixed | passes, no bounds | converged |');
console.log('|---|---|--:|--:|--:|---|');
for (const c of fixture.cases.filter((k) => k.options.bounds)) {
  const bounds = Object.fromEntries(Object.entries(c.options.bounds).map(([k, [lo, hi]]) => [k, [lo ?? -Infinity, hi ?? Infinity]]));
  const { bounds: _, ...unbounded } = { ...c.options, sigma: c.sigma };
  const r = curveFitSync(c.model, c.x, c.y, { ...c.options, sigma: c.sigma, bounds });
  let held = '—';
  if (r.atBound.length > 0) {
    const p0 = { ...c.options.p0 };
    const rest = { ...bounds };
    for (const name of r.atBound) {
      delete p0[name];
      delete rest[name];
    }
    const fixed = { ...c.options.fixed, ...Object.fromEntries(r.atBound.map((name) => [name, r.params[name]])) };
    held = curveFitSync(c.model, c.x, c.y, { ...c.options, sigma: c.sigma, p0, fixed, bounds: rest }).evaluations;
  }
  const free = curveFitSync(c.model, c.x, c.y, unbounded).evaluations;
  console.log(`| ${c.name} | ${r.atBound.join(', ') || '—'} | ${r.evaluations} | ${held} | ${free} | ${r.converged} |`);
}
