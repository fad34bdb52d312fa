/**
 * A source's options (fromCsvFile's, parseDelimited's, every file reader's), read once into a
 * plain object at the door: a name the reader does not know is refused as the fit's own options
 * refuse one, and an options object whose getter or Proxy throws is the caller's argument
 * failing — INVALID_ARGUMENT naming it — never their exception escaping from inside a reader.
 * Browser-safe: arenafit/text and the Node readers share it.
 */
import { FitError } from '../errors.ts';
import { describe } from '../describe.ts';

export function checkKeys(options: unknown, known: readonly string[], example: string): Record<string, unknown> {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new FitError('INVALID_ARGUMENT', `options is ${describe(options)}; expected an object such as ${example}`);
  }
  let copy: Record<string, unknown>;
  try {
    copy = { ...options };
  } catch (error) {
    throw new FitError('INVALID_ARGUMENT', `options threw when it was read (${error instanceof Error ? error.message : describe(error)}); expected plain values such as ${example}`, { cause: error });
  }
  for (const key of Object.keys(copy)) {
    if (!known.includes(key)) throw new FitError('INVALID_OPTION', `options.${key} is not an option; expected one of ${known.join(', ')}`);
  }
  return copy;
}
