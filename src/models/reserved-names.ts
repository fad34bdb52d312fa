// Names no parameter or variable may have: the properties of Object.prototype (__proto__,
// constructor, toString, …). Results, p0, fixed and bounds are plain objects keyed by these names,
// and `params.__proto__ = v` sets the prototype instead of a key, `p0.constructor` is a function
// when p0 has no such key, and `'toString' in params` is true for every object. So such a name is
// refused when the model is resolved, before anything is keyed by it.
import { FitError } from '../errors.ts';

/** The reserved names: Object.prototype's own properties in this engine. */
export const RESERVED_NAMES: ReadonlySet<string> = new Set(Object.getOwnPropertyNames(Object.prototype));

/**
 * Throws RESERVED_NAME for the first of `names` that is reserved. `what` says where the name
 * is, for the message: 'model: the parameter', 'x: the named column', 'options.p0: the parameter'.
 */
export function checkReservedNames(names: Iterable<string>, what: string): void {
  for (const name of names) {
    if (RESERVED_NAMES.has(name)) {
      throw new FitError(
        'RESERVED_NAME',
        `${what} "${name}" is a reserved name, a property of every JavaScript object (of Object.prototype); ` +
          `expected another name: rename it, for example to "${name.replace(/^_+|_+$/g, '') || 'p'}_"`,
      );
    }
  }
}
