// A model's compiled kernel folds what the VM folds. Oracle: the VM (assembly/vm/), which runs
// the same bytecode one instruction at a time over the block. The kernel does the VM's operations
// in the VM's order, so R̃, the objective and χ² of a pass must agree bit for bit — tighter than
// the 1e-15 relative the design promises — on every built-in model and on random expressions of
// the whole grammar (every function, integer and real powers, constants), with and without
// sigma, with the solver's column and residual scales, with a robust loss (the kernel's values
// function), over blocks with an odd last row, in a global fit (datasets' own kernels); and a
// model that is not finite in some row must stop the pass at the same row.
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/index.ts';
import { compileExpression, type CompiledProgram } from '../../src/models/expression/index.ts';
import { builtinModelExpression, builtinModelNames } from '../../src/models/builtin/index.ts';
import { instantiateCore } from '../../src/wasm/core.ts';
import { WasmInstance } from '../../src/wasm/instance.ts';
import { kernelSlot, modelKernelState, useModelKernels } from '../../src/wasm/model-kernel/link.ts';
import { seeded } from '../support/random.ts';

interface Data {
  theta: number[];
  columns: Float64Array[];
  y: Float64Array;
  sigma?: Float64Array;
  slopes: number[];
  scale: number;
}

interface Folded {
  factor: number[];
  objective: number;
  chi2: number;
  finite: boolean;
  badRow: number;
}

const ROWS = 37; // blocks of 16, 16 and 5 rows: pairs and an odd last row

function foldPass(program: CompiledProgram, data: Data, compiled: boolean, loss: 'linear' | 'soft_l1' | 'huber' | 'cauchy' | 'arctan' = 'linear'): Folded {
  useModelKernels(compiled);
  const core = instantiateCore();
  const instance = new WasmInstance(core);
  instance.arena.init(1 << 22);
  const p = program.parameters.length;
  const free = program.parameters.map((_, j) => j);
  const evaluator = instance.evaluator({
    program, parameters: p, free, start: Float64Array.from(data.theta), loss, fScale: 0.7,
    hasSigma: data.sigma !== undefined, chunkRows: ROWS, blockRows: 16,
  });
  // The pass runs the compiled kernel (or the VM): else the comparison would be the VM with itself.
  expect(core.kernelLink!.slots.size).toBe(compiled ? 1 : 0);
  data.columns.forEach((column, k) => evaluator.windowX[k].set(column));
  evaluator.windowY.set(data.y);
  if (data.sigma) evaluator.windowSigma!.set(data.sigma);
  const point = instance.point(2 * p + 1);
  point.values.set([...data.theta, ...data.slopes, data.scale]);
  evaluator.begin(point.at);
  const finite = evaluator.fold(ROWS);
  return { factor: Array.from(evaluator.factorCopy()), objective: evaluator.objective, chi2: evaluator.chi2, finite, badRow: evaluator.badRow };
}

function randomData(program: CompiledProgram, seed: number, options: { sigma: boolean; scaled: boolean }): Data {
  const r = seeded(seed);
  const p = program.parameters.length;
  return {
    theta: Array.from({ length: p }, () => r.between(0.3, 1.7) * (r.uniform() < 0.2 ? -1 : 1)),
    columns: program.variables.map(() => Float64Array.from({ length: ROWS }, () => r.between(-3, 3))),
    y: Float64Array.from({ length: ROWS }, () => r.normal()),
    sigma: options.sigma ? Float64Array.from({ length: ROWS }, () => r.between(0.1, 2)) : undefined,
    slopes: Array.from({ length: p }, () => (options.scaled ? 2 ** Math.round(r.between(-3, 3)) : 1)),
    scale: options.scaled ? 0.25 : 1,
  };
}

/** The kernel was compiled (else the comparison would be the VM with itself). */
function hasKernel(program: CompiledProgram, hasSigma: boolean): boolean {
  const link = instantiateCore().kernelLink;
  const outputs = program.outputs;
  return kernelSlot(link, { nVariables: program.variables.length, body: program.body, outputs, constants: program.constants, constantsAt: program.parameters.length, hasSigma }) > 0;
}

function expectSameFold(program: CompiledProgram, seed: number): void {
  for (const sigma of [false, true]) {
    for (const scaled of [false, true]) {
      const data = randomData(program, seed, { sigma, scaled });
      expect(foldPass(program, data, true)).toEqual(foldPass(program, data, false));
    }
  }
  // A robust loss: the kernel's values, the block kernel's residuals.
  const data = randomData(program, seed, { sigma: true, scaled: true });
  expect(foldPass(program, data, true, 'soft_l1')).toEqual(foldPass(program, data, false, 'soft_l1'));
}

// Expressions of the grammar (src/models/expression/parse.ts): numbers, parameters, the
// variable, + − * / ^, unary minus, and every function; depth-limited.
function randomExpression(seed: number): string {
  const r = seeded(seed);
  const pick = <T,>(items: readonly T[]): T => items[Math.floor(r.uniform() * items.length)];
  const unary = ['exp', 'log', 'sqrt', 'sin', 'cos', 'tan', 'atan', 'tanh', 'abs', 'erf', 'erfc', 'erfcx', 'logerfc'];
  const leaf = (): string => pick(['a', 'b', 'c', 'x', 'x', '2', '0.5', '3.25', 'pi']);
  const node = (depth: number): string => {
    if (depth === 0 || r.uniform() < 0.25) return leaf();
    const kind = r.uniform();
    if (kind < 0.45) return `(${node(depth - 1)} ${pick(['+', '-', '*', '/'])} ${node(depth - 1)})`;
    if (kind < 0.55) return `(${node(depth - 1)})^${pick(['2', '3', '-1', '-2', '0.5', 'b', '1.5'])}`;
    if (kind < 0.6) return `-${node(depth - 1)}`;
    if (kind < 0.65) return `${pick(['faddeevaRe', 'faddeevaIm'])}(${node(depth - 1)}, ${node(depth - 1)})`;
    return `${pick(unary)}(${node(depth - 1)})`;
  };
  return `a*${node(4)} + c`;
}

describe('a model compiled to its own kernel', () => {
  afterAll(() => useModelKernels(true));

  it('is compiled here (the SIMD kernels are in use), else these tests would compare the VM with itself', () => {
    useModelKernels(true);
    expect(hasKernel(compileExpression('a*exp(-b*x) + c'), false)).toBe(true);
    expect(hasKernel(compileExpression('a*exp(-b*x) + c'), true)).toBe(true);
  });

  const names = builtinModelNames.flatMap((n) => (n === 'polynomial<n>' ? ['polynomial1', 'polynomial3', 'polynomial10'] : [n]));
  for (const name of names) {
    it(`folds the VM's bits for the built-in ${name}`, () => {
      const program = compileExpression(builtinModelExpression(name)!);
      useModelKernels(true);
      expect(hasKernel(program, false)).toBe(true);
      expectSameFold(program, name.length * 7919);
    });
  }

  it("folds the VM's bits for 300 random expressions of the whole grammar", () => {
    let compiled = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const program = compileExpression(randomExpression(seed));
      useModelKernels(true);
      if (hasKernel(program, true)) compiled++;
      expectSameFold(program, seed);
    }
    expect(compiled).toBe(300);
  });

  it('stops the pass at the same row when the model is not finite there', () => {
    const program = compileExpression('a*log(x - b) + c');
    const data = randomData(program, 5, { sigma: false, scaled: false });
    data.theta = [1, 0, 0];
    data.columns[0] = Float64Array.from({ length: ROWS }, (_, i) => (i === 21 ? -1 : 1 + i));
    const vm = foldPass(program, data, false);
    expect(vm.finite).toBe(false);
    expect(vm.badRow).toBe(21);
    expect(foldPass(program, data, true)).toEqual(vm);
  });

  it('takes e^x beyond 708 from the scalar exp, as the VM does', () => {
    const program = compileExpression('a*exp(b*x) + c');
    const data = randomData(program, 9, { sigma: false, scaled: false });
    data.theta = [1e-300, 300, 0];
    data.columns[0] = Float64Array.from({ length: ROWS }, (_, i) => 2.3 + 0.005 * i); // b·x from 690 to 744
    const vm = foldPass(program, data, false);
    expect(foldPass(program, data, true)).toEqual(vm);
  });

  it('falls back to the VM, with the same results, on a host that refuses to compile at run time (a strict CSP)', () => {
    const Module = WebAssembly.Module;
    const source = 'a*exp(-b*x)*cos(c*x) + d';
    const x = Float64Array.from({ length: 301 }, (_, i) => i / 30);
    const y = x.map((t) => 2 * Math.exp(-0.3 * t) * Math.cos(1.7 * t) + 0.1 + 0.01 * Math.sin(31 * t));
    const fit = () => createEngine().curveFitSync(source, x, y, { p0: { a: 1, b: 0.2, c: 1.5, d: 0 } });
    useModelKernels(false);
    const vm = fit();
    useModelKernels(true);
    let refused = 0;
    (WebAssembly as { Module: unknown }).Module = function Refusing(): never {
      refused++;
      throw new WebAssembly.CompileError("WebAssembly.Module(): Refused to compile or instantiate WebAssembly module because 'wasm-unsafe-eval' is not an allowed source of script");
    };
    try {
      const refusedFit = fit();
      expect(refused).toBe(1);
      expect(refusedFit.params).toEqual(vm.params);
      expect(refusedFit.chi2).toBe(vm.chi2);
      expect(hasKernel(compileExpression('a*x + b*x^2 + c'), false)).toBe(false); // compiling stays off, nothing thrown
    } finally {
      (WebAssembly as { Module: unknown }).Module = Module;
      useModelKernels(true);
    }
  });

  it('gives a global fit the VM\'s bits, each dataset with its own kernel (its prologue at the head of its body)', () => {
    const x = Float64Array.from({ length: 157 }, (_, i) => i / 15);
    const datasets = [
      { model: 'a1*exp(-k*x) + c1', x, y: x.map((t) => 2 * Math.exp(-0.5 * t) + 0.1 + 0.01 * Math.sin(17 * t)) },
      { model: 'a2*exp(-k*x)*cos(w*x) + c2', x, y: x.map((t) => Math.exp(-0.5 * t) * Math.cos(1.3 * t) + 0.3 + 0.01 * Math.cos(23 * t)) },
    ];
    const options = { p0: { a1: 1, a2: 1, k: 0.3, c1: 0, c2: 0, w: 1.2 }, chunkRows: 64 };
    useModelKernels(false);
    const vm = createEngine().curveFitGlobalSync(datasets, options);
    useModelKernels(true);
    const before = modelKernelState().compiled;
    const compiled = createEngine().curveFitGlobalSync(datasets, options);
    expect(modelKernelState()).toEqual({ compiled: before + 3, compiling: true }); // two datasets' programs, and the padding program that carves and idles
    expect(compiled.params).toEqual(vm.params);
    expect(compiled.errors).toEqual(vm.errors);
    expect(compiled.chi2).toBe(vm.chi2);
  });

  it('gives a global fit of 70 datasets, more than an instance keeps linked, the VM\'s bits', () => {
    const x = Float64Array.from({ length: 40 }, (_, i) => i / 8);
    const datasets = Array.from({ length: 70 }, (_, d) => ({
      model: `a${d}*exp(-k*x) + c${d}`,
      x,
      y: x.map((t, i) => (1 + d / 70) * Math.exp(-0.5 * t) + d / 100 + 0.01 * Math.sin(7 * i + d)),
    }));
    const options = { p0: { k: 0.3 }, chunkRows: 16 };
    useModelKernels(false);
    const vm = createEngine().curveFitGlobalSync(datasets, options);
    useModelKernels(true);
    const compiled = createEngine().curveFitGlobalSync(datasets, options);
    expect(compiled.params).toEqual(vm.params);
    expect(compiled.chi2).toBe(vm.chi2);
  });

  it('folds two variables and a model whose value is one scalar', () => {
    const twoVariables = compileExpression('a*x*exp(-b*t) + c', { variables: ['x', 't'] });
    expectSameFold(twoVariables, 17);
    const flat = compileExpression('a + 0*x');
    expectSameFold(flat, 18);
  });
});
