// bench/cli-csv: a 10⁷-row, 3-column decay (x, y, sigma) in the files people keep — CSV, NumPy
// .npy, Parquet — fitted by arenafit from each file and by SciPy from the same files, each run
// in a process of its own under /usr/bin/time -v for its wall time and peak RSS (the kernel's
// high-water mark of the process's resident memory).
//
//   arenafit fit data.csv --sigma sigma       the command line (text parsed on the first pass;
//                                             later passes read its binary copy)
//   fromNpyFile / fromParquetFile + curveFit  the library, streaming the file
//   np.loadtxt / np.load + curve_fit          SciPy (lm, its numerical Jacobian), same p0, sigma
//
// Also: the text reader alone (fromCsvFile, one pass, no temp copy): MB/s of the file, median of
// 3. Targets: the CSV fit faster than NumPy loadtxt + SciPy curve_fit, peak RSS under 200 MB,
// the reader at ≥ 150 MB/s. SciPy reads Parquet only through pyarrow; without it that row says
// so. Files go to a fresh folder in the OS temp folder, deleted at the end.
//
//   npm run bench:cli                 10⁷ rows
//   node bench/cli-csv.mjs --rows 1e6
//   node bench/cli-csv.mjs --node "$(npx -y node@24 -p process.execPath)"   arenafit on another Node
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { normals } from './random.mjs';

const at = process.argv.indexOf('--rows');
const rows = at > 0 ? Number(process.argv[at + 1]) : 10_000_000;
const nodeAt = process.argv.indexOf('--node');
/** The Node that runs arenafit's processes: this one, or the one named by --node. */
const node = nodeAt > 0 ? process.argv[nodeAt + 1] : process.execPath;
const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'dist/cli.mjs');
const dir = mkdtempSync(join(tmpdir(), 'arenafit-bench-files-'));
const files = { csv: join(dir, 'decay.csv'), npy: join(dir, 'decay.npy'), parquet: join(dir, 'decay.parquet') };
const MODEL = 'a*exp(-b*x) + c';
const SIGMA = 0.01;

/** The data, a block at a time: x on [0, 10), y = 2.5·exp(−1.3x) + 0.5 + N(0, σ²), σ = 0.01 (seeded). */
function* blocks(n, size = 65_536) {
  const normal = normals(2026);
  for (let start = 0; start < n; start += size) {
    const m = Math.min(size, n - start);
    const x = new Float64Array(m);
    const y = new Float64Array(m);
    for (let i = 0; i < m; i++) {
      // Rounded as the CSV writes them, so that every format holds the same doubles.
      x[i] = Number(((10 * (start + i)) / n).toFixed(7));
      y[i] = Number((2.5 * Math.exp(-1.3 * x[i]) + 0.5 + SIGMA * normal()).toFixed(6));
    }
    yield { x, y };
  }
}

function writeCsv(path, n) {
  const fd = openSync(path, 'w');
  writeSync(fd, 'x,y,sigma\n');
  for (const { x, y } of blocks(n)) {
    let text = '';
    for (let i = 0; i < x.length; i++) text += `${x[i].toFixed(7)},${y[i].toFixed(6)},${SIGMA.toFixed(6)}\n`;
    writeSync(fd, text);
  }
  closeSync(fd);
}

// numpy.save's header for an (n, 3) float64 array in C order (format 1.0): magic, version,
// length, a dict padded with spaces to end on a multiple of 64 bytes, and a newline.
function writeNpy(path, n) {
  let dict = `{'descr': '<f8', 'fortran_order': False, 'shape': (${n}, 3), }`;
  while ((10 + dict.length + 1) % 64 !== 0) dict += ' ';
  dict += '\n';
  const fd = openSync(path, 'w');
  writeSync(fd, Uint8Array.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, dict.length & 0xff, dict.length >> 8]));
  writeSync(fd, dict);
  for (const { x, y } of blocks(n)) {
    const records = new Float64Array(3 * x.length);
    for (let i = 0; i < x.length; i++) records.set([x[i], y[i], SIGMA], 3 * i);
    writeSync(fd, new Uint8Array(records.buffer));
  }
  closeSync(fd);
}

// Parquet as a data engineer gets it by default from pyarrow: DOUBLE columns, snappy, row
// groups of 1,048,576 rows. The writer takes whole columns (memory here is not measured).
async function writeParquet(path, n) {
  const { parquetWriteFile } = await import('hyparquet-writer');
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  let k = 0;
  for (const block of blocks(n)) {
    x.set(block.x, k);
    y.set(block.y, k);
    k += block.x.length;
  }
  parquetWriteFile({
    filename: path,
    rowGroupSize: 1_048_576,
    columnData: [
      { name: 'x', data: x, type: 'DOUBLE' },
      { name: 'y', data: y, type: 'DOUBLE' },
      { name: 'sigma', data: new Float64Array(n).fill(SIGMA), type: 'DOUBLE' },
    ],
  });
}

/** Runs a command under /usr/bin/time -v: its stdout, wall seconds and peak RSS in bytes. */
function timed(command, args) {
  const run = spawnSync('/usr/bin/time', ['-v', command, ...args], { encoding: 'utf8', maxBuffer: 1 << 26, cwd: root });
  const field = (name) => run.stderr.split('\n').find((line) => line.trim().startsWith(name))?.split(/:\s+/).at(-1);
  const wall = field('Elapsed (wall clock) time')?.split(':').reduce((sum, part) => sum * 60 + Number(part), 0);
  const status = Number(field('Exit status'));
  if (status !== 0 || wall === undefined) return { failed: `${command} ${args.join(' ')} exited with ${status}: ${run.stderr.split('\n').slice(0, 6).join(' | ')}` };
  return { stdout: run.stdout, seconds: wall, peakBytes: Number(field('Maximum resident set size')) * 1024 };
}

// The library from a file: one small script per format, run in a fresh process.
const LIBRARY = `
const [kind, path] = process.argv.slice(2);
const { curveFit, fromNpyFile, fromCsvFile } = await import(${JSON.stringify(join(root, 'dist/node.mjs'))});
const source = kind === 'npy' ? fromNpyFile(path)
  : kind === 'parquet' ? (await import(${JSON.stringify(join(root, 'dist/parquet.mjs'))})).fromParquetFile(path, { x: 'x', y: 'y', sigma: 'sigma' })
  : fromCsvFile(path, { x: 'x', y: 'y', sigma: 'sigma' });
const r = await curveFit(${JSON.stringify(MODEL)}, source, { p0: { a: 1, b: 1, c: 0 } });
console.log(JSON.stringify({ params: r.names.map((n) => r.params[n]), errors: r.names.map((n) => r.errors[n]), passes: r.evaluations, converged: r.converged }));
`;

// The text reader alone: one pass over the file, parsed, no temp copy.
const READER = `
const [path] = process.argv.slice(2);
const { fromCsvFile } = await import(${JSON.stringify(join(root, 'dist/node.mjs'))});
const times = [];
let n = 0;
for (let k = 0; k < 3; k++) {
  const source = fromCsvFile(path, { x: 'x', y: 'y', sigma: 'sigma', tempCopy: false });
  const started = performance.now();
  n = 0;
  for (const chunk of source.chunks()) n += chunk.y.length;
  times.push((performance.now() - started) / 1000);
}
console.log(JSON.stringify({ seconds: times.sort((a, b) => a - b)[1], rows: n }));
`;

const SCIPY = `
import json, sys, time
import numpy as np
from scipy.optimize import curve_fit
kind, path = sys.argv[1], sys.argv[2]
started = time.perf_counter()
if kind == 'csv':
    data = np.loadtxt(path, delimiter=',', skiprows=1)
elif kind == 'npy':
    data = np.load(path)
else:
    import pyarrow.parquet as pq
    table = pq.read_table(path)
    data = np.column_stack([table[name].to_numpy() for name in ('x', 'y', 'sigma')])
loaded = time.perf_counter()
p, cov = curve_fit(lambda x, a, b, c: a * np.exp(-b * x) + c, data[:, 0], data[:, 1], p0=[1, 1, 0], sigma=data[:, 2])
done = time.perf_counter()
print(json.dumps({'load': loaded - started, 'fit': done - loaded, 'params': list(p), 'errors': list(np.sqrt(np.diag(cov)))}))
`;

function python(module) {
  try {
    execFileSync('/usr/bin/python3', ['-c', `import ${module}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const mb = (bytes) => `${(bytes / 1e6).toFixed(0)} MB`;
const fmt = (values) => values.map((v) => v.toPrecision(8)).join(' ');

try {
  let started = performance.now();
  writeCsv(files.csv, rows);
  writeNpy(files.npy, rows);
  await writeParquet(files.parquet, rows);
  const sizes = Object.entries(files).map(([kind, path]) => `${kind} ${mb(statSync(path).size)}`).join(', ');
  console.log(`arenafit on Node ${execFileSync(node, ['-p', 'process.version'], { encoding: 'utf8' }).trim()}`);
  console.log(`${rows.toLocaleString('en-US')} rows × (x, y, sigma) written in ${((performance.now() - started) / 1000).toFixed(1)} s: ${sizes}`);
  writeFileSync(join(dir, 'library.mjs'), LIBRARY);
  writeFileSync(join(dir, 'reader.mjs'), READER);

  const reader = timed(node, [join(dir, 'reader.mjs'), files.csv]);
  if (reader.failed) console.log(`text reader: ${reader.failed}`);
  else {
    const { seconds } = JSON.parse(reader.stdout);
    console.log(`text reader (fromCsvFile, one pass, no copy): ${seconds.toFixed(2)} s, ${(statSync(files.csv).size / 1e6 / seconds).toFixed(0)} MB/s (median of 3)`);
  }

  const runs = [];
  const cliRun = timed(node, [cli, 'fit', files.csv, '--model', MODEL, '--sigma', 'sigma', '--p0', 'a=1,b=1,c=0', '--json']);
  runs.push(['csv', 'arenafit fit (command line)', cliRun, (out) => { const j = JSON.parse(out); return { params: ['a', 'b', 'c'].map((n) => j.params[n]), passes: j.evaluations ?? j.passes }; }]);
  for (const kind of ['npy', 'parquet']) {
    const run = timed(node, [join(dir, 'library.mjs'), kind, files[kind]]);
    runs.push([kind, `arenafit ${kind === 'npy' ? 'fromNpyFile' : 'fromParquetFile'} + curveFit`, run, (out) => JSON.parse(out)]);
  }
  const scipy = {};
  const hasScipy = python('scipy');
  for (const kind of ['csv', 'npy', 'parquet']) {
    if (!hasScipy) scipy[kind] = { failed: '/usr/bin/python3 has no numpy/scipy' };
    else if (kind === 'parquet' && !python('pyarrow')) scipy[kind] = { failed: 'no pyarrow in /usr/bin/python3: SciPy cannot read Parquet here' };
    else scipy[kind] = timed('/usr/bin/python3', ['-c', SCIPY, kind, files[kind]]);
  }

  console.log('\nfile     reader                                time      peak RSS   passes  a b c');
  for (const [kind, label, run, parse] of runs) {
    if (run.failed) {
      console.log(`${kind.padEnd(8)} ${label.padEnd(36)} failed: ${run.failed}`);
      continue;
    }
    const out = parse(run.stdout);
    console.log(`${kind.padEnd(8)} ${label.padEnd(36)} ${run.seconds.toFixed(1).padStart(6)} s  ${mb(run.peakBytes).padStart(8)}   ${String(out.passes ?? '').padStart(6)}  ${fmt(out.params)}`);
    const s = scipy[kind];
    const name = kind === 'csv' ? 'np.loadtxt' : kind === 'npy' ? 'np.load' : 'pyarrow';
    if (s.failed) console.log(`${''.padEnd(8)} ${`SciPy (${name} + curve_fit)`.padEnd(36)} ${s.failed}`);
    else {
      const so = JSON.parse(s.stdout);
      console.log(`${''.padEnd(8)} ${`SciPy (${name} + curve_fit)`.padEnd(36)} ${s.seconds.toFixed(1).padStart(6)} s  ${mb(s.peakBytes).padStart(8)}   ${''.padStart(6)}  ${fmt(so.params)}   (load ${so.load.toFixed(1)} s, fit ${so.fit.toFixed(1)} s)`);
      console.log(`${''.padEnd(8)} ratio arenafit / SciPy: time ${(run.seconds / s.seconds).toFixed(2)}, peak RSS ${(run.peakBytes / s.peakBytes).toFixed(2)}`);
    }
  }
  const csv = runs[0][2];
  if (!csv.failed) {
    const s = scipy.csv;
    console.log(`\ntargets: CSV peak RSS under 200 MB: ${csv.peakBytes < 200e6 ? 'met' : 'NOT met'}; CSV faster than loadtxt + curve_fit: ${s.failed ? 'not measured' : csv.seconds < s.seconds ? 'met' : 'NOT met'}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
