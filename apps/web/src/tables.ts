// The fit's numbers as HTML: the parameter table, the correlation matrix, the arena meter.
import type { FitResult } from 'arenafit';

function cell(tag: 'td' | 'th', text: string, className = ''): HTMLTableCellElement {
  const element = document.createElement(tag);
  element.textContent = text;
  if (className) element.className = className;
  return element;
}

function row(...cells: HTMLTableCellElement[]): HTMLTableRowElement {
  const tr = document.createElement('tr');
  tr.append(...cells);
  return tr;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 ** 2).toFixed(2)} MiB`;
}

/** name | value | standard error | relative error; fixed and undetermined parameters say so. */
export function renderParameters(table: HTMLTableElement, r: FitResult): void {
  table.replaceChildren(row(cell('th', 'parameter'), cell('th', 'value'), cell('th', 'std. error'), cell('th', 'relative')));
  for (const name of r.names) {
    const value = r.params[name];
    const error = r.errors[name];
    const note = r.fixed.includes(name) ? 'fixed' : r.undetermined.includes(name) ? 'not determined' : '';
    table.append(row(
      cell('th', name),
      cell('td', value.toPrecision(10), 'number'),
      cell('td', note || error.toPrecision(3), 'number'),
      cell('td', note ? '' : `${((100 * error) / Math.abs(value)).toPrecision(2)} %`, 'number'),
    ));
  }
}

/** ρᵢⱼ = Cᵢⱼ / √(Cᵢᵢ·Cⱼⱼ), shaded by |ρ|: blue positive, red negative. */
export function renderCorrelations(table: HTMLTableElement, r: FitResult): void {
  const P = r.names.length;
  const c = r.covariance;
  table.replaceChildren(row(cell('th', ''), ...r.names.map((name) => cell('th', name))));
  for (let i = 0; i < P; i++) {
    const cells = r.names.map((_, j) => {
      const rho = c[i * P + j] / Math.sqrt(c[i * P + i] * c[j * P + j]);
      if (!Number.isFinite(rho)) return cell('td', '—', 'number');
      const td = cell('td', rho.toFixed(3), 'number');
      td.style.background = rho >= 0 ? `rgba(31, 119, 180, ${0.6 * rho})` : `rgba(214, 39, 40, ${-0.6 * rho})`;
      return td;
    });
    table.append(row(cell('th', r.names[i]), ...cells));
  }
}

/** The arena this fit used against its capacity, and what the high-water mark is made of. */
export function renderArena(meter: HTMLElement, text: HTMLElement, r: FitResult): void {
  const m = r.memory;
  const share = m.highWaterBytes / m.capacityBytes;
  meter.style.width = `${Math.min(100, 100 * share).toFixed(1)}%`;
  meter.title = `${(100 * share).toFixed(1)}% of the arena`;
  const regions = m.regions.filter((region) => region.bytes > 0).map((region) => `${region.name} ${formatBytes(region.bytes)}`);
  text.textContent =
    `high-water ${formatBytes(m.highWaterBytes)} of ${formatBytes(m.capacityBytes)} (${(100 * share).toFixed(1)}%) · ` +
    `WASM memory ${formatBytes(m.wasmMemoryBytes)} · ${m.chunkRows.toLocaleString('en')}-row window · ${m.passes} passes` +
    (regions.length ? `\nregions: ${regions.join(', ')}` : '');
}
