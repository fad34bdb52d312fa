// bench/memory: the extra peak memory of a fit, as the OS counts it.
//
// For a 3-parameter exponential fit, a*exp(-b*x) + c, at N = 10⁶, 10⁷, 10⁸ rows, from a
// Float64Array, a Float32Array, a binary file (fromBinaryFile, f64 records), a NumPy .npy
// file of the same records (fromNpyFile: a (N, 2) '<f8' array in C order) and a Parquet file of
// the same values (arenafit/parquet's fromParquetFile: nullable DOUBLE columns x and y, snappy,
// row groups of 1,048,576 rows and pages of 1 MiB — what pyarrow writes by default —, written by
// hyparquet-writer a row group at a time): each case runs in a fresh Node process that makes its
// data, collects garbage, resets the kernel's peak-RSS counter (writing 5 to
// /proc/self/clear_refs), fits, and reads VmHWM. Extra = VmHWM − RSS just before the fit:
// everything the fit added — engine, WASM memory, JS garbage — not the data.
// Target: at most 16 MiB at every N; for Parquet 32 MiB (it holds ~3 pages of 1 MiB per column
// where the others hold a block), with parameters equal to the Float64Array fit's, bit for bit.
// Linux only (it reads /proc).
//
//   npm run bench:memory            all cases
//   node --expose-gc bench/memory.mjs --sizes 1e6,1e7
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { normals } from './random.mjs';
import { resetPeak, status, writeRecords } from './peak-rss.mjs';

const MODEL = 'a*exp(-b*x) + c';
const P0 = { a: 1, b: 1, c: 0 };


// Seeded data: y = 2.5·exp(−1.3x) + 0.5 + N(0, 0.01²), x on [0, 10); filled in place, block by block.
function fill(x, y, start, n, total) {
  const normal = normals(start * 2654435761 + 12345);
  for (let i = 0; i < n; i++) {
    const t = (10 * (start + i)) / total;
    const noise = normal();
    x[i] = t;
    y[i] = 2.5 * Math.exp(-1.3 * t) + 0.5 + 0.01 * noise;
  }
}

// The header numpy.save writes for an (n, 2) float64 array in C order (format 1.0): magic,
// version, length, a dict padded with spaces to end on a multiple of 64 bytes, and a newline.
function npyHeader(n) {
  let dict = `{'descr': '<f8', 'fortran_order': False, 'shape': (${n}, 2), }`;
  while ((10 + dict.length + 1) % 64 !== 0) dict += ' ';
  dict += '\n';
  const bytes = new Uint8Array(10 + dict.length);
  bytes.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, dict.length & 0xff, dict.length >> 8]);
  for (let i = 0; i < dict.length; i++) bytes[10 + i] = dict.charCodeAt(i);
  return bytes;
}

// Rows per Parquet row group: pyarrow's default (max_row_group_length 1024 × 1024).
const PARQUET_GROUP_ROWS = 1 << 20;

/** Writes the N rows as Parquet, one row group of PARQUET_GROUP_ROWS at a time (the writer's memory is a group). */
async function writeParquet(path, n) {
  const { ParquetWriter, fileWriter } = await import('hyparquet-writer');
  const writer = new ParquetWriter({
    writer: fileWriter(path),
    schema: [{ name: 'schema', num_children: 2 }, { name: 'x', type: 'DOUBLE', repetition_type: 'OPTIONAL' }, { name: 'y', type: 'DOUBLE', repetition_type: 'OPTIONAL' }],
  });
  const x = new Float64Array(PARQUET_GROUP_ROWS);
  const y = new Float64Array(PARQUET_GROUP_ROWS);
  const block = 1 << 20;
  for (let start = 0; start < n; start += PARQUET_GROUP_ROWS) {
    const m = Math.min(PARQUET_GROUP_ROWS, n - start);
    // fill() in blocks of 2^20 rows, as the other cases, so that every case holds the same values.
    for (let at = 0; at < m; at += block) fill(x.subarray(at), y.subarray(at), start + at, Math.min(block, m - at), n);
    writer.write({ columnData: [{ name: 'x', data: x.subarray(0, m) }, { name: 'y', data: y.subarray(0, m) }], rowGroupSize: m });
  }
  writer.finish();
}

async function child(kind, n) {
  const { createEngine, fromBinaryFile, fromNpyFile } = await import('../dist/node.mjs');
  let data;
  let dir;
  if (kind === 'parquet') {
    const { fromParquetFile } = await import('../dist/parquet.mjs');
    dir = mkdtempSync(join(tmpdir(), 'arenafit-bench-'));
    const path = join(dir, 'data.parquet');
    await writeParquet(path, n);
    data = [fromParquetFile(path, { x: 'x', y: 'y' })];
  } else if (kind === 'file' || kind === 'npy') {
    dir = mkdtempSync(join(tmpdir(), 'arenafit-bench-'));
    const path = join(dir, kind === 'npy' ? 'data.npy' : 'data.f64');
    writeRecords(path, n, (x, y, start, m) => fill(x, y, start, m, n), { header: kind === 'npy' ? npyHeader(n) : undefined });
    data = [kind === 'npy' ? fromNpyFile(path) : fromBinaryFile(path, { columns: ['x', 'y'], dtype: 'f64' })];
  } else {
    const Type = kind === 'f32' ? Float32Array : Float64Array;
    const x = new Type(n);
    const y = new Type(n);
    const block = 1 << 20;
    const bx = new Float64Array(block);
    const by = new Float64Array(block);
    for (let start = 0; start < n; start += block) {
      const m = Math.min(block, n - start);
      fill(bx, by, start, m, n);
      x.set(bx.subarray(0, m), start);
      y.set(by.subarray(0, m), start);
    }
    data = [x, y];
  }
  const before = resetPeak(); // VmHWM := VmRSS
  const started = performance.now();
  const engine = createEngine({ arenaBytes: 4 << 20 });
  const r = engine.curveFitSync(MODEL, ...data, { p0: P0 });
  const seconds = (performance.now() - started) / 1000;
  const peak = status('VmHWM');
  if (dir) rmSync(dir, { recursive: true, force: true });
  process.stdout.write(JSON.stringify({ kind, n, extra: peak - before, seconds, passes: r.evaluations, highWater: r.memory.highWaterBytes, wasm: r.memory.wasmMemoryBytes, converged: r.converged, b: r.params.b, params: r.params }) + '\n');
}

function main() {
  const sizesArg = process.argv.indexOf('--sizes');
  const sizes = sizesArg > 0 ? process.argv[sizesArg + 1].split(',').map(Number) : [1e6, 1e7, 1e8];
  const self = fileURLToPath(import.meta.url);
  const rows = [];
  for (const n of sizes) {
    for (const kind of ['f64', 'f32', 'file', 'npy', 'parquet']) {
      const out = execFileSync(process.execPath, ['--expose-gc', '--max-old-space-size=8192', self, '--child', kind, String(n)], { encoding: 'utf8', maxBuffer: 1 << 20 });
      const row = JSON.parse(out.trim().split('\n').pop());
      rows.push(row);
      console.error(`${kind} N=${n.toExponential(0)}: +${(row.extra / 2 ** 20).toFixed(1)} MiB in ${row.seconds.toFixed(1)} s`);
    }
  }
  const label = { f64: 'Float64Array', f32: 'Float32Array', file: 'binary file (f64)', npy: 'NumPy .npy (f64)', parquet: 'Parquet (f64, snappy, groups of 2^20)' };
  console.log(`\nExtra peak RSS of a 3-parameter exponential fit (${MODEL}), arena 4 MiB, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}:\n`);
  console.log('| input | N | extra peak RSS | bytes per point | arena high-water | WASM memory | passes | fit time |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    console.log(
      `| ${label[r.kind]} | ${r.n.toExponential(0).replace('e+', 'e')} | ${(r.extra / 2 ** 20).toFixed(1)} MiB | ${(r.extra / r.n).toFixed(3)} | ` +
        `${(r.highWater / 2 ** 20).toFixed(2)} MiB | ${(r.wasm / 2 ** 20).toFixed(2)} MiB | ${r.passes} | ${r.seconds.toFixed(1)} s |`,
    );
  }
  const worst = Math.max(...rows.filter((r) => r.kind !== 'parquet').map((r) => r.extra));
  console.log(`\nWorst case, Parquet aside: ${(worst / 2 ** 20).toFixed(1)} MiB extra (target ≤ 16 MiB): ${worst <= 16 * 2 ** 20 ? 'met' : 'MISSED'}.`);
  // Parquet: its own target, and the parameters of the Float64Array fit over the same values, bit for bit.
  const parquet = rows.filter((r) => r.kind === 'parquet');
  if (parquet.length > 0) {
    const same = parquet.every((r) => JSON.stringify(r.params) === JSON.stringify(rows.find((f) => f.kind === 'f64' && f.n === r.n).params));
    const most = Math.max(...parquet.map((r) => r.extra));
    console.log(`Parquet: ${(most / 2 ** 20).toFixed(1)} MiB extra at most (target ≤ 32 MiB): ${most <= 32 * 2 ** 20 ? 'met' : 'MISSED'}; parameters equal to the Float64Array fit's: ${same ? 'yes' : 'NO'}.`);
  }
}

if (process.argv[2] === '--child') await child(process.argv[3], Number(process.argv[4]));
else main();
