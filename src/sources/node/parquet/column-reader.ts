/**
 * One requested column's chunk of each row group, read page by page into its reader's buffers
 * (buffers.ts), which every page and every pass reuse: fs.readSync of the chunk's bytes in blocks,
 * a page header parsed (hyparquet's `parquetHeader`), the page decoded (pages.ts), and its values
 * copied into the chunk columns — a page of each column at a time, never the row group.
 */
import { parquetHeader } from 'hyparquet/src/column.js';
import type { PageHeader } from 'hyparquet';
import { FitError } from '../../../errors.ts';
import { describe } from '../../../describe.ts';
import type { FileColumn } from '../file.ts';
import { roomFor, type ReaderBuffers } from './buffers.ts';
import { PageDecoder } from './pages.ts';
import type { ColumnPlan, Plan } from './plan.ts';
import { readExactly } from './read-exactly.ts';

/**
 * Reads one column's chunk of the current row group, a page at a time, into numbers. The block
 * holds the file's bytes [blockStart, blockStart + length): the page being decoded, and what was
 * read past it; it is refilled (what is left moved to its start) when a header or page runs past
 * what it holds, and grown when a page is larger than it.
 *
 *   block  | consumed | header | page (compressed_page_size) | next header … |
 *          ▲ blockStart          ▲ offset after the header                    ▲ length
 *
 * Data pages that are PLAIN or dictionary-encoded are decoded by pages.ts, straight from the
 * block into `values`; other encodings through hyparquet's readPage.
 */
export class ColumnReader {
  readonly #fd: number;
  readonly #plan: Plan;
  readonly #column: ColumnPlan;
  readonly #buffers: ReaderBuffers;
  readonly #pages: PageDecoder;
  #group = 0;
  #blockStart = 0;
  #length = 0;
  #offset = 0;
  #end = 0;
  /** Rows of the current page, and how many of them were read. */
  #pageRows = 0;
  #position = 0;
  /** Rows of the current group read so far. */
  #rows = 0;

  constructor(fd: number, plan: Plan, column: ColumnPlan, buffers: ReaderBuffers) {
    this.#fd = fd;
    this.#plan = plan;
    this.#column = column;
    this.#buffers = buffers;
    this.#pages = new PageDecoder(column, buffers, plan.compressors);
  }

  /** Starts on row group g: this column's chunk of it, from its first byte. */
  start(g: number): void {
    const chunk = this.#column.chunks[g];
    this.#group = g;
    this.#pages.start(chunk.codec);
    this.#blockStart = chunk.start;
    this.#length = 0;
    this.#offset = 0;
    this.#end = chunk.end;
    this.#pageRows = 0;
    this.#position = 0;
    this.#rows = 0;
  }

  /** Copies the column's next n values into target[at, at + n). */
  read(target: FileColumn, at: number, n: number): void {
    while (n > 0) {
      if (this.#position === this.#pageRows) {
        this.#nextPage();
        continue;
      }
      const m = Math.min(n, this.#pageRows - this.#position);
      target.set(this.#buffers.values.subarray(this.#position, this.#position + m), at);
      this.#position += m;
      this.#rows += m;
      at += m;
      n -= m;
    }
  }

  /** At the end of a row group: its rows all read, the column must have no values left. */
  finish(): void {
    if (this.#position < this.#pageRows) {
      throw this.#invalid(`holds more values than the row group's ${this.#plan.groupRows[this.#group]} rows`);
    }
  }

  /** Decodes the chunk's next data page into `values`, reading a dictionary page on the way. */
  #nextPage(): void {
    for (;;) {
      if (this.#blockStart + this.#offset >= this.#end) {
        throw this.#invalid(`ends after ${this.#rows} values, but the row group has ${this.#plan.groupRows[this.#group]} rows`);
      }
      const header = this.#header();
      const bytes = header.compressed_page_size;
      if (!Number.isSafeInteger(bytes) || bytes < 0 || !this.#ensure(bytes)) {
        throw this.#invalid(`has a page of ${describe(bytes)} bytes that runs past the chunk's end (byte ${this.#end})`);
      }
      const at = this.#offset;
      this.#offset += bytes;
      if (header.type === 'DICTIONARY_PAGE') {
        this.#decode(() => this.#pages.readDictionary(header, at, bytes));
      } else if (header.type === 'DATA_PAGE' || header.type === 'DATA_PAGE_V2') {
        const rows = this.#decode(() => this.#pages.readData(header, at, bytes, this.#length, this.#rows));
        this.#pageRows = rows;
        this.#position = 0;
        if (rows > 0) return;
      }
      // Any other page (an index page) is skipped, and so is a data page of no rows.
    }
  }

  /** Parses the page header at #offset, reading more of the chunk until it is whole. */
  #header(): PageHeader {
    for (let probe = 1 << 10; ; probe *= 4) {
      const complete = this.#ensure(probe);
      const reader = { view: new DataView(this.#block.buffer, this.#block.byteOffset + this.#offset, this.#length - this.#offset), offset: 0 };
      try {
        const header = parquetHeader(reader);
        this.#offset += reader.offset;
        return header;
      } catch (error) {
        // A header cut off by the end of what was read is read again with more bytes; one cut
        // off by the end of the chunk, or that does not parse, is the file's fault.
        if (!complete || probe > 1 << 24) throw this.#invalid(`has a page header that cannot be read (${error instanceof Error ? error.message : describe(error)})`, error);
      }
    }
  }

  get #block(): Uint8Array {
    return this.#buffers.block;
  }

  /**
   * Makes bytes [#offset, #offset + n) of the block hold the file's bytes there, reading as much
   * of the chunk as the block holds. False when the chunk ends first (then all of it is read).
   */
  #ensure(n: number): boolean {
    if (this.#offset + n <= this.#length) return true;
    const position = this.#blockStart + this.#offset;
    const remaining = this.#end - position;
    const kept = this.#length - this.#offset;
    let block = this.#block;
    const wanted = Math.min(n, remaining);
    if (wanted > block.length) {
      const grown = new Uint8Array(Math.min(remaining, roomFor(wanted)));
      grown.set(block.subarray(this.#offset, this.#length));
      this.#buffers.block = block = grown;
    } else {
      block.copyWithin(0, this.#offset, this.#length);
    }
    this.#blockStart = position;
    this.#offset = 0;
    const fill = Math.min(block.length, remaining);
    readExactly(this.#fd, block, kept, fill - kept, position + kept, this.#plan.path, this.#plan.size);
    this.#length = fill;
    return n <= remaining;
  }

  #decode<T>(run: () => T): T {
    try {
      return run();
    } catch (error) {
      if (error instanceof FitError) throw error;
      throw this.#invalid(`cannot be decoded (${error instanceof Error ? error.message : describe(error)})`, error);
    }
  }

  #invalid(what: string, cause?: unknown): FitError {
    return new FitError(
      'INVALID_FILE',
      `column ${JSON.stringify(this.#column.name)} of row group ${this.#group} of ${JSON.stringify(this.#plan.path)} ${what}; expected a complete, uncorrupted Parquet file`,
      cause === undefined ? undefined : { cause },
    );
  }
}
