// The WASM expression VM (assembly/vm/run.ts) against the JavaScript reference evaluator
// (src/models/expression/evaluate.ts), which is the oracle: same bytecode, same operations, so
// the results agree to the last bits in which JavaScript's Math and AssemblyScript's differ
// (relative 1e-13; NaN where both are NaN). Each run lays out code, scalars, the vector table,
// columns and registers in the arena, and releases them after.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { FORM_SS, FORM_SV, FORM_VS, FORM_VV, OP_ADD, OP_FADDEEVA_IM } from '../../assembly/abi.ts';
import { builtinModel } from '../../src/models/builtin/index.ts';
import { compileExpression, evaluateProgram, type CompiledProgram, type Evaluation } from '../../src/models/expression/index.ts';
import { isBinary } from '../../src/models/expression/operations.ts';
import { getF64, loadDebugCore, putF64, putI32, type DebugExports } from '../support/debug-core.ts';
import { nistProblems } from '../support/nist.ts';

let core: DebugExports;
beforeAll(async () => {
  core = await loadDebugCore(16 << 20);
});

const SENTINEL = -7.25e99; // fills registers before a run, and guards the f64 after each one

/** Runs the prologue, then the body (or the value body), in WASM; checks nothing outside the outputs was written. */
function runVm(program: CompiledProgram, theta: number[], columns: ArrayLike<number>[], rows: number, withGradient: boolean): Evaluation {
  const mark = core.arenaMark();
  try {
    const P = program.parameters.length;
    const initial = new Float64Array(program.nScalars).fill(SENTINEL);
    initial.set(theta);
    initial.set(program.constants, P);
    const scalars = putF64(core, initial);
    const prologue = putI32(core, program.prologue);
    const body = putI32(core, withGradient ? program.body : program.valueBody);
    const columnPointers = columns.map((column) => putF64(core, Array.from({ length: rows }, (_, i) => column[i])));
    const registerPointers = Array.from({ length: program.nRegisters }, () => putF64(core, new Float64Array(rows + 1).fill(SENTINEL)));
    const vectors = [...columnPointers, ...registerPointers];
    const table = putI32(core, vectors);

    core.vmRun(prologue, program.prologue.length / 4, scalars, table, rows);
    core.vmRun(body, (withGradient ? program.body : program.valueBody).length / 4, scalars, table, rows);

    const after = getF64(core, scalars, program.nScalars);
    expect(Array.from(after.subarray(0, P + program.constants.length))).toEqual(Array.from(initial.subarray(0, P + program.constants.length)));
    columnPointers.forEach((pointer, v) => expect(getF64(core, pointer, rows)).toEqual(Float64Array.from({ length: rows }, (_, i) => columns[v][i])));
    registerPointers.forEach((pointer) => expect(getF64(core, pointer + rows * 8, 1)[0]).toBe(SENTINEL));
    const read = (operand: number): Float64Array =>
      operand >= 0 ? getF64(core, vectors[operand], rows) : new Float64Array(rows).fill(after[-1 - operand]);
    const outputs = withGradient ? program.outputs : program.valueOutputs;
    return { value: read(outputs[0]), gradient: Array.from(outputs.subarray(1), read) };
  } finally {
    core.arenaRelease(mark);
  }
}

/** Within 1e-13 relative; with `ofColumn`, also within 1e-13 of the column's largest value (for sums that cancel). */
function expectSame(vm: Float64Array, reference: Float64Array, what: string, ofColumn = false): void {
  expect(vm.length).toBe(reference.length);
  const floor = ofColumn ? reference.reduce((m, v) => Math.max(m, Math.abs(v)), 0) : 0;
  for (let i = 0; i < vm.length; i++) {
    const [a, b] = [vm[i], reference[i]];
    if (Number.isNaN(b)) expect(a, `${what}, row ${i}`).toBeNaN();
    else if (a !== b) expect(Math.abs(a - b), `${what}, row ${i}: ${a} vs ${b}`).toBeLessThanOrEqual(1e-13 * Math.max(Math.abs(a), Math.abs(b), floor));
  }
}

/** VM and reference, value body and full body, at θ on the given columns. */
function compare(program: CompiledProgram, theta: number[], columns: ArrayLike<number>[], rows: number, ofColumn = false): void {
  for (const withGradient of [false, true]) {
    const vm = runVm(program, theta, columns, rows, withGradient);
    const reference = evaluateProgram(program, theta, columns, rows, withGradient);
    expectSame(vm.value, reference.value, `${program.source}: value`, ofColumn);
    expect(vm.gradient).toHaveLength(reference.gradient.length);
    vm.gradient.forEach((g, j) => expectSame(g, reference.gradient[j], `${program.source}: ∂/∂${program.parameters[j]}`, ofColumn));
  }
}

describe('NIST StRD models on their data', () => {
  for (const problem of nistProblems) {
    it(`${problem.name} at the certified values and at start 1`, () => {
      const program = compileExpression(problem.model, { variables: problem.predictors });
      const columns = problem.predictors.map((name) => problem.data[name]);
      for (const values of [problem.certified_values, problem.start1]) {
        const theta = program.parameters.map((name) => values[problem.parameters.indexOf(name)]);
        compare(program, theta, columns, problem.num_observations);
      }
    });
  }
});

describe('edge cases', () => {
  const xs = [-3, -2, -1.5, -1, -0.5, -0, 0, 0.5, 1, 2, 3, 1e-300, 1e300, -1e300, Infinity, -Infinity, NaN];

  it.each([
    ['a + b', [1.5, -2]], // constants-only derivatives, scalar value
    ['exp(a)*sin(b) + a^b + sqrt(a) - log(b)/tan(a) + atan(b) + tanh(a) + abs(-b) + cos(a*b)', [0.7, 1.3]], // prologue only
    ['abs(a*x)', [2]], // sign(±0) = ±0, sign(NaN) = NaN in ∂/∂a
    ['abs(a*x)', [-0]],
    ['sqrt(a*x) + log(b*x)', [1, -1]],
    ['tan(a*x) + atan(b*x) + tanh(c*x)', [0.9, 2, 0.4]],
    ['a/x + (b - x) + c^x + 2^(a*x)', [1.5, 2, -2]], // scalar-op-vector (FORM_SV), negative base
    ['x^(a*x) + exp(-x^2/b)', [0.5, 3]], // vector^vector
    ['(x - a)^3 + b*x^-1 + c*x^-2 + (a*x)^4', [0.25, 2, 3]],
    ['erf(a*x) + erfc(b*x) + erfcx(c*x) + logerfc(a*x - b)', [0.7, -1.3, 0.4]], // the error functions and their derivatives
    ['faddeevaRe(a*x, b) + faddeevaIm(x - a, b*x)', [1.5, 0.25]], // Faddeeva, both parts, VS and VV forms
    ['faddeevaIm(a, x*b) - faddeevaRe(b*a, c)', [2, -0.5, 3]], // FORM_SV; a scalar operation in the prologue
  ])('%s', (source, theta) => {
    compare(compileExpression(source), theta, [xs], xs.length);
  });

  it.each([2, 3, -1, -2, 0.5, 2.5, -3, 0, 1, -0.5, NaN])('negative and zero bases to the power %d (FORM_VS)', (power) => {
    compare(compileExpression('(a*x)^b'), [1, power], [xs], xs.length);
  });

  it('a block of 4099 rows, and a block of none', () => {
    const x = Float64Array.from({ length: 4099 }, (_, i) => (i - 2000) / 97);
    const program = compileExpression('a*exp(-((x - b)/c)^2) + d*sin(x)');
    compare(program, [2, 0.5, 3, 0.1], [x], x.length);
    compare(program, [2, 0.5, 3, 0.1], [x], 0);
  });
});

describe('every operation in every form (hand-assembled, one instruction each)', () => {
  const x = [-2, -1, -0.5, -0, 0, 0.25, 1, 2.5, 1e-300, 1e300, Infinity, -Infinity, NaN];
  const y = [3, -2, 0.5, 2, -1, -0, 0, 0.5, 2, -0.5, 1, 3, 2];
  const pairs = [[2, 3], [3, -1], [-1, 2], [-2, 0.5], [0.5, -2], [-0, 0], [-1.5, 2.5], [NaN, 1], [Infinity, -2]];
  const operations = Array.from({ length: OP_FADDEEVA_IM - OP_ADD + 1 }, (_, k) => OP_ADD + k);

  /** A program of the one instruction `operation` in `form`: θ = (s, t), columns x and y. */
  function single(operation: number, form: number): CompiledProgram {
    const scalar = form === FORM_SS;
    // Operand a is slot 0 and b slot 1 of whichever kind the form names: s or x, and t or y.
    const instruction = Int32Array.of((operation << 2) | form, 2, 0, isBinary(operation) ? 1 : 0);
    const output = scalar ? -3 : 2; // scalar slot 2, or the first register (vector slot 2)
    return {
      source: `operation ${operation}, form ${form}`,
      parameters: ['s', 't'],
      variables: ['x', 'y'],
      nScalars: 3,
      constants: new Float64Array(0),
      nRegisters: 1,
      prologue: scalar ? instruction : new Int32Array(0),
      body: scalar ? new Int32Array(0) : instruction,
      outputs: Int32Array.of(output, output, output),
      valueBody: scalar ? new Int32Array(0) : instruction,
      valueOutputs: Int32Array.of(output),
    };
  }

  for (const operation of operations) {
    const forms = isBinary(operation) ? [FORM_SS, FORM_VV, FORM_VS, FORM_SV] : [FORM_SS, FORM_VV];
    for (const form of forms) {
      it(`operation ${operation}, form ${['SS', 'VV', 'VS', 'SV'][form]}`, () => {
        const program = single(operation, form);
        for (const theta of pairs) compare(program, theta, [x, y], x.length);
      });
    }
  }
});

describe('the built-in lineshapes on the grids and parameters of their lmfit oracles (test/fixtures/lineshapes)', () => {
  const fixture: { lineshapes: { model: string; oracle: string; params: Record<string, number>; x: number[] }[] } = JSON.parse(
    readFileSync(new URL('../fixtures/lineshapes/lineshapes.json', import.meta.url), 'utf8'),
  );
  // Derivatives here are sums that cancel where they cross zero (the Voigt's ∂/∂sigma is
  // 2(vI − uR)-like): they are held to 1e-13 of the column's largest value too. Not the
  // exponentially modified gaussians at gamma·sigma = 40 and 50 that only SciPy computes: there
  // ∂/∂sigma is a difference of terms 1e5 times larger, whose last bits (JavaScript's exp against
  // AssemblyScript's) leave 1e-11 of it.
  const cases = fixture.lineshapes.filter((c) => c.oracle.startsWith('lmfit'));
  it.each(cases.map((c) => [c.model, c] as const))('%s, value and gradient', (name, { params, x }) => {
    const program = compileExpression(builtinModel(name)!.expression);
    compare(program, program.parameters.map((p) => params[p]), [x], x.length, true);
  });
});
