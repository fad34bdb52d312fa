// The published bundles (built by `npm test` before vitest runs): the ESM and CJS builds load
// in plain Node with no loader or .wasm path, and give the same fit as the sources (oracle).
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { curveFitSync } from '../src/index.ts';

const dist = (file: string) => fileURLToPath(new URL(`../dist/${file}`, import.meta.url));
const x = Array.from({ length: 50 }, (_, i) => i / 5);
const y = x.map((t, i) => 2 * Math.exp(-0.7 * t) + 0.1 + 0.001 * Math.sin(i * 12.9898));
const options = { p0: { a: 1, b: 1, c: 0 } };

describe('the bundles', () => {
  const expected = curveFitSync('a*exp(-b*x) + c', x, y, options);

  // The 40 kB target (gzip level 9, as bench/bundle-size.mjs measures) is missed since the
  // checks at the door, the worker lifecycle, compileModel and the delimited-text parser joined
  // the bundle (48,805 bytes), and the solver's bounds, calibration, endings and convergence
  // tests added 2.9 kB (51,677 bytes measured). This guards that size against growth nobody decided on;
  // bench/bundle-size.mjs reports the distance to the 40 kB target.
  it('keep the ESM build within its guard: 52 kB gzipped, about the size measured (the 40 kB target is missed)', () => {
    expect(gzipSync(readFileSync(dist('index.mjs')), { level: 9 }).length).toBeLessThanOrEqual(52_000);
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

  it('ship type declarations where package.json points', () => {
    const pkg = JSON.parse(readFileSync(fileURLToPath(new URL('../package.json', import.meta.url)), 'utf8'));
    const types = fileURLToPath(new URL(`../${pkg.exports['.'].types}`, import.meta.url));
    expect(existsSync(types)).toBe(true);
    expect(readFileSync(types, 'utf8')).toMatch(/curveFit/);
  });

  it('have zero runtime dependencies', () => {
    const pkg = JSON.parse(readFileSync(fileURLToPath(new URL('../package.json', import.meta.url)), 'utf8'));
    expect(pkg.dependencies ?? {}).toEqual({});
  });
});
