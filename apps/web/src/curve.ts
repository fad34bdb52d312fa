/**
 * The fitted curve at given x, for the plot and the residuals: compileModel, the library's own
 * compiler evaluated in JavaScript, on the model the fit ran (an expression or a built-in name).
 */
import { compileModel, type CompiledModel } from 'arenafit';

let cached: { model: string; compiled: CompiledModel } | undefined;

/** f(x; values) for a model the fit accepted, `values` in the order of the fit's names. */
export function modelCurve(model: string, values: ArrayLike<number>, x: Float64Array): Float64Array {
  if (cached?.model !== model) cached = { model, compiled: compileModel(model) };
  return cached.compiled.evaluate(x, values);
}
