// bench/active-bounds: what an active bound costs. For each of SciPy's fixtures with bounds
// (test/fixtures/scipy/cases.json): the passes with the bounds, with the parameters that end on a
// bound fixed there instead (test/fixtures/scipy/active-bounds.mjs), and with no bounds at all.
// Markdown, one row a case.
//
//   npm run build && node bench/active-bounds.mjs                  this checkout's dist/
//   node bench/active-bounds.mjs /other/checkout/dist/index.mjs    another build
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { boundedCases, fitBoundedAndHeld } from '../test/fixtures/scipy/active-bounds.mjs';

const entry = process.argv[2] ? pathToFileURL(resolve(process.argv[2])).href : new URL('../dist/index.mjs', import.meta.url).href;
const { curveFitSync } = await import(entry);

console.log('| case | at a bound | passes, bounded | passes, those fixed | passes, no bounds | converged |');
console.log('|---|---|--:|--:|--:|---|');
for (const c of boundedCases()) {
  const { bounded, held } = fitBoundedAndHeld(curveFitSync, c);
  const { bounds: _, ...unbounded } = { ...c.options, sigma: c.sigma };
  const free = curveFitSync(c.model, c.x, c.y, unbounded).evaluations;
  console.log(`| ${c.name} | ${bounded.atBound.join(', ') || '—'} | ${bounded.evaluations} | ${bounded.atBound.length > 0 ? held.evaluations : '—'} | ${free} | ${bounded.converged} |`);
}
