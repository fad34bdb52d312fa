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
 *   Windows-1252  no NUL bytes, but bytes that are not UTF-8 in the first 1 KiB: what a
 *              spreadsheet in Western Europe saves as "CSV" (a header's µ or ° is one byte, B5 or
 *              B0, which UTF-8 never has alone). Read by the WHATWG Encoding Standard's table:
 *              ASCII as it is, 80–9F the 27 characters the standard gives them (€, ‚, …, Ÿ),
 *              A0–FF the Latin-1 characters of the same numbers. Numbers are ASCII and read the
 *              same in every one of these encodings; only names and messages change.
 *   otherwise  NUL bytes in no such pattern (a binary file), or a UTF-32 byte-order mark, are
 *              INVALID_FILE; a message never carries the raw bytes.
 *
 * Big-endian input is byte-swapped and decoded as little-endian: TextDecoder's 'utf-16be' needs
 * ICU, which a Node built with small-icu lacks; 'utf-16le' is always there.
 */
import { fail, sourceName, type Where } from './messages.ts';

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/**
 * Windows-1252's bytes 80–9F, by the WHATWG Encoding Standard (index-windows-1252): the five it
 * leaves undefined (81, 8D, 8F, 90, 9D) map to the C1 controls of the same numbers, as there.
 */
const WINDOWS_1252 = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

/**
 * Whether `bytes` are UTF-8, a sequence cut at the end allowed (the first block may stop in the
 * middle of a character). Well-formed as Unicode 15 §3.9 table 3-7 says: no overlong forms, no
 * surrogates, nothing past U+10FFFF.
 */
function isUtf8(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    const length = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0) return false;
    // The second byte's range depends on the first (E0: A0–BF, ED: 80–9F, F0: 90–BF, F4: 80–8F).
    const lo = b === 0xe0 ? 0xa0 : b === 0xf0 ? 0x90 : 0x80;
    const hi = b === 0xed ? 0x9f : b === 0xf4 ? 0x8f : 0xbf;
    for (let k = 1; k < length; k++) {
      if (i + k >= bytes.length) return true; // cut by the end of the block
      const c = bytes[i + k];
      if (c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) return false;
    }
    i += length;
  }
  return true;
}

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
  if (first < 0) return { encoding: isUtf8(head.subarray(0, n)) ? 'utf-8' : 'windows-1252', bom: 0 };
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
    this.#decoder = sniffed.encoding === 'utf-16le' || sniffed.encoding === 'utf-16be' ? new TextDecoder('utf-16le', { ignoreBOM: true }) : undefined;
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
    if (this.#sniffed.encoding === 'windows-1252') return this.#fromWindows1252(bytes);
    const decoder = this.#decoder;
    if (decoder === undefined) return bytes;
    if (this.#sniffed.encoding === 'utf-16be') bytes = this.#swap(bytes);
    const text = decoder.decode(bytes, { stream: !last });
    // encodeInto writes at most 3 bytes per UTF-16 code unit.
    if (this.#out.length < text.length * 3) this.#out = new Uint8Array(Math.max(text.length * 3, 1024));
    const { written } = this.#encoder.encodeInto(text, this.#out);
    return this.#out.subarray(0, written);
  }

  /** Windows-1252 as UTF-8: ASCII copied, every other byte two or three bytes (a character each: no state between blocks). */
  #fromWindows1252(bytes: Uint8Array): Uint8Array {
    if (this.#out.length < bytes.length * 3) this.#out = new Uint8Array(Math.max(bytes.length * 3, 1024));
    const out = this.#out;
    let o = 0;
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i];
      if (b < 0x80) {
        out[o++] = b;
        continue;
      }
      const c = b < 0xa0 ? WINDOWS_1252[b - 0x80] : b;
      if (c < 0x800) {
        out[o++] = 0xc0 | (c >> 6);
        out[o++] = 0x80 | (c & 0x3f);
      } else {
        out[o++] = 0xe0 | (c >> 12);
        out[o++] = 0x80 | ((c >> 6) & 0x3f);
        out[o++] = 0x80 | (c & 0x3f);
      }
    }
    return out.subarray(0, o);
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
