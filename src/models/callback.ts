/**
 * Callback models: JavaScript functions for what an expression cannot say.
 *
 *   (x: number, p: Float64Array) => number                       one row at a time
 *   { evaluate(xs, p, out), jacobian?(xs, p, columns) }           a chunk of rows at a time
 *
 * They run through the same arena window and solver as expressions: on each chunk the host
 * evaluates the model and its derivatives in JS and writes them into the window as if they were
 * data columns, and the WASM side treats them as the model's value and gradient (a program with
 * no instructions whose outputs are those columns). Without an analytic `jacobian`, derivatives
 * are finite differences with SciPy's steps (`approx_derivative`): forward h = √ε·max(1, |θ|),
 * central h = ε^⅓·max(1, |θ|), each rounded so that θ + h − θ is exactly h.
 * The callbacks receive fresh JS arrays, never views into WASM memory.
 */
import { FitError, describe } from '../errors.ts';

export type ScalarModel = (x: number, p: Float64Array) => number;

export interface VectorModel {
  /** Writes f(xs[i]; p) into out[i] for every row of the chunk. */
  evaluate(xs: Float64Array, p: Float64Array, out: Float64Array): void;
  /** Optional: writes ∂f(xs[i]; p)/∂p[j] into columns[j][i]; finite differences otherwise. */
  jacobian?(xs: Float64Array, p: Float64Array, columns: Float64Array[]): void;
}

export type CallbackModel = ScalarModel | VectorModel;

export function isCallbackModel(model: unknown): model is CallbackModel {
  return typeof model === 'function' || (typeof model === 'object' && model !== null && typeof (model as VectorModel).evaluate === 'function');
}

const EPS = 2 ** -52;

/** Evaluates a callback model and its derivatives over one chunk into target columns. */
export class CallbackEvaluator {
  readonly #model: CallbackModel;
  readonly #free: number[];
  readonly #central: boolean;
  readonly #value: Float64Array;
  readonly #shifted: Float64Array;
  readonly #back: Float64Array;
  readonly #columns: Float64Array[];

  constructor(model: CallbackModel, parameters: number, free: number[], central: boolean, chunkRows: number) {
    this.#model = model;
    this.#free = free;
    this.#central = central;
    this.#value = new Float64Array(chunkRows);
    this.#shifted = new Float64Array(chunkRows);
    this.#back = central ? new Float64Array(chunkRows) : new Float64Array(0);
    this.#columns = typeof model === 'object' && model.jacobian ? Array.from({ length: parameters }, () => new Float64Array(chunkRows)) : [];
  }

  /**
   * targets[0] ← f over the n rows of xs at θ; targets[1 + k] ← ∂f/∂θ of the k-th free
   * parameter. θ is every parameter, in model order.
   */
  evaluate(xs: Float64Array, n: number, theta: Float64Array, targets: Float64Array[]): void {
    const x = xs.subarray(0, n);
    const value = this.#value.subarray(0, n);
    this.#run(x, theta, value);
    targets[0].set(value);
    const model = this.#model;
    if (typeof model === 'object' && model.jacobian) {
      const columns = this.#columns.map((c) => c.subarray(0, n));
      this.#call(() => model.jacobian!(x, Float64Array.from(theta), columns), 'jacobian');
      this.#free.forEach((j, k) => targets[1 + k].set(columns[j]));
      return;
    }
    const shifted = this.#shifted.subarray(0, n);
    const back = this.#back.subarray(0, n);
    const point = Float64Array.from(theta);
    this.#free.forEach((j, k) => {
      const scale = Math.max(1, Math.abs(theta[j]));
      const h = (this.#central ? Math.cbrt(EPS) : Math.sqrt(EPS)) * scale;
      point[j] = theta[j] + h;
      const forward = point[j] - theta[j];
      this.#run(x, point, shifted);
      const target = targets[1 + k];
      if (this.#central) {
        point[j] = theta[j] - h;
        const backward = theta[j] - point[j];
        this.#run(x, point, back);
        for (let i = 0; i < n; i++) target[i] = (shifted[i] - back[i]) / (forward + backward);
      } else {
        for (let i = 0; i < n; i++) target[i] = (shifted[i] - value[i]) / forward;
      }
      point[j] = theta[j];
    });
  }

  #run(x: Float64Array, theta: Float64Array, out: Float64Array): void {
    const model = this.#model;
    if (typeof model === 'function') {
      const p = Float64Array.from(theta);
      for (let i = 0; i < x.length; i++) {
        const v = this.#call(() => model(x[i], p), 'model');
        if (typeof v !== 'number') {
          throw new FitError('CALLBACK_ERROR', `the model callback returned ${describe(v)} at x = ${x[i]}; expected a number`);
        }
        out[i] = v;
      }
      return;
    }
    this.#call(() => model.evaluate(x, Float64Array.from(theta), out), 'evaluate');
  }

  #call<T>(run: () => T, what: string): T {
    try {
      return run();
    } catch (error) {
      if (error instanceof FitError) throw error;
      throw new FitError('CALLBACK_ERROR', `the ${what} callback threw: ${error instanceof Error ? error.message : describe(error)}`, { cause: error });
    }
  }
}
