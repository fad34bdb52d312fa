// One pass over a file source, every chunk copied out at once (the source reuses its arrays):
// the values of each column, the rows per chunk, and the array types the chunks came in.
import type { FileColumn, FileSource } from '../../src/sources/node/file.ts';

export interface Read {
  x: number[] | Record<string, number[]>;
  y: number[];
  sigma: number[] | undefined;
  sizes: number[];
  /** The constructor name of every column of every chunk. */
  types: string[];
}

export function readAll(source: FileSource): Read {
  const read: Read = { x: [], y: [], sigma: undefined, sizes: [], types: [] };
  const append = (to: number[], column: FileColumn) => {
    read.types.push(column.constructor.name);
    for (const v of column) to.push(v);
  };
  for (const chunk of source.chunks()) {
    if (ArrayBuffer.isView(chunk.x)) append(read.x as number[], chunk.x);
    else {
      if (Array.isArray(read.x)) read.x = {};
      for (const [name, column] of Object.entries(chunk.x)) append((read.x[name] ??= []), column);
    }
    append(read.y, chunk.y);
    if (chunk.sigma) append((read.sigma ??= []), chunk.sigma);
    read.sizes.push(chunk.y.length);
  }
  return read;
}
