// The expression language: grammar (precedence, associativity, numbers, names) and every error.
// Oracle: the value by hand arithmetic (or Math.*), and the grammar in src/models/expression/parse.ts.
import { describe, expect, it } from 'vitest';
import { FitError } from '../../../src/errors.ts';
import { compileExpression, evaluateProgram } from '../../../src/models/expression/index.ts';

/** The model's value at one row (x) and parameters θ, in order of first appearance. */
function valueAt(source: string, theta: number[], x = 0, variables?: string[]): number {
  const program = compileExpression(source, { variables });
  const columns = program.variables.map(() => [x]);
  return evaluateProgram(program, theta, columns, 1).value[0];
}

/** The FitError compileExpression throws for `source`. */
function failure(source: unknown, variables?: unknown): FitError {
  try {
    compileExpression(source as string, { variables: variables as string[] });
  } catch (error) {
    expect(error).toBeInstanceOf(FitError);
    return error as FitError;
  }
  throw new Error(`no error for ${String(source)}`);
}

describe('precedence and associativity (oracle: hand arithmetic)', () => {
  it('power binds tighter than unary minus: -x^2 at x = 3 is -9', () => {
    expect(valueAt('-x^2 + a', [0], 3)).toBe(-9);
    expect(valueAt('-a**2', [3])).toBe(-9);
    expect(valueAt('(-a)^2', [3])).toBe(9);
  });

  it('power is right-associative: 2^3^2 = 512', () => {
    expect(valueAt('2^3^2 + a', [0])).toBe(512);
    expect(valueAt('2**3**2 + a', [0])).toBe(512);
    expect(valueAt('(2^3)^2 + a', [0])).toBe(64);
  });

  it('the exponent may carry a sign: 2**-1 = 0.5, 2^-a^2 = 2^(-(a^2))', () => {
    expect(valueAt('2**-1 + a', [0])).toBe(0.5);
    expect(valueAt('2^-a', [1])).toBe(0.5);
    expect(valueAt('2^-a^2', [2])).toBe(1 / 16);
    expect(valueAt('2^+a', [3])).toBe(8);
    expect(valueAt('2^--a', [3])).toBe(8);
    expect(valueAt('a^-1*4', [2])).toBe(2); // (a^-1)*4, not a^(-1*4)
  });

  it('- and / are left-associative', () => {
    expect(valueAt('a-b-c', [10, 3, 2])).toBe(5);
    expect(valueAt('a/b/c', [24, 4, 3])).toBe(2);
    expect(valueAt('a-b+c', [10, 3, 2])).toBe(9);
    expect(valueAt('a/b*c', [24, 4, 3])).toBe(18);
  });

  it('* and / bind tighter than + and -; unary minus tighter than *', () => {
    expect(valueAt('a + b*c', [1, 2, 3])).toBe(7);
    expect(valueAt('(a + b)*c', [1, 2, 3])).toBe(9);
    expect(valueAt('a - -b', [1, 2])).toBe(3);
    expect(valueAt('a*-b', [3, 2])).toBe(-6);
    expect(valueAt('-+-a', [3])).toBe(3);
    expect(valueAt('2*a^2', [3])).toBe(18);
  });

  it('functions apply to their parenthesised argument', () => {
    expect(valueAt('exp(a)', [1])).toBe(Math.exp(1));
    expect(valueAt('sqrt(a)*log(b)', [4, Math.E])).toBe(2);
    expect(valueAt('abs(a) + sin(b) + cos(b) + tan(b) + atan(b) + tanh(b)', [-2, 0])).toBe(3);
    expect(valueAt('-exp(a)^2', [0])).toBe(-1);
  });
});

describe('numbers, constants, whitespace (oracle: Number() and Math)', () => {
  it.each([
    ['1*a', 1],
    ['1.5*a', 1.5],
    ['.5*a', 0.5],
    ['5.*a', 5],
    ['1e-3*a', 1e-3],
    ['2.5E+4*a', 2.5e4],
    ['2.5e4*a', 2.5e4],
    ['00012*a', 12],
  ])('%s at a = 1 is %d', (source, expected) => {
    expect(valueAt(source, [1])).toBe(expected);
  });

  it('pi and e are the constants Math.PI and Math.E', () => {
    expect(valueAt('pi*a', [1])).toBe(Math.PI);
    expect(valueAt('e^a', [1])).toBe(Math.E);
  });

  it('whitespace is allowed anywhere between tokens', () => {
    expect(valueAt(' \t a \n* exp ( - b *\r\nx ) ', [2, 1], 0)).toBe(2);
  });
});

describe('names', () => {
  it('parameters are in order of first appearance', () => {
    expect(compileExpression('b*x + a').parameters).toEqual(['b', 'a']);
    expect(compileExpression('a*x + b*a + c_1*x^b').parameters).toEqual(['a', 'b', 'c_1']);
  });

  it('variables come from options; x is a parameter when it is not a variable', () => {
    const nelson = compileExpression('b1 - b2*x1*exp(-b3*x2)', { variables: ['x1', 'x2'] });
    expect(nelson.parameters).toEqual(['b1', 'b2', 'b3']);
    expect(nelson.variables).toEqual(['x1', 'x2']);
    expect(compileExpression('x*t', { variables: ['t'] }).parameters).toEqual(['x']);
    expect(compileExpression('a + b').variables).toEqual(['x']);
  });

  it('names that only look like functions or constants are parameters', () => {
    expect(compileExpression('expo*x + pi2 + E + PI + e1').parameters).toEqual(['expo', 'pi2', 'E', 'PI', 'e1']);
    expect(compileExpression('toString*x + constructor').parameters).toEqual(['toString', 'constructor']);
  });
});

describe('errors (oracle: the column counted by hand)', () => {
  it('an unclosed call points one past the end', () => {
    const error = failure('a*exp(-b*x');
    expect(error.code).toBe('SYNTAX_ERROR');
    expect(error.message).toBe(
      'model: syntax error at column 11: expected an operator or ")" but found end of expression\n' +
        '  a*exp(-b*x\n' +
        '            ^',
    );
  });

  it.each([
    ['a*+', 4, 'a number, a name or "("', 'end of expression'],
    ['a*', 3, 'a number, a name or "("', 'end of expression'],
    ['3x', 2, 'an operator or end of expression', '"x"'], // no implicit multiplication
    ['2 a', 3, 'an operator or end of expression', '"a"'],
    ['2e*a', 2, 'an operator or end of expression', '"e"'], // an exponent needs digits
    ['1.2.3*a', 4, 'an operator or end of expression', '".3"'],
    ['exp', 4, '"(" after "exp"', 'end of expression'],
    ['a*sqrt + b', 8, '"(" after "sqrt"', '"+"'],
    ['a*x(2)', 4, 'an operator or end of expression', '"("'], // a variable is not a function
    ['pi(a)', 3, 'an operator or end of expression', '"("'], // nor is a constant
    ['(a', 3, 'an operator or ")"', 'end of expression'],
    ['a)', 2, 'an operator or end of expression', '")"'],
    ['a % b', 3, 'an operator or end of expression', '"%"'],
    ['a*()', 4, 'a number, a name or "("', '")"'],
    ['a^', 3, 'a number, a name or "("', 'end of expression'],
    ['a***b', 4, 'a number, a name or "("', '"*"'],
    ['', 1, 'a number, a name or "("', 'end of expression'],
    ['   ', 4, 'a number, a name or "("', 'end of expression'],
  ])('%j: SYNTAX_ERROR at column %d', (source, column, expected, found) => {
    const error = failure(source);
    expect(error.code).toBe('SYNTAX_ERROR');
    const [first, line, caret] = error.message.split('\n');
    expect(first).toBe(`model: syntax error at column ${column}: expected ${expected} but found ${found}`);
    expect(line).toBe(`  ${source}`);
    expect(caret).toBe(`  ${' '.repeat(column - 1)}^`);
  });

  it('the caret stays under the column when the expression holds tabs or newlines', () => {
    const [, line, caret] = failure('a\t*\n%').message.split('\n');
    expect(line).toBe('  a * %');
    expect(caret).toBe('      ^');
  });

  it('an unknown function is UNKNOWN_FUNCTION, naming it, its column and the known functions', () => {
    const error = failure('a*foo(x)');
    expect(error.code).toBe('UNKNOWN_FUNCTION');
    expect(error.message).toBe(
      'model: unknown function "foo" at column 3; the functions are exp, log, sqrt, sin, cos, tan, atan, tanh, abs, erf, erfc, erfcx, logerfc, faddeevaRe, faddeevaIm\n' +
        '  a*foo(x)\n' +
        '    ^',
    );
    expect(failure('Exp (x)').code).toBe('UNKNOWN_FUNCTION');
  });

  it('a model without parameters is NO_PARAMETERS, showing the expression', () => {
    for (const source of ['2*x + 1', 'pi*e', 'exp(x)']) {
      const error = failure(source);
      expect(error.code).toBe('NO_PARAMETERS');
      expect(error.message).toContain(JSON.stringify(source));
    }
  });

  it('a source that is not a string is INVALID_ARGUMENT naming model', () => {
    for (const source of [42, null, undefined, ['a*x'], { model: 'a' }]) {
      const error = failure(source);
      expect(error.code).toBe('INVALID_ARGUMENT');
      expect(error.message).toMatch(/^model: /);
    }
  });

  it('an expression too deep to compile is INVALID_ARGUMENT, not a stack overflow', () => {
    const error = failure('('.repeat(100_000) + 'a' + ')'.repeat(100_000));
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.message).toMatch(/^model: .*too deep/);
  });

  it('variables must be distinct identifiers that are not functions or constants (INVALID_OPTION)', () => {
    for (const variables of ['x', ['x', 'x'], ['exp'], ['pi'], ['1x'], [''], [3], null]) {
      const error = failure('a*x', variables);
      expect(error.code).toBe('INVALID_OPTION');
      expect(error.message).toMatch(/^variables: /);
    }
  });
});
