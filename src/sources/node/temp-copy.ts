/**
 * A binary copy of the columns a text pass parsed, so that a fit's later passes over a CSV file
 * read 8 bytes a value instead of parsing the text again (a pass over 10⁷ rows: seconds of
 * parsing, against tens of milliseconds of reading).
 *
 * The file, in os.tmpdir()/arenafit-XXXXXX/, holds the chunks one after the other as the text
 * pass gave them, each column of a chunk whole (native byte order: the copy lives and dies with
 * this process):
 *
 *   byte 0                      8·rows₀          2·8·rows₀        3·8·rows₀
 *        | x of chunk 0 (rows₀) | y of chunk 0   | σ of chunk 0   | x of chunk 1 (rows₁) | …
 *
 * so a later pass gives the very same chunks, read with three preads each into the chunk's own
 * columns (binary.ts readBlock): no block and no de-interleaving between.
 *
 * Nothing is left behind. On POSIX the file and its directory are unlinked as soon as the file is
 * open: the open descriptor keeps the data until it is closed — at release(), when the copy is
 * dropped, when its owner is garbage-collected, or when the process ends, even by a crash. Where
 * an open file cannot be unlinked (Windows), the directory is removed at release() or when the
 * process exits.
 *
 * The copy counts only once a text pass has run to its end, and only while the text file keeps
 * the size, modification time and inode it had during that pass. Anything else — a pass left
 * early, a failed write (ENOSPC, EROFS, EACCES…), a changed file — drops it without an error, and
 * the next pass parses the text again.
 */
import { closeSync, mkdtempSync, openSync, rmdirSync, rmSync, statSync, unlinkSync, writeSync, type Stats } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readBlock } from './binary.ts';

/** What identifies a version of the text file: the copy is of this one. */
export interface Stamp {
  size: number;
  mtimeMs: number;
  ino: number;
}

export const stampOf = (stats: Stats): Stamp => ({ size: stats.size, mtimeMs: stats.mtimeMs, ino: stats.ino });
const sameStamp = (a: Stamp, b: Stamp) => a.size === b.size && a.mtimeMs === b.mtimeMs && a.ino === b.ino;

/**
 * The open copy: its descriptor, its directory while that still exists, and the passes using it.
 * Two fits may read one source at once, and the one that ends first releases the copy while the
 * other still reads or writes it: the descriptor is closed when the last of them ends, never
 * under a pass — a closed descriptor would fail it, and a number the system hands to the next
 * file opened would have it read, or write, that file.
 */
interface Held {
  fd: number;
  dir: string | undefined;
  users: number;
  dropped: boolean;
}

/** Directories to remove when the process exits: copies that could not be unlinked while open. */
const atExit = new Set<string>();
let exitHook = false;

function removeAtExit(dir: string): void {
  atExit.add(dir);
  if (exitHook) return;
  exitHook = true;
  process.on('exit', () => {
    for (const d of atExit) rmSync(d, { recursive: true, force: true });
  });
}

function close(held: Held): void {
  held.dropped = true;
  if (held.users > 0) return; // the last pass using it closes it (leave)
  try {
    closeSync(held.fd);
  } catch {
    // already closed: nothing to keep
  }
  if (held.dir !== undefined) {
    rmSync(held.dir, { recursive: true, force: true });
    atExit.delete(held.dir);
    held.dir = undefined;
  }
}

/** A pass starts using the copy. */
function use(held: Held): Held {
  held.users++;
  return held;
}

/** A pass stops using the copy: the last one out closes it if it was released meanwhile. */
function leave(held: Held): void {
  held.users--;
  if (held.dropped && held.users === 0) close(held);
}

/** A copy whose owner is collected without release() is closed then. */
const unreleased = new FinalizationRegistry<Held>(close);

/** The copy of one source's columns: at most one at a time, made by one text pass, read by the passes after. */
export class TempCopy {
  readonly #width: number;
  #held: Held | undefined;
  /** Rows of each chunk; set once the pass that wrote them completed. */
  #chunks: number[] | undefined;
  #stamp: Stamp | undefined;
  #writing = false;

  /** `width`: columns per chunk. */
  constructor(width: number) {
    this.#width = width;
  }

  /** Whether a complete copy exists of the text file as `stamp` describes it now; drops one that is stale. */
  usable(path: string): boolean {
    if (this.#chunks === undefined || this.#writing) return false;
    let now: Stamp | undefined;
    try {
      now = stampOf(statSync(path));
    } catch {
      now = undefined;
    }
    if (now !== undefined && sameStamp(now, this.#stamp!)) return true;
    this.release();
    return false;
  }

  /**
   * Starts a new copy for a text pass (dropping any other): a writer, or undefined when another
   * pass is writing one or no temporary file can be made (a read-only or full disk).
   */
  begin(stamp: Stamp): CopyWriter | undefined {
    if (this.#writing) return undefined;
    this.release();
    let dir: string | undefined;
    try {
      dir = mkdtempSync(join(tmpdir(), 'arenafit-'));
      const file = join(dir, 'columns.f64');
      const held: Held = { fd: openSync(file, 'wx+', 0o600), dir, users: 0, dropped: false };
      try {
        unlinkSync(file);
        rmdirSync(dir);
        held.dir = undefined;
      } catch {
        removeAtExit(dir); // an open file that cannot be unlinked (Windows)
      }
      this.#held = held;
      unreleased.register(this, held, this);
    } catch {
      if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
      return undefined;
    }
    this.#writing = true;
    return new CopyWriter(this, use(this.#held!), this.#width, stamp);
  }

  /** Called by the writer when its pass ends: keeps the copy when the pass completed and the file is unchanged, else drops it. */
  finish(complete: boolean, chunks: number[], stamp: Stamp): void {
    this.#writing = false;
    if (complete) {
      this.#chunks = chunks;
      this.#stamp = stamp;
    } else this.release();
  }

  /**
   * One pass over the copy: fills `columns` with each chunk in turn and yields its rows. The
   * columns are the chunk's; the caller copies them out before asking for the next.
   */
  *read(columns: Float64Array[], label: string): Generator<number, void, undefined> {
    const held = use(this.#held!);
    const chunks = this.#chunks!;
    const total = chunks.reduce((sum, rows) => sum + rows, 0) * 8 * this.#width;
    let position = 0;
    try {
      for (const rows of chunks) {
        for (const column of columns) {
          const bytes = rows * 8;
          readBlock(held.fd, new Uint8Array(column.buffer, column.byteOffset, bytes), bytes, position, label, total);
          position += bytes;
        }
        yield rows;
      }
    } finally {
      leave(held);
    }
  }

  /** Whether `held` is still this source's copy (not one released and replaced while a pass wrote it). */
  holds(held: Held): boolean {
    return this.#held === held;
  }

  /** Closes and removes the copy, if there is one; the next text pass makes a new one. */
  release(): void {
    const held = this.#held;
    this.#held = undefined;
    this.#chunks = undefined;
    this.#stamp = undefined;
    this.#writing = false;
    if (held === undefined) return;
    unreleased.unregister(this);
    close(held);
  }
}

/** Writes the chunks of one text pass to the copy; after a failed write it writes nothing more. */
export class CopyWriter {
  readonly #copy: TempCopy;
  readonly #held: Held;
  readonly #width: number;
  readonly #stamp: Stamp;
  readonly #chunks: number[] = [];
  #position = 0;
  #failed = false;

  constructor(copy: TempCopy, held: Held, width: number, stamp: Stamp) {
    this.#copy = copy;
    this.#held = held;
    this.#width = width;
    this.#stamp = stamp;
  }

  write(columns: Float64Array[], rows: number): void {
    if (this.#failed) return;
    try {
      for (let k = 0; k < this.#width; k++) {
        const column = columns[k];
        const bytes = new Uint8Array(column.buffer, column.byteOffset, rows * 8);
        for (let done = 0; done < bytes.length; ) done += writeSync(this.#held.fd, bytes, done, bytes.length - done, this.#position + done);
        this.#position += bytes.length;
      }
      this.#chunks.push(rows);
    } catch {
      this.#failed = true; // ENOSPC, EIO…: the pass goes on from the text; this copy will not count
    }
  }

  /** Ends the pass: `complete` when it read the whole file, `now` the file's stamp at its end. */
  finish(complete: boolean, now: Stamp | undefined): void {
    // A copy released while it was written is another fit's to drop: this pass's rows stay unkept.
    const keep = complete && !this.#failed && !this.#held.dropped && now !== undefined && sameStamp(now, this.#stamp);
    leave(this.#held);
    if (this.#copy.holds(this.#held)) this.#copy.finish(keep, this.#chunks, this.#stamp);
  }
}
