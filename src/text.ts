// arenafit/text: delimited text (CSV, TSV, ;-separated with decimal commas, aligned columns) in
// memory → Float64Array columns, by the rules arenafit/node's fromCsvFile reads files by. An
// entry point of its own so that a program that fits arrays does not carry a text reader (7 kB
// gzipped); it runs in browsers and Node alike and imports arenafit's bundle for FitError.
export { parseDelimited, parseDelimitedHeader } from './sources/text/parse-delimited.ts';
export type { ParseDelimitedOptions, DelimitedColumns, DelimitedHeader, DelimitedTextOptions } from './sources/text/parse-delimited.ts';
export type { TextEncoding } from './sources/text/decode.ts';
