/**
 * The footer, read once, when the source is made, so that a file that is not Parquet, a column
 * the file lacks, a type or a codec this does not read fail then, not mid-fit: the file's ends
 * ("PAR1"), its FileMetaData and schema (hyparquet's `parquetMetadata`, `parquetSchema`), and the
 * columns asked for checked against them — each a column of numbers (column-type.ts), its chunk
 * in every row group inside the data, in a codec there is a decompressor for — into the columns
 * and row groups of the plan (plan.ts). The file's layout is drawn in source.ts's header.
 */
import { closeSync } from 'node:fs';
import { parquetMetadata, parquetSchema } from 'hyparquet';
import type { CompressionCodec, FileMetaData, SchemaTree } from 'hyparquet';
import { DEFAULT_PARSERS } from 'hyparquet/src/convert.js';
import { FitError } from '../../../errors.ts';
import { describe } from '../../../describe.ts';
import { openForPass } from '../file.ts';
import { codecHint, type ParquetDecompressor } from './codecs.ts';
import { checkType, kindOf } from './column-type.ts';
import type { ColumnPlan, Plan } from './plan.ts';
import { readExactly } from './read-exactly.ts';

/** A column asked for: the option that named it ('options.x[1]'), and its name. */
export interface Requested {
  option: string;
  column: string;
}

/**
 * Reads the footer of the Parquet file at `path` (`size` bytes) and finds the requested columns
 * in it: the plan's columns, in the order requested, and its row groups.
 */
export function readColumns(
  path: string,
  size: number,
  requested: Requested[],
  compressors: Partial<Record<CompressionCodec, ParquetDecompressor>>,
): Pick<Plan, 'columns' | 'groupRows' | 'groupStarts' | 'rows'> {
  const { metadata, schema } = readFooter(path, size);
  const where = JSON.stringify(path);
  const groups = metadata.row_groups;
  const groupRows = groups.map((group) => Number(group.num_rows));
  const groupStarts: number[] = [];
  let rows = 0;
  for (const n of groupRows) {
    groupStarts.push(rows);
    rows += n;
  }
  if (rows !== Number(metadata.num_rows)) {
    throw new FitError('INVALID_FILE', `${where} has row groups of ${rows} rows in all, but its footer says ${metadata.num_rows}; expected a complete Parquet file`);
  }
  const footerStart = size - 8 - metadata.metadata_length;
  const columns = requested.map(({ option, column }): ColumnPlan => {
    const tree = schema.children.find((child) => child.element.name === column);
    if (tree === undefined) {
      const names = schema.children.map((child) => JSON.stringify(child.element.name)).join(', ');
      throw new FitError('UNKNOWN_COLUMN', `${option} is ${JSON.stringify(column)}, which is not a column of ${where}; its columns are ${names}`);
    }
    checkType(tree, option, where);
    const chunks = groups.map((group, g) => {
      const chunk = group.columns.find((c) => c.meta_data?.path_in_schema.length === 1 && c.meta_data.path_in_schema[0] === column);
      const meta = chunk?.meta_data;
      if (chunk === undefined || meta === undefined || chunk.file_path) {
        const why = chunk?.file_path ? `is in another file (${JSON.stringify(chunk.file_path)})` : 'has no column metadata (an encrypted column?)';
        throw new FitError('INVALID_FILE', `column ${JSON.stringify(column)} of row group ${g} of ${where} ${why}; expected its values in this file`);
      }
      const start = Number(meta.dictionary_page_offset || meta.data_page_offset);
      const end = start + Number(meta.total_compressed_size);
      if (!(start >= 4 && end <= footerStart && start <= end)) {
        throw new FitError('INVALID_FILE', `column ${JSON.stringify(column)} of row group ${g} of ${where} is said to lie at bytes ${start} to ${end}, outside the data (bytes 4 to ${footerStart}); expected a complete, uncorrupted Parquet file`);
      }
      if (meta.codec !== 'UNCOMPRESSED' && meta.codec !== 'SNAPPY' && compressors[meta.codec] === undefined) {
        throw new FitError('INVALID_FILE', `column ${JSON.stringify(column)} of ${where} is compressed with ${meta.codec}${codecHint(meta.codec)}`);
      }
      return { start, end, codec: meta.codec };
    });
    const element = tree.element;
    return {
      option,
      name: column,
      decoder: { pathInSchema: [column], type: element.type!, element, schemaPath: [schema, tree], parsers: DEFAULT_PARSERS, utf8: false },
      kind: kindOf(element),
      nullable: element.repetition_type === 'OPTIONAL',
      chunks,
    };
  });
  return { columns, groupRows, groupStarts, rows };
}

const MAGIC = 0x31524150; // "PAR1", little-endian
const ENCRYPTED_MAGIC = 0x45524150; // "PARE": a footer encrypted with Parquet modular encryption

/** Reads and parses the footer of the Parquet file at `path` (`size` bytes): its metadata, and the schema as a tree. */
function readFooter(path: string, size: number): { metadata: FileMetaData; schema: SchemaTree } {
  const where = JSON.stringify(path);
  const notParquet = (why: string) => new FitError('INVALID_FILE', `${where} is not a Parquet file (${why}); expected a file written by a Parquet writer (pyarrow, pandas' to_parquet, polars, Spark, DuckDB)`);
  if (size < 12) throw notParquet(`it is ${size} bytes, fewer than the 12 of the smallest one`);
  const fd = openForPass(path, size);
  try {
    const ends = new Uint8Array(8);
    readExactly(fd, ends, 0, 8, size - 8, path, size);
    const view = new DataView(ends.buffer);
    const tail = view.getUint32(4, true);
    if (tail === ENCRYPTED_MAGIC) {
      throw new FitError('INVALID_FILE', `${where} is an encrypted Parquet file (its footer ends in "PARE"); expected an unencrypted file`);
    }
    if (tail !== MAGIC) throw notParquet('it does not end with "PAR1"');
    const head = new Uint8Array(4);
    readExactly(fd, head, 0, 4, 0, path, size);
    if (new DataView(head.buffer).getUint32(0, true) !== MAGIC) throw notParquet('it does not start with "PAR1"');
    const length = view.getUint32(0, true);
    if (length + 12 > size) {
      throw new FitError('INVALID_FILE', `${where} says its footer is ${length} bytes, but the file is ${size}; expected a complete Parquet file`);
    }
    const footer = new Uint8Array(length + 8);
    readExactly(fd, footer, 0, footer.length, size - footer.length, path, size);
    try {
      const metadata = parquetMetadata(footer, { geoparquet: false });
      return { metadata, schema: parquetSchema(metadata) };
    } catch (error) {
      throw new FitError('INVALID_FILE', `${where} has a footer that cannot be read (${error instanceof Error ? error.message : describe(error)}); expected a complete, uncorrupted Parquet file`, { cause: error });
    }
  } finally {
    closeSync(fd);
  }
}
