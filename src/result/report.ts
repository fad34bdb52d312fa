/**
 * The text report of a fit: parameters ± errors, correlations, fit statistics, the stopping
 * reason, and the arena figures — what a reader needs to judge the fit without the code.
 */
import type { FitResultData } from './fit-result.ts';

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(2)} MiB`;
}

const integer = (n: number) => n.toLocaleString('en-US');
const number = (v: number) => (Number.isFinite(v) ? v.toPrecision(10) : String(v));

export function formatReport(r: FitResultData, model: string): string {
  const p = r.names.length;
  const tied = Object.keys(r.tied);
  const held = [r.fixed.length ? `${r.fixed.length} fixed` : '', tied.length ? `${tied.length} tied` : ''].filter(Boolean).join(', ');
  const width = Math.max(9, ...r.names.map((n) => n.length));
  const lines: string[] = [];
  lines.push(`model       ${model}`);
  const omitted = r.omittedRows > 0 ? `    (${integer(r.omittedRows)} rows with NaN omitted)` : '';
  lines.push(`rows        ${integer(r.rows)}    parameters ${p}${held ? ` (${held})` : ''}    dof ${integer(r.dof)}${omitted}`);
  lines.push(`status      ${r.status}: ${r.message}`);
  lines.push(`converged   ${r.converged ? 'yes' : 'NO'}    iterations ${r.iterations}    passes over the data ${r.evaluations}`);
  lines.push('');
  lines.push(`${'parameter'.padEnd(width)}  ${'value'.padStart(17)}  ${'std error'.padStart(12)}  ${'relative'.padStart(9)}`);
  for (const name of r.names) {
    const value = r.params[name];
    const error = r.errors[name];
    const relative = value !== 0 && Number.isFinite(error) ? `${((100 * Math.abs(error)) / Math.abs(value)).toPrecision(2)}%` : '';
    const isFixed = r.fixed.includes(name);
    const shownError = isFixed ? 'fixed' : Number.isNaN(error) ? 'undetermined' : error.toPrecision(5);
    const note = r.atBound.includes(name) ? '  at bound' : Object.hasOwn(r.tied, name) ? `  = ${r.tied[name]}` : '';
    lines.push(`${name.padEnd(width)}  ${number(value).padStart(17)}  ${shownError.padStart(12)}  ${(isFixed ? '' : relative).padStart(9)}${note}`);
  }
  if (r.undetermined.length > 0) {
    lines.push(`rank ${r.rank} of ${p}: the data do not determine ${r.undetermined.join(', ')}`);
  }
  if (p > 1) {
    lines.push('');
    lines.push('correlations');
    for (let i = 1; i < p; i++) {
      const cells: string[] = [];
      for (let j = 0; j < i; j++) {
        const c = r.covariance[i * p + j] / Math.sqrt(r.covariance[i * p + i] * r.covariance[j * p + j]);
        cells.push((Number.isFinite(c) ? (Math.abs(c) < 5e-4 ? 0 : c).toFixed(3) : '   -').padStart(7));
      }
      lines.push(`  ${r.names[i].padEnd(width)}${cells.join('')}`);
    }
    lines.push(`  ${' '.repeat(width)}${r.names.slice(0, p - 1).map((n) => n.slice(0, 6).padStart(7)).join('')}`);
  }
  lines.push('');
  lines.push(`chi2          ${number(r.chi2)}`);
  if (r.cost !== r.chi2 / 2) lines.push(`cost          ${number(r.cost)}   (robust loss: ½·Σ fScale²·ρ)`);
  lines.push(`reduced chi2  ${number(r.reducedChi2)}`);
  lines.push(`R²            ${number(r.rSquared)}`);
  lines.push(`AIC           ${number(r.aic)}`);
  lines.push(`BIC           ${number(r.bic)}`);
  lines.push('');
  const m = r.memory;
  const share = m.capacityBytes > 0 ? ` (${((100 * m.highWaterBytes) / m.capacityBytes).toFixed(1)}%)` : '';
  lines.push(`arena         high-water ${formatBytes(m.highWaterBytes)} of ${formatBytes(m.capacityBytes)} capacity${share}`);
  lines.push(`              WASM memory ${formatBytes(m.wasmMemoryBytes)}, chunk ${integer(m.chunkRows)} rows, block ${m.blockRows} rows, ${m.passes} passes`);
  for (const region of m.regions) lines.push(`                ${formatBytes(region.bytes).padStart(10)}  ${region.name}`);
  return lines.join('\n');
}
