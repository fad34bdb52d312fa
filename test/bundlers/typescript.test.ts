// The published declarations through TypeScript, as a program that installed the package sees
// them: the tarball (npm pack) unpacked into a temporary node_modules/arenafit, and one program
// that imports every entry type-checked under each module resolution people use — node16 from an
// ES module (.mts) and from a CommonJS one (.cts, which must get dist/*.d.cts: TS1479 otherwise),
// bundler, and node10 (TypeScript 6, API Extractor's: TypeScript 7 removed node10). skipLibCheck
// is off, so the declaration files themselves are checked. The program also expects errors where
// the API has none to offer (the internals), and that FitError from 'arenafit/node' is the main
// entry's. Oracle: the compiler's exit status and messages.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'arenafit-types-'));
const require = createRequire(import.meta.url);
const tsc7 = join(root, 'node_modules/.bin/tsc');
const tsc6 = join(dirname(createRequire(require.resolve('@microsoft/api-extractor')).resolve('typescript/package.json')), 'bin/tsc');

// Every entry, a value and a type from each, the internals expected absent.
const program = `import { curveFitSync, createEngine, FitError, type FitResult, type ChunkSource } from 'arenafit';
import { curveFit, fromCsvFile, FitError as NodeFitError, type FileSource } from 'arenafit/node';
import { fromParquetFile, type ParquetFileOptions } from 'arenafit/parquet';
// @ts-expect-error coreHash is internal: not in the declarations
import { coreHash } from 'arenafit';
// @ts-expect-error __startWorkerHost is internal: not in the declarations
import { __startWorkerHost } from 'arenafit/node';

export const result: FitResult = curveFitSync('a*exp(-b*x)', [0, 1, 2], [2, 1, 0.5], { p0: { a: 1, b: 1 } });
export const file: FileSource = fromCsvFile('decay.csv', { x: 'time', y: 'signal' });
const options: ParquetFileOptions = { x: 'time', y: 'signal' };
export const parquet: ChunkSource = fromParquetFile('decay.parquet', options);
export const later: Promise<FitResult> = curveFit('a*exp(-b*x)', file, { p0: { a: 1, b: 1 } });
export const code: string = new FitError('INTERNAL', 'message').code;
export const one: typeof FitError = NodeFitError;
export const caught = (error: unknown): string | undefined => (error instanceof NodeFitError ? error.code : undefined);
createEngine().close();
export { coreHash, __startWorkerHost };
`;

// A Node program has @types/node; a browser program the DOM's lib instead, and the lib that
// declares Symbol.dispose (Engine is Disposable), which @types/node declares for Node programs.
const node = { target: 'es2022', lib: ['es2022'], types: ['node'], strict: true, noEmit: true, skipLibCheck: false };
const browser = { ...node, lib: ['es2022', 'dom', 'esnext.disposable'], types: [] };

function check(tsc: string, name: string, compilerOptions: object, files: string[]): void {
  writeFileSync(join(scratch, `tsconfig.${name}.json`), JSON.stringify({ compilerOptions, files }));
  const run = spawnSync(process.execPath, [tsc, '-p', `tsconfig.${name}.json`], { cwd: scratch, encoding: 'utf8', timeout: 60_000 });
  expect(`${run.stdout}${run.stderr}`).toBe('');
  expect(run.status).toBe(0);
}

beforeAll(() => {
  const [packed] = JSON.parse(execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', scratch], { cwd: root, encoding: 'utf8' }));
  const installed = join(scratch, 'node_modules/arenafit');
  mkdirSync(installed, { recursive: true });
  execFileSync('tar', ['-xzf', join(scratch, packed.filename), '-C', installed, '--strip-components', '1']);
  mkdirSync(join(scratch, 'node_modules/@types'));
  symlinkSync(join(root, 'node_modules/@types/node'), join(scratch, 'node_modules/@types/node'));
  writeFileSync(join(scratch, 'package.json'), '{ "name": "consumer", "private": true }\n');
  for (const extension of ['ts', 'mts', 'cts']) writeFileSync(join(scratch, `program.${extension}`), program);
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the declarations in TypeScript', () => {
  it('type-check a program under node16, as an ES module (.mts) and as CommonJS (.cts)', () => {
    check(tsc7, 'node16', { ...node, module: 'node16', moduleResolution: 'node16' }, ['program.mts', 'program.cts']);
  });

  it('type-check a browser program under bundler resolution', () => {
    check(tsc7, 'bundler', { ...browser, module: 'esnext', moduleResolution: 'bundler' }, ['program.ts']);
  });

  it('type-check a program under node10 resolution (typesVersions for the subpaths)', () => {
    check(tsc6, 'node10', { ...browser, module: 'commonjs', moduleResolution: 'node10', ignoreDeprecations: '6.0' }, ['program.ts']);
  });

  it('refuse a CommonJS program the ES module declarations (the check can fail)', () => {
    // dist/index.d.ts where dist/index.d.cts belongs: what the review found (TS1479).
    writeFileSync(join(scratch, 'wrong.cts'), "import { curveFitSync } from './node_modules/arenafit/dist/index.js';\nexport const f = curveFitSync;\n");
    writeFileSync(join(scratch, 'tsconfig.wrong.json'), JSON.stringify({ compilerOptions: { ...node, module: 'node16', moduleResolution: 'node16' }, files: ['wrong.cts'] }));
    const run = spawnSync(process.execPath, [tsc7, '-p', 'tsconfig.wrong.json'], { cwd: scratch, encoding: 'utf8', timeout: 60_000 });
    expect(run.stdout).toMatch(/TS1479/);
  });
});
