// The compiler: common subexpressions, simplification, scalar/vector placement, operand forms,
// register allocation. Oracles: the instruction and register counts worked out by hand for small
// models, the ABI's operand rules (assembly/abi.ts) for every NIST model, and the value at a point.
import { describe, expect, it } from 'vitest';
import {
  FORM_SS, FORM_SV, FORM_VS, FORM_VV, OP_ADD, OP_COS, OP_DIV, OP_EXP, OP_MUL, OP_NEG, OP_POW, OP_SIN, OP_SQUARE, OP_SUB,
} from '../../../assembly/abi.ts';
import { compileExpression, evaluateProgram, type CompiledProgram } from '../../../src/models/expression/index.ts';
import { isBinary } from '../../../src/models/expression/operations.ts';
import { nistProblems } from '../../support/nist.ts';

interface Instruction {
  operation: number;
  form: number;
  dst: number;
  a: number;
  b: number;
}

function decode(code: Int32Array): Instruction[] {
  const out: Instruction[] = [];
  for (let k = 0; k < code.length; k += 4) {
    out.push({ operation: code[k] >> 2, form: code[k] & 3, dst: code[k + 1], a: code[k + 2], b: code[k + 3] });
  }
  return out;
}

const count = (code: Int32Array, operation: number) => decode(code).filter((i) => i.operation === operation).length;

/** Checks the ABI's operand rules: forms, slot ranges, no write to θ, constants or a variable. */
function checkOperands(program: CompiledProgram): void {
  const P = program.parameters.length;
  const V = program.variables.length;
  const firstTemporary = P + program.constants.length;
  const isScalar = (slot: number) => slot >= 0 && slot < program.nScalars;
  const isVector = (slot: number) => slot >= 0 && slot < V + program.nRegisters;
  for (const i of decode(program.prologue)) {
    expect(i.form).toBe(FORM_SS);
    expect(i.dst).toBeGreaterThanOrEqual(firstTemporary);
    expect(i.dst).toBeLessThan(program.nScalars);
    expect(isScalar(i.a)).toBe(true);
    if (isBinary(i.operation)) expect(isScalar(i.b)).toBe(true);
  }
  for (const code of [program.body, program.valueBody]) {
    for (const i of decode(code)) {
      expect(i.form).not.toBe(FORM_SS);
      expect(i.dst).toBeGreaterThanOrEqual(V);
      expect(isVector(i.dst)).toBe(true);
      if (!isBinary(i.operation)) expect(i.form).toBe(FORM_VV);
      expect((i.form === FORM_SV ? isScalar : isVector)(i.a)).toBe(true);
      if (isBinary(i.operation)) expect((i.form === FORM_VS ? isScalar : isVector)(i.b)).toBe(true);
    }
  }
  expect(program.outputs).toHaveLength(1 + P);
  expect(program.valueOutputs).toHaveLength(1);
  for (const output of [...program.outputs, ...program.valueOutputs]) {
    expect(output >= 0 ? isVector(output) : isScalar(-1 - output)).toBe(true);
  }
}

describe('common subexpressions (oracle: counted by hand)', () => {
  it('a*exp(-b*x)+c computes exp once, for f, ∂f/∂a and ∂f/∂b', () => {
    const program = compileExpression('a*exp(-b*x)+c');
    expect(count(program.body, OP_EXP)).toBe(1);
    expect(count(program.valueBody, OP_EXP)).toBe(1);
    // -b and -a are scalars (prologue); per row: -b·x, exp, a·e, +c, e·x, (-a)·(e·x).
    expect(program.prologue.length / 4).toBe(2);
    expect(program.body.length / 4).toBe(6);
    expect(program.valueBody.length / 4).toBe(4);
    expect(program.nRegisters).toBe(3); // outputs f, e, ∂f/∂b live to the end
    expect(program.outputs[1]).toBe(decode(program.body)[1].dst); // ∂f/∂a is the exp register itself
    expect(program.outputs[3]).toBeLessThan(0); // ∂f/∂c = 1 is a scalar
  });

  it('a repeated subexpression is computed once: sin(a*x)^2 + sin(a*x)', () => {
    const program = compileExpression('sin(a*x)^2 + sin(a*x)');
    expect(count(program.valueBody, OP_SIN)).toBe(1);
    expect(count(program.body, OP_SIN)).toBe(1);
    expect(count(program.body, OP_COS)).toBe(1);
  });

  it('commutative operands are canonical: a*x + x*a multiplies once', () => {
    expect(count(compileExpression('a*x + x*a').valueBody, OP_MUL)).toBe(1);
  });
});

describe('simplification (oracle: the rules of src/models/expression/simplify.ts)', () => {
  it.each([
    ['a*x + 0', 1],
    ['0 + a*x', 1],
    ['1*a*x*1', 1],
    ['a*x - 0', 1],
    ['a*x/1', 1],
    ['--(a*x)', 1],
    ['(a*x)^1', 1],
    ['a*x + 0*x', 1],
  ])('%s needs one vector instruction', (source, instructions) => {
    expect(compileExpression(source).valueBody.length / 4).toBe(instructions);
  });

  it('folds constants: 2*3*a*x multiplies x by the scalar 6·a', () => {
    const program = compileExpression('2*3*a*x');
    expect(Array.from(program.constants)).toEqual([6]);
    expect(program.valueBody.length / 4).toBe(1);
  });

  it('x^0 is 1 and x^2 is SQUARE; other constant exponents stay POW with a scalar exponent', () => {
    const zero = compileExpression('a*x^0');
    expect(zero.valueBody.length).toBe(0);
    expect(count(compileExpression('a*x^2').valueBody, OP_SQUARE)).toBe(1);
    const cube = decode(compileExpression('a*x^3').valueBody).find((i) => i.operation === OP_POW)!;
    expect(cube.form).toBe(FORM_VS);
  });

  it('x*x is SQUARE and negations move into scalar factors', () => {
    expect(count(compileExpression('a*x*x').valueBody, OP_SQUARE)).toBe(1);
    const program = compileExpression('-a*x');
    expect(count(program.valueBody, OP_NEG)).toBe(0);
    expect(count(program.prologue, OP_NEG)).toBe(1);
  });
});

describe('scalars and vectors', () => {
  it('scalar-minus-vector is SUB with FORM_SV; vector-minus-scalar is FORM_VS', () => {
    const [i] = decode(compileExpression('a - x').valueBody);
    expect([i.operation, i.form]).toEqual([OP_SUB, FORM_SV]);
    const [j] = decode(compileExpression('x - a').valueBody);
    expect([j.operation, j.form]).toEqual([OP_SUB, FORM_VS]);
    const [k] = decode(compileExpression('a / x').valueBody);
    expect([k.operation, k.form]).toEqual([OP_DIV, FORM_SV]);
    const [l] = decode(compileExpression('x + exp(x)*a').valueBody.slice(-4));
    expect([l.operation, l.form]).toEqual([OP_ADD, FORM_VV]);
  });

  it('a model without x has an empty body and scalar outputs, which evaluateProgram broadcasts', () => {
    const program = compileExpression('exp(a)*b + a');
    expect(program.body).toHaveLength(0);
    expect(program.valueBody).toHaveLength(0);
    expect([...program.outputs].every((o) => o < 0)).toBe(true);
    const { value, gradient } = evaluateProgram(program, [0, 2], [[1, 2, 3]], 3, true);
    expect(Array.from(value)).toEqual([2, 2, 2]);
    expect(gradient.map((g) => Array.from(g))).toEqual([[3, 3, 3], [1, 1, 1]]); // exp(a)·b + 1, exp(a)
  });

  it('a model that is a variable outputs the variable slot itself', () => {
    const program = compileExpression('x + a*0', {});
    expect(Array.from(program.valueOutputs)).toEqual([0]);
    expect(program.outputs[1]).toBeLessThan(0);
    expect(Array.from(evaluateProgram(program, [5], [[7, 8]], 2).value)).toEqual([7, 8]);
  });

  it('two variables: Nelson reads x1 and x2 as vector slots 0 and 1', () => {
    const program = compileExpression('b1 - b2*x1*exp(-b3*x2)', { variables: ['x1', 'x2'] });
    const reads = decode(program.valueBody).flatMap((i) => [i.form === FORM_SV ? -1 : i.a, i.form === FORM_VS ? -1 : i.b]);
    expect(reads).toContain(0);
    expect(reads).toContain(1);
    const { value } = evaluateProgram(program, [3, 2, 1], [[1], [0]], 1);
    expect(value[0]).toBe(1); // 3 − 2·1·e⁰
  });
});

describe('registers (oracle: liveness by hand)', () => {
  it('a chain reuses one register in place', () => {
    const program = compileExpression('exp(sin(cos(a*x)))*b + c');
    const value = decode(program.valueBody);
    expect(new Set(value.map((i) => i.dst)).size).toBe(1);
  });

  it('nRegisters covers both bodies and is what the widest one needs', () => {
    const program = compileExpression('a*exp(-b*x) + c*exp(-d*x)');
    const used = (code: Int32Array) => Math.max(0, ...decode(code).map((i) => i.dst - program.variables.length + 1));
    expect(program.nRegisters).toBe(used(program.body));
    expect(program.nRegisters).toBeGreaterThanOrEqual(used(program.valueBody));
  });
});

describe('every NIST StRD model', () => {
  for (const problem of nistProblems) {
    it(`${problem.name}: operands obey the ABI (oracle: assembly/abi.ts)`, () => {
      checkOperands(compileExpression(problem.model, { variables: problem.predictors }));
    });
  }

  it('Gauss2: 9 vector outputs in 9 registers', () => {
    const gauss2 = nistProblems.find((p) => p.name === 'Gauss2')!;
    const program = compileExpression(gauss2.model);
    expect(program.nRegisters).toBe(9); // f and 8 derivatives, all vectors: the least possible
    expect(count(program.body, OP_EXP)).toBe(3);
  });
});

describe('evaluateProgram', () => {
  it('without gradient runs the value body only and returns no gradient', () => {
    const program = compileExpression('a*x');
    const { value, gradient } = evaluateProgram(program, [2], [[1, 2, 3]], 3);
    expect(Array.from(value)).toEqual([2, 4, 6]);
    expect(gradient).toEqual([]);
  });

  it('rejects θ and columns of the wrong size with INVALID_ARGUMENT', () => {
    const program = compileExpression('a*x + b');
    expect(() => evaluateProgram(program, [1], [[1]], 1)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => evaluateProgram(program, [1, 2], [[1]], 2)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => evaluateProgram(program, [1, 2], [], 1)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});
