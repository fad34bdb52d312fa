// Splits a model expression into tokens, each with its 1-based source column. It fails only on
// an expression of more than MAX_TOKENS tokens (limits.ts): a character the language lacks
// becomes an 'invalid' token, so the parser can report it with what it expected at that place.
import { checkModelSize, MAX_TOKENS } from './limits.ts';

export type TokenKind = 'number' | 'name' | 'operator' | 'invalid' | 'end';

export interface Token {
  kind: TokenKind;
  text: string; // the source text; '' for 'end'
  column: number; // 1-based; for 'end', one past the last character
}

// 1, 1.5, 1., .5, 1e-3, 2.5E+4. An 'e' not followed by digits is not part of the number, so
// "2e" is the number 2 followed by the name e (which the parser then rejects).
const NUMBER = /(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/y;
const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;
const WHITESPACE = /\s+/y;
const OPERATOR = /\*\*|[-+*/^(),]/y; // ',' separates the arguments of a binary function
const PATTERNS: [TokenKind, RegExp][] = [['number', NUMBER], ['name', NAME], ['operator', OPERATOR]];

function match(pattern: RegExp, source: string, at: number): string | undefined {
  pattern.lastIndex = at;
  return pattern.exec(source)?.[0];
}

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let count = 0; // past MAX_TOKENS, tokens are counted for the error message but not kept
  let at = 0;
  while (at < source.length) {
    const space = match(WHITESPACE, source, at);
    if (space !== undefined) {
      at += space.length;
      continue;
    }
    const column = at + 1;
    let token: Token | undefined;
    for (const [kind, pattern] of PATTERNS) {
      const text = match(pattern, source, at);
      if (text !== undefined) {
        token = { kind, text, column };
        break;
      }
    }
    token ??= { kind: 'invalid', text: String.fromCodePoint(source.codePointAt(at) ?? 0), column };
    if (++count <= MAX_TOKENS) tokens.push(token);
    at += token.text.length;
  }
  checkModelSize(count, MAX_TOKENS, 'tokens (numbers, names, operators)');
  tokens.push({ kind: 'end', text: '', column: source.length + 1 });
  return tokens;
}
