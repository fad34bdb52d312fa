/**
 * What a pass needs to know, all read from the footer when the source is made (footer.ts): the
 * requested columns, where each one's chunk lies in every row group, and the groups' rows. A
 * pass reads the file by it and nothing else; between fits it is all the source keeps.
 */
import type { CompressionCodec } from 'hyparquet';
import type { readPage } from 'hyparquet/src/column.js';
import type { Kind } from './column-type.ts';

/**
 * Decompresses one page: the compressed bytes and the length the page header gives; returns the
 * page, exactly that long. The shape hyparquet's and hyparquet-compressors' decompressors have.
 */
export type ParquetDecompressor = (input: Uint8Array, outputLength: number) => Uint8Array;

/** The decoder hyparquet's readPage takes (its ColumnDecoder type, which the package does not export by name). */
export type Decoder = Parameters<typeof readPage>[2];

/** A requested column: what the option called it, and where its chunk is in every row group. */
export interface ColumnPlan {
  /** 'options.y', 'options.x[1]': the option that named it, for messages. */
  option: string;
  name: string;
  /** The decoder of every chunk of the column, but for the codec, which each chunk says. */
  decoder: Omit<Decoder, 'codec'>;
  /** How its values are read: FLOAT columns are handed on as Float32Array (widened inside WASM), others as Float64Array. */
  kind: Kind;
  /** OPTIONAL: its pages have definition levels, nulls among its values. */
  nullable: boolean;
  /** Per row group: the chunk's bytes [start, end) and its codec. */
  chunks: Array<{ start: number; end: number; codec: CompressionCodec }>;
}

/** What a pass needs to know, all read from the footer when the source was made. */
export interface Plan {
  path: string;
  size: number;
  /** x columns first (in the order given), then y, then sigma. */
  columns: ColumnPlan[];
  /** Names of named x columns (x given as a list); undefined for the one plain x. */
  xNames: string[] | undefined;
  hasSigma: boolean;
  /** Rows of each row group, and the row each starts at. */
  groupRows: number[];
  groupStarts: number[];
  rows: number;
  chunkRows: number;
  compressors: Partial<Record<CompressionCodec, ParquetDecompressor>>;
}
