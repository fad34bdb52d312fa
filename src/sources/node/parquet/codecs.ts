/**
 * The decompressors of Parquet pages, by codec: hyparquet's snappy, into the column's page buffer
 * that every page reuses; node:zlib's GZIP, BROTLI and (Node ≥ 22.15) ZSTD; and the user's
 * `compressors`, checked once when the source is made, which take precedence. A codec none of
 * them decompresses fails when the source is made, with a message saying where to get one.
 */
import * as zlib from 'node:zlib';
import { snappyUncompress } from 'hyparquet';
import type { CompressionCodec } from 'hyparquet';
import { FitError } from '../../../errors.ts';
import { describe } from '../../../describe.ts';
import { roomFor, type ReaderBuffers } from './buffers.ts';
import type { ParquetDecompressor } from './plan.ts';

// The decompressor's type is the plan's (plan.ts), which the buffers and this file both read.
export type { ParquetDecompressor } from './plan.ts';

const CODECS: readonly CompressionCodec[] = ['UNCOMPRESSED', 'SNAPPY', 'GZIP', 'LZO', 'BROTLI', 'LZ4', 'ZSTD', 'LZ4_RAW'];

/** Decompressors from node:zlib, for codecs hyparquet does not decompress itself. */
export function builtInDecompressors(): Partial<Record<CompressionCodec, ParquetDecompressor>> {
  // maxOutputLength: a page that inflates past what its header says is refused by zlib, not held.
  const limit = (length: number) => ({ maxOutputLength: Math.max(1, length) });
  const zstd = (zlib as unknown as { zstdDecompressSync?: (input: Uint8Array, options: object) => Uint8Array }).zstdDecompressSync;
  return {
    // GZIP is RFC 1952; unzip also takes the zlib stream some old writers put there.
    GZIP: (input, length) => zlib.unzipSync(input, limit(length)),
    BROTLI: (input, length) => zlib.brotliDecompressSync(input, limit(length)),
    ...(zstd ? { ZSTD: (input: Uint8Array, length: number) => zstd(input, limit(length)) } : {}),
  };
}

export function userDecompressors(value: unknown): Partial<Record<CompressionCodec, ParquetDecompressor>> {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new FitError('INVALID_OPTION', `options.compressors is ${describe(value)}; expected decompressors by codec, such as hyparquet-compressors' { compressors }`);
  }
  const out: Partial<Record<CompressionCodec, ParquetDecompressor>> = {};
  for (const [codec, decompress] of Object.entries(value)) {
    if (!CODECS.includes(codec as CompressionCodec)) {
      throw new FitError('INVALID_OPTION', `options.compressors.${codec} is not a Parquet codec; expected ${CODECS.join(', ')}`);
    }
    if (decompress === undefined) continue;
    if (typeof decompress !== 'function') {
      throw new FitError('INVALID_OPTION', `options.compressors.${codec} is ${describe(decompress)}; expected a function (input: Uint8Array, outputLength: number) => Uint8Array`);
    }
    out[codec as CompressionCodec] = decompress as ParquetDecompressor;
  }
  return out;
}

export function codecHint(codec: CompressionCodec): string {
  const get = "npm install hyparquet-compressors, then pass fromParquetFile(path, { ...options, compressors }) with import { compressors } from 'hyparquet-compressors'";
  const node = codec === 'ZSTD' ? ` (Node ≥ 22.15 decompresses ZSTD itself; this is Node ${process.version})` : '';
  return `, which arenafit/parquet does not decompress by itself${node}; expected UNCOMPRESSED, SNAPPY, GZIP or BROTLI${codec === 'ZSTD' ? '' : ', or ZSTD on Node ≥ 22.15'} — or a decompressor for ${codec}: ${get}`;
}

/** One column reader's decompressors: `compressors` (the plan's), and SNAPPY unless they have one. */
export function columnDecompressors(buffers: ReaderBuffers, compressors: Partial<Record<CompressionCodec, ParquetDecompressor>>): Partial<Record<CompressionCodec, ParquetDecompressor>> {
  return {
    // SNAPPY into this column's page buffer, which every page reuses.
    SNAPPY: (input, length) => {
      if (buffers.page.length < length) buffers.page = new Uint8Array(roomFor(length));
      const page = buffers.page.subarray(0, length);
      snappyUncompress(input, page);
      return page;
    },
    ...compressors,
  };
}

