/**
 * FitError: the one exception arenafit throws for misuse.
 *
 * A stopping reason is not an error (it is `status` on the result); a FitError means the
 * call itself was wrong — bad data, a bad model, a bad option — or could not be carried out
 * (an arena too small). Every FitError has a stable string `code` that programs can switch
 * on, and a message that names the argument, the value seen and the value expected.
 */

/** Every code a FitError can carry. Stable across releases: match on these, not on messages. */
export type FitErrorCode =
  | 'INVALID_ARGUMENT' // an argument of the wrong type or shape
  | 'INVALID_OPTION' // an option of the wrong type or out of range
  | 'LENGTH_MISMATCH' // x, y, sigma of different lengths
  | 'TOO_FEW_ROWS' // fewer rows than free parameters
  | 'NON_FINITE_DATA' // NaN or ±Infinity in x, y or sigma
  | 'SIGMA_NOT_POSITIVE' // a sigma entry ≤ 0
  | 'SYNTAX_ERROR' // an expression that does not parse
  | 'UNKNOWN_FUNCTION' // a call to a function the expression language lacks
  | 'NO_PARAMETERS' // a model with nothing to fit
  | 'UNKNOWN_PARAMETER' // p0, fixed or bounds names a parameter the model lacks
  | 'UNKNOWN_MODEL' // a built-in model name that does not exist
  | 'NO_FREE_PARAMETERS' // fixed holds every parameter
  | 'INVALID_BOUNDS' // bounds that are not [lo, hi] with lo < hi
  | 'START_OUTSIDE_BOUNDS' // a start or fixed value outside its bounds
  | 'CALLBACK_ERROR' // a callback model threw or returned something other than a number
  | 'INVALID_SOURCE' // a chunk source without chunks(), or chunks that are not { x, y, sigma? }
  | 'SOURCE_CHANGED' // a pass over a chunk source gave a different number of rows
  | 'SOURCE_ERROR' // a chunk source threw (its error is the cause)
  | 'ASYNC_SOURCE' // curveFitSync was given a source that can only be read asynchronously
  | 'ABORTED' // the fit's AbortSignal fired
  | 'NON_FINITE_P0' // a start value that is NaN or ±Infinity
  | 'NON_FINITE_MODEL' // the model is not finite at the starting point
  | 'OUT_OF_RANGE' // the sums of squares at the start overflow double precision even when rescaled
  | 'ARENA_TOO_SMALL' // the fit's workspace does not fit in the engine's arena
  | 'ENGINE_BUSY' // a synchronous fit on an engine that is running another fit
  | 'FILE_NOT_FOUND' // a file source's path that does not exist or is not a regular file
  | 'INVALID_FILE' // a file that cannot be read as asked: wrong size, no header, changed between passes
  | 'UNKNOWN_COLUMN' // a CSV column name that is not in the file's header
  | 'PARSE_ERROR' // a CSV row with the wrong number of fields or a field that is not a number
  | 'WORKER_FAILED' // a worker could not start (for example a Content-Security-Policy)
  | 'WORKER_TERMINATED' // terminate() or close() ended the worker with a fit running
  | 'MODEL_IGNORES_DATA' // a model that reads none of the data's variables
  | 'UNKNOWN_VARIABLE' // a model that names a variable the data lack, or a built-in model inside an expression
  | 'MODEL_TOO_LARGE' // an expression over the size limit, refused before compiling
  | 'RESERVED_NAME' // a parameter or variable named like a property of every object (__proto__, constructor, …)
  | 'ENGINE_CLOSED' // a fit on an engine after close()
  | 'NAME_COLLISION' // two models combined by plus or times that name a parameter alike (give one a prefix)
  | 'INVALID_CONSTRAINT' // options.constraints that name a variable or the tied parameter itself, go round in a circle, tie a fixed or bounded parameter, or come with a callback model
  | 'NO_MODEL' // evaluate or band on a result read back from a callback model's JSON (JSON holds no functions)
  | 'INTERNAL'; // a bug in arenafit: please report it

import { describe } from './describe.ts';

export { describe };

export class FitError extends Error {
  /** Stable machine-readable code; see {@link FitErrorCode}. */
  readonly code: FitErrorCode;

  constructor(code: FitErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FitError';
    this.code = code;
  }
}

/**
 * Runs `read` — the checks of a call's arguments — so that an argument that throws when it is
 * read (a getter, a Proxy) is a FitError naming the argument, not the caller's own exception.
 */
export function readArgument<T>(what: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof FitError) throw error;
    throw new FitError('INVALID_ARGUMENT', `${what} threw when it was read (${error instanceof Error ? error.message : describe(error)}); expected plain values`, { cause: error });
  }
}
