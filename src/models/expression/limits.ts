// How large an expression the compiler takes, checked before the work that grows with it: the
// length before tokenizing, the token count before parsing. Every stage after them is linear in
// the expression (measured, Node 20 on one core of a shared 2-core machine, cold start):
//
//   model                                   parameters   tokens    compile
//   p0*x + p1*x + … + p7999*x                     8,000    32,000     ~95 ms
//   a0*exp(-b0*x) + … (4,000 terms)               8,000    40,000    ~125 ms
//   A0*exp(-(x-m0)^2/(2*s0^2)) + … (2,666)        7,998    58,651    ~180 ms
//   a+a+a+… at the token limit                        1   250,000    ~300 ms,  62 MB of heap
//   a0*exp(-b0*x) + … at the token limit         47,476   237,000    ~620 ms, 118 MB of heap
//
// so the token limit is ~4× the largest model above and costs at most about half a second and
// ~120 MB. Long names and whitespace cost little per character, hence the looser length limit.
// A model near either limit has more parameters than a fit can hold anyway (R is P² doubles).
import { FitError } from '../../errors.ts';

/** Characters in a model expression; longer ones are refused before tokenizing. */
export const MAX_SOURCE_LENGTH = 1_000_000;

/** Tokens (numbers, names, operators, parentheses) in a model expression; more are refused before parsing. */
export const MAX_TOKENS = 250_000;

/**
 * How deep parentheses, function calls, signs and powers may nest. The parser recurses once per
 * level (about eight calls per parenthesis), and real models nest a dozen deep; 256 levels keep
 * far from any engine's call stack, and a deeper expression is refused with a coded error
 * (INVALID_ARGUMENT, "too deep") instead of a stack overflow.
 */
export const MAX_NESTING = 256;

/**
 * Refuses an expression of more than `limit` `units` (MAX_SOURCE_LENGTH characters, checked in
 * O(1) before tokenizing; MAX_TOKENS tokens, before parsing), naming its size and the limit.
 */
export function checkModelSize(size: number, limit: number, units: string): void {
  if (size > limit) {
    throw new FitError(
      'MODEL_TOO_LARGE',
      `model: expected an expression of at most ${limit} ${units}, but got ${size}; ` +
        'a model this large is better written as a callback (x, p) => number',
    );
  }
}
