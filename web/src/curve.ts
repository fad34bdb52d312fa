/**
 * The fitted curve at given x, for the plot and the residuals. The published bundle exports
 * no evaluator yet, so this bundles the library's own — the same bytecode the fit ran, in
 * JavaScript (src/models/expression/evaluate.ts), as the command line's --plot does — and
 * resolves built-in names to their expressions. When the bundle exports one, only this file
 * changes.
 */
import { compileExpression, evaluateProgram, type CompiledProgram } from '../../src/models/expression/index.ts';
import { builtinModel } from '../../src/models/builtin/index.ts';

let cached: { model: string; program: CompiledProgram } | undefined;

/** f(x; values) for a model the fit accepted (an expression or a built-in name). */
export function modelCurve(model: string, values: ArrayLike<number>, x: Float64Array): Float64Array {
  if (cached?.model !== model) {
    cached = { model, program: compileExpression(builtinModel(model.trim())?.expression ?? model) };
  }
  return evaluateProgram(cached.program, values, [x], x.length).value;
}
