/**
 * The embedded demo, one body for `npm start` (apps/demo) and `arenafit demo` (apps/cli): needs
 * no files and no network.
 *
 *   1. A 10⁷-point synthetic exponential decay, fitted in a 4 MiB arena: the report shows the
 *      arena high-water mark and WASM memory, which do not depend on the number of points.
 *   2. NIST StRD Gauss2 from NIST's first start, compared with the certified values.
 */
import { createEngine } from 'arenafit';
import { synthetic } from './synthetic.ts';
import { gauss2 } from './nist-gauss2.ts';

export interface DemoOptions {
  /** Points in the synthetic fit; default 10⁷ (`arenafit demo --quick` uses 10⁵). */
  rows?: number;
}

export function runDemo(write: (line: string) => void, { rows: n = 10_000_000 }: DemoOptions = {}): void {
  const engine = createEngine({ arenaBytes: 4 << 20 });
  const rule = '─'.repeat(78);
  const section = (title: string) => write(`\n${rule}\n${title}\n${rule}`);

  section(`1. ${n.toLocaleString('en-US')} points: y = a·exp(−b·x) + c + noise, truth a = 2.5, b = 1.3, c = 0.5, σ = 0.01`);
  let started = performance.now();
  const data = synthetic(n, (t) => 2.5 * Math.exp(-1.3 * t) + 0.5, 0.01, 2026);
  const generated = performance.now() - started;
  started = performance.now();
  const big = engine.curveFitSync('a*exp(-b*x) + c', data.x, data.y, { p0: { a: 1, b: 1, c: 0 } });
  const seconds = (performance.now() - started) / 1000;
  write(big.report());
  write(`\nfit time    ${seconds.toFixed(2)} s (data generated in ${(generated / 1000).toFixed(2)} s, not counted)`);
  write(`data        ${((2 * n * 8) / 2 ** 20).toFixed(0)} MiB of Float64Array held by the caller; the fit never copies it whole`);

  section(`2. NIST StRD ${gauss2.name} (${gauss2.x.length} points, ${gauss2.parameters.length} parameters) from NIST's start 1`);
  const p0 = Object.fromEntries(gauss2.parameters.map((name, j) => [name, gauss2.start1[j]]));
  const nist = engine.curveFitSync(gauss2.model, gauss2.x, gauss2.y, { p0 });
  write(nist.report());
  write('\ncompared with the certified values (LRE = correct significant digits):');
  const lre = (a: number, b: number) => (a === b ? 15 : Math.min(15, -Math.log10(Math.abs(a - b) / Math.abs(b))));
  write(`${'param'.padEnd(6)} ${'certified'.padStart(16)} ${'arenafit'.padStart(16)}  LRE   ${'certified σ'.padStart(14)} ${'arenafit σ'.padStart(14)}  LRE`);
  gauss2.parameters.forEach((name, j) => {
    const v = nist.params[name];
    const e = nist.errors[name];
    write(
      `${name.padEnd(6)} ${gauss2.certifiedValues[j].toPrecision(11).padStart(16)} ${v.toPrecision(11).padStart(16)}  ${lre(v, gauss2.certifiedValues[j]).toFixed(1).padStart(4)}` +
        `  ${gauss2.certifiedStdDev[j].toPrecision(8).padStart(14)} ${e.toPrecision(8).padStart(14)}  ${lre(e, gauss2.certifiedStdDev[j]).toFixed(1).padStart(4)}`,
    );
  });
  write(`RSS    ${gauss2.certifiedRss.toPrecision(11).padStart(16)} ${nist.chi2.toPrecision(11).padStart(16)}  ${lre(nist.chi2, gauss2.certifiedRss).toFixed(1).padStart(4)}`);

  const m = engine.memory();
  write(`\nengine      arena ${m.capacityBytes} B, high-water ${m.highWaterBytes} B, in use now ${m.usedBytes} B, WASM memory ${m.wasmMemoryBytes} B`);
}
