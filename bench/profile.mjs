// bench/profile: where a fit's time goes — a CPU profile of P1 or P2 at 10⁶ rows (bench/data.mjs),
// 20 fits on one engine, self time by function. WebAssembly functions are named from the
// release build's text format (build/out/kernels.*.wat): the kernel module is the one with
// the most samples; a model's compiled kernel (src/wasm/model-kernel/) is the module whose only
// function is number 2 (after its two imports); the core module's functions keep their numbers.
//
//   node bench/profile.mjs [--problem P1] [--rows 1e6]
//   "$(npx -y node@24 -p process.execPath)" bench/profile.mjs     under another Node
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureData, PROBLEMS, readData } from './data.mjs';

const arg = (name, fallback) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1] : fallback;
};
const problem = PROBLEMS[arg('problem', 'P1')];
const rows = Number(arg('rows', '1e6'));
const ROOT = fileURLToPath(new URL('..', import.meta.url));

if (process.argv.includes('--child')) {
  const { createEngine } = await import(join(ROOT, 'dist/index.mjs'));
  const { x, y } = readData(ensureData(problem.name, rows).path);
  const engine = createEngine();
  for (let k = 0; k < 20; k++) engine.curveFitSync(problem.expression, x, y, { p0: problem.p0Object });
  process.exit(0);
}

ensureData(problem.name, rows);
const dir = mkdtempSync(join(tmpdir(), 'arenafit-profile-'));
const child = spawnSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--cpu-prof-interval', '100', fileURLToPath(import.meta.url), '--child', '--problem', problem.name, '--rows', String(rows)], { stdio: 'inherit' });
if (child.status !== 0) throw new Error(`the profiled run exited ${child.status}`);
const profile = JSON.parse(readFileSync(join(dir, readdirSync(dir)[0]), 'utf8'));
rmSync(dir, { recursive: true, force: true });

// Self samples by (script, function).
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const samples = new Map();
for (const id of profile.samples) samples.set(id, (samples.get(id) ?? 0) + 1);
const byFrame = new Map();
for (const [id, count] of samples) {
  const { functionName, url, lineNumber, columnNumber } = nodes.get(id).callFrame;
  const key = `${url}\t${functionName}\t${lineNumber}\t${columnNumber}`;
  byFrame.set(key, (byFrame.get(key) ?? 0) + count);
}
const total = profile.samples.length;

// Which wasm script is which module.
const wasmIndex = (name) => Number(/^wasm-function\[(\d+)\]$/.exec(name)?.[1] ?? NaN);
const scripts = new Map();
for (const [key, count] of byFrame) {
  const [url, name] = key.split('\t');
  if (!url.startsWith('wasm://')) continue;
  const s = scripts.get(url) ?? { count: 0, indices: new Set() };
  s.count += count;
  s.indices.add(wasmIndex(name));
  scripts.set(url, s);
}
const compiled = [...scripts].filter(([, s]) => s.indices.size === 1 && s.indices.has(2)).map(([url]) => url);
const kernelsUrl = [...scripts].filter(([url]) => !compiled.includes(url)).sort((a, b) => b[1].count - a[1].count)[0]?.[0];
const relaxed = WebAssembly.validate(readFileSync(join(ROOT, 'build/out/kernels.relaxed.wasm')));
// Function names in index order; the table import takes no function index, env.abort (if imported) does.
const names = (wat) =>
  readFileSync(join(ROOT, 'build/out', wat), 'utf8').split('\n')
    .filter((line) => /^ \(func |^ \(import .*\(func/.test(line))
    .map((line) => /\$([^\s)]+)/.exec(line)?.[1].replace(/^assembly\//, '') ?? '?');
const kernelNames = names(relaxed ? 'kernels.relaxed.wat' : 'kernels.simd.wat');
const coreNames = names('core.wat');

const bundle = readFileSync(join(ROOT, 'dist/index.mjs'), 'utf8').split('\n');
const label = (url, name, rest) => {
  if (compiled.includes(url)) return "the model's compiled kernel (value, derivatives, residual, Jacobian row)";
  if (url === kernelsUrl) return `kernels: ${kernelNames[wasmIndex(name)] ?? name}`;
  if (url.startsWith('wasm://')) return `core: ${coreNames[wasmIndex(name)] ?? name}`;
  if (url.includes('dist/index.mjs')) {
    // Minified: show the start of the function's code.
    const [line, column] = [Number(rest[0]), Number(rest[1])];
    const code = bundle[line]?.slice(column, column + 70) ?? '';
    return `JavaScript (dist/index.mjs): ${code}…`;
  }
  return `${name || '(anonymous)'} ${url ? `(${url.split('/').pop()})` : ''}`.trim();
};
const rowsOut = new Map();
for (const [key, count] of byFrame) {
  const [url, name, ...rest] = key.split('\t');
  const l = label(url, name, rest);
  rowsOut.set(l, (rowsOut.get(l) ?? 0) + count);
}
console.log(`${problem.name} ${problem.expression}, ${rows} rows, 20 fits; Node ${process.version}, ${relaxed ? 'relaxed-SIMD' : 'SIMD'} kernels; ${total} samples of 0.1 ms`);
for (const [l, count] of [...rowsOut].sort((a, b) => b[1] - a[1]).slice(0, 14)) console.log(`${((100 * count) / total).toFixed(1).padStart(5)}%  ${l}`);
