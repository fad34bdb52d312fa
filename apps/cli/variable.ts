/**
 * The model's name for x. In `--model`, the independent variable may be written `x` or with
 * its column's own name: `a*exp(-b*time) + c` with `--x time`. compileModel decides which: the
 * model compiled with the x column's name as its variable either reads it (then the column is
 * passed as the named column `{ time }`) or fails as a model that ignores its data (then x is
 * the plain x). A model that reads the column's name and also names x, which would then be a
 * parameter, is ambiguous, so it is an error.
 */
import { compileModel, FitError } from 'arenafit/node';
import { UsageError } from './args.ts';

export function modelVariable(model: string, xColumn: string): string {
  if (xColumn === 'x') return 'x';
  let names: string[];
  try {
    names = compileModel(model, { variables: [xColumn] }).names;
  } catch (error) {
    // A built-in model (always in x), a model in x, a column name that cannot be a variable, a
    // model that does not compile: x is the plain x, and a model error fails again in the fit,
    // which reports it — one place for model errors.
    if (error instanceof FitError) return 'x';
    throw error;
  }
  if (names.includes('x')) {
    throw new UsageError(`the model uses both x and ${xColumn}, the x column's name; write the independent variable one way`);
  }
  return xColumn;
}
