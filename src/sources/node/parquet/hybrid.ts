/**
 * The RLE / bit-packing hybrid (Parquet format, "Encodings": RLE), in which a data page writes its
 * definition levels and its dictionary indices; and definition levels, the hybrid at bit width 1.
 */
import { roomFor, type ReaderBuffers } from './buffers.ts';

/**
 * Decodes `count` values of `width` bits (0 to 32) from the RLE / bit-packing hybrid in
 * bytes[at, at + length) into out[0, count) (Parquet format, "Encodings": RLE). Runs are a
 * ULEB128 header h then, for h even, the value repeated h/2 times in ⌈width/8⌉ bytes, or for h odd,
 * (h >> 1) groups of 8 values packed least significant bit first. Throws if the bytes end first.
 */
export function decodeHybrid(bytes: Uint8Array, at: number, length: number, width: number, out: Uint8Array | Int32Array, count: number): void {
  const end = at + length;
  if (end > bytes.length) throw new Error(`RLE/bit-packed run past the page's end`);
  let p = at;
  let seen = 0;
  const valueBytes = (width + 7) >> 3;
  while (seen < count) {
    let header = 0;
    for (let shift = 1; ; shift *= 128) {
      if (p >= end) throw new Error(`RLE/bit-packed runs end after ${seen} of ${count} values`);
      const b = bytes[p++];
      header += (b & 0x7f) * shift;
      if (b < 0x80) break;
    }
    if (header % 2 === 0) {
      const run = header / 2;
      if (p + valueBytes > end) throw new Error(`RLE/bit-packed runs end after ${seen} of ${count} values`);
      let value = 0;
      for (let i = 0; i < valueBytes; i++) value += bytes[p++] * 2 ** (8 * i);
      const m = Math.min(run, count - seen);
      out.fill(value | 0, seen, seen + m);
      seen += m;
    } else {
      const groups = (header - 1) / 2;
      const size = groups * width;
      if (p + size > end) throw new Error(`RLE/bit-packed runs end after ${seen} of ${count} values`);
      const m = Math.min(groups * 8, count - seen);
      if (width <= 24) {
        // The bits not yet used, least significant first, in an integer of at most 31 bits.
        const mask = (1 << width) - 1;
        let bits = 0;
        let held = 0;
        let q = p;
        for (let i = 0; i < m; i++) {
          while (held < width) {
            bits |= bytes[q++] << held;
            held += 8;
          }
          out[seen + i] = bits & mask;
          bits >>>= width;
          held -= width;
        }
      } else {
        for (let i = 0; i < m; i++) {
          let value = 0;
          for (let b = 0, bit = i * width; b < width; b++, bit++) value += ((bytes[p + (bit >> 3)] >> (bit & 7)) & 1) * 2 ** b;
          out[seen + i] = value | 0;
        }
      }
      p += size;
      seen += m;
    }
  }
}

/** Definition levels (bit width 1: a top-level column) of `rows` rows from bytes[at, at + length), into the reader's levels buffer. */
export function definitionLevels(buffers: ReaderBuffers, bytes: Uint8Array, at: number, length: number, rows: number): Uint8Array {
  if (buffers.levels.length < rows) buffers.levels = new Uint8Array(roomFor(rows));
  decodeHybrid(bytes, at, length, 1, buffers.levels, rows);
  return buffers.levels;
}
