/**
 * The main job (`npm start`): an embedded demo that needs no files and no network.
 *
 *   1. A 10⁷-point synthetic exponential decay, fitted in a 4 MiB arena: the report shows the
 *      arena high-water mark and WASM memory, which do not depend on the number of points.
 *   2. NIST StRD Gauss2 from NIST's first start, compared with the certified values.
 */
import { createEngine } from './index.ts';
import { synthetic } from './demo/synthetic.ts';
import { gauss2 } from './demo/nist-gauss2.ts';

const engine = createEngine({ arenaBytes: 4 << 20 });
const rule = '─'.repeat(78);

function section(title: string) {
  console.log(`\n${rule}\n${title}\n${rule}`);
}

section('1. 10,000,000 points: y = a·exp(−b·x) + c + noise, truth a = 2.5, b = 1.3, c = 0.5, σ = 0.01');
const n = 10_000_000;
let started = performance.now();
const data = synthetic(n, (t) => 2.5 * Math.exp(-1.3 * t) + 0.5, 0.01, 2026);
const generated = performance.now() - started;
started = performance.now();
const big = engine.curveFitSync('a*exp(-b*x) + c', data.x, data.y, { p0: { a: 1, b: 1, c: 0 } });
const seconds = (performance.now() - started) / 1000;
console.log(big.report());
console.log(`\nfit time    ${seconds.toFixed(2)} s (data generated in ${(generated / 1000).toFixed(2)} s, not counted)`);
console.log(`data        ${((2 * n * 8) / 2 ** 20).toFixed(0)} MiB of Float64Array held by the caller; the fit never copies it whole`);

section(`2. NIST StRD ${gauss2.name} (${gauss2.x.length} points, ${gauss2.parameters.length} parameters) from NIST's start 1`);
const p0 = Object.fromEntries(gauss2.parameters.map((name, j) => [name, gauss2.start1[j]]));
const nist = engine.curveFitSync(gauss2.model, gauss2.x, gauss2.y, { p0 });
console.log(nist.report());
console.log('\ncompared with the certified values (LRE = correct significant digits):');
const lre = (a: number, b: number) => (a === b ? 15 : Math.min(15, -Math.log10(Math.abs(a - b) / Math.abs(b))));
console.log(`${'param'.padEnd(6)} ${'certified'.padStart(16)} ${'arenafit'.padStart(16)}  LRE   ${'certified σ'.padStart(14)} ${'arenafit σ'.padStart(14)}  LRE`);
gauss2.parameters.forEach((name, j) => {
  const v = nist.params[name];
  const e = nist.errors[name];
  console.log(
    `${name.padEnd(6)} ${gauss2.certifiedValues[j].toPrecision(11).padStart(16)} ${v.toPrecision(11).padStart(16)}  ${lre(v, gauss2.certifiedValues[j]).toFixed(1).padStart(4)}` +
      `  ${gauss2.certifiedStdDev[j].toPrecision(8).padStart(14)} ${e.toPrecision(8).padStart(14)}  ${lre(e, gauss2.certifiedStdDev[j]).toFixed(1).padStart(4)}`,
  );
});
console.log(`RSS    ${gauss2.certifiedRss.toPrecision(11).padStart(16)} ${nist.chi2.toPrecision(11).padStart(16)}  ${lre(nist.chi2, gauss2.certifiedRss).toFixed(1).padStart(4)}`);

const m = engine.memory();
console.log(`\nengine      arena ${m.capacityBytes} B, high-water ${m.highWaterBytes} B, in use now ${m.usedBytes} B, WASM memory ${m.wasmMemoryBytes} B`);
