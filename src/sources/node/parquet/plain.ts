/**
 * PLAIN values (Parquet format, "Encodings": PLAIN): little-endian, one after another, nulls left
 * out — the values of a PLAIN data page and of every dictionary page — read into numbers.
 */
import type { FileColumn } from '../file.ts';
import type { Kind } from './column-type.ts';

/** Bytes per value of each kind, PLAIN-encoded. */
export const WIDTH: Record<Kind, number> = { f64: 8, f32: 4, i32: 4, u32: 4, i64: 8, u64: 8 };

/**
 * Reads `rows` rows of PLAIN little-endian values of `kind` from view at byte p into out: the
 * values in order, NaN where levels (if given) says null. INT64 as hi·2³² + lo, one rounding:
 * the float64 nearest the integer, as Number(bigint) gives, without a bigint per value.
 */
export function readPlain(kind: Kind, view: DataView, p: number, out: FileColumn, rows: number, levels: Uint8Array | undefined): void {
  const width = WIDTH[kind];
  for (let i = 0; i < rows; i++) {
    if (levels !== undefined && levels[i] === 0) {
      out[i] = NaN;
      continue;
    }
    switch (kind) {
      case 'f64': out[i] = view.getFloat64(p, true); break;
      case 'f32': out[i] = view.getFloat32(p, true); break;
      case 'i32': out[i] = view.getInt32(p, true); break;
      case 'u32': out[i] = view.getUint32(p, true); break;
      case 'i64': out[i] = view.getInt32(p + 4, true) * 4294967296 + view.getUint32(p, true); break;
      case 'u64': out[i] = view.getUint32(p + 4, true) * 4294967296 + view.getUint32(p, true); break;
    }
    p += width;
  }
}
