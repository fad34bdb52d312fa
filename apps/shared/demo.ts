/**
 * The embedded demo, one body for `npm start` (apps/demo) and `arenafit demo` (apps/cli): needs
 * no files and no network, and says in under 30 lines, in plain words, what arenafit does.
 *
 *   1. A 10⁷-point synthetic exponential decay with noise σ = 0.01, fitted with that σ as sigma
 *      (so the reduced χ² is about 1) in a 4 MiB arena: the parameters against the truth, and
 *      the arena used, which does not depend on the number of points.
 *   2. NIST StRD Gauss2 from NIST's first start: the certified values against the fitted ones,
 *      and the significant digits they agree to.
 *   3. What to try next: the command line, the demo page, the API.
 */
import { createEngine, type Engine } from 'arenafit';
import { synthetic } from './synthetic.ts';
import { gauss2 } from './nist-gauss2.ts';

export interface DemoOptions {
  /** Points in the synthetic fit; default 10⁷ (`arenafit demo --quick` uses 10⁵). */
  rows?: number;
}

const MiB = 2 ** 20;
const count = (n: number) => n.toLocaleString('en-US');
const mib = (bytes: number) => (bytes % MiB === 0 ? `${bytes / MiB}` : (bytes / MiB).toFixed(1));

/** Significant digits in which `value` agrees with `reference` (the log relative error), at most 15. */
function digitsAgreed(value: number, reference: number): number {
  return value === reference ? 15 : Math.min(15, -Math.log10(Math.abs(value - reference) / Math.abs(reference)));
}

/** A value to the decimals its error supports (two significant digits of the error), and the error. */
function withError(value: number, error: number): string {
  const decimals = Math.max(0, 1 - Math.floor(Math.log10(error)));
  return `${value.toFixed(decimals)} ± ${error.toFixed(decimals)}`;
}

export function runDemo(write: (line: string) => void, { rows: n = 10_000_000 }: DemoOptions = {}): void {
  const engine = createEngine({ arenaBytes: 4 << 20 });
  try {
    demo(engine, write, n);
  } finally {
    engine.close();
  }
}

function demo(engine: Engine, write: (line: string) => void, n: number): void {
  const noise = 0.01;
  const truth = { a: 2.5, b: 1.3, c: 0.5 };
  write(`arenafit demo: nonlinear least squares in WebAssembly, in a memory arena of fixed size\n`);

  write(`1. ${count(n)} noisy points of y = a·exp(−b·x) + c, noise σ = ${noise}, fitted with that σ`);
  const data = synthetic(n, (x) => truth.a * Math.exp(-truth.b * x) + truth.c, noise, 2026);
  const started = performance.now();
  const fit = engine.curveFitSync('a*exp(-b*x) + c', data.x, data.y, { p0: { a: 1, b: 1, c: 0 }, sigma: data.sigma });
  const seconds = (performance.now() - started) / 1000;
  for (const name of fit.names) {
    write(`   ${name} = ${withError(fit.params[name], fit.errors[name]).padEnd(24)} true ${truth[name as keyof typeof truth]}`);
  }
  write(`   ${fit.converged ? 'converged' : 'did NOT converge'} in ${fit.iterations} steps, ${seconds.toFixed(2)} s; reduced χ² ${fit.reducedChi2.toFixed(3)}: the residuals are the noise`);
  const m = fit.memory;
  write(`   memory   used ${mib(m.highWaterBytes)} MiB of its ${mib(m.capacityBytes)} MiB arena for ${count(n)} points (and no more for 10⁸)`);

  write(`\n2. NIST StRD ${gauss2.name}, a problem with certified answers: ${gauss2.x.length} points, two peaks on a decay, ${gauss2.parameters.length} parameters`);
  const p0 = Object.fromEntries(gauss2.parameters.map((name, j) => [name, gauss2.start1[j]]));
  const nist = engine.curveFitSync(gauss2.model, gauss2.x, gauss2.y, { p0 });
  write(`   ${'parameter'.padEnd(9)} ${'certified'.padStart(16)} ${'fitted'.padStart(16)}   digits agreed`);
  gauss2.parameters.forEach((name, j) => {
    const certified = gauss2.certifiedValues[j];
    const fitted = nist.params[name];
    write(`   ${name.padEnd(9)} ${certified.toPrecision(11).padStart(16)} ${fitted.toPrecision(11).padStart(16)}   ${digitsAgreed(fitted, certified).toFixed(1).padStart(5)}`);
  });
  const errorDigits = Math.min(...gauss2.parameters.map((name, j) => digitsAgreed(nist.errors[name], gauss2.certifiedStdDev[j])));
  write(`   standard errors agree to ${errorDigits.toFixed(1)} digits or more, the residual sum of squares to ${digitsAgreed(nist.chi2, gauss2.certifiedRss).toFixed(1)}`);

  write('\nTry next:');
  write("   your own CSV   npx arenafit fit your.csv --model 'a*exp(-b*x) + c'");
  write('   in a browser   npm run demo:web');
  write("   in your code   import { curveFit } from 'arenafit'; const r = await curveFit('a*exp(-b*x) + c', x, y);");
}
