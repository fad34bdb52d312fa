/**
 * The values of the fit command's flags, parsed: `--p0 a=1,b=2`, `--fixed c=0`,
 * `--bounds b=0:inf`, `--arena 8MiB`, `--delimiter '\t'`, `--x 2`, `--ftol 1e-10`. Each
 * mistake is a UsageError that quotes the flag and the text, and shows what was expected.
 */
import { UsageError } from './args.ts';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const INFINITY = /^([+-]?)inf(inity)?$/i;

/** A number as written on a command line: anything Number() reads but '', and inf/-inf. */
function parseNumber(text: string): number | undefined {
  const t = text.trim();
  const infinite = INFINITY.exec(t);
  if (infinite) return infinite[1] === '-' ? -Infinity : Infinity;
  const value = t === '' ? NaN : Number(t);
  return Number.isNaN(value) ? undefined : value;
}

/**
 * `a=1,b=2` (several flags are joined) → { a: 1, b: 2 }. `read` turns the right-hand side into
 * a value, or undefined when it is malformed.
 */
function assignments<T>(flag: string, texts: string[], example: string, read: (text: string) => T | undefined): Record<string, T> {
  const out: Record<string, T> = {};
  for (const text of texts) {
    for (const item of text.split(',')) {
      const equals = item.indexOf('=');
      const name = item.slice(0, Math.max(equals, 0)).trim();
      const value = equals < 0 ? undefined : read(item.slice(equals + 1));
      if (!NAME.test(name) || value === undefined) {
        throw new UsageError(`--${flag} ${JSON.stringify(text)}: ${JSON.stringify(item)} is not name=value; expected such as --${flag} ${example}`);
      }
      if (Object.hasOwn(out, name)) throw new UsageError(`--${flag} gives ${name} twice; expected each parameter once`);
      // An own key whatever the name — __proto__ included — so that the library judges it.
      Object.defineProperty(out, name, { value, enumerable: true, writable: true, configurable: true });
    }
  }
  return out;
}

/** `--p0 a=1,b=2` or `--fixed c=0`: numbers by parameter name. */
export function parseValues(flag: string, texts: string[]): Record<string, number> {
  return assignments(flag, texts, flag === 'fixed' ? 'c=0' : 'a=1,b=2', parseNumber);
}

/** `--bounds b=0:inf,c=-1:1`: [lo, hi] by parameter; an empty side is unbounded (`b=0:`). */
export function parseBounds(texts: string[]): Record<string, [number, number]> {
  return assignments('bounds', texts, 'b=0:inf,c=-1:1', (text) => {
    const sides = text.split(':');
    if (sides.length !== 2) return undefined;
    const lo = sides[0].trim() === '' ? -Infinity : parseNumber(sides[0]);
    const hi = sides[1].trim() === '' ? Infinity : parseNumber(sides[1]);
    return lo === undefined || hi === undefined ? undefined : [lo, hi];
  });
}

const UNITS: Record<string, number> = { '': 1, b: 1, k: 1 << 10, kib: 1 << 10, m: 1 << 20, mib: 1 << 20, g: 1 << 30, gib: 1 << 30 };

/** `--arena 8MiB` → 8388608. Units are binary (K, KiB, M, MiB, G, GiB); the engine checks the range. */
export function parseSize(flag: string, text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(text.trim());
  const unit = match ? UNITS[match[2].toLowerCase()] : undefined;
  if (!match || unit === undefined) {
    throw new UsageError(`--${flag} ${JSON.stringify(text)} is not a size; expected bytes or a number with K, KiB, M, MiB, G or GiB, such as 8MiB`);
  }
  return Math.floor(Number(match[1]) * unit);
}

/**
 * `--ftol 1e-10`, `--workers 2`, `--skip 3`: a number, any number. Its range is the library's to
 * judge, once, in the words of its other messages (flag-names.ts says them in flags).
 */
export function parseNumberFlag(flag: string, text: string, example: string): number {
  const value = parseNumber(text);
  if (value === undefined) throw new UsageError(`--${flag} ${JSON.stringify(text)} is not a number; expected such as --${flag} ${example}`);
  return value;
}

/** `--x time` or `--x 2`: a column by name, or by position from 1 when the text is a whole number. */
export function parseColumn(text: string | undefined): string | number | undefined {
  return text !== undefined && /^\d+$/.test(text.trim()) ? Number(text) : text;
}

/** `--delimiter ,`; `\t` and `tab` spell a tab, which is awkward to type in a shell. */
export function parseDelimiter(text: string): string {
  const delimiter = text === '\\t' || text.toLowerCase() === 'tab' ? '\t' : text;
  if (delimiter.length !== 1) throw new UsageError(`--delimiter ${JSON.stringify(text)} is not one character; expected such as , or ; or '\\t'`);
  return delimiter;
}
