/**
 * The reader of delimited text: blocks of bytes in (a file's reads, or a string encoded a slice at
 * a time), chunks of Float64Array columns out. One push parser behind fromCsvFile
 * (sources/node/csv.ts) and parseDelimited (parse-delimited.ts), and through fromCsvFile the
 * command line. It does no I/O and imports nothing from Node: the browser bundle carries it.
 *
 *   push(block)  the next bytes; end() after the last
 *   next()       true when a chunk is ready: scanner.columns[k][0, scanner.rows); false when the
 *                bytes given so far are used up (push more, or after end() the source is read)
 *
 * The stages, in order, each on its own file:
 *
 *   decode.ts   the encoding, from the first 1 KiB (UTF-8, UTF-16 LE/BE with or without a
 *               byte-order mark), and the bytes as UTF-8
 *   layout.ts   the delimiter, the decimal separator, the header and the columns, from a sample
 *               of the first rows — skipped when a layout found before is given (a later pass)
 *   scan.ts     the rows, from the first byte again (the sample too), into the columns
 *
 * A caller may reuse a block it pushed once next() has returned false.
 */
import type { ColumnRequest } from './columns.ts';
import { sniffEncoding, ToUtf8, type Sniffed } from './decode.ts';
import { detectLayout, SAMPLE_ROWS, type Layout } from './layout.ts';
import type { Where } from './messages.ts';
import { lineKind, LineKind, skipLine } from './record.ts';
import type { Rules } from './rules.ts';
import { SAMPLE_MAX_ROWS } from './sample.ts';
import { Scanner } from './scan.ts';

/**
 * How much the layout detection looks at: SAMPLE_MAX_ROWS rows (128), or 21 rows and 64 KiB,
 * whichever comes first, and never more than 4 MiB.
 */
const GATHER_BYTES = 64 << 10;
const GATHER_MAX_BYTES = 4 << 20;

export interface ReaderSetup {
  where: Where;
  rules: Rules;
  requests: readonly ColumnRequest[];
  chunkRows: number;
  /** A layout found before (a later pass): the rows are read by it without a sample. */
  layout?: Layout;
  /** The encoding found before (a later pass); 'text' for a string the caller encodes (only a UTF-8 byte-order mark is looked for). */
  encoding?: Sniffed | 'text';
  /** Record each row's first line in scanner.rowLines (to locate a row). */
  locate?: boolean;
  /** Columns to fill (chunkRows long, one per request), reused from an earlier pass; default: new ones. */
  columns?: Float64Array[];
}

const EMPTY: Uint8Array = new Uint8Array(0);

export class DelimitedReader {
  /** The layout, once found (at once when given). */
  layout: Layout | undefined;
  /** The scanner, once the layout is known: its columns hold the chunk next() announced. */
  scanner: Scanner | undefined;

  readonly #setup: ReaderSetup;
  #head: Uint8Array = EMPTY;
  #utf8: ToUtf8 | undefined;
  // The sample, gathered until the layout can be found.
  #sample: Uint8Array = EMPTY;
  #sampleLength = 0;
  #gatherAt = 0;
  #gatherLines = 0;
  #gatherRows = 0;
  /** UTF-8 pieces waiting for the scanner, each with whether it is the last. */
  #pending: { bytes: Uint8Array; last: boolean }[] = [];
  #feeding = false;
  #ended = false;
  #taken = false;
  #flushed = false;

  constructor(setup: ReaderSetup) {
    this.#setup = setup;
    if (setup.encoding !== undefined && setup.encoding !== 'text') this.#utf8 = new ToUtf8(setup.encoding);
    if (setup.layout !== undefined) this.#useLayout(setup.layout);
  }

  /** The encoding and byte-order mark, once known ('utf-8' for text given as a string). */
  get sniffed(): Sniffed | undefined {
    return this.#utf8?.sniffed;
  }

  push(block: Uint8Array): void {
    this.#take(block, false);
  }

  end(): void {
    this.#ended = true;
    this.#take(EMPTY, true);
  }

  #take(block: Uint8Array, last: boolean): void {
    if (this.#utf8 === undefined) {
      // Sniffing: the first bytes wait until there are enough to tell the encoding.
      const head = concat(this.#head, block);
      const sniffed = this.#setup.encoding === 'text' ? sniffText(head, last) : sniffEncoding(head, last, this.#setup.where);
      if (sniffed === undefined) {
        this.#head = head === block ? block.slice() : head; // the caller may reuse its block
        return;
      }
      this.#head = EMPTY;
      this.#utf8 = new ToUtf8(sniffed);
      block = head;
    }
    const utf8 = this.#utf8!.push(block, last);
    if (this.layout === undefined) this.#gather(utf8, last);
    else this.#pending.push({ bytes: utf8, last });
  }

  #useLayout(layout: Layout): void {
    this.layout = layout;
    this.scanner = new Scanner(layout, this.#setup.where, this.#setup.chunkRows, this.#setup.locate, this.#setup.columns);
  }

  /** Keeps the first bytes until the sample is big enough, then finds the layout and lets the scanner read them. */
  #gather(bytes: Uint8Array, last: boolean): void {
    const need = this.#sampleLength + bytes.length;
    if (this.#sample.length < need) {
      const grown = new Uint8Array(Math.max(need, this.#sample.length * 2, 4096));
      grown.set(this.#sample.subarray(0, this.#sampleLength));
      this.#sample = grown;
    }
    this.#sample.set(bytes, this.#sampleLength);
    this.#sampleLength = need;
    if (!last && !this.#enough()) return;
    const { where, rules, requests } = this.#setup;
    this.#useLayout(detectLayout(this.#sample, this.#sampleLength, last, rules, requests, where));
    this.#pending.push({ bytes: this.#sample.subarray(0, this.#sampleLength), last });
    this.#sample = EMPTY;
  }

  /** Whether the sample holds enough rows, counted by physical lines that are not blank or comments. */
  #enough(): boolean {
    const bytes = this.#sample;
    const end = this.#sampleLength;
    const { rules } = this.#setup;
    const enough = () => this.#gatherRows >= SAMPLE_MAX_ROWS || (this.#gatherRows >= SAMPLE_ROWS && this.#gatherAt >= GATHER_BYTES);
    while (this.#gatherAt < end && !enough()) {
      const at = this.#gatherAt;
      const kind = this.#gatherLines < rules.skipLines ? LineKind.BLANK : lineKind(bytes, at, end, false, rules.comment);
      if (kind === LineKind.INCOMPLETE) break;
      const next = skipLine(bytes, at, end, false);
      if (next < 0) break;
      this.#gatherAt = next;
      this.#gatherLines++;
      if (kind === LineKind.ROW) this.#gatherRows++;
    }
    return enough() || end >= GATHER_MAX_BYTES;
  }

  /**
   * Reads on: true when a chunk is ready in scanner.columns (scanner.rows rows, the last one
   * possibly short), false when the bytes pushed so far are used up.
   */
  next(): boolean {
    const scanner = this.scanner;
    if (scanner === undefined) return false;
    if (this.#taken) {
      scanner.take();
      this.#taken = false;
    }
    for (;;) {
      if (this.#feeding) {
        if (scanner.scan()) return (this.#taken = true);
        this.#feeding = false;
      }
      const piece = this.#pending.shift();
      if (piece === undefined) break;
      scanner.feed(piece.bytes, piece.last);
      this.#feeding = true;
    }
    if (this.#ended && !this.#flushed) {
      this.#flushed = true;
      if (scanner.rows > 0) return (this.#taken = true);
    }
    return false;
  }
}

/** For a string encoded by the caller: UTF-8, its byte-order mark (U+FEFF first) dropped. */
function sniffText(head: Uint8Array, last: boolean): Sniffed | undefined {
  if (head.length < 3 && !last) return undefined;
  return { encoding: 'utf-8', bom: head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0 };
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a);
  joined.set(b, a.length);
  return joined;
}
