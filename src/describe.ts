// describe(): a value as an error message names it — short, unambiguous, never throws. Apart
// from errors.ts so that arenafit/node, which takes FitError from the main bundle, has its own.
/** Formats a value for an error message: short, unambiguous, never throws. */
export function describe(value: unknown): string {
  try {
    return describeValue(value);
  } catch {
    return 'an object that throws when it is read'; // a Proxy whose traps throw, say
  }
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? value.slice(0, 57) + '...' : value);
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name} of length ${(value as unknown as ArrayLike<unknown>).length}`;
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'object') return `an object (${Object.prototype.toString.call(value).slice(8, -1)})`;
  if (typeof value === 'bigint') return `${value}n (a bigint)`;
  return String(value);
}

