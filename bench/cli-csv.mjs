// bench/cli-csv: the `arenafit` command on a 10⁷-row CSV, next to SciPy on the same file.
//
// Writes y = 2.5·exp(−1.3x) + 0.5 + N(0, 0.01²), x on [0, 10), as a two-column CSV (~190 MB)
// in the OS temp folder, then runs, each under /usr/bin/time -v for its wall time and peak RSS
// (the kernel's high-water mark of the process's resident memory):
//   1. arenafit fit data.csv --model 'a*exp(-b*x) + c' --p0 a=1,b=1,c=0 --quiet
//   2. the same with --plot (one more pass over the file)
//   3. if /usr/bin/python3 has SciPy: np.loadtxt, then scipy.optimize.curve_fit, same p0.
// Target: arenafit's peak RSS under 200 MB. The file is deleted at the end.
//
//   npm run bench:cli                 10⁷ rows
//   node bench/cli-csv.mjs --rows 1e6
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { normals } from './random.mjs';

const at = process.argv.indexOf('--rows');
const rows = at > 0 ? Number(process.argv[at + 1]) : 10_000_000;
const cli = fileURLToPath(new URL('../dist/cli.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'arenafit-bench-cli-'));
const csv = join(dir, 'decay.csv');

// Seeded (bench/random.mjs), written a block of lines at a time.
function writeCsv(path, n) {
  const normal = normals(2026);
  const fd = openSync(path, 'w');
  writeSync(fd, 'x,y\n');
  for (let start = 0; start < n; start += 65_536) {
    let text = '';
    for (let i = start; i < Math.min(n, start + 65_536); i++) {
      const x = (10 * i) / n;
      const noise = normal();
      text += `${x.toFixed(7)},${(2.5 * Math.exp(-1.3 * x) + 0.5 + 0.01 * noise).toFixed(6)}\n`;
    }
    writeSync(fd, text);
  }
  closeSync(fd);
}

/** Runs a command under /usr/bin/time -v: its stdout, wall seconds and peak RSS in bytes. */
function timed(command, args) {
  const run = spawnSync('/usr/bin/time', ['-v', command, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const field = (name) => run.stderr.split('\n').find((line) => line.trim().startsWith(name))?.split(/:\s+/).at(-1);
  const wall = field('Elapsed (wall clock) time').split(':').reduce((sum, part) => sum * 60 + Number(part), 0);
  const status = Number(field('Exit status'));
  if (status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${status}:\n${run.stderr}`);
  return { stdout: run.stdout, seconds: wall, peakBytes: Number(field('Maximum resident set size')) * 1024 };
}

const SCIPY = `
import json, sys, time
import numpy as np
from scipy.optimize import curve_fit
started = time.perf_counter()
data = np.loadtxt(sys.argv[1], delimiter=',', skiprows=1)
loaded = time.perf_counter()
p, cov = curve_fit(lambda x, a, b, c: a * np.exp(-b * x) + c, data[:, 0], data[:, 1], p0=[1, 1, 0])
done = time.perf_counter()
print(json.dumps({'load': loaded - started, 'fit': done - loaded, 'params': list(p), 'errors': list(np.sqrt(np.diag(cov)))}))
`;

function hasScipy() {
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import numpy, scipy'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const mb = (bytes) => `${(bytes / 1e6).toFixed(0)} MB`;
const param = (report, name) => Number(new RegExp(`^${name}\\s+(\\S+)`, 'm').exec(report)[1]);

try {
  let started = performance.now();
  writeCsv(csv, rows);
  console.log(`${rows.toLocaleString('en-US')} rows, ${mb(statSync(csv).size)} CSV written in ${((performance.now() - started) / 1000).toFixed(1)} s: ${csv}`);
  const model = ['--model', 'a*exp(-b*x) + c', '--p0', 'a=1,b=1,c=0', '--quiet'];
  const fit = timed(process.execPath, [cli, 'fit', csv, ...model]);
  const plotted = timed(process.execPath, [cli, 'fit', csv, ...model, '--plot', join(dir, 'fit.svg')]);
  const passes = /passes over the data (\d+)/.exec(fit.stdout)[1];
  const values = ['a', 'b', 'c'].map((name) => param(fit.stdout, name));
  console.log('\ncase                              time      peak RSS   result');
  console.log(`arenafit fit (${passes} passes)          ${fit.seconds.toFixed(1).padStart(6)} s  ${mb(fit.peakBytes).padStart(8)}   a b c = ${values.map((v) => v.toPrecision(8)).join(' ')}`);
  console.log(`arenafit fit --plot (+1 pass)     ${plotted.seconds.toFixed(1).padStart(6)} s  ${mb(plotted.peakBytes).padStart(8)}   plot ${(statSync(join(dir, 'fit.svg')).size / 1024).toFixed(0)} KiB`);
  if (hasScipy()) {
    const scipy = timed('/usr/bin/python3', ['-c', SCIPY, csv]);
    const out = JSON.parse(scipy.stdout);
    console.log(`SciPy loadtxt + curve_fit         ${scipy.seconds.toFixed(1).padStart(6)} s  ${mb(scipy.peakBytes).padStart(8)}   a b c = ${out.params.map((v) => v.toPrecision(8)).join(' ')}`);
    console.log(`  (np.loadtxt ${out.load.toFixed(1)} s, curve_fit ${out.fit.toFixed(1)} s)`);
    console.log(`\nratios arenafit / SciPy: time ${(fit.seconds / scipy.seconds).toFixed(2)}, peak RSS ${(fit.peakBytes / scipy.peakBytes).toFixed(2)}`);
  } else {
    console.log('SciPy: /usr/bin/python3 has no numpy/scipy; skipped');
  }
  console.log(`\ntarget: arenafit peak RSS under 200 MB: ${Math.max(fit.peakBytes, plotted.peakBytes) < 200e6 ? 'met' : 'NOT met'}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
