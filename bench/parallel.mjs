// bench/parallel: the speed-up of parallel passes (options.workers) on this machine.
//
// P1 (a*exp(-b*x) + c) at N = 10⁶ and 10⁷ from the seeded files of bench/data.mjs, one engine,
// curveFit with workers 1, 2 (and 3), alternating repeat by repeat so that each sees the same
// load; medians of 5 after a warm-up. Results must equal the single-worker fit to 1e-10.
//
//   npm run build && node bench/parallel.mjs
import { availableParallelism } from 'node:os';
import { createEngine } from '../dist/index.mjs';
import { ensureData, readData } from './data.mjs';

const engine = createEngine({ arenaBytes: 4 << 20 });
const counts = [1, 2, 3];
console.log(`parallel passes, P1, ${availableParallelism()} cores; median of 5 (s)\n`);
console.log('| N | ' + counts.map((k) => `workers ${k}`).join(' | ') + ' | speed-up (2) | speed-up (3) | max rel. difference |');
console.log('|---:|' + counts.map(() => '---:|').join('') + '---:|---:|---:|');
for (const n of [1e6, 1e7]) {
  const { x, y } = readData(ensureData('P1', n).path);
  const p0 = { a: 1, b: 1, c: 0 };
  const times = counts.map(() => []);
  const results = [];
  for (const k of counts) results[k] = await engine.curveFit('a*exp(-b*x) + c', x, y, { p0, workers: k }); // warm-up
  for (let r = 0; r < 5; r++) {
    for (const [i, k] of counts.entries()) {
      const t = performance.now();
      await engine.curveFit('a*exp(-b*x) + c', x, y, { p0, workers: k });
      times[i].push((performance.now() - t) / 1000);
    }
  }
  const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
  const m = times.map(median);
  const diff = Math.max(...counts.slice(1).flatMap((k) => results[1].names.map((name) => Math.abs(results[k].params[name] - results[1].params[name]) / Math.abs(results[1].params[name]))));
  console.log(`| ${n.toExponential(0)} | ${m.map((t) => t.toFixed(3)).join(' | ')} | ${(m[0] / m[1]).toFixed(2)}× | ${(m[0] / m[2]).toFixed(2)}× | ${diff.toExponential(1)} |`);
}
process.exit(0);
