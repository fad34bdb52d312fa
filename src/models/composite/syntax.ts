// Model strings of built-ins: 'gaussian:g1_ + gaussian:g2_ + linear' — what model(...).plus(...)
// builds, as one string that curveFit, model() and the command line's --model take.
//
//   models  := product ('+' product)*
//   product := factor ('*' factor)*                 '*' binds tighter than '+'
//   factor  := builtin (':' prefix)?                prefix: letters, digits and _, not first a digit
//
// A string is one only when EVERY factor is a built-in model's name (with an optional :prefix),
// so an expression is never misread: 'a*exp(-b*x) + c' has factors that are not built-ins
// (and parentheses), 'gaussian + a*x' has one that is not, and both stay expressions (the second
// is then refused by the expression's name checks, as before). A lone name without a prefix,
// 'gaussian', is the built-in itself. A ':' belongs to no expression, so a string with one must be
// a model string: its errors are SYNTAX_ERROR (with the column) and UNKNOWN_MODEL.
import { FitError } from '../../errors.ts';
import { builtinModel, builtinModelNames } from '../builtin/index.ts';
import { pointAt } from '../expression/diagnostics.ts';
import type { ModelNode } from './node.ts';

const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;
const SPACE = /\s*/y;

interface Factor {
  name: string;
  prefix: string;
  column: number;
}

/** The tree a model string of built-ins stands for, or undefined when `source` is not one. */
export function parseModelString(source: string): ModelNode | undefined {
  const strict = source.includes(':');
  const terms = scan(source, strict);
  if (!terms) return undefined;
  const factors = terms.flat();
  const unknown = factors.find((factor) => !builtinModel(factor.name));
  if (unknown) {
    if (!strict) return undefined;
    throw new FitError(
      'UNKNOWN_MODEL',
      `model: "${unknown.name}" at column ${unknown.column} is not a built-in model; a model string joins built-in models ` +
        `(${builtinModelNames.join(', ')}), each with an optional :prefix, by + and *, such as 'gaussian:g1_ + gaussian:g2_ + linear'. ` +
        `To add an expression, use model('gaussian', { prefix: 'g1_' }).plus(model('a*x^2'))` + pointAt(source, unknown.column),
    );
  }
  if (factors.length === 1 && factors[0].prefix === '') return undefined; // the built-in itself
  const leaf = (f: Factor): ModelNode => ({ kind: 'builtin', name: f.name, prefix: f.prefix });
  const products = terms.map((term): ModelNode => (term.length === 1 ? leaf(term[0]) : { kind: 'product', factors: term.map(leaf) }));
  return products.length === 1 ? products[0] : { kind: 'sum', terms: products };
}

/**
 * The factors of each term, or undefined when the text is not of the grammar's shape — which,
 * `strict` (the text has a ':'), is a SYNTAX_ERROR naming the column.
 */
function scan(source: string, strict: boolean): Factor[][] | undefined {
  let at = 0;
  const skip = () => {
    SPACE.lastIndex = at;
    SPACE.exec(source);
    at = SPACE.lastIndex;
  };
  const fail = (expected: string): undefined => {
    if (!strict) return undefined;
    const found = at < source.length ? JSON.stringify(source[at]) : 'end of model';
    throw new FitError(
      'SYNTAX_ERROR',
      `model: syntax error at column ${at + 1}: expected ${expected} but found ${found}; a model string joins built-in models, ` +
        `each with an optional :prefix, by + and *, such as 'gaussian:g1_ + gaussian:g2_ + linear'` + pointAt(source, at + 1),
    );
  };
  const name = (): string | undefined => {
    NAME.lastIndex = at;
    const match = NAME.exec(source);
    if (!match) return undefined;
    at += match[0].length;
    return match[0];
  };
  const terms: Factor[][] = [[]];
  for (;;) {
    skip();
    const column = at + 1;
    const model = name();
    if (model === undefined) return fail("a built-in model's name");
    skip();
    let prefix = '';
    if (source[at] === ':') {
      at++;
      skip();
      const given = name();
      if (given === undefined) return fail('a prefix of letters, digits and _ that does not start with a digit');
      prefix = given;
      skip();
    }
    terms[terms.length - 1].push({ name: model, prefix, column });
    if (at >= source.length) return terms;
    if (source[at] === '+') terms.push([]);
    else if (source[at] !== '*') return fail(prefix === '' ? "':', '+', '*' or end of model" : "'+', '*' or end of model");
    at++;
  }
}
