/**
 * Dictionary encoding (Parquet format, "Encodings": PLAIN_DICTIONARY, RLE_DICTIONARY): a chunk's
 * dictionary page, its distinct values PLAIN, read once per chunk into a table; and a data page's
 * values looked up in that table by their indices (which pages.ts decodes: a bit width, 1 byte,
 * then the indices, RLE/bit-packed).
 */
import type { FileColumn } from '../file.ts';
import type { Kind } from './column-type.ts';
import { readPlain, WIDTH } from './plain.ts';

/** A dictionary page, decompressed: `count` PLAIN values (whatever its encoding says, as hyparquet reads it), copied. */
export function readDictionary(page: Uint8Array, count: number, kind: Kind): FileColumn {
  if (page.length < count * WIDTH[kind]) throw new Error(`dictionary page of ${page.length} bytes for ${count} values`);
  const dictionary = kind === 'f32' ? new Float32Array(count) : new Float64Array(count);
  readPlain(kind, new DataView(page.buffer, page.byteOffset, page.byteLength), 0, dictionary, count, undefined);
  return dictionary;
}

/**
 * The `rows` rows of a dictionary-encoded page into values: table[index] for each of its decoded
 * `indices` in turn, NaN where levels (if given) says null.
 */
export function lookUp(table: FileColumn, indices: Int32Array, levels: Uint8Array | undefined, values: FileColumn, rows: number): void {
  for (let i = 0, j = 0; i < rows; i++) {
    if (levels && levels[i] === 0) values[i] = NaN;
    else {
      const k = indices[j++];
      if (k < 0 || k >= table.length) throw new Error(`dictionary index ${k} of a dictionary of ${table.length}`);
      values[i] = table[k];
    }
  }
}
