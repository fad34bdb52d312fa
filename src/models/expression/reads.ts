// Which variables an expression names. The check that a model reads the data (name-checks.ts)
// asks it of the source, as lmfit's ExpressionModel does: a variable written in the expression
// counts even where simplification removes it (0*x), so the answer is what the user wrote.
import { tokenize } from './tokenize.ts';

/** The variables that `source` names, in the order of `variables`. Linear in the source. */
export function variablesRead(source: string, variables: readonly string[]): string[] {
  const named = new Set<string>();
  for (const token of tokenize(source)) if (token.kind === 'name') named.add(token.text);
  return variables.filter((name) => named.has(name));
}
