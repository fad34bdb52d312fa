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
 * are finite differences with steps relative to θ (MINPACK `fdjac2`) above an absolute floor:
 * forward h = √ε·max(|θ|, ε^¼·t), central h = ε^⅓·max(|θ|, ε^¼·t), where t is the parameter's
 * size at the start (1 for a start at 0). SciPy's `approx_derivative` floors at 1 (h ≥ √ε), which
 * swamps a parameter that lives near 0 (scipy/scipy#21995; SciPy's test gh_18793: at θ = 1.1e-12
 * its step is 10⁴ times θ); a purely relative step collapses on a parameter that passes near 0
 * (Watson's function from 0) or starts there (at θ = 0, f(θ + ε) − f(θ) rounds to 0). Each step is
 * rounded so that θ + h − θ is exactly h, and taken backwards when θ + h would leave the
 * parameter's upper bound (see differenceStep).
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
const FLOOR = EPS ** 0.25;

/**
 * The difference step for θ: `relative`·max(|θ|, ε^¼·t) for a parameter of size t at the start,
 * negative when θ + h would pass the upper bound: a one-sided difference never leaves the box
 * the solver keeps θ in (when the box is wider than h).
 */
export function differenceStep(theta: number, relative: number, size: number, upper: number): number {
  const h = relative * Math.max(Math.abs(theta), FLOOR * size);
  return theta + h > upper ? -h : h;
}

/** A parameter's size for its difference step's floor: its size at the start, 1 for a start at 0. */
export function stepSize(start: number): number {
  return start === 0 ? 1 : Math.abs(start);
}

/**
 * Evaluates a callback model and its derivatives over one chunk into target columns.
 *
 * The callbacks get copies: x and θ are copied afresh before every call, so a callback that
 * writes into them cannot change the data or the point of the next call. What they give back
 * is checked: every value a number (out and the Jacobian columns are filled with NaN before the
 * call: at the start a callback that wrote nothing is caught; later a NaN left is a non-finite
 * value, a rejected step), the arrays handed in still the ones written into.
 * Every fault is FitError CALLBACK_ERROR, naming the callback and the row.
 */
export class CallbackEvaluator {
  readonly #model: CallbackModel;
  readonly #free: number[];
  #central: boolean;
  readonly #value: Float64Array;
  readonly #shifted: Float64Array;
  readonly #back: Float64Array;
  readonly #columns: Float64Array[];
  /** The copy of x each call receives. */
  readonly #x: Float64Array;
  /** The copy of θ each call receives. */
  readonly #p: Float64Array;
  /** Calls whose output has been checked for a callback that writes nothing (the first ones). */
  #checked = new Set<string>();
  readonly #bounds: readonly { lo: number; hi: number }[];
  /** Each parameter's size at the start, for the floor of its difference step. */
  readonly #sizes: number[];

  constructor(model: CallbackModel, parameters: number, free: number[], central: boolean, chunkRows: number, bounds: readonly { lo: number; hi: number }[], start: Float64Array) {
    const analytic = typeof model === 'object' && model.jacobian !== undefined;
    this.#bounds = bounds;
    this.#sizes = Array.from(start, stepSize);
    this.#model = model;
    this.#free = free;
    this.#central = central;
    this.#value = new Float64Array(chunkRows);
    this.#shifted = new Float64Array(chunkRows);
    this.#back = new Float64Array(analytic ? 0 : chunkRows);
    this.#columns = analytic ? Array.from({ length: parameters }, () => new Float64Array(chunkRows)) : [];
    this.#x = new Float64Array(chunkRows);
    this.#p = new Float64Array(parameters);
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
      const columns = this.#columns.map((c) => c.subarray(0, n).fill(NaN));
      const given = columns.slice();
      this.#call(() => model.jacobian!(this.#copyX(x), this.#copyP(theta), given), 'jacobian');
      this.#free.forEach((j, k) => {
        if (given[j] !== columns[j]) {
          throw new FitError('CALLBACK_ERROR', `the jacobian callback replaced columns[${j}] with ${describe(given[j])}; expected it to write ∂f/∂p[${j}] into the Float64Array it was given`);
        }
        this.#checkWritten(columns[j], `the jacobian callback's columns[${j}]`);
        targets[1 + k].set(columns[j]);
      });
      return;
    }
    const shifted = this.#shifted.subarray(0, n);
    const back = this.#back.subarray(0, n);
    const point = Float64Array.from(theta);
    this.#free.forEach((j, k) => {
      const { h, central } = this.#step(theta[j], j);
      point[j] = theta[j] + h;
      const forward = point[j] - theta[j];
      this.#run(x, point, shifted);
      const target = targets[1 + k];
      if (central) {
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

  /** Whether the derivatives are difference quotients (no analytic `jacobian`). */
  get differences(): boolean {
    return this.#back.length > 0;
  }

  /**
   * From now on, central differences wherever both sides are inside the bounds: the driver
   * checks a forward-difference answer with them (their error is O(h²), not O(h)).
   */
  useCentral(): void {
    this.#central = true;
  }

  /** Per free parameter, the difference step at θ as the last pass took it; undefined with an analytic jacobian. */
  differenceSteps(theta: Float64Array): number[] | undefined {
    if (!this.differences) return undefined;
    return this.#free.map((j) => Math.abs(this.#step(theta[j], j).h));
  }

  // Parameter j's difference step at θⱼ: central where both sides are inside its bounds (and
  // central differences are asked for), one-sided elsewhere.
  #step(theta: number, j: number): { h: number; central: boolean } {
    const { lo, hi } = this.#bounds[j];
    const hc = differenceStep(theta, Math.cbrt(EPS), this.#sizes[j], hi);
    if (this.#central && hc > 0 && theta - hc >= lo) return { h: hc, central: true };
    return { h: differenceStep(theta, Math.sqrt(EPS), this.#sizes[j], hi), central: false };
  }

  // A fresh copy of x for one call: a callback that writes into it changes nothing.
  #copyX(x: Float64Array): Float64Array {
    const copy = this.#x.subarray(0, x.length);
    copy.set(x);
    return copy;
  }

  #copyP(theta: Float64Array): Float64Array {
    this.#p.set(theta);
    return this.#p;
  }

  #run(x: Float64Array, theta: Float64Array, out: Float64Array): void {
    const model = this.#model;
    if (typeof model === 'function') {
      const p = this.#p;
      for (let i = 0; i < x.length; i++) {
        p.set(theta); // afresh for every row: a write into p by one row must not reach the next
        const v = this.#call(() => model(x[i], p), 'model');
        if (typeof v !== 'number') {
          throw new FitError('CALLBACK_ERROR', `the model callback returned ${describe(v)} at x = ${x[i]}; expected a number`);
        }
        out[i] = v;
      }
      return;
    }
    out.fill(NaN);
    const given = out;
    this.#call(() => model.evaluate(this.#copyX(x), this.#copyP(theta), given), 'evaluate');
    this.#checkWritten(out, "the evaluate callback's out");
  }

  #checkWritten(values: Float64Array, what: string): void {
    if (this.#checked.has(what)) return;
    this.#checked.add(what);
    if (wroteNothing(values)) {
      throw new FitError('CALLBACK_ERROR', `${what} holds no value after the first call (every row is still NaN); expected the callback to write f or ∂f/∂p for every row into the array it was given`);
    }
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

// Filled with NaN before the call: all NaN after the first call means the callback wrote
// nothing. (Later, NaN is a model not finite at a trial point: a rejected step, not an error.)
function wroteNothing(values: Float64Array): boolean {
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) return false;
  return values.length > 0;
}
