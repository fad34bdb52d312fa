// Recursive-descent parser: model expression → AST. It resolves every name on the way — a
// function, a constant, a variable, or else a parameter, numbered in order of first appearance —
// so later stages never see a string. Grammar, loosest binding first:
//
//   expression := term (('+' | '-') term)*                left-associative
//   term       := unary (('*' | '/') unary)*               left-associative
//   unary      := ('-' | '+') unary | power                -x^2 is -(x^2)
//   power      := primary (('^' | '**') exponent)?
//   exponent   := ('-' | '+') exponent | power             2^-x is 2^(-x); 2^3^2 is 2^(3^2)
//   primary    := number | constant | variable | parameter
//               | function '(' expression ')' | binary '(' expression ',' expression ')'
//               | '(' expression ')'
//
// There is no implicit multiplication: "3x" is a syntax error at the x. The binary functions are
// the real and imaginary parts of the Faddeeva function, faddeevaRe(x, y) = Re w(x + iy).
import { FitError } from '../../errors.ts';
import { pointAt, syntaxError } from './diagnostics.ts';
import { MAX_NESTING } from './limits.ts';
import { tokenize, type Token } from './tokenize.ts';

export const FUNCTIONS = [
  'exp', 'log', 'sqrt', 'sin', 'cos', 'tan', 'atan', 'tanh', 'abs', 'erf', 'erfc', 'erfcx', 'logerfc', 'faddeevaRe', 'faddeevaIm',
] as const;
export type FunctionName = (typeof FUNCTIONS)[number];
/** The functions of two arguments. */
const BINARY_FUNCTIONS: readonly FunctionName[] = ['faddeevaRe', 'faddeevaIm'];
export const CONSTANTS: ReadonlyMap<string, number> = new Map([['pi', Math.PI], ['e', Math.E]]);

export type BinaryOperator = '+' | '-' | '*' | '/' | '^';

/** A parsed expression; `column` is the 1-based source column of the node's token. */
export type Ast =
  | { kind: 'number'; value: number; column: number } // literals and the constants pi, e
  | { kind: 'variable'; index: number; column: number } // index into options.variables
  | { kind: 'parameter'; index: number; column: number } // index into Parsed.parameters
  | { kind: 'call'; name: FunctionName; args: Ast[]; column: number } // one argument, or two for BINARY_FUNCTIONS
  | { kind: 'negate'; operand: Ast; column: number }
  | { kind: 'binary'; operator: BinaryOperator; left: Ast; right: Ast; column: number };

export interface Parsed {
  ast: Ast;
  parameters: string[]; // in order of first appearance
}

function isFunction(name: string): name is FunctionName {
  return (FUNCTIONS as readonly string[]).includes(name);
}

export function parse(source: string, variables: readonly string[]): Parsed {
  const tokens = tokenize(source);
  const parameters: string[] = [];
  // Maps, not indexOf: with thousands of distinct names a linear search made parsing quadratic.
  const parameterIndex = new Map<string, number>();
  const variableIndex = new Map(variables.map((name, i) => [name, i]));
  let at = 0;
  let depth = 0;

  // Entered once per level of nesting; see MAX_NESTING.
  const nested = <T>(run: () => T): T => {
    if (++depth > MAX_NESTING) {
      throw new FitError(
        'INVALID_ARGUMENT',
        `model: expected an expression nested at most ${MAX_NESTING} levels deep (parentheses, calls, signs, powers), ` +
          `but got one too deep at column ${peek().column}`,
      );
    }
    try {
      return run();
    } finally {
      depth--;
    }
  };

  const peek = (): Token => tokens[at];
  const accept = (...texts: string[]): Token | undefined =>
    peek().kind === 'operator' && texts.includes(peek().text) ? tokens[at++] : undefined;
  const expect = (text: string, expected: string): void => {
    if (!accept(text)) throw syntaxError(source, peek(), expected);
  };

  function expression(): Ast {
    let left = term();
    for (let op = accept('+', '-'); op; op = accept('+', '-')) {
      left = { kind: 'binary', operator: op.text as BinaryOperator, left, right: term(), column: op.column };
    }
    return left;
  }

  function term(): Ast {
    let left = unary();
    for (let op = accept('*', '/'); op; op = accept('*', '/')) {
      left = { kind: 'binary', operator: op.text as BinaryOperator, left, right: unary(), column: op.column };
    }
    return left;
  }

  // `unary` and `exponent` differ only in what follows the signs; one function serves both.
  function signed(operand: () => Ast): Ast {
    const op = accept('-', '+');
    if (!op) return operand();
    const inner = nested(() => signed(operand));
    return op.text === '-' ? { kind: 'negate', operand: inner, column: op.column } : inner;
  }

  const unary = (): Ast => signed(power);

  function power(): Ast {
    const base = primary();
    const op = accept('^', '**');
    if (!op) return base;
    return { kind: 'binary', operator: '^', left: base, right: nested(() => signed(power)), column: op.column };
  }

  function primary(): Ast {
    const token = peek();
    if (token.kind === 'number') {
      at++;
      return { kind: 'number', value: Number(token.text), column: token.column };
    }
    if (token.kind === 'name') {
      at++;
      return named(token);
    }
    if (accept('(')) {
      const inner = nested(expression);
      expect(')', 'an operator or ")"');
      return inner;
    }
    throw syntaxError(source, token, 'a number, a name or "("');
  }

  function named(token: Token): Ast {
    const name = token.text;
    const column = token.column;
    if (isFunction(name)) {
      expect('(', `"(" after "${name}"`);
      const args = [nested(expression)];
      if (BINARY_FUNCTIONS.includes(name)) {
        expect(',', `an operator or "," before the second argument of ${name}`);
        args.push(nested(expression));
      }
      expect(')', 'an operator or ")"');
      return { kind: 'call', name, args, column };
    }
    const constant = CONSTANTS.get(name);
    if (constant !== undefined) return { kind: 'number', value: constant, column };
    const variable = variableIndex.get(name);
    if (variable !== undefined) return { kind: 'variable', index: variable, column };
    if (peek().kind === 'operator' && peek().text === '(') {
      throw new FitError(
        'UNKNOWN_FUNCTION',
        `model: unknown function "${name}" at column ${column}; the functions are ${FUNCTIONS.join(', ')}` +
          pointAt(source, column),
      );
    }
    let index = parameterIndex.get(name);
    if (index === undefined) {
      index = parameters.push(name) - 1;
      parameterIndex.set(name, index);
    }
    return { kind: 'parameter', index, column };
  }

  const ast = expression();
  if (peek().kind !== 'end') throw syntaxError(source, peek(), 'an operator or end of expression');
  return { ast, parameters };
}
