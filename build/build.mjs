// Builds arenafit: AssemblyScript → the core module and the kernel module (scalar and SIMD),
// each release and debug; the guard that nothing in assembly/ allocates managed objects; the
// embedded modules (one deflated stream + hash, hash-wasm style); the ESM and CJS bundles with
// their source maps; the apps; and one rolled-up declaration file per entry and format.
//
//   node build/build.mjs              what is out of date (all of it the first time), with a summary
//   node build/build.mjs --quiet      the same, silent when nothing is out of date, one line
//                                     when something is (npm start, npm test, the bench scripts)
//   node build/build.mjs --force      everything, whatever the stamps say
//   node build/build.mjs --wasm-only  the .wasm files, the guard, src/generated/*.gen.ts
//
// Stages. Each hashes its inputs (files, the versions of the tools it runs, and the keys of the
// stages it builds on) into build/out/stamp.json, with a hash of each file it wrote; a stage runs
// when its key changed or an output is missing or was altered. Generated files are not inputs.
//   wasm     assembly/, build/asconfig.*.json   → build/out/*.wasm|wat, src/generated/binary.gen.ts
//   host     src/                               → src/generated/host.gen.ts (the sources' worker)
//   bundles  src/, apps/, package.json           → dist/*.mjs|cjs|js + .map, build/out/demo.mjs
//   types    src/, package.json, api-extractor   → dist/*.d.ts, dist/*.d.cts
// Every stage also hashes build/*.mjs, the wasm stage build/build.mjs only. A build holds
// build/out/lock while it writes, so two builds in one tree (two terminals, npm test and
// npm start) take turns instead of writing the same files at once; files reach dist/ by rename.
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'build/out');
const dist = join(root, 'dist');
const flags = new Set(process.argv.slice(2));
const quiet = flags.has('--quiet');
const log = quiet ? () => {} : (line) => console.log(line);
const require = createRequire(import.meta.url);
const at = (path) => join(root, path);
const rel = (path) => relative(root, path).split(sep).join('/');
let pendingLine = false; // a quiet build's one line, not yet ended
for (const flag of flags) if (!['--quiet', '--force', '--wasm-only'].includes(flag)) fail(`unknown option ${flag}; expected --quiet, --force or --wasm-only`);

function fail(message) {
  if (pendingLine) process.stdout.write('\n');
  console.error(message);
  process.exit(1);
}

// ---------------------------------------------------------------------------------------------
// Writing: whole files by rename (a test reading dist/ never sees half a file), and the lock.

let tmpCount = 0;
function writeAtomic(path, data, mode) {
  const tmp = join(out, 'tmp', `${basename(path)}.${process.pid}.${tmpCount++}`);
  mkdirSync(dirname(tmp), { recursive: true });
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(tmp, data);
  if (mode !== undefined) chmodSync(tmp, mode);
  renameSync(tmp, path);
}

function writeIfChanged(path, text) {
  if (!existsSync(path) || readFileSync(path, 'utf8') !== text) writeAtomic(path, text);
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

function takeLock() {
  const dir = join(out, 'lock');
  const started = Date.now();
  let said = false;
  for (;;) {
    try {
      mkdirSync(dir);
      writeFileSync(join(dir, 'pid'), String(process.pid));
      process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
      return;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    }
    let pid = 0;
    try {
      pid = Number(readFileSync(join(dir, 'pid'), 'utf8'));
    } catch {}
    const age = Date.now() - (statSync(dir, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
    if ((pid > 0 && !alive(pid)) || (!(pid > 0) && age > 10_000)) {
      rmSync(dir, { recursive: true, force: true }); // left by a build that died
      continue;
    }
    if (Date.now() - started > 20 * 60_000) fail(`build: gave up waiting for the build holding ${rel(dir)} (pid ${pid})`);
    if (!said && !quiet) console.log(`build: waiting for another build (pid ${pid}) to finish`);
    said = true;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 250);
  }
}

// ---------------------------------------------------------------------------------------------
// Stamps: what each stage was built from, and what it wrote.

const sha = (data) => createHash('sha256').update(data).digest('hex');
const skipDirs = new Set(['node_modules', 'out', 'generated', '.git']);

/** Files under `path` (a file, a folder, or a folder/prefix*suffix pattern), generated ones excluded. */
function listFiles(path) {
  const star = path.indexOf('*');
  if (star >= 0) {
    const folder = dirname(path);
    const [before, after] = basename(path).split('*');
    const names = existsSync(at(folder)) ? readdirSync(at(folder)) : [];
    return names.filter((name) => name.startsWith(before) && name.endsWith(after)).map((name) => `${folder}/${name}`).filter((file) => statSync(at(file)).isFile());
  }
  const stat = statSync(at(path), { throwIfNoEntry: false });
  if (!stat) return [];
  if (stat.isFile()) return [path];
  return readdirSync(at(path), { withFileTypes: true })
    .filter((entry) => !(entry.isDirectory() && skipDirs.has(entry.name)) && !entry.name.endsWith('.gen.ts'))
    .flatMap((entry) => listFiles(`${path}/${entry.name}`));
}

function toolVersion(name) {
  return `${name}@${JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')).version}`;
}

const stampFile = join(out, 'stamp.json');
function readStamps() {
  try {
    return JSON.parse(readFileSync(stampFile, 'utf8'));
  } catch {
    return {};
  }
}
function writeStamps(stamps) {
  writeAtomic(stampFile, `${JSON.stringify(stamps, null, 1)}\n`);
}

const fileHash = (path) => (existsSync(at(path)) ? sha(readFileSync(at(path))) : undefined);

const hasParquet = existsSync(at('src/parquet.ts'));
/** The package's entries: src/<name>.ts → dist/<name>.{mjs,cjs,d.ts,d.cts}; parquet once its source exists. */
const entries = ['index', 'text', 'node', ...(hasParquet ? ['parquet'] : [])];

const stages = [
  {
    name: 'wasm',
    inputs: ['assembly', 'build/asconfig.core.json', 'build/asconfig.kernels.json', 'build/build.mjs'],
    tools: ['assemblyscript', '@gfx/zopfli'],
    outputs: [
      ...['core', 'core.debug', 'kernels', 'kernels.simd', 'kernels.relaxed', 'kernels.debug'].flatMap((name) => [`build/out/${name}.wasm`, `build/out/${name}.wat`]),
      'build/out/core.debug.wasm.map', 'build/out/kernels.debug.wasm.map', 'src/generated/binary.gen.ts',
    ],
    run: buildWasm,
  },
  {
    name: 'host',
    inputs: ['src', 'build/*.mjs'],
    tools: ['esbuild'],
    outputs: ['src/generated/host.gen.ts'],
    run: buildWorkerHost,
  },
  {
    name: 'bundles',
    inputs: ['src', 'apps', 'build/*.mjs', 'package.json', 'tsconfig*.json'],
    after: ['wasm', 'host'],
    tools: ['esbuild'],
    outputs: [
      ...entries.flatMap((name) => [`dist/${name}.mjs`, `dist/${name}.mjs.map`, `dist/${name}.cjs`, ...(name === 'index' ? [] : [`dist/${name}.cjs.map`])]),
      'dist/worker.js', 'dist/cli.mjs', 'dist/cli.mjs.map', 'build/out/demo.mjs',
    ],
    run: buildBundles,
  },
  {
    name: 'types',
    inputs: ['src', 'build/*.mjs', 'build/api-extractor.json', 'package.json', 'tsconfig*.json'],
    tools: ['typescript', '@microsoft/api-extractor'],
    outputs: entries.flatMap((name) => [`dist/${name}.d.ts`, `dist/${name}.d.cts`]),
    run: buildTypes,
  },
].filter((stage) => !flags.has('--wasm-only') || stage.name === 'wasm' || stage.name === 'host');

// dist/ holds the outputs of bundles and types and nothing else: a stray file would be published.
const distOutputs = new Set(stages.filter((s) => s.name === 'bundles' || s.name === 'types').flatMap((s) => s.outputs).filter((p) => p.startsWith('dist/')));
const strays = () => (distOutputs.size === 0 || !existsSync(dist) ? [] : readdirSync(dist).map((name) => `dist/${name}`).filter((path) => !distOutputs.has(path)));

function stageKey(stage, keys) {
  const hash = createHash('sha256');
  hash.update(`${process.version.split('.')[0]}\n${stage.tools.map(toolVersion).join('\n')}\n`);
  for (const name of stage.after ?? []) hash.update(`${name}=${keys[name]}\n`);
  const files = [...new Set(stage.inputs.flatMap(listFiles))].sort();
  for (const file of files) hash.update(`${file}\n${sha(readFileSync(at(file)))}\n`);
  return hash.digest('hex');
}

function upToDate(stage, key, stamps) {
  const stamp = stamps[stage.name];
  if (!stamp || stamp.key !== key) return false;
  if (stage.name === 'bundles' && strays().length > 0) return false;
  return stage.outputs.every((path) => stamp.outputs?.[path] !== undefined && stamp.outputs[path] === fileHash(path));
}

// ---------------------------------------------------------------------------------------------
// Stage wasm.

// Two modules (see assembly/kernels.ts): the core (solver, arena, evaluator set-up) and the
// kernels (the hot loops), built scalar, SIMD and relaxed SIMD (fused multiply-adds). Each has its config in build/; naming the
// config keeps asc from applying a ./asconfig.json silently.
async function compileAssemblyScript(config, target) {
  const asc = (await import('assemblyscript/asc')).default;
  const streams = quiet ? { stdout: asc.createMemoryStream(), stderr: asc.createMemoryStream() } : { stdout: process.stdout, stderr: process.stderr };
  const { error, stdout, stderr } = await asc.main(['--config', `build/asconfig.${config}.json`, '--target', target], streams);
  if (error) {
    throw new Error(`asc --config build/asconfig.${config}.json --target ${target} failed: ${error.message}\n${quiet ? `${stdout}${stderr}` : ''}`);
  }
}

// Kernels use raw pointers into the arena only. If anything in assembly/ allocates a managed
// object (new, a string, an array), the stub runtime's allocator appears in the module.
function checkNoManagedAllocation(watFile) {
  const wat = readFileSync(watFile, 'utf8');
  const hits = wat.split('\n').filter((line) => line.includes('~lib/rt/'));
  if (hits.length > 0) {
    throw new Error(`${watFile} contains runtime allocation code (~lib/rt/):\n${hits.slice(0, 5).join('\n')}`);
  }
}

// The modules share one linear memory, so their static data must not overlap: the kernels'
// (memoryBase 0) has to end below the core's (memoryBase in build/asconfig.core.json).
function dataExtent(wasmFile) {
  const b = readFileSync(wasmFile);
  let p = 8;
  const leb = () => { let r = 0, shift = 0, x; do { x = b[p++]; r += (x & 0x7f) * 2 ** shift; shift += 7; } while (x & 0x80); return r; };
  const sleb = () => { let r = 0, shift = 0, x; do { x = b[p++]; r |= (x & 0x7f) << shift; shift += 7; } while (x & 0x80); return shift < 32 && (x & 0x40) ? r | (-1 << shift) : r; };
  let lo = Infinity, hi = 0;
  while (p < b.length) {
    const id = b[p++], size = leb(), end = p + size;
    if (id === 11) {
      for (let n = leb(); n > 0; n--) {
        const kind = leb();
        if (kind !== 0 || b[p++] !== 0x41) throw new Error(`${wasmFile}: unexpected data segment kind`);
        const offset = sleb();
        p++; // end
        const length = leb();
        lo = Math.min(lo, offset);
        hi = Math.max(hi, offset + length);
        p += length;
      }
    }
    p = end;
  }
  return { lo, hi };
}

// The four modules are embedded as one raw-DEFLATE stream in base64 (decoded by
// src/wasm/inflate.ts): the two kernel builds share most of their code, and deflating them side
// by side lets the second refer to the first — 16 kB instead of 23 kB of hex in the gzipped
// bundle, where gzip's 32 kB window cannot reach from one hex copy to the other. Zopfli finds a
// 5% shorter stream than zlib's level 9 (deterministic, about a second).
async function embed(modules, genFile) {
  const { promisify } = await import('node:util');
  const zopfli = (await import('@gfx/zopfli')).default;
  const parts = Object.entries(modules).map(([name, file]) => [name, readFileSync(file)]);
  const all = Buffer.concat(parts.map(([, bytes]) => bytes));
  const deflated = Buffer.from(await promisify(zopfli.deflate)(all, { numiterations: 15 }));
  const hash = createHash('sha256').update(all).digest('hex').slice(0, 16);
  let text = '// Generated by build/build.mjs from build/out/*.wasm. Do not edit; not committed.\n';
  text += `/** ${parts.map(([name]) => name).join(', ')}: their byte lengths, in this order, in wasmDeflated. */\n`;
  text += `export const wasmSizes = [${parts.map(([, bytes]) => bytes.length).join(', ')}];\n`;
  text += `export const wasmDeflated =\n  '${deflated.toString('base64')}';\n`;
  text += `export const wasmSha256 = '${hash}';\n`;
  // The shared memory starts with the pages the core's static data needs (it sits above the kernels').
  text += `export const memoryPages = ${Math.max(1, Math.ceil(dataExtent(modules.core).hi / 65536))};\n`;
  writeIfChanged(genFile, text);
  return { hash, deflated: deflated.length, raw: all.length };
}

async function buildWasm() {
  for (const target of ['release', 'debug']) await compileAssemblyScript('core', target);
  for (const target of ['release', 'simd', 'relaxed', 'debug']) await compileAssemblyScript('kernels', target);
  for (const name of ['core', 'core.debug', 'kernels', 'kernels.simd', 'kernels.relaxed', 'kernels.debug']) checkNoManagedAllocation(join(out, `${name}.wat`));
  const coreBase = JSON.parse(readFileSync(at('build/asconfig.core.json'), 'utf8')).options.memoryBase;
  for (const name of ['kernels', 'kernels.simd', 'kernels.relaxed', 'kernels.debug']) {
    const { hi } = dataExtent(join(out, `${name}.wasm`));
    if (hi > coreBase) throw new Error(`build/out/${name}.wasm: static data ends at ${hi}, above the core's memoryBase ${coreBase}`);
  }
  const wasm = await embed(
    { core: join(out, 'core.wasm'), kernels: join(out, 'kernels.wasm'), kernelsSimd: join(out, 'kernels.simd.wasm'), kernelsRelaxed: join(out, 'kernels.relaxed.wasm') },
    at('src/generated/binary.gen.ts'),
  );
  const sizes = ['core', 'kernels', 'kernels.simd', 'kernels.relaxed'].map((name) => `${name} ${statSync(join(out, `${name}.wasm`)).size}`);
  log(`wasm: ${sizes.join(', ')} bytes; ${wasm.deflated} deflated; sha256 ${wasm.hash}`);
}

// ---------------------------------------------------------------------------------------------
// Stage host.

// The worker's code for the sources (vitest): one script (IIFE) that runs in a Web Worker and in
// Node's worker_threads. It receives the compiled module in its first message, so the embedded
// binary is replaced by an empty stub. The published bundles do not include it (see below).
async function buildWorkerHost() {
  const esbuild = await import('esbuild');
  // Stubs: the binary (posted to the worker instead), and the host's own source (which does not
  // exist yet while it is being built; a worker of the sources starts no workers of its own).
  const stubBinary = {
    name: 'stub-binary',
    setup(build) {
      build.onResolve({ filter: /binary\.gen\.ts$/ }, () => ({ path: 'binary-stub', namespace: 'stub' }));
      build.onResolve({ filter: /host\.gen\.ts$/ }, () => ({ path: 'host-stub', namespace: 'stub' }));
      build.onLoad({ filter: /^binary-stub$/, namespace: 'stub' }, () => ({ contents: "export const wasmSizes = [0, 0, 0]; export const wasmDeflated = ''; export const wasmSha256 = ''; export const memoryPages = 1;", loader: 'ts' }));
      build.onLoad({ filter: /^host-stub$/, namespace: 'stub' }, () => ({ contents: "export const hostSource = '';", loader: 'ts' }));
    },
  };
  const result = await esbuild.build({
    entryPoints: ['src/worker/entry-sources.ts'], absWorkingDir: root, bundle: true, write: false, format: 'iife', globalName: '__arenafitHost', platform: 'neutral',
    target: ['node20', 'es2022'], minify: true, legalComments: 'none', logLevel: quiet ? 'silent' : 'warning', plugins: [stubBinary],
  });
  const code = result.outputFiles[0].text;
  const text = `// Generated by build/build.mjs from src/worker/entry-sources.ts. Do not edit; not committed.\nexport const hostSource: string = ${JSON.stringify(code)};\n`;
  writeIfChanged(at('src/generated/host.gen.ts'), text);
}

// ---------------------------------------------------------------------------------------------
// Stage bundles.

const gzipped = (data) => gzipSync(data, { level: 9 }).length;

async function buildBundles() {
  const esbuild = await import('esbuild');
  const { libraryOptions } = await import('./library.mjs');
  const logLevel = quiet ? 'silent' : 'warning';
  const common = { absWorkingDir: root, bundle: true, target: ['node20', 'es2022'], legalComments: 'none', logLevel, write: false, sourcemap: 'linked' };
  const files = new Map(); // path → contents, written together once everything is built
  const emit = (result) => {
    for (const file of result.outputFiles) files.set(file.path, file.contents);
  };

  // The main bundle is one function, __ARENAFIT_FACTORY__, that builds the library and returns its
  // exports; dist/index.mjs and dist/index.cjs call it once and export what it returns. A worker
  // runs the same function's source (src/threads/spawn.ts), so the library — and the embedded
  // WebAssembly binary — are in the bundle once (options: build/library.mjs). The function's
  // first line is its head alone and maps to nothing, so esbuild's source map (sources
  // ../src/*.ts, with their text) fits each of the three files that begin with the function on
  // their first line: they share dist/index.mjs.map (half a megabyte, not three copies of it).
  const library = await esbuild.build({ ...libraryOptions, logLevel, sourcemap: 'external', outfile: join(dist, 'index.js'), banner: { js: 'function __ARENAFIT_FACTORY__(){' } });
  const code = library.outputFiles.find((f) => f.path.endsWith('.js')).text;
  const map = library.outputFiles.find((f) => f.path.endsWith('.map')).text;
  const run = (factory) => new Function(`${factory}\nreturn __ARENAFIT_FACTORY__()`)();
  // Minified, a class is called by its one-letter name (FitError.name would be "p"). esbuild's
  // keepNames would restore every function's and class's name for 2.7 kB gzipped; the classes
  // the package exports get their exported names back here, after the code the map describes.
  const exported = run(`${code}return __arenafitExports}`);
  const isClass = (value) => typeof value === 'function' && /^class\b/.test(Function.prototype.toString.call(value));
  const misnamed = Object.keys(exported).filter((name) => isClass(exported[name]) && exported[name].name !== name);
  const naming = misnamed.length === 0 ? '' : `for(const k of${JSON.stringify(misnamed)})Object.defineProperty(__arenafitExports[k],"name",{value:k});`;
  const factory = `${code}${naming}return __arenafitExports}`;
  const built = run(factory);
  const names = Object.keys(built);
  for (const name of names.filter((n) => isClass(built[n]) && built[n].name !== n)) {
    throw new Error(`dist/index.mjs: the class exported as ${name} is named ${built[name].name}`);
  }
  const linked = (file, text) => files.set(join(dist, file), `${text}//# sourceMappingURL=index.mjs.map\n`);
  files.set(join(dist, 'index.mjs.map'), map);
  linked('index.mjs', `${factory}\nconst __arenafit=__ARENAFIT_FACTORY__();\nexport const{${names.join(',')}}=__arenafit;\n`);
  // The names again, in the form Node's import of a CommonJS module finds (never run).
  linked('index.cjs', `'use strict';${factory}\nmodule.exports=__ARENAFIT_FACTORY__();\n0&&(module.exports={${names.join(',')}});\n`);
  // dist/worker.js: the worker's code as a file, for createWorkerFitter({ url }) under a strict CSP.
  linked('worker.js', `(${factory})().__startWorkerHost();\n`);

  // arenafit/node (and arenafit/parquet): their own sources on top of the main bundle, which they
  // import rather than copy — one FitError class and one default engine whichever entry point a
  // program uses; parquet imports node's the same way. The browser bundles above import no Node
  // module. Imports are matched by the file they resolve to, not by how they are spelt.
  const bundled = { [at('src/index.ts')]: 'index', [at('src/errors.ts')]: 'index', [at('src/text.ts')]: 'text', [at('src/node.ts')]: 'node' };
  const useEntries = (entry, extension) => ({
    name: 'use-entry-bundles',
    setup(build) {
      build.onResolve({ filter: /\.ts$/ }, (args) => {
        const target = bundled[join(args.resolveDir, args.path)];
        return target && target !== entry ? { path: `./${target}.${extension}`, external: true } : undefined;
      });
    },
  });
  for (const entry of entries.filter((name) => name !== 'index')) {
    for (const [format, extension] of [['esm', 'mjs'], ['cjs', 'cjs']]) {
      emit(await esbuild.build({
        // arenafit/text runs in browsers too: no Node built-ins resolved for it, and minified as
        // the main bundle is (its maps keep it readable).
        ...common, entryPoints: [`src/${entry}.ts`], format, platform: entry === 'text' ? 'neutral' : 'node', outfile: join(dist, `${entry}.${extension}`),
        minify: entry === 'text',
        external: ['hyparquet'], plugins: [useEntries(entry, extension)],
      }));
    }
  }

  // The apps (apps/): `npm start` (build/out/demo.mjs, not published) and the `arenafit` command
  // (dist/cli.mjs, package.json "bin"). They import the package by name, as a user's program
  // would, and the names stay imports: Node resolves them through the package's own "exports" (a
  // file inside the package may import it by name) to dist/, from any working directory. So each
  // app bundles only its own code and apps/shared.
  const byName = {
    name: 'arenafit-by-name',
    setup(build) {
      build.onResolve({ filter: /^arenafit(\/[a-z]+)?$/ }, (args) => ({ path: args.path, external: true }));
    },
  };
  const app = { ...common, format: 'esm', platform: 'node', plugins: [byName] };
  emit(await esbuild.build({ ...app, entryPoints: ['apps/cli/main.ts'], outfile: join(dist, 'cli.mjs'), banner: { js: '#!/usr/bin/env node' } }));
  emit(await esbuild.build({ ...app, sourcemap: false, entryPoints: ['apps/demo/main.ts'], outfile: join(out, 'demo.mjs') }));

  for (const [path, contents] of files) writeAtomic(path, contents, path.endsWith('cli.mjs') ? 0o755 : undefined);
  const index = readFileSync(join(dist, 'index.mjs'));
  log(`bundles: dist/index.mjs ${index.length} bytes, ${gzipped(index)} gzipped; ${entries.length} entries, maps, dist/cli.mjs, build/out/demo.mjs`);
}

// ---------------------------------------------------------------------------------------------
// Stage types.

// The sources import each other as './x.ts' (run directly by vitest and esbuild); tsc keeps those
// specifiers in declarations, where consumers need './x.js' (which resolves to './x.d.ts').
function rewriteDeclarationSpecifiers(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) rewriteDeclarationSpecifiers(path);
    else if (entry.name.endsWith('.d.ts')) {
      const text = readFileSync(path, 'utf8');
      writeFileSync(path, text.replace(/((?:from\s+|import\()'\.{1,2}\/[^']*)\.ts'/g, "$1.js'"));
    }
  }
}

/**
 * Before an entry after the first is rolled up: its declaration files that no earlier entry
 * reaches import the earlier entries' public names by the package's name ('arenafit',
 * 'arenafit/node') instead of by path, so API Extractor keeps them imports (a package name is
 * external to it) rather than copying their declarations: dist/node.d.ts re-exports the main
 * entry's FitError, it does not declare a second one. Names no earlier entry exports are left
 * alone (copied, not exported). The TypeScript API is API Extractor's own (TypeScript 6):
 * TypeScript 7 has no JavaScript API.
 */
function importEarlierEntries(ts, typesDir, done, entry) {
  const file = (name) => join(typesDir, 'src', `${name}.d.ts`);
  const specifier = (name) => (name === 'index' ? 'arenafit' : `arenafit/${name}`);
  const options = { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, types: ['node'], skipLibCheck: true, noEmit: true };
  const program = ts.createProgram([...done.map(file), file(entry)], options);
  const checker = program.getTypeChecker();
  const resolveAlias = (symbol) => (symbol && symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol);
  const resolve = (text, from) => ts.resolveModuleName(text, from, options, ts.sys).resolvedModule?.resolvedFileName;
  const isRelative = (node) => node && ts.isStringLiteral(node) && node.text.startsWith('.');

  // What the earlier entries export, by declaration: the first entry to export one names it.
  const publicName = new Map();
  for (const name of done) {
    const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(file(name)));
    for (const symbol of checker.getExportsOfModule(moduleSymbol)) {
      const target = resolveAlias(symbol);
      if (!publicName.has(target)) publicName.set(target, { from: specifier(name), name: symbol.name });
    }
  }
  // The declaration files the earlier entries reach: those are theirs, and stay as they are.
  const reached = new Set();
  const visit = (path) => {
    if (!path || reached.has(path) || !path.startsWith(typesDir)) return;
    reached.add(path);
    const sourceFile = program.getSourceFile(path);
    const walk = (node) => {
      const target = ts.isImportDeclaration(node) || ts.isExportDeclaration(node) ? node.moduleSpecifier : ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) ? node.argument.literal : undefined;
      if (isRelative(target)) visit(resolve(target.text, path));
      ts.forEachChild(node, walk);
    };
    if (sourceFile) walk(sourceFile);
  };
  done.forEach((name) => visit(file(name)));

  for (const sourceFile of program.getSourceFiles()) {
    const path = sourceFile.fileName;
    if (!path.startsWith(typesDir) || reached.has(path)) continue;
    const edits = [];
    const replace = (node, text) => edits.push([node.getStart(sourceFile), node.getEnd(), text]);
    const walk = (node) => {
      if (ts.isImportDeclaration(node) && isRelative(node.moduleSpecifier) && node.importClause?.namedBindings && ts.isNamedImports(node.importClause.namedBindings) && !node.importClause.name) {
        const clause = node.importClause;
        const groups = new Map();
        for (const element of clause.namedBindings.elements) {
          const hit = publicName.get(resolveAlias(checker.getSymbolAtLocation(element.name)));
          const from = hit?.from ?? node.moduleSpecifier.text;
          const imported = hit?.name ?? (element.propertyName ?? element.name).text;
          const text = `${element.isTypeOnly ? 'type ' : ''}${imported === element.name.text ? imported : `${imported} as ${element.name.text}`}`;
          groups.set(from, [...(groups.get(from) ?? []), text]);
        }
        if ([...groups.keys()].some((from) => !from.startsWith('.'))) {
          replace(node, [...groups].map(([from, names]) => `import ${clause.isTypeOnly ? 'type ' : ''}{ ${names.join(', ')} } from '${from}';`).join('\n'));
        }
      } else if (ts.isExportDeclaration(node) && isRelative(node.moduleSpecifier)) {
        const target = resolve(node.moduleSpecifier.text, path);
        const entryName = done.find((name) => file(name) === target);
        if (!node.exportClause && entryName) replace(node.moduleSpecifier, `'${specifier(entryName)}'`);
        else if (node.exportClause && ts.isNamedExports(node.exportClause)) {
          const groups = new Map();
          for (const element of node.exportClause.elements) {
            const hit = publicName.get(resolveAlias(checker.getExportSpecifierLocalTargetSymbol(element)));
            const from = hit?.from ?? node.moduleSpecifier.text;
            const exported = hit?.name ?? (element.propertyName ?? element.name).text;
            const text = `${element.isTypeOnly ? 'type ' : ''}${exported === element.name.text ? exported : `${exported} as ${element.name.text}`}`;
            groups.set(from, [...(groups.get(from) ?? []), text]);
          }
          if ([...groups.keys()].some((from) => !from.startsWith('.'))) {
            replace(node, [...groups].map(([from, names]) => `export ${node.isTypeOnly ? 'type ' : ''}{ ${names.join(', ')} } from '${from}';`).join('\n'));
          }
        }
      } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && isRelative(node.argument.literal) && node.qualifier && ts.isIdentifier(node.qualifier)) {
        const moduleSymbol = checker.getSymbolAtLocation(node.argument.literal);
        const symbol = moduleSymbol && checker.getExportsOfModule(moduleSymbol).find((s) => s.name === node.qualifier.text);
        const hit = publicName.get(resolveAlias(symbol));
        if (hit) {
          replace(node.argument, `'${hit.from}'`);
          replace(node.qualifier, hit.name);
        }
      }
      ts.forEachChild(node, walk);
    };
    walk(sourceFile);
    if (edits.length === 0) continue;
    let text = sourceFile.text;
    for (const [start, end, replacement] of edits.sort((a, b) => b[0] - a[0])) text = text.slice(0, start) + replacement + text.slice(end);
    writeFileSync(path, text);
  }
}

/**
 * A rolled-up declaration file whose imports of 'arenafit' and 'arenafit/<entry>' (module
 * specifiers, not the examples in its comments) name the files instead: by(extension) is its
 * text with './index.js' (→ dist/index.d.ts) for extension 'js', './index.cjs' for 'cjs'.
 */
function byPath(ts, text) {
  const sourceFile = ts.createSourceFile('rollup.d.ts', text, ts.ScriptTarget.ES2022, true);
  const specifiers = [];
  const walk = (node) => {
    const literal = ts.isImportDeclaration(node) || ts.isExportDeclaration(node) ? node.moduleSpecifier : ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) ? node.argument.literal : undefined;
    const match = literal && ts.isStringLiteral(literal) && /^arenafit(?:\/([a-z]+))?$/.exec(literal.text);
    if (match) specifiers.push([literal.getStart(sourceFile), literal.getEnd(), match[1] ?? 'index']);
    ts.forEachChild(node, walk);
  };
  walk(sourceFile);
  return (extension) => {
    let result = text;
    for (const [start, end, name] of specifiers.reverse()) result = `${result.slice(0, start)}'./${name}.${extension}'${result.slice(end)}`;
    specifiers.reverse();
    return result;
  };
}

async function buildTypes() {
  const typesDir = join(out, 'types');
  rmSync(typesDir, { recursive: true, force: true });
  // tsc (TypeScript 7) writes the per-file declarations (tsconfig.build.json: stripInternal, so
  // an export tagged @internal in src/index.ts is not in them).
  try {
    execFileSync(at('node_modules/.bin/tsc'), ['-p', 'tsconfig.build.json'], { cwd: root, stdio: quiet ? 'pipe' : 'inherit', encoding: 'utf8' });
  } catch (error) {
    throw new Error(`tsc -p tsconfig.build.json failed${quiet ? `:\n${error.stdout}${error.stderr}` : ' (above)'}`);
  }
  rewriteDeclarationSpecifiers(typesDir);

  // 'arenafit' and 'arenafit/node' in the earlier entries' stead: a package in the scratch
  // folder's node_modules, which API Extractor treats as external (a package of the scratch
  // folder's own, so that TypeScript does not resolve the name to this package itself, which
  // API Extractor would take for local code), holding the rolled-up declarations so far.
  const earlier = join(typesDir, 'node_modules/arenafit');
  mkdirSync(earlier, { recursive: true });
  writeFileSync(join(typesDir, 'package.json'), '{ "private": true }\n');
  const earlierPackage = { name: 'arenafit', type: 'module', exports: {} };

  const { Extractor, ExtractorConfig } = await import('@microsoft/api-extractor');
  const ts = createRequire(require.resolve('@microsoft/api-extractor'))('typescript');
  const configFile = at('build/api-extractor.json');
  const done = [];
  for (const entry of entries) {
    if (done.length > 0) importEarlierEntries(ts, typesDir, done, entry);
    const configObject = ExtractorConfig.loadFile(configFile);
    const main = join(typesDir, 'src', `${entry}.d.ts`);
    const rollup = join(out, 'dts', `${entry}.d.ts`);
    configObject.mainEntryPointFilePath = main;
    configObject.compiler.overrideTsconfig.files = [main];
    configObject.dtsRollup.publicTrimmedFilePath = rollup;
    const config = ExtractorConfig.prepare({ configObject, configObjectFullPath: configFile, packageJsonFullPath: at('package.json') });
    const messages = [];
    const result = Extractor.invoke(config, {
      localBuild: true,
      messageCallback: (message) => {
        message.handled = true;
        if (message.logLevel === 'error' || message.logLevel === 'warning') messages.push(`${message.logLevel}: ${message.formatMessageWithLocation(root)}`);
      },
    });
    if (!result.succeeded || result.errorCount > 0) throw new Error(`API Extractor failed on ${rel(main)}:\n${messages.join('\n')}`);
    for (const message of messages) log(`types: ${message}`);
    // The earlier entries by path: ./index.js is dist/index.d.ts, ./index.cjs dist/index.d.cts.
    const by = byPath(ts, readFileSync(rollup, 'utf8'));
    writeAtomic(join(dist, `${entry}.d.ts`), by('js'));
    writeAtomic(join(dist, `${entry}.d.cts`), by('cjs'));
    writeFileSync(join(earlier, `${entry}.d.ts`), by('js'));
    earlierPackage.exports[entry === 'index' ? '.' : `./${entry}`] = { types: `./${entry}.d.ts` };
    writeFileSync(join(earlier, 'package.json'), JSON.stringify(earlierPackage));
    done.push(entry);
  }
  log(`types: ${entries.map((name) => `dist/${name}.d.ts ${statSync(join(dist, `${name}.d.ts`)).size} bytes`).join(', ')} (and .d.cts)`);
}

// ---------------------------------------------------------------------------------------------

const started = performance.now();
const keys = {};
for (const stage of stages) keys[stage.name] = stageKey(stage, keys);
let stamps = readStamps();
const stale = (s) => flags.has('--force') || !upToDate(s, keys[s.name], stamps);
let todo = stages.filter(stale);
if (todo.length === 0) {
  log('build: up to date (node build/build.mjs --force rebuilds)');
} else {
  mkdirSync(out, { recursive: true });
  takeLock();
  stamps = readStamps(); // another build may have finished while this one waited
  todo = stages.filter(stale);
  if (todo.length === 0) log('build: up to date (built by the other build)');
  else {
    if (quiet) {
      process.stdout.write(`build: ${todo.map((s) => s.name).join(', ')} (out of date)… `);
      pendingLine = true;
    }
    try {
      for (const stage of todo) {
        delete stamps[stage.name];
        writeStamps(stamps);
        await stage.run();
        if (stage.name === 'bundles' || stage.name === 'types') for (const path of strays()) rmSync(at(path), { recursive: true, force: true });
        stamps[stage.name] = { key: keys[stage.name], outputs: Object.fromEntries(stage.outputs.map((path) => [path, fileHash(path)])) };
        const missing = stage.outputs.filter((path) => stamps[stage.name].outputs[path] === undefined);
        if (missing.length > 0) throw new Error(`build: stage ${stage.name} did not write ${missing.join(', ')}`);
        writeStamps(stamps);
      }
    } catch (error) {
      // Unless quiet, esbuild has printed its errors already (logLevel 'warning').
      if (!quiet && Array.isArray(error?.errors)) fail('build: failed (esbuild\'s errors above)');
      fail(quiet ? String(error?.message ?? error) : String(error?.stack ?? error));
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    if (quiet) process.stdout.write(`done in ${seconds} s\n`);
    else log(`build: ${todo.map((s) => s.name).join(', ')} in ${seconds} s${hasParquet ? '' : '; no src/parquet.ts, so no arenafit/parquet entry'}`);
  }
}
