/**
 * readExactly: fs.readSync until the bytes asked for are read, as the footer and every page
 * need them whole. A file that ends first has changed since the source was made (it was the
 * size the source found then): INVALID_FILE, not a short page.
 */
import { readSync } from 'node:fs';
import { FitError } from '../../../errors.ts';

/** Reads exactly `length` bytes at file `position` into bytes[at, at + length). */
export function readExactly(fd: number, bytes: Uint8Array, at: number, length: number, position: number, path: string, size: number): void {
  for (let got = 0; got < length; ) {
    const n = readSync(fd, bytes, at + got, length - got, position + got);
    if (n === 0) {
      throw new FitError('INVALID_FILE', `${JSON.stringify(path)} ended at byte ${position + got} during a pass; expected ${size} bytes as when the source was created`);
    }
    got += n;
  }
}
