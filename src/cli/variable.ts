/**
 * The model's name for x. In `--model`, the independent variable may be written `x` or with
 * its column's own name: `a*exp(-b*time) + c` with `--x time`. The expression's free names
 * decide which: compiled with no variables, every name that is not a function or a constant
 * is listed as a parameter, so the x column's name appearing there means the model uses it.
 * Then the column is passed as the named column `{ time }` and the expression compiled with
 * variables ['time']; otherwise it is the plain x. Using both is ambiguous, so it is an error.
 */
import { UsageError } from './args.ts';
import { builtinModel } from '../models/builtin/index.ts';
import { compileExpression } from '../models/expression/index.ts';

export function modelVariable(model: string, xColumn: string): string {
  if (xColumn === 'x' || builtinModel(model.trim())) return 'x';
  let names: string[];
  try {
    names = compileExpression(model, { variables: [] }).parameters;
  } catch {
    // A model that does not compile fails again in the fit, which reports it: one place for
    // model errors, and the error class the public API throws.
    return 'x';
  }
  if (!names.includes(xColumn)) return 'x';
  if (names.includes('x')) {
    throw new UsageError(`the model uses both x and ${xColumn}, the x column's name; write the independent variable one way`);
  }
  return xColumn;
}
