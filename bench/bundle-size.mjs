// bench/bundle-size: how big the published bundles are against issue 6's budget (≤ 40 kB
// gzipped), and what dist/index.mjs is made of.
//
//   node bench/bundle-size.mjs     sizes of dist/ (run `npm run build` first) and the breakdown
//
// The three WebAssembly modules (core, scalar kernels, SIMD kernels) are embedded as one
// raw-DEFLATE stream in base64 (build/build.mjs, src/wasm/inflate.ts). Measured when it was
// chosen: the modules as three hex strings cost 23.3 kB of the gzipped bundle — gzip's 32 kB
// window cannot reach from one kernel build's hex to its twin — and deflated together 16.3 kB
// plus the inflater's 1.3 kB.
//
// Sizes are bytes (1 kB = 1000 B); "gzip" is zlib at level 9, as a server precompressing assets
// would send them. The breakdown rebuilds src/index.ts as build/build.mjs does (minified IIFE,
// worker host stubbed) with esbuild's metafile, which counts each source file's bytes in the
// output (build/library.mjs: the options both use). Gzip is not additive over parts, so the embedded WASM binary is also measured by what
// the gzipped dist/index.mjs loses when its embedded string is emptied.
//
// What build/build.mjs adds around the library (measured on the same sources, 51,677 → 51,746 B
// gzipped): the line linking the source map (dist/index.mjs.map, a file of its own that a browser
// fetches only for its developer tools: not counted here), and the exported classes' names
// (FitError.name, 42 B; esbuild's keepNames, every function's and class's name, costs 2.7 kB).
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import { libraryOptions } from '../build/library.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BUDGET = 40_000;
const gzip = (bytes) => gzipSync(bytes, { level: 9 }).length;
const kB = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;
const read = (path) => readFileSync(join(ROOT, path));

function table(rows, header) {
  const lines = [`| ${header.join(' | ')} |`, `|${header.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`];
  for (const row of rows) lines.push(`| ${row.join(' | ')} |`);
  return lines.join('\n');
}

// dist/index.mjs with its embedded modules (the one long base64 string in it) swapped for
// another — for measuring what the string adds.
const dist = read('dist/index.mjs').toString('latin1');
const builtBase64 = /(?<=["'`])[A-Za-z0-9+/]{10000,}={0,2}(?=["'`])/.exec(dist)?.[0];
if (!builtBase64) throw new Error('no embedded WASM modules (a long base64 string) in dist/index.mjs: run `npm run build`');
const withCore = (base64) => Buffer.from(dist.replace(builtBase64, base64), 'latin1');

const GROUPS = [
  ['embedded WASM modules (deflated, base64)', /^src\/wasm\/binary\.gen\.ts$/],
  ['their inflater', /^src\/wasm\/inflate\.ts$/],
  ['expression compiler', /^src\/models\/expression\//],
  ['built-in models and their guesses', /^src\/models\/builtin\//],
  ['worker client and host', /^src\/worker\//],
  ['everything else: facade, driver, options, report, ABI', /./],
];

async function breakdown() {
  const result = await esbuild.build({ ...libraryOptions, metafile: true });
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

console.log('### dist/ (run `npm run build` first)\n');
console.log(table(['index.mjs', 'index.cjs', 'worker.js', 'text.mjs'].map((file) => {
  const bytes = read(`dist/${file}`);
  return [`dist/${file}`, kB(bytes.length), kB(gzip(bytes))];
}), ['file', 'raw', 'gzip']));
const { rows, faithful } = await breakdown();
console.log(`\n### What dist/index.mjs is made of (esbuild metafile)${faithful ? '' : ' — note: build/build.mjs has changed how it bundles; the parts are approximate'}\n`);
console.log(table(rows, ['part', 'raw', 'gzip it adds']));
const esm = gzip(read('dist/index.mjs'));
console.log(`\nBudget (issue 6): ${kB(BUDGET)} gzipped for dist/index.mjs — ${esm <= BUDGET ? `within it by ${kB(BUDGET - esm)}` : `over it by ${kB(esm - BUDGET)}`}.`);
