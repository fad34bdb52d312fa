// What a built-in model is. In a file of its own so that each built-in imports it from here and
// index.ts only imports the built-ins: no import circle between index.ts and its models.

/** A named expression with a starting point estimated from the data. */
export interface BuiltinModel {
  /** The name as the user types it, e.g. 'gaussian' or 'polynomial3'. */
  name: string;
  /** An arenafit expression in x; its parameters in order of first appearance. */
  expression: string;
  /** One line for error messages and docs. */
  description: string;
  /** The name of the constant offset this model adds, if any ('c'): a sum of models keeps one. */
  offset?: string;
  /** A finite start for every parameter of `expression`, estimated from the data. */
  guess(x: ArrayLike<number>, y: ArrayLike<number>): Record<string, number>;
}
