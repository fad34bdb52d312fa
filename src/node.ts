// arenafit/node: everything in arenafit and arenafit/text, plus chunk sources that stream files
// from disk. A separate entry point because these import node:fs, which the browser bundle must not.
export * from './index.ts';
export * from './text.ts';
export { fromBinaryFile } from './sources/node/binary.ts';
export type { BinaryFileOptions } from './sources/node/binary.ts';
export { fromCsvFile } from './sources/node/csv.ts';
export type { CsvFileOptions, CsvFileSource, CsvFormat } from './sources/node/csv.ts';
export { fromNpyFile } from './sources/node/npy.ts';
export type { NpyFileOptions } from './sources/node/npy.ts';
export type { FileChunk, FileColumn, FileSource } from './sources/node/file.ts';
