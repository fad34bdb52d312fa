/**
 * `--out residuals.csv`: every row of the data with the fitted model and the residual —
 * `x,y[,sigma],fitted,residual`, under the data's own column names — written as the pass after
 * the fit reads the rows, through a buffer of about 1 MiB, so that a file of 10⁸ rows costs the
 * same memory as one of 10³. Numbers are written as String(v), the shortest text that reads back
 * to the same double (NaN, Infinity included). A failed write is one line naming the file and
 * the system's reason; the file is then incomplete.
 */
import { closeSync, openSync, statSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { FileColumn } from 'arenafit/node';
import { UsageError } from './args.ts';

/** Text held before it is written: a few thousand rows. */
const FLUSH_CHARS = 1 << 16;

/**
 * Fails before the fit, not after minutes of it, if `--flag path` could not be written — or if
 * it is the data file itself, which writing would destroy before the pass that reads it.
 */
export function checkOutputPath(flag: string, path: string, data: string): void {
  const folder = dirname(resolve(path));
  let isFolder = false;
  try {
    isFolder = statSync(folder).isDirectory();
  } catch {
    // missing: reported below
  }
  if (!isFolder) throw new UsageError(`--${flag} ${JSON.stringify(path)}: the folder ${JSON.stringify(folder)} does not exist`);
  const output = statSync(path, { throwIfNoEntry: false });
  const input = statSync(data, { throwIfNoEntry: false });
  if (output && input && output.dev === input.dev && output.ino === input.ino) {
    throw new UsageError(`--${flag} ${JSON.stringify(path)} is the data file; expected another path, as writing it would destroy the data`);
  }
}

/** A column name as a CSV field: in double quotes when it holds a comma, a quote, a line end or edge blanks. */
function field(name: string): string {
  return /[",\r\n]|^\s|\s$/.test(name) ? `"${name.replaceAll('"', '""')}"` : name;
}

export class ResidualsFile {
  readonly #path: string;
  readonly #fd: number;
  #text = '';

  /** Creates (or truncates) the file and writes the header: `names`, then fitted and residual. */
  constructor(path: string, names: string[]) {
    this.#path = path;
    this.#fd = this.#attempt(() => openSync(path, 'w'));
    this.#text = [...names, 'fitted', 'residual'].map(field).join(',') + '\n';
  }

  /** One chunk's rows; `sigma` is written when the data have it. */
  write(x: FileColumn, y: FileColumn, sigma: FileColumn | undefined, fitted: Float64Array): void {
    for (let i = 0; i < x.length; i++) {
      this.#text += sigma
        ? `${x[i]},${y[i]},${sigma[i]},${fitted[i]},${y[i] - fitted[i]}\n`
        : `${x[i]},${y[i]},${fitted[i]},${y[i] - fitted[i]}\n`;
      if (this.#text.length >= FLUSH_CHARS) this.#flush();
    }
  }

  /** Writes what is left and closes the file. */
  close(): void {
    try {
      this.#flush();
    } finally {
      this.abandon();
    }
  }

  /** Closes the file without writing more (the pass failed). */
  abandon(): void {
    try {
      closeSync(this.#fd);
    } catch {
      // closed already, or the error that brought us here is the one to report
    }
  }

  #flush(): void {
    const bytes = Buffer.from(this.#text);
    this.#text = '';
    for (let written = 0; written < bytes.length; ) {
      written += this.#attempt(() => writeSync(this.#fd, bytes, written, bytes.length - written));
    }
  }

  #attempt<T>(io: () => T): T {
    try {
      return io();
    } catch (error) {
      throw new UsageError(`--out ${JSON.stringify(this.#path)} cannot be written: ${(error as Error).message}`);
    }
  }
}
