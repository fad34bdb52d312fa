// bench/compare-builds: two builds of arenafit on the same data, interleaved in one process, for
// a change that must keep the bits and should gain speed. Fits P1 and P2 (bench/data.mjs) at
// 10⁶ rows with each build in turn (2 warm-ups each, then alternating), prints the median fit
// time of each, their ratio, and whether every output (values, errors, covariance, χ², cost,
// iterations) is bit-identical. Run it under each Node to compare across V8 versions.
//
//   git worktree add /tmp/before <commit> && ln -s "$PWD/node_modules" /tmp/before/ && (cd /tmp/before && node build/build.mjs --quiet)
//   node bench/compare-builds.mjs --before /tmp/before [--reps 7] [--problems P1,P2]
//   "$(npx -y node@24 -p process.execPath)" bench/compare-builds.mjs --before /tmp/before
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureData, PROBLEMS, readData } from './data.mjs';

const arg = (name, fallback) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1] : fallback;
};
const before = arg('before');
if (!before) throw new Error('--before DIR: a checkout of the build to compare with, built (DIR/dist/index.mjs)');
const after = arg('after', fileURLToPath(new URL('..', import.meta.url)));
const reps = Number(arg('reps', 7));
const problems = arg('problems', 'P1,P2').split(',');

const libraries = { before: await import(join(before, 'dist/index.mjs')), after: await import(join(after, 'dist/index.mjs')) };
const engines = { before: libraries.before.createEngine({ arenaBytes: 4 << 20 }), after: libraries.after.createEngine({ arenaBytes: 4 << 20 }) };
const median = (a) => [...a].sort((p, q) => p - q)[a.length >> 1];
const bits = (r) => [...r.values, ...Object.values(r.errors), ...r.covariance, r.chi2, r.cost, r.iterations].map((v) => Buffer.from(new Float64Array([v]).buffer).toString('hex')).join(' ');

console.log(`Node ${process.version} (V8 ${process.versions.v8}); before: ${before}; after: ${after}`);
for (const name of problems) {
  const problem = PROBLEMS[name];
  const { x, y } = readData(ensureData(name, 1e6).path);
  const run = (which) => {
    const started = performance.now();
    const r = engines[which].curveFitSync(problem.expression, x, y, { p0: problem.p0Object });
    return { ms: performance.now() - started, r };
  };
  for (let i = 0; i < 2; i++) { run('before'); run('after'); }
  const times = { before: [], after: [] };
  let same = true;
  for (let i = 0; i < reps; i++) {
    const got = {};
    for (const which of i % 2 ? ['after', 'before'] : ['before', 'after']) {
      const { ms, r } = run(which);
      times[which].push(ms);
      got[which] = r;
    }
    if (bits(got.before) !== bits(got.after)) same = false;
  }
  const b = median(times.before);
  const a = median(times.after);
  console.log(`${name} 10⁶: before ${b.toFixed(1)} ms, after ${a.toFixed(1)} ms, after ÷ before ${(a / b).toFixed(3)} (median of ${reps}); outputs bit-identical: ${same}`);
}
