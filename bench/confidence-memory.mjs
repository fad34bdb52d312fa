// bench/confidence-memory: the extra peak memory of profile-likelihood confidence intervals on
// 10⁷ rows streamed from a file, as the OS counts it (bench/memory.mjs's method).
//
// A 3-parameter exponential, a*exp(-b*x) + c, on N rows (default 10⁷) of f64 records in a binary
// file (fromBinaryFile, 16 bytes a row: 160 MB at 10⁷) — or, with --source generator, from an
// async generator that makes the rows chunk by chunk and keeps none. In a fresh Node process: fit
// once (the result the intervals are of), collect garbage, reset the kernel's peak-RSS counter
// (writing 5 to /proc/self/clear_refs), run confidenceIntervals(r, { source }, { sigmas: [1, 2] })
// — every refit a streamed fit over the whole file —, and read VmHWM. Extra = VmHWM − RSS just
// before the intervals: everything they added (refits' JS garbage, progress), not the data.
// Target: at most 32 MiB. Linux only (it reads /proc).
//
// arenafit is bundled from src/ into a temporary directory with esbuild (dist/ may predate
// confidenceIntervals; --dist imports dist/node.mjs instead).
//
//   node --expose-gc bench/confidence-memory.mjs                 10⁷ rows from a binary file
//   node --expose-gc bench/confidence-memory.mjs --rows 1e6 --source generator
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { normals } from './random.mjs';
import { resetPeak, status, writeRecords } from './peak-rss.mjs';

const MODEL = 'a*exp(-b*x) + c';
const P0 = { a: 1, b: 1, c: 0 };
const SIGMAS = [1, 2];
const TARGET = 32 * 2 ** 20;
const BLOCK = 1 << 16;


// Seeded data, as bench/memory.mjs: y = 2.5·exp(−1.3x) + 0.5 + N(0, 0.01²), x on [0, 10).
function fill(x, y, start, n, total) {
  const normal = normals(start * 2654435761 + 12345);
  for (let i = 0; i < n; i++) {
    const t = (10 * (start + i)) / total;
    x[i] = t;
    y[i] = 2.5 * Math.exp(-1.3 * t) + 0.5 + 0.01 * normal();
  }
}

function writeFile(path, n) {
  writeRecords(path, n, (x, y, start, m) => fill(x, y, start, m, n), { block: BLOCK });
}

// Rows made on the fly, the same on every pass: two reused blocks, nothing kept.
function generatorSource(n) {
  const x = new Float64Array(BLOCK);
  const y = new Float64Array(BLOCK);
  return {
    async *chunks() {
      for (let start = 0; start < n; start += BLOCK) {
        const m = Math.min(BLOCK, n - start);
        fill(x, y, start, m, n);
        yield { x: x.subarray(0, m), y: y.subarray(0, m) };
      }
    },
  };
}

async function bundle() {
  const { build } = await import('esbuild');
  const dir = mkdtempSync(join(tmpdir(), 'arenafit-ci-bundle-'));
  const outfile = join(dir, 'node.mjs');
  const root = fileURLToPath(new URL('..', import.meta.url));
  await build({ entryPoints: [join(root, 'src/node.ts')], bundle: true, platform: 'node', format: 'esm', outfile, logLevel: 'warning' });
  return { dir, url: pathToFileURL(outfile).href };
}

async function child(url, sourceKind, n) {
  const { createEngine, confidenceIntervals, fromBinaryFile } = await import(url);
  let dir;
  let source;
  if (sourceKind === 'file') {
    dir = mkdtempSync(join(tmpdir(), 'arenafit-ci-bench-'));
    const path = join(dir, 'data.f64');
    writeFile(path, n);
    source = fromBinaryFile(path, { columns: ['x', 'y'], dtype: 'f64' });
  } else {
    source = generatorSource(n);
  }
  const engine = createEngine({ arenaBytes: 4 << 20 });
  const fitStarted = performance.now();
  const r = await engine.curveFit(MODEL, source, { p0: P0 });
  const fitSeconds = (performance.now() - fitStarted) / 1000;
  const before = resetPeak(); // VmHWM := VmRSS
  let refits = 0;
  let passes = 0;
  let lastPass = -1;
  const started = performance.now();
  const ci = await confidenceIntervals(r, { source }, {
    model: MODEL,
    engine,
    sigmas: SIGMAS,
    onProgress: (p) => {
      refits = p.refits;
      if (p.fit.pass !== lastPass) passes++;
      lastPass = p.fit.pass;
    },
  });
  const seconds = (performance.now() - started) / 1000;
  const peak = status('VmHWM');
  if (dir) rmSync(dir, { recursive: true, force: true });
  const covariance = Object.fromEntries(r.names.map((name) => [name, SIGMAS.map((s) => [r.params[name] - s * r.errors[name], r.params[name] + s * r.errors[name]])]));
  process.stdout.write(JSON.stringify({ source: sourceKind, n, extra: peak - before, before, seconds, fitSeconds, fitPasses: r.evaluations, refits: refits + 1, passes, params: r.params, errors: r.errors, ci, covariance }) + '\n');
}

async function main() {
  const arg = (name, fallback) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : fallback;
  };
  const n = Number(arg('--rows', '1e7'));
  const sourceKind = arg('--source', 'file');
  const useDist = process.argv.includes('--dist');
  const built = useDist ? undefined : await bundle();
  const url = useDist ? new URL('../dist/node.mjs', import.meta.url).href : built.url;
  try {
    const out = execFileSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), '--child', url, sourceKind, String(n)], { encoding: 'utf8', maxBuffer: 1 << 20, stdio: ['ignore', 'pipe', 'inherit'] });
    const row = JSON.parse(out.trim().split('\n').pop());
    const mib = (b) => (b / 2 ** 20).toFixed(1);
    console.log(`\nconfidenceIntervals of ${MODEL}, sigmas [${SIGMAS}], N = ${n.toExponential(0)}, ${sourceKind === 'file' ? 'binary file (fromBinaryFile, f64)' : 'async generator'}, arena 4 MiB, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}:\n`);
    console.log(`- the fit: ${row.fitPasses} passes, ${row.fitSeconds.toFixed(1)} s`);
    console.log(`- the intervals: ${row.refits} refits, ${row.passes} passes over the data, ${row.seconds.toFixed(1)} s`);
    console.log(`- extra peak RSS: ${mib(row.extra)} MiB over ${mib(row.before)} MiB before (target ≤ 32 MiB): ${row.extra <= TARGET ? 'met' : 'MISSED'}`);
    console.log('\n| parameter | best ± σ | level | lower | upper | covariance θ̂ ± nσ |');
    console.log('|---|---|---|---:|---:|---|');
    for (const [name, limits] of Object.entries(row.ci)) {
      limits.forEach((l, k) => {
        const [lo, hi] = row.covariance[name][k];
        console.log(`| ${name} | ${row.params[name].toPrecision(8)} ± ${row.errors[name].toPrecision(3)} | ${l.sigma}σ (${l.level.toFixed(4)}) | ${l.lower.toPrecision(10)} | ${l.upper.toPrecision(10)} | ${lo.toPrecision(10)} … ${hi.toPrecision(10)} |`);
      });
    }
  } finally {
    if (built) rmSync(built.dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') await child(process.argv[3], process.argv[4], Number(process.argv[5]));
else await main();
