/**
 * The progress line on stderr: pass, iteration, rows read, rows per second and the current
 * cost while the fit runs, then the pass that writes the plot and the residuals. Redrawn in
 * place (carriage return, erase to the end of the line) at most ten times a second — a redraw
 * per chunk would be thousands a second and cost more than the fit — and erased at the end, so
 * the terminal keeps only the report. Only a terminal gets it: in a pipe or a log file a progress line is noise.
 */
import type { FitProgress } from 'arenafit/node';

/** What the line is drawn on: process.stderr, or a stand-in in tests. */
export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

const REDRAW_MS = 100;
const ERASE = '\r\x1b[K';
/** The pass after the fit (--plot, --out), counted apart from the fit's passes 0, 1, … */
const AFTER_PASS = -1;

export class ProgressLine {
  readonly #stream: ProgressStream;
  readonly #now: () => number;
  readonly #started: number;
  #drawnAt = -Infinity;
  #drawn = false;
  /** Rows of the passes before the current one, for the overall rate. */
  #earlierRows = 0;
  #pass = 0;
  #passRows = 0;

  /** Draws on `stream` only if it is a terminal and `quiet` is false. */
  static on(stream: ProgressStream, quiet: boolean, now: () => number = () => performance.now()): ProgressLine | undefined {
    return stream.isTTY && !quiet ? new ProgressLine(stream, now) : undefined;
  }

  private constructor(stream: ProgressStream, now: () => number) {
    this.#stream = stream;
    this.#now = now;
    this.#started = now();
  }

  /** After each chunk of the fit (curveFit's onProgress). */
  fit(progress: FitProgress): void {
    this.#count(progress.pass, progress.rows);
    const cost = Number.isNaN(progress.cost) ? '' : `  cost ${progress.cost.toPrecision(6)}`;
    this.#draw(() => `fit: pass ${progress.pass + 1}  iteration ${progress.iteration}  ${rows(progress.rows)} rows  ${this.#rate()}${cost}`);
  }

  /** After each chunk of the pass after the fit, which writes `what` (the plot, the residuals). */
  after(what: string, rowsRead: number): void {
    this.#count(AFTER_PASS, rowsRead);
    this.#draw(() => `${what}: ${rows(rowsRead)} rows  ${this.#rate()}`);
  }

  /** After each chunk of the pass that writes the plot alone. */
  plot(rowsRead: number): void {
    this.after('plot', rowsRead);
  }

  /** Erases the line, leaving the cursor where the line began. */
  clear(): void {
    if (this.#drawn) this.#stream.write(ERASE);
    this.#drawn = false;
  }

  #count(pass: number, rowsRead: number): void {
    if (pass !== this.#pass) {
      this.#earlierRows += this.#passRows;
      this.#pass = pass;
    }
    this.#passRows = rowsRead;
  }

  #rate(): string {
    const seconds = (this.#now() - this.#started) / 1000;
    const perSecond = seconds > 0 ? (this.#earlierRows + this.#passRows) / seconds : 0;
    return perSecond >= 1e6 ? `${(perSecond / 1e6).toFixed(1)} M rows/s` : `${Math.round(perSecond / 1e3)} k rows/s`;
  }

  #draw(text: () => string): void {
    const now = this.#now();
    if (now - this.#drawnAt < REDRAW_MS) return;
    this.#drawnAt = now;
    // A line longer than the terminal wraps, and the carriage return would then redraw only
    // its last row: cut it to the width (80 when the terminal does not say: columns 0).
    const width = (this.#stream.columns || 80) - 1;
    this.#stream.write(ERASE + text().slice(0, width));
    this.#drawn = true;
  }
}

const rows = (n: number) => n.toLocaleString('en-US');
