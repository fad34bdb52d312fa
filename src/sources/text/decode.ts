/**
 * Encodings: the bytes of a file as the UTF-8 the scanner reads, a block at a time.
 *
 *   UTF-8      with or without a byte-order mark (EF BB BF, dropped): passed through untouched —
 *              the fast path, no copy.
 *   UTF-16     little- or big-endian, with a byte-order mark (FF FE, FE FF) or without one:
 *              recognised by its NUL bytes in the first 1 KiB (ASCII text in UTF-16 has a zero in
 *              every other byte: odd positions for LE, even for BE). What spreadsheets save as
 *              "Unicode text". Transcoded by a streaming TextDecoder and TextEncoder.encodeInto
 *              into a buffer reused from block to block, so memory stays one block.
 *   otherwise  NUL bytes in no such pattern (a binary file), or a UTF-32 byte-order mark, are
 *              INVALID_FILE; a message never carries the raw bytes.
 *
 * Big-endian input is byte-swapped and decoded as little-endian: TextDecoder's 'utf-16be' needs
 * ICU, which a Node built with small-icu lacks; 'utf-16le' is always there.
 */
import { fail, sourceName, type Where } from './messages.ts';

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be';

/** Bytes looked at to recognise the encoding: 1 KiB, a few dozen rows. */
export const SNIFF_BYTES = 1024;

export interface Sniffed {
  encoding: TextEncoding;
  /** Bytes of the byte-order mark, dropped. */
  bom: number;
}

/**
 * The encoding of a source that starts with `head`; undefined when `head` is shorter than
 * SNIFF_BYTES and more may follow (`last` false). Throws INVALID_FILE for UTF-32 or binary data.
 */
export function sniffEncoding(head: Uint8Array, last: boolean, where: Where): Sniffed | undefined {
  const n = Math.min(head.length, SNIFF_BYTES);
  if (n < SNIFF_BYTES && !last) return undefined;
  const [b0, b1, b2, b3] = head;
  if (n >= 4 && ((b0 === 0xff && b1 === 0xfe && b2 === 0 && b3 === 0) || (b0 === 0 && b1 === 0 && b2 === 0xfe && b3 === 0xff))) {
    throw fail(where, 'INVALID_FILE', `${sourceName(where)} starts with a UTF-32 byte-order mark; expected UTF-8 or UTF-16 text (save it as UTF-8)`);
  }
  if (n >= 3 && b0 === 0xef && b1 === 0xbb && b2 === 0xbf) return { encoding: 'utf-8', bom: 3 };
  if (n >= 2 && b0 === 0xff && b1 === 0xfe) return { encoding: 'utf-16le', bom: 2 };
  if (n >= 2 && b0 === 0xfe && b1 === 0xff) return { encoding: 'utf-16be', bom: 2 };
  let even = 0;
  let odd = 0;
  let first = -1;
  for (let i = 0; i < n; i++) {
    if (head[i] !== 0) continue;
    if (first < 0) first = i;
    if (i & 1) odd++;
    else even++;
  }
  if (first < 0) return { encoding: 'utf-8', bom: 0 };
  // A zero in at least a quarter of one parity's bytes and (almost) none of the other's.
  const half = Math.ceil(n / 2);
  if (odd * 4 >= half && even * 8 <= odd) return { encoding: 'utf-16le', bom: 0 };
  if (even * 4 >= half && odd * 8 <= even) return { encoding: 'utf-16be', bom: 0 };
  throw fail(
    where, 'INVALID_FILE',
    `${sourceName(where)} holds NUL bytes (the first at byte ${first}) in no pattern of UTF-16 text, so it is not text; expected delimited text in UTF-8 or UTF-16${where.file === undefined ? '' : ' (a file of binary records is read by fromBinaryFile, a .npy file by fromNpyFile)'}`,
  );
}

/** Turns the bytes of one encoding into UTF-8, block by block; the byte-order mark dropped. */
export class ToUtf8 {
  readonly #sniffed: Sniffed;
  #skip: number;
  readonly #decoder: TextDecoder | undefined;
  readonly #encoder = new TextEncoder();
  #out = new Uint8Array(0);
  #swapped = new Uint8Array(0);
  /** A big-endian byte waiting for its pair from the next block. */
  #odd = -1;

  constructor(sniffed: Sniffed) {
    this.#sniffed = sniffed;
    this.#skip = sniffed.bom;
    this.#decoder = sniffed.encoding === 'utf-8' ? undefined : new TextDecoder('utf-16le', { ignoreBOM: true });
  }

  get sniffed(): Sniffed {
    return this.#sniffed;
  }

  /**
   * The UTF-8 of `bytes`, the next block of the source (`last` for the final one). The result is
   * `bytes` itself (or a part of it) for UTF-8, else a buffer reused by the next call.
   */
  push(bytes: Uint8Array, last: boolean): Uint8Array {
    if (this.#skip > 0) {
      const k = Math.min(this.#skip, bytes.length);
      bytes = bytes.subarray(k);
      this.#skip -= k;
    }
    const decoder = this.#decoder;
    if (decoder === undefined) return bytes;
    if (this.#sniffed.encoding === 'utf-16be') bytes = this.#swap(bytes);
    const text = decoder.decode(bytes, { stream: !last });
    // encodeInto writes at most 3 bytes per UTF-16 code unit.
    if (this.#out.length < text.length * 3) this.#out = new Uint8Array(Math.max(text.length * 3, 1024));
    const { written } = this.#encoder.encodeInto(text, this.#out);
    return this.#out.subarray(0, written);
  }

  /** Big-endian pairs of bytes in little-endian order, a byte left over kept for the next block. */
  #swap(bytes: Uint8Array): Uint8Array {
    const total = bytes.length + (this.#odd >= 0 ? 1 : 0);
    const pairs = total >> 1;
    if (this.#swapped.length < pairs * 2) this.#swapped = new Uint8Array(pairs * 2);
    const out = this.#swapped;
    let i = 0;
    let o = 0;
    if (this.#odd >= 0 && bytes.length > 0) {
      out[0] = bytes[0];
      out[1] = this.#odd;
      this.#odd = -1;
      i = 1;
      o = 2;
    }
    for (; i + 1 < bytes.length; i += 2, o += 2) {
      out[o] = bytes[i + 1];
      out[o + 1] = bytes[i];
    }
    if (i < bytes.length) this.#odd = bytes[i];
    return out.subarray(0, o);
  }
}
