// Error messages that point at a column of the model expression: the message, then the
// expression, then a caret under the offending column.
import { FitError } from '../../errors.ts';
import type { Token } from './tokenize.ts';

/** The expression and a caret under `column` (1-based), as two indented lines. */
export function pointAt(source: string, column: number): string {
  // Tabs and newlines would shift the caret: show every whitespace character as one space.
  return `\n  ${source.replace(/\s/g, ' ')}\n  ${' '.repeat(column - 1)}^`;
}

function describeToken(token: Token): string {
  return token.kind === 'end' ? 'end of expression' : JSON.stringify(token.text);
}

export function syntaxError(source: string, token: Token, expected: string): FitError {
  return new FitError(
    'SYNTAX_ERROR',
    `model: syntax error at column ${token.column}: expected ${expected} but found ${describeToken(token)}` +
      pointAt(source, token.column),
  );
}
