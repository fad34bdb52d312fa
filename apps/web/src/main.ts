/**
 * The demo page: data (generated or CSV) → a fit in a worker with progress and Cancel → the plot
 * (the curve and its confidence band drawn by the result itself: r.evaluate, r.band),
 * residuals, parameter table, correlations, report and arena meter. Every failure lands in a
 * status line: a CSV row by its line number, a model by its column, a fit that stops without
 * converging by its status — never an uncaught exception.
 */
import { FitError, type FitOptions, type FitResult } from 'arenafit';
import { columnCentres } from '../../shared/bins.ts';
import { CsvError, pageMessage, parseCsv } from './csv.ts';
import type { Dataset } from './dataset.ts';
import { decimate } from './decimate.ts';
import { runFit } from './fit.ts';
import { drawPanel, plotColumns } from './plot.ts';
import { generate, MAX_POINTS, SHAPES } from './synthetic.ts';
import { renderArena, renderCorrelations, renderParameters } from './tables.ts';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const input = (id: string) => $<HTMLInputElement>(id);

/** The band the plot shades about the fitted curve. */
const BAND = { level: 0.95, kind: 'confidence' } as const;

let data: Dataset | undefined;
/** The fit shown: the worker's result, read back by fitResultFromJSON — it evaluates and draws bands. */
let fitted: { model: string; result: FitResult } | undefined;
let controller: AbortController | undefined;

function setStatus(id: string, kind: 'ok' | 'warn' | 'error' | 'busy', text: string, detail = ''): void {
  const element = $(id);
  element.className = `status ${kind}`;
  element.replaceChildren(text);
  if (detail) {
    const pre = document.createElement('pre');
    pre.textContent = detail;
    element.append(pre);
  }
}

function describeData(d: Dataset): string {
  const range = ([lo, hi]: [number, number]) => `[${lo.toPrecision(4)}, ${hi.toPrecision(4)}]`;
  return `${d.label}; x in ${range(d.xRange)}, y in ${range(d.yRange)}`;
}

function useData(next: Dataset): void {
  data = next;
  fitted = undefined;
  for (const id of ['params', 'correlations']) $(id).replaceChildren();
  $('report').textContent = '';
  setStatus('data-status', 'ok', describeData(next));
  setStatus('fit-status', 'ok', 'Ready to fit.');
  void redraw();
}

async function onGenerate(): Promise<void> {
  const shape = SHAPES[$<HTMLSelectElement>('shape').value];
  const n = Math.round(Number(input('points').value));
  if (!(n >= 2 && n <= MAX_POINTS)) {
    setStatus('data-status', 'error', `points is ${input('points').value}; expected a whole number from 2 to ${MAX_POINTS.toLocaleString('en')}`);
    return;
  }
  for (const id of ['generate', 'fit']) $<HTMLButtonElement>(id).disabled = true;
  try {
    const made = await generate(shape, n, Number(input('noise').value) || 0, Math.round(Number(input('seed').value)) || 0,
      (done) => setStatus('data-status', 'busy', `generating… ${done.toLocaleString('en')} of ${n.toLocaleString('en')} points`));
    $<HTMLSelectElement>('model').value = shape.model;
    onModelKind();
    useData(made);
  } finally {
    for (const id of ['generate', 'fit']) $<HTMLButtonElement>(id).disabled = false;
  }
}

// A file comes as its bytes, so that the reader sees its encoding (a UTF-16 "Unicode text"
// export would be mangled by a UTF-8 file.text()); pasted text as a string.
function loadCsv(text: string | Uint8Array, label: string): void {
  const select = (id: string) => $<HTMLSelectElement>(id).value as never;
  const panel = {
    x: input('csv-x').value, y: input('csv-y').value, skip: input('csv-skip').value,
    header: select('csv-header'), delimiter: select('csv-delimiter'), decimal: select('csv-decimal'),
  };
  try {
    useData(parseCsv(text, panel, label));
  } catch (error) {
    if (!(error instanceof CsvError || error instanceof FitError)) throw error;
    setStatus('data-status', 'error', `Cannot read the CSV: ${pageMessage(error.message)}`);
  }
}

async function onFile(): Promise<void> {
  const file = input('csv-file').files?.[0];
  if (!file) return;
  setStatus('data-status', 'busy', `reading ${file.name}…`);
  loadCsv(new Uint8Array(await file.arrayBuffer()), file.name);
}

function currentModel(): string {
  const kind = $<HTMLSelectElement>('model').value;
  return kind === 'expression' ? input('expression').value : kind;
}

function onModelKind(): void {
  input('expression').disabled = $<HTMLSelectElement>('model').value !== 'expression';
}

/** "a=1, b=0.5" → { a: 1, b: 0.5 }; an empty field → undefined (a built-in model guesses). */
function parseStart(text: string): Record<string, number> | undefined {
  if (text.trim() === '') return undefined;
  const start: Record<string, number> = {};
  for (const pair of text.split(',')) {
    const match = /^\s*([A-Za-z_]\w*)\s*=\s*(\S+)\s*$/.exec(pair);
    const value = Number(match?.[2]);
    if (!match || !Number.isFinite(value)) throw new Error(`start values: ${JSON.stringify(pair.trim())} is not name=number; expected e.g. a=1, b=0.5`);
    start[match[1]] = value;
  }
  return start;
}

// While a fit runs, the data it reads stay the data on the page: no generating or loading.
function setFitting(fitting: boolean): void {
  for (const id of ['fit', 'generate', 'load-csv', 'csv-file']) $<HTMLButtonElement>(id).disabled = fitting;
  $<HTMLButtonElement>('cancel').disabled = !fitting;
}

function showProgress(fraction: number, text: string): void {
  $('progress-fill').style.width = `${(100 * Math.min(1, fraction)).toFixed(1)}%`;
  $('progress-text').textContent = text;
}

async function onFit(): Promise<void> {
  if (!data) {
    setStatus('fit-status', 'error', 'No data: generate some or load a CSV first.');
    return;
  }
  const model = currentModel();
  const options: FitOptions = {};
  try {
    const p0 = parseStart(input('p0').value);
    if (p0) options.p0 = p0;
  } catch (error) {
    setStatus('fit-status', 'error', (error as Error).message);
    return;
  }
  if (input('max-iterations').value.trim() !== '') options.maxIterations = Number(input('max-iterations').value);
  controller = new AbortController();
  options.signal = controller.signal;
  const rows = data.x.length;
  let frame = 0;
  options.onProgress = (p) => {
    // Progress comes per chunk (~150 times a pass at 10⁷ rows): paint at most once a frame.
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(() => showProgress(p.rows / rows,
      `pass ${p.pass + 1} · iteration ${p.iteration} · ${p.rows.toLocaleString('en')} of ${rows.toLocaleString('en')} rows` +
      (Number.isFinite(p.cost) ? ` · cost ${p.cost.toPrecision(6)}` : '')));
  };
  setFitting(true);
  showProgress(0, 'starting…');
  setStatus('fit-status', 'busy', `Fitting ${rows.toLocaleString('en')} points in a Web Worker…`);
  const started = performance.now();
  try {
    const result = await runFit(model, data.x, data.y, options);
    cancelAnimationFrame(frame);
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    showProgress(1, `done: ${result.evaluations} passes, ${result.iterations} iterations`);
    fitted = { model, result };
    setStatus('fit-status', result.converged ? 'ok' : 'warn',
      `${result.converged ? 'Converged' : 'Did not converge'} (status ${result.status}) in ${seconds} s in a Web Worker: ${result.message}`);
    renderParameters($('params'), result);
    renderCorrelations($('correlations'), result);
    renderArena($('arena-fill'), $('arena-text'), result);
    $('report').textContent = result.report();
    await redraw();
  } catch (error) {
    cancelAnimationFrame(frame);
    const e = error as { code?: string; message?: string };
    const [first, ...rest] = String(e.message ?? error).split('\n');
    showProgress(0, e.code === 'ABORTED' ? 'cancelled' : 'failed');
    setStatus('fit-status', 'error', e.code ? `${e.code}: ${first}` : first, rest.join('\n'));
  } finally {
    controller = undefined;
    setFitting(false);
  }
}

async function redraw(): Promise<void> {
  if (!data) return;
  const plot = $<HTMLCanvasElement>('plot');
  const residuals = $<HTMLCanvasElement>('residuals');
  const columns = plotColumns(plot);
  const fit = fitted;
  const curve = fit ? (x: Float64Array) => fit.result.evaluate(x) : undefined;
  const bins = await decimate(data, columns, curve);
  if (!bins) return; // a newer redraw took over
  const centres = columnCentres(bins);
  const band = fit?.result.band(centres, BAND);
  drawPanel(plot, { lo: bins.lo, hi: bins.hi, min: bins.yMin, max: bins.yMax, curve: band?.value, band, xLabel: 'x', yLabel: 'y' });
  $('plot-caption').textContent = band
    ? `Shaded: the ${100 * BAND.level}% ${BAND.kind} band of the fitted curve (r.band), from the parameters' covariance.`
    : '';
  drawPanel(residuals, { lo: bins.lo, hi: bins.hi, min: bins.residualMin, max: bins.residualMax, zero: true, xLabel: 'x', yLabel: 'residual' });
}

function main(): void {
  for (const radio of document.querySelectorAll<HTMLInputElement>('input[name=source]')) {
    radio.addEventListener('change', () => {
      $('generate-panel').hidden = radio.value !== 'generate';
      $('csv-panel').hidden = radio.value !== 'csv';
    });
  }
  $('generate').addEventListener('click', () => void onGenerate());
  $('load-csv').addEventListener('click', () => loadCsv($<HTMLTextAreaElement>('csv-text').value, 'the pasted text'));
  input('csv-file').addEventListener('change', () => void onFile());
  $('model').addEventListener('change', onModelKind);
  $('fit').addEventListener('click', () => void onFit());
  $('cancel').addEventListener('click', () => controller?.abort());
  let resize = 0;
  addEventListener('resize', () => {
    clearTimeout(resize);
    resize = window.setTimeout(() => void redraw(), 150);
  });
  onModelKind();
  setStatus('fit-status', 'ok', 'Fits run in a Web Worker.');
  void onGenerate();
}

main();
