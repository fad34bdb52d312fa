// arenafit/parquet: fromParquetFile, a chunk source over Apache Parquet files, for Node.
// An entry point of its own because it imports hyparquet, an optional peer dependency
// (npm install hyparquet): programs that read no Parquet need not install it. Without it, importing
// this entry fails with Node's "Cannot find package 'hyparquet' imported from …/parquet.mjs".
// It exports the source only; curveFit, curveFitSync and FitError come from 'arenafit' (or
// 'arenafit/node'), whose bundle this one imports rather than copies: one FitError class.
export { fromParquetFile } from './sources/node/parquet/source.ts';
export type { ParquetFileOptions } from './sources/node/parquet/source.ts';
export type { ParquetDecompressor } from './sources/node/parquet/codecs.ts';
export type { FileChunk, FileColumn, FileSource } from './sources/node/file.ts';
