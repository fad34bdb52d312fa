// The published package (built by `npm test` before vitest runs, build/build.mjs): the ESM and
// CJS builds load in plain Node with no loader or .wasm path and give the same fit as the sources
// (oracle); the tarball holds exactly the files listed here; publint and arethetypeswrong find
// nothing; the declarations are one rolled-up file per entry and format, public API only; the
// exported classes keep their names; the bundles' source maps lead back to src/.
import { execFileSync, spawnSync } from 'node:child_process';
import { createRequire, SourceMap } from 'node:module';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { curveFitSync } from '../src/index.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = (file: string) => join(root, 'dist', file);
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const x = Array.from({ length: 50 }, (_, i) => i / 5);
const y = x.map((t, i) => 2 * Math.exp(-0.7 * t) + 0.1 + 0.001 * Math.sin(i * 12.9898));
const options = { p0: { a: 1, b: 1, c: 0 } };

/** The package's entries: 'arenafit', 'arenafit/text', 'arenafit/node', 'arenafit/parquet' (dist/<name>.*). */
const ENTRIES = ['index', 'text', 'node', 'parquet'];

describe('the bundles', () => {
  const expected = curveFitSync('a*exp(-b*x) + c', x, y, options);

  // The 40 kB target (gzip level 9, as bench/bundle-size.mjs measures) is missed since the
  // checks at the door, the worker lifecycle and compileModel joined the bundle, and the solver's
  // bounds, calibration, endings and convergence tests added 2.9 kB (51,677 bytes); the text
  // reader then left for arenafit/text (49.2 kB). The modelling work then added 31.7 kB, decided
  // knowingly (80.9 kB measured): composite models and the guess of a sum by peak search (7.4 kB),
  // results with evaluate/band/derive/toJSON and constraints (5.3 kB), confidenceIntervals and the
  // t and F distributions (~7 kB), curveFitGlobal (~5 kB), and erf, erfc and the Faddeeva function
  // in the VM and in JS with eight lineshapes (7.8 kB, 1.9 of it WebAssembly). Compiling each
  // expression to its own WebAssembly kernel (src/wasm/model-kernel/) and the fused sweeps of the
  // fold then added 4.6 kB (86,024 bytes: 0.77× the fit time at 10⁶ rows), and the relaxed-SIMD
  // kernel build for hosts with fused multiply-adds 1.3 kB, a second compiled function for the
  // robust losses and global fits 0.4 kB (87,681 bytes). This guards that
  // size against growth nobody decided on; bench/bundle-size.mjs reports the distance to the target.
  it('keep the ESM build within its guard: 88 kB gzipped, about the size measured (the 40 kB target is missed)', () => {
    expect(gzipSync(readFileSync(dist('index.mjs')), { level: 9 }).length).toBeLessThanOrEqual(88_000);
  });

  it('keep the text reader out of the main bundle, in arenafit/text, which node re-exports: one parseDelimited, one FitError', async () => {
    const index = await import(dist('index.mjs'));
    const text = await import(dist('text.mjs'));
    const node = await import(dist('node.mjs'));
    expect(index.parseDelimited).toBeUndefined();
    expect(node.parseDelimited).toBe(text.parseDelimited);
    expect(text.parseDelimited('x;y\n1,5;2\n2;3,25\n')).toMatchObject({ x: Float64Array.from([1.5, 2]), y: Float64Array.from([2, 3.25]), decimal: ',' });
    expect(() => text.parseDelimited('x,y\n1,2\n', { x: 'time' })).toThrow(index.FitError);
    const cjs = createRequire(import.meta.url)(dist('text.cjs'));
    expect(() => cjs.parseDelimited('x,y\n1,2\n', { x: 'time' })).toThrow(createRequire(import.meta.url)(dist('index.cjs')).FitError);
  });

  it('import as ESM and fit', async () => {
    const esm = await import(dist('index.mjs'));
    const r = esm.curveFitSync('a*exp(-b*x) + c', x, y, options);
    expect(r.params).toEqual(expected.params);
    expect(new esm.FitError('INTERNAL', 'x')).toBeInstanceOf(Error);
  });

  it('start a worker from the bundle itself (the worker runs the bundle factory) and fit', async () => {
    const esm = await import(dist('index.mjs'));
    const fitter = esm.createWorkerFitter();
    const r = await fitter.curveFit('a*exp(-b*x) + c', x, y, options);
    fitter.terminate();
    expect(r.params).toEqual(expected.params);
    const cjs = createRequire(import.meta.url)(dist('index.cjs'));
    const other = cjs.createWorkerFitter();
    expect((await other.curveFit('a*exp(-b*x) + c', x, y, options)).params).toEqual(expected.params);
    other.terminate();
  });

  it('require as CommonJS and fit', () => {
    const cjs = createRequire(import.meta.url)(dist('index.cjs'));
    const r = cjs.curveFitSync('a*exp(-b*x) + c', x, y, options);
    expect(r.params).toEqual(expected.params);
  });

  it('have zero runtime dependencies', () => {
    expect(pkg.dependencies ?? {}).toEqual({});
  });

  // Minified, FitError was class "p". build/build.mjs gives the exported classes their names back
  // (esbuild's keepNames, every name, would cost 2.7 kB gzipped).
  it('call each exported class by its exported name, in every entry and format', async () => {
    const require = createRequire(import.meta.url);
    const modules = ENTRIES.flatMap((name) => [[`${name}.mjs`, import(dist(`${name}.mjs`))], [`${name}.cjs`, require(dist(`${name}.cjs`))]]);
    for (const [file, loading] of modules) {
      const module = await loading;
      const classes = Object.keys(module).filter((key) => typeof module[key] === 'function' && /^class\b/.test(Function.prototype.toString.call(module[key])));
      if (file.startsWith('index') || file.startsWith('node')) expect(classes, file).toContain('FitError');
      for (const key of classes) expect(module[key].name, `${file}: ${key}`).toBe(key);
    }
    const { FitError } = await import(dist('index.mjs'));
    const error = new FitError('INTERNAL', 'x');
    expect([error.name, error.constructor.name, String(error)]).toEqual(['FitError', 'FitError', 'FitError: x']);
    // One class whichever entry a program imports it from.
    expect((await import(dist('node.mjs'))).FitError).toBe(FitError);
    expect(require(dist('node.cjs')).FitError).toBe(require(dist('index.cjs')).FitError);
  });

  it('name their exports for Node’s import of the CommonJS build too', async () => {
    const cjs = await import(dist('index.cjs'));
    expect(typeof cjs.curveFitSync).toBe('function');
    expect(cjs.FitError.name).toBe('FitError');
  });
});

describe('the source maps', () => {
  const bundles = [...ENTRIES.flatMap((name) => [`${name}.mjs`, `${name}.cjs`]), 'worker.js', 'cli.mjs'];

  function mapOf(file: string): { url: string; map: SourceMap; payload: { sources: string[]; sourcesContent?: (string | null)[] } } {
    const text = readFileSync(dist(file), 'utf8');
    const url = /\n\/\/# sourceMappingURL=([^\s]+)\n$/.exec(text)?.[1];
    expect(url, `${file} ends with a sourceMappingURL`).toBeDefined();
    const payload = JSON.parse(readFileSync(dist(url!), 'utf8'));
    return { url: url!, map: new SourceMap(payload), payload };
  }

  it('are linked from every bundle, shipped beside it, and name sources in src/ and apps/ with their text', () => {
    for (const file of bundles) {
      const { url, payload } = mapOf(file);
      expect(url, file).toMatch(/^[\w.]+\.map$/);
      expect(pkg.files.some((pattern: string) => new RegExp(`^${pattern.replace(/\./g, '\\.').replace(/\*/g, '[^/]*')}$`).test(`dist/${url}`)), url).toBe(true);
      expect(payload.sources.length, file).toBeGreaterThan(0);
      for (const [i, source] of payload.sources.entries()) {
        const path = resolve(dirname(dist(file)), source);
        expect(path.startsWith(join(root, 'src')) || path.startsWith(join(root, 'apps')), `${file}: ${source}`).toBe(true);
        expect(existsSync(path), `${file}: ${source}`).toBe(true);
        expect(payload.sourcesContent?.[i], `${file}: the text of ${source}`).toBeTruthy();
      }
    }
  });

  it('lead from the minified FitError back to src/errors.ts', () => {
    for (const file of ['index.mjs', 'index.cjs', 'worker.js']) {
      const lines = readFileSync(dist(file), 'utf8').split('\n');
      const line = lines.findIndex((text) => text.includes('this.name="FitError"'));
      expect(line, file).toBeGreaterThanOrEqual(0);
      const entry = mapOf(file).map.findEntry(line, lines[line].indexOf('this.name="FitError"'));
      expect('originalSource' in entry ? entry.originalSource : undefined, file).toMatch(/\/src\/errors\.ts$/);
    }
  });

  it('give Node --enable-source-maps stack traces in the sources', () => {
    const script = `import { curveFitSync } from ${JSON.stringify(pathToFileURL(dist('index.mjs')).href)};\ntry { curveFitSync('a*exp(-b*x', [1, 2, 3], [1, 2, 3]); } catch (error) { console.log(error.stack); }\n`;
    const run = spawnSync(process.execPath, ['--enable-source-maps', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30_000 });
    expect(run.stdout).toMatch(/^FitError: /);
    expect(run.stdout).toMatch(/\(.*\/src\/[\w/-]+\.ts:\d+:\d+\)/);
  });
});

describe('the package', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'arenafit-pack-'));
  let files: { path: string; size: number }[];
  let tarball: string;

  beforeAll(() => {
    // --ignore-scripts: no prepack build while other test files read dist/.
    const [packed] = JSON.parse(execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', scratch], { cwd: root, encoding: 'utf8' }));
    files = packed.files;
    tarball = join(scratch, packed.filename);
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('holds exactly the bundles, their maps, one declaration file per entry and format, the bin, the README and its picture', () => {
    const expected = [
      'LICENSE', 'README.md', 'package.json', 'docs/screenshot.png',
      ...ENTRIES.flatMap((name) => [`dist/${name}.mjs`, `dist/${name}.mjs.map`, `dist/${name}.cjs`, `dist/${name}.d.ts`, `dist/${name}.d.cts`]),
      // dist/index.cjs and dist/worker.js begin with the same function as dist/index.mjs and share its map.
      'dist/text.cjs.map', 'dist/node.cjs.map', 'dist/parquet.cjs.map', 'dist/worker.js', 'dist/cli.mjs', 'dist/cli.mjs.map',
    ];
    expect(files.map((file) => file.path).sort()).toEqual(expected.sort());
  });

  it('says where it comes from and under which license', () => {
    expect(pkg.license).toBe('MIT');
    expect(readFileSync(join(root, 'LICENSE'), 'utf8')).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} the arenafit authors\n/);
    expect(pkg.repository).toEqual({ type: 'git', url: 'git+https://github.com/arenafit/arenafit.git' });
    expect(pkg.homepage).toBe('https://github.com/arenafit/arenafit#readme');
    expect(pkg.bugs.url).toBe('https://github.com/arenafit/arenafit/issues');
    expect(pkg.keywords).toEqual(expect.arrayContaining(['curve fitting', 'least squares', 'levenberg-marquardt', 'webassembly']));
    // The README's picture: a relative link to a file in the package (npm shows it through "repository").
    const pictures = [...readFileSync(join(root, 'README.md'), 'utf8').matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]);
    expect(pictures.length).toBeGreaterThan(0);
    for (const picture of pictures) expect(files.map((file) => file.path)).toContain(picture);
  });

  it('exports each entry with types for import and for require, and for TypeScript’s node10 resolution', () => {
    expect(Object.keys(pkg.exports)).toEqual([...ENTRIES.map((name) => (name === 'index' ? '.' : `./${name}`)), './package.json']);
    for (const name of ENTRIES) {
      const entry = pkg.exports[name === 'index' ? '.' : `./${name}`];
      expect(entry).toEqual({
        import: { types: `./dist/${name}.d.ts`, default: `./dist/${name}.mjs` },
        require: { types: `./dist/${name}.d.cts`, default: `./dist/${name}.cjs` },
        default: { types: `./dist/${name}.d.ts`, default: `./dist/${name}.mjs` },
      });
      for (const file of [entry.import.types, entry.import.default, entry.require.types, entry.require.default]) expect(existsSync(join(root, file)), file).toBe(true);
      if (name !== 'index') expect(pkg.typesVersions['*'][name]).toEqual([`./dist/${name}.d.ts`]);
    }
    expect([pkg.main, pkg.types, pkg.bin.arenafit]).toEqual(['./dist/index.cjs', './dist/index.d.ts', './dist/cli.mjs']);
  });

  it('passes publint, suggestions included, warnings as errors', async () => {
    const { publint } = await import('publint');
    const { formatMessage } = await import('publint/utils');
    const { messages } = await publint({ pkgDir: root, pack: 'npm', level: 'suggestion', strict: true });
    expect(messages.map((message) => `${message.code}: ${formatMessage(message, pkg)}`)).toEqual([]);
  });

  it('passes arethetypeswrong for every entry in every resolution mode (node10, node16 from CJS and from ESM, bundler)', () => {
    const run = spawnSync(join(root, 'node_modules/.bin/attw'), [tarball, '--format', 'json'], { encoding: 'utf8', timeout: 60_000 });
    const report = JSON.parse(run.stdout);
    expect(report.analysis.problems).toEqual([]);
    expect(run.status).toBe(0);
    const modes = ['node10', 'node16-cjs', 'node16-esm', 'bundler'];
    for (const name of ENTRIES) {
      const { resolutions } = report.analysis.entrypoints[name === 'index' ? '.' : `./${name}`];
      expect(Object.keys(resolutions).sort()).toEqual([...modes].sort());
      const types = (mode: string) => resolutions[mode].resolution.fileName;
      expect([types('node10'), types('node16-cjs'), types('node16-esm'), types('bundler')]).toEqual(
        [`dist/${name}.d.ts`, `dist/${name}.d.cts`, `dist/${name}.d.ts`, `dist/${name}.d.ts`].map((file) => `/node_modules/arenafit/${file}`),
      );
    }
  });

  it('declares the public API only, FitError once: text, node and parquet import the earlier entries’ types', () => {
    for (const name of ENTRIES) {
      for (const extension of ['d.ts', 'd.cts']) {
        const text = readFileSync(dist(`${name}.${extension}`), 'utf8');
        expect(text, `${name}.${extension}`).not.toMatch(/__startWorkerHost|coreHash/);
        expect(/declare class FitError\b/.test(text), `${name}.${extension}`).toBe(name === 'index');
        // Imports are of files beside it, or of hyparquet, whose types are copied in instead.
        const specifiers = [...text.matchAll(/^(?:import|export)\b[^'"\n]*\bfrom ['"]([^'"]+)['"]/gm)].map((m) => m[1]);
        for (const specifier of specifiers) expect(specifier, `${name}.${extension}`).toMatch(extension === 'd.ts' ? /^\.\/(index|text|node)\.js$/ : /^\.\/(index|text|node)\.cjs$/);
      }
    }
    expect(readFileSync(dist('node.d.ts'), 'utf8')).toMatch(/^export \* from '\.\/index\.js';$/m);
    expect(readFileSync(dist('node.d.cts'), 'utf8')).toMatch(/^export \* from '\.\/index\.cjs';$/m);
  });
});
