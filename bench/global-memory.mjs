// bench/global-memory: the extra peak memory of a global fit, as the OS counts it.
//
// Three datasets of N rows each (N = 10⁶ by default) sharing one decay rate k —
// 'a1*exp(-k*x) + c1', 'a2*exp(-k*x) + c2', 'a3*exp(-k*x) + c3' — fitted together by
// curveFitGlobalSync, each dataset read from
//   source   a chunk source that makes its rows as it goes (seeded, 65,536 rows a chunk, buffers reused),
//   file     a binary file of f64 records (x, y) read by fromBinaryFile,
//   f64      Float64Arrays in memory (the data themselves not counted),
// in a fresh Node process per case that makes its data, collects garbage, resets the kernel's
// peak-RSS counter (writing 5 to /proc/self/clear_refs), fits, and reads VmHWM. Extra = VmHWM −
// RSS just before the fit: everything the fit added — the global fits' WASM instance and its
// 4 MiB arena, JS garbage — not the data. Target: at most 32 MiB in every case, with the same
// parameters from every kind of input, bit for bit. Linux only (it reads /proc).
//
//   node build/build.mjs --quiet && node --expose-gc bench/global-memory.mjs     (dist/)
//   node --expose-gc bench/global-memory.mjs --sources                            (src/, bundled to a temp folder)
//   node --expose-gc bench/global-memory.mjs --rows 1e7
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { normals } from './random.mjs';
import { resetPeak, status, writeRecords } from './peak-rss.mjs';

const TRUTH = [{ a: 2.5, c: 0.5 }, { a: 1.2, c: -0.3 }, { a: 3.1, c: 0.1 }];
const K = 1.3;
const CHUNK = 65536;
const TARGET = 32 * 2 ** 20;


// Seeded rows start..start+n of dataset d: y = a·exp(−Kx) + c + N(0, 0.01²), x on [0, 5).
function fill(d, x, y, start, n, total) {
  const normal = normals((d + 1) * 7919 + start * 2654435761 + 12345);
  const { a, c } = TRUTH[d];
  for (let i = 0; i < n; i++) {
    const t = (5 * (start + i)) / total;
    x[i] = t;
    y[i] = a * Math.exp(-K * t) + c + 0.01 * normal();
  }
}

// Rows made in chunks of CHUNK (the same values whatever the reader: every kind fills them so).
function chunkSource(d, total) {
  const x = new Float64Array(CHUNK);
  const y = new Float64Array(CHUNK);
  return {
    *chunks() {
      for (let start = 0; start < total; start += CHUNK) {
        const n = Math.min(CHUNK, total - start);
        fill(d, x, y, start, n, total);
        yield n === CHUNK ? { x, y } : { x: x.subarray(0, n), y: y.subarray(0, n) };
      }
    },
  };
}

async function library(sources) {
  if (!sources) return import('../dist/node.mjs');
  const { build } = await import('esbuild');
  const root = fileURLToPath(new URL('..', import.meta.url));
  const dir = mkdtempSync(join(tmpdir(), 'arenafit-bench-lib-'));
  const outfile = join(dir, 'node.mjs');
  await build({ absWorkingDir: root, entryPoints: ['src/node.ts'], bundle: true, format: 'esm', platform: 'node', target: ['node20'], outfile, logLevel: 'warning', external: ['hyparquet'] });
  const module = await import(pathToFileURL(outfile).href);
  rmSync(dir, { recursive: true, force: true });
  return module;
}

async function child(kind, n, sources) {
  const { curveFitGlobalSync, fromBinaryFile } = await library(sources);
  const models = TRUTH.map((_, d) => `a${d + 1}*exp(-k*x) + c${d + 1}`);
  let datasets;
  let dir;
  if (kind === 'source') {
    datasets = models.map((model, d) => ({ model, source: chunkSource(d, n) }));
  } else if (kind === 'file') {
    dir = mkdtempSync(join(tmpdir(), 'arenafit-bench-'));
    datasets = models.map((model, d) => {
      const path = join(dir, `dataset${d}.f64`);
      writeRecords(path, n, (x, y, start, m) => fill(d, x, y, start, m, n), { block: CHUNK });
      return { model, source: fromBinaryFile(path, { columns: ['x', 'y'], dtype: 'f64' }) };
    });
  } else {
    datasets = models.map((model, d) => {
      const x = new Float64Array(n);
      const y = new Float64Array(n);
      for (let start = 0; start < n; start += CHUNK) {
        const m = Math.min(CHUNK, n - start);
        fill(d, x.subarray(start), y.subarray(start), start, m, n);
      }
      return { model, x, y };
    });
  }
  const before = resetPeak(); // VmHWM := VmRSS
  const started = performance.now();
  const r = curveFitGlobalSync(datasets, { p0: { k: 1 } });
  const seconds = (performance.now() - started) / 1000;
  const peak = status('VmHWM');
  if (dir) rmSync(dir, { recursive: true, force: true });
  process.stdout.write(JSON.stringify({
    kind, n, extra: peak - before, seconds, passes: r.evaluations, highWater: r.memory.highWaterBytes, wasm: r.memory.wasmMemoryBytes,
    chunkRows: r.memory.chunkRows, converged: r.converged, params: r.params, errors: r.errors, chi2: r.datasets.map((d) => d.chi2),
  }) + '\n');
}

function main() {
  const rowsArg = process.argv.indexOf('--rows');
  const n = rowsArg > 0 ? Number(process.argv[rowsArg + 1]) : 1e6;
  const sources = process.argv.includes('--sources');
  const self = fileURLToPath(import.meta.url);
  const rows = [];
  for (const kind of ['source', 'file', 'f64']) {
    const args = ['--expose-gc', '--max-old-space-size=8192', self, '--child', kind, String(n), ...(sources ? ['--sources'] : [])];
    const out = execFileSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 20 });
    const row = JSON.parse(out.trim().split('\n').pop());
    rows.push(row);
    console.error(`${kind} 3 × ${n.toExponential(0)}: +${(row.extra / 2 ** 20).toFixed(1)} MiB in ${row.seconds.toFixed(2)} s, k = ${row.params.k}`);
  }
  const label = { source: 'chunk sources', file: 'binary files (fromBinaryFile, f64)', f64: 'Float64Arrays' };
  console.log(`\nExtra peak RSS of a global fit of 3 datasets × ${n.toExponential(0).replace('e+', 'e')} rows (a_d·exp(−k·x) + c_d, k shared; 7 parameters), ` +
    `curveFitGlobalSync, arena 4 MiB, ${sources ? 'sources bundled' : 'dist/'}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}:\n`);
  console.log('| input | rows | extra peak RSS | bytes per row | arena high-water | WASM memory | chunk rows | passes | fit time |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    console.log(
      `| ${label[r.kind]} | 3 × ${r.n.toExponential(0).replace('e+', 'e')} | ${(r.extra / 2 ** 20).toFixed(1)} MiB | ${(r.extra / (3 * r.n)).toFixed(3)} | ` +
        `${(r.highWater / 2 ** 20).toFixed(2)} MiB | ${(r.wasm / 2 ** 20).toFixed(2)} MiB | ${r.chunkRows} | ${r.passes} | ${r.seconds.toFixed(2)} s |`,
    );
  }
  const worst = Math.max(...rows.map((r) => r.extra));
  const same = rows.every((r) => JSON.stringify(r.params) === JSON.stringify(rows[0].params));
  console.log(`\nWorst case: ${(worst / 2 ** 20).toFixed(1)} MiB extra (target ≤ 32 MiB): ${worst <= TARGET ? 'met' : 'MISSED'}; ` +
    `parameters equal across inputs, bit for bit: ${same ? 'yes' : 'NO'}; all converged: ${rows.every((r) => r.converged) ? 'yes' : 'NO'}.`);
  if (worst > TARGET || !same) process.exitCode = 1;
}

if (process.argv[2] === '--child') await child(process.argv[3], Number(process.argv[4]), process.argv.includes('--sources'));
else main();
