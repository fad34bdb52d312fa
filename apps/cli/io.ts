// Where a command writes, so that commands do not reach for process.stdout themselves.
import type { ProgressStream } from './progress.ts';

export interface Io {
  /** The report, the JSON, the help: stdout. */
  out(text: string): void;
  /** The one-line problems: stderr. */
  err(text: string): void;
  /** The progress line: stderr, drawn only if it is a terminal. */
  progress: ProgressStream;
}
