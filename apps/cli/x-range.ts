/**
 * The x range of a file, learnt from the fit's own first pass. The plot bins the data by
 * pixel column across that range; watching the rows the fit reads anyway saves a pass over
 * the file (a few seconds per 10⁷ CSV rows) that would do nothing else. Later passes are
 * passed through unread.
 */
import type { ChunkSource, FileChunk, FileColumn, FileSource } from 'arenafit/node';

export interface WatchedSource {
  /** The same rows as the file, for the fit. */
  source: ChunkSource;
  /** [min, max] of x once a pass has been read to the end. */
  range(): [number, number] | undefined;
}

/** x of a chunk: the plain column, or the named column the model reads as `variable`. */
export function xOf(chunk: FileChunk, variable: string): FileColumn {
  return ArrayBuffer.isView(chunk.x) ? chunk.x : chunk.x[variable];
}

/**
 * The file's rows for the fit: x as the plain column, or as the named column `{ [variable]: x }`
 * when the model reads x by its column's name. The source's locateRow (a bad value's line in the
 * file) and release (what it kept between passes) are the file's own.
 */
export function watchRange(file: FileSource, variable: string): WatchedSource {
  let lo = Infinity;
  let hi = -Infinity;
  let complete = false;
  const source: ChunkSource = {
    *chunks() {
      for (const chunk of file.chunks()) {
        const x = xOf(chunk, variable);
        if (!complete) {
          for (let i = 0; i < x.length; i++) {
            // NaN fails both tests: a NaN row (an error, or omitted from the fit) is not a bound.
            if (x[i] < lo) lo = x[i];
            if (x[i] > hi) hi = x[i];
          }
        }
        yield variable === 'x' || !ArrayBuffer.isView(chunk.x) ? chunk : { ...chunk, x: { [variable]: x } };
      }
      complete = true;
    },
  };
  if (file.locateRow) source.locateRow = (row) => file.locateRow!(row);
  if (file.release) source.release = () => file.release!();
  return { source, range: () => (complete && lo <= hi ? [lo, hi] : undefined) };
}
