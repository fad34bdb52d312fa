// bench/bundle-size: how big the published bundles are, what dist/index.mjs is made of, and what
// would bring it within issue 6's budget (≤ 40 kB gzipped).
//
//   node bench/bundle-size.mjs             sizes of dist/ (run `npm run build` first) and the breakdown
//   node bench/bundle-size.mjs --what-if   also: the bundle with WASM cores built for size, and the
//                                          speed each costs (fits of 10⁶ points, median of 7), and
//                                          each core embedded as hex instead of base64
//
// Hex keeps each byte on two characters, so gzip still finds the binary's repeats, which base64
// (3 bytes across 4 characters) scatters; the hex column swaps the string only — the few dozen
// bytes of a hex decoder are not counted.
//
// Sizes are bytes (1 kB = 1000 B); "gzip" is zlib at level 9, as a server precompressing assets
// would send them. The breakdown rebuilds src/index.ts as build/build.mjs does (minified IIFE,
// worker host stubbed) with esbuild's metafile, which counts each source file's bytes in the
// output. Gzip is not additive over parts, so the embedded WASM binary is also measured by what
// the gzipped dist/index.mjs loses when its embedded string is emptied. The what-if bundles are
// dist/index.mjs itself with only that string replaced.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'bench/out/bundle-size');
const BUDGET = 40_000;
const gzip = (bytes) => gzipSync(bytes, { level: 9 }).length;
const kB = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;
const read = (path) => readFileSync(join(ROOT, path));

function table(rows, header) {
  const lines = [`| ${header.join(' | ')} |`, `|${header.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`];
  for (const row of rows) lines.push(`| ${row.join(' | ')} |`);
  return lines.join('\n');
}

// dist/index.mjs with its embedded core (the one long string in it: hex since the build embeds
// hex; the pattern also matches base64) swapped for another — for measuring sizes only.
const dist = read('dist/index.mjs').toString('latin1');
const builtBase64 = /(?<=["'`])[A-Za-z0-9+/]{10000,}={0,2}(?=["'`])/.exec(dist)?.[0];
if (!builtBase64) throw new Error('no embedded WASM binary (a long hex or base64 string) in dist/index.mjs: run `npm run build`');
const withCore = (base64) => Buffer.from(dist.replace(builtBase64, base64), 'latin1');

const GROUPS = [
  ['embedded WASM core (hex)', /^src\/wasm\/binary\.gen\.ts$/],
  ['expression compiler', /^src\/models\/expression\//],
  ['built-in models and their guesses', /^src\/models\/builtin\//],
  ['worker client and host', /^src\/worker\//],
  ['everything else: facade, driver, options, report, ABI', /./],
];

async function breakdown() {
  const stubHost = {
    name: 'no-host-bundle',
    setup(build) {
      build.onResolve({ filter: /host\.gen\.ts$/ }, () => ({ path: 'host-stub', namespace: 'stub' }));
      build.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({ contents: "export const hostSource = '';", loader: 'ts' }));
    },
  };
  const result = await esbuild.build({
    entryPoints: [join(ROOT, 'src/index.ts')], absWorkingDir: ROOT, bundle: true, format: 'iife', globalName: '__arenafitExports',
    platform: 'neutral', target: ['node20', 'es2022'], minify: true, legalComments: 'none', write: false, metafile: true, plugins: [stubHost],
  });
  const faithful = dist.includes(result.outputFiles[0].text.trim());
  const bytes = new Map(GROUPS.map(([name]) => [name, 0]));
  for (const [path, { bytesInOutput }] of Object.entries(Object.values(result.metafile.outputs)[0].inputs)) {
    const [name] = GROUPS.find(([, pattern]) => pattern.test(relative(ROOT, join(ROOT, path))));
    bytes.set(name, bytes.get(name) + bytesInOutput);
  }
  const full = gzip(Buffer.from(dist, 'latin1'));
  const rows = GROUPS.map(([name], i) => [name, kB(bytes.get(name)), i === 0 ? kB(full - gzip(withCore(''))) : '']);
  rows.push(['dist/index.mjs', kB(dist.length), kB(full)]);
  return { rows, faithful };
}

// ── --what-if ───────────────────────────────────────────────────────────────────────────────

// The release core from asconfig.json with extra asc flags, into bench/out.
async function compileCore(name, flags) {
  const asc = (await import('assemblyscript/asc')).default;
  const outFile = join(OUT, `${name}.wasm`);
  const { error, stderr } = await asc.main(
    ['--config', 'asconfig.json', '--target', 'release', '--outFile', outFile, '--textFile', join(OUT, `${name}.wat`), ...flags],
    { stdout: process.stdout, stderr: process.stderr },
  );
  if (error) throw new Error(`asc ${flags.join(' ')} failed: ${error.message}\n${stderr}`);
  return readFileSync(outFile);
}

// Median wall time of two fits of 10⁶ points — P1 with p0, then the built-in gaussian with its
// guess — for each bundle; the bundles take turns, so a drift in the machine's speed falls on all.
async function speeds(bundles) {
  const N = 1_000_000;
  const x = new Float64Array(N);
  const decay = new Float64Array(N);
  const peak = new Float64Array(N);
  let state = 12345;
  const noise = () => ((state = (state * 48271) % 2147483647) / 2147483647 - 0.5) * 0.02; // Park–Miller
  for (let i = 0; i < N; i++) {
    x[i] = (10 * i) / (N - 1);
    decay[i] = 2.5 * Math.exp(-1.3 * x[i]) + 0.5 + noise();
    peak[i] = 3 * Math.exp(-((x[i] - 4.2) ** 2) / 1.28) + 0.2 + noise();
  }
  const libs = [];
  for (const [i, bytes] of bundles.entries()) {
    const file = join(OUT, `index-${i}.mjs`);
    writeFileSync(file, bytes);
    libs.push(await import(pathToFileURL(file).href));
  }
  const times = libs.map(() => []);
  for (let repeat = 0; repeat < 8; repeat++) {
    libs.forEach((lib, i) => {
      const started = performance.now();
      lib.curveFitSync('a*exp(-b*x) + c', x, decay, { p0: { a: 1, b: 1, c: 0 } });
      lib.curveFitSync('gaussian', x, peak);
      if (repeat > 0) times[i].push(performance.now() - started); // the first is a warm-up
    });
  }
  return times.map((t) => t.sort((a, b) => a - b)[t.length >> 1]);
}

async function whatIf() {
  mkdirSync(OUT, { recursive: true });
  const variants = [['-O3 (as built)', []], ['-O3 --shrinkLevel 1', ['--shrinkLevel', '1']], ['-O3 --shrinkLevel 2', ['--shrinkLevel', '2']], ['-O2', ['--optimizeLevel', '2']]];
  const cores = [];
  for (const [name, flags] of variants) cores.push(await compileCore(name.replace(/\W+/g, '_'), flags));
  if (cores[0].toString('base64') !== builtBase64) console.log('\nnote: the core in dist/index.mjs is not asconfig.json\'s release build of assembly/ now: run `npm run build`');
  const bundles = cores.map((core) => withCore(core.toString('base64')));
  const times = await speeds(bundles);
  const rows = variants.map(([name], i) => [
    name, kB(cores[i].length), kB(gzip(Buffer.from(cores[i].toString('base64')))), kB(gzip(bundles[i])),
    kB(gzip(withCore(cores[i].toString('hex')))), `${times[i].toFixed(0)} ms`, `${(times[i] / times[0]).toFixed(2)}×`,
  ]);
  console.log('\n### dist/index.mjs with the WASM core built for size\n');
  console.log(table(rows, ['core', 'raw', 'base64, gzip', 'bundle, gzip', 'bundle with hex, gzip', 'P1 + gaussian, 10⁶ points', 'time']));
  console.log(`\nBudget: ${kB(BUDGET)} gzipped.`);
}

console.log('### dist/ (run `npm run build` first)\n');
console.log(table(['index.mjs', 'index.cjs', 'worker.js'].map((file) => {
  const bytes = read(`dist/${file}`);
  return [`dist/${file}`, kB(bytes.length), kB(gzip(bytes))];
}), ['file', 'raw', 'gzip']));
const { rows, faithful } = await breakdown();
console.log(`\n### What dist/index.mjs is made of (esbuild metafile)${faithful ? '' : ' — note: build/build.mjs has changed how it bundles; the parts are approximate'}\n`);
console.log(table(rows, ['part', 'raw', 'gzip it adds']));
if (process.argv.includes('--what-if')) await whatIf();
