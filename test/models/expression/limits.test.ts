// How large a model the compiler takes. Oracles: closed-form values and derivatives of sums of
// thousands of terms (∂/∂pⱼ of Σ pⱼ·x is x; of Σ aⱼ·exp(−bⱼ·x) it is exp(−bⱼ·x) and −aⱼ·x·exp(−bⱼ·x)),
// and the limits in src/models/expression/limits.ts.
//
// Measured compile times for p0*x + … + p{P−1}*x (Node 20, one core of a shared 2-core machine,
// cold): before, 1,000 parameters 107–151 ms, 4,000 3.1 s, 8,000 14.2 s (with --stack-size=7000;
// at the default stack 4,000 overflowed); after, 28 ms, 53 ms and ~90 ms. The 4,000-term sum of
// exponentials below (8,000 parameters) compiles in ~125 ms. No assertion here is on time.
import { describe, expect, it } from 'vitest';
import { compileExpression, evaluateProgram } from '../../../src/models/expression/index.ts';
import { MAX_NESTING, MAX_SOURCE_LENGTH, MAX_TOKENS } from '../../../src/models/expression/limits.ts';
import { tokenize } from '../../../src/models/expression/tokenize.ts';
import { thrown } from '../../support/thrown.ts';

const X = [0.5, -1.25, 3];

describe('8,000 parameters compile (oracle: closed form)', () => {
  it('p0*x + p1*x + … + p7999*x: 8,000 parameters, value Σpⱼ·x, every ∂f/∂pⱼ = x', () => {
    const P = 8000;
    const program = compileExpression(Array.from({ length: P }, (_, j) => `p${j}*x`).join(' + '));
    expect(program.parameters).toHaveLength(P);
    expect(program.parameters[0]).toBe('p0');
    expect(program.parameters[P - 1]).toBe('p7999');
    const theta = Array.from({ length: P }, (_, j) => 1 + (j % 7) / 8);
    const sum = theta.reduce((s, t) => s + t, 0);
    const { value, gradient } = evaluateProgram(program, theta, [X], X.length, true);
    X.forEach((x, i) => expect(value[i]).toBeCloseTo(sum * x, 8));
    for (const j of [0, 1, 4321, P - 1]) expect(Array.from(gradient[j])).toEqual(X);
  });

  it('a0*exp(-b0*x) + … (4,000 terms, 8,000 parameters): every derivative is its own term', () => {
    const terms = 4000;
    const program = compileExpression(Array.from({ length: terms }, (_, k) => `a${k}*exp(-b${k}*x)`).join(' + '));
    expect(program.parameters).toHaveLength(2 * terms);
    const theta = program.parameters.map((name) => (name.startsWith('a') ? 2 : 0.001) * (1 + (Number(name.slice(1)) % 5)));
    const { gradient } = evaluateProgram(program, theta, [X], X.length, true);
    for (const k of [0, 17, terms - 1]) {
      const a = theta[2 * k];
      const b = theta[2 * k + 1];
      X.forEach((x, i) => {
        expect(gradient[2 * k][i]).toBeCloseTo(Math.exp(-b * x), 12);
        expect(gradient[2 * k + 1][i]).toBeCloseTo(-a * x * Math.exp(-b * x), 12);
      });
    }
  });

  it('a product of 8,000 parameters: ∂/∂pⱼ is the product of the others', () => {
    const P = 8000;
    const program = compileExpression(Array.from({ length: P }, (_, j) => `p${j}`).join('*') + '*x');
    const theta = new Array<number>(P).fill(1);
    theta[123] = 3;
    const { value, gradient } = evaluateProgram(program, theta, [X], X.length, true);
    X.forEach((x, i) => {
      expect(value[i]).toBe(3 * x);
      expect(gradient[123][i]).toBe(x);
      expect(gradient[0][i]).toBe(3 * x);
    });
  });
});

describe('over the limits: MODEL_TOO_LARGE before parsing (oracle: limits.ts)', () => {
  it(`a source of more than ${MAX_SOURCE_LENGTH} characters is refused, naming its length and the limit`, () => {
    const source = 'a*x + ' + ' '.repeat(MAX_SOURCE_LENGTH);
    const error = thrown(() => compileExpression(source));
    expect(error.code).toBe('MODEL_TOO_LARGE');
    expect(error.message).toMatch(/^model: /);
    expect(error.message).toContain(String(source.length));
    expect(error.message).toContain(String(MAX_SOURCE_LENGTH));
  });

  it('a source of 10 MB that is not even valid is refused by its length, not a syntax error', () => {
    const error = thrown(() => compileExpression('#'.repeat(10_000_000)));
    expect(error.code).toBe('MODEL_TOO_LARGE');
    expect(error.message).toContain('10000000');
  });

  it(`more than ${MAX_TOKENS} tokens is refused, naming the count and the limit`, () => {
    const source = 'a' + '+a'.repeat(MAX_TOKENS / 2); // MAX_TOKENS + 1 tokens, well under the length limit
    const error = thrown(() => compileExpression(source));
    expect(error.code).toBe('MODEL_TOO_LARGE');
    expect(error.message).toContain(String(MAX_TOKENS + 1));
    expect(error.message).toContain(String(MAX_TOKENS));
  });

  it('exactly the token limit compiles', () => {
    const source = 'a*x' + '+a'.repeat(MAX_TOKENS / 2 - 3) + '+-b';
    expect(tokenize(source)).toHaveLength(MAX_TOKENS + 1); // and the end token
    expect(compileExpression(source).parameters).toEqual(['a', 'b']);
  });

  it(`nesting deeper than ${MAX_NESTING} levels is INVALID_ARGUMENT "too deep"; ${MAX_NESTING} levels compile`, () => {
    for (const [open, close] of [['(', ')'], ['exp(', ')'], ['-(', ')']]) {
      const error = thrown(() => compileExpression(open.repeat(MAX_NESTING + 1) + 'a*x' + close.repeat(MAX_NESTING + 1)));
      expect(error.code).toBe('INVALID_ARGUMENT');
      expect(error.message).toMatch(/^model: .*too deep/);
      expect(error.message).toContain(String(MAX_NESTING));
    }
    expect(thrown(() => compileExpression('2^'.repeat(MAX_NESTING + 1) + 'a')).code).toBe('INVALID_ARGUMENT');
    expect(thrown(() => compileExpression('-'.repeat(MAX_NESTING + 1) + 'a')).code).toBe('INVALID_ARGUMENT');
    const deep = compileExpression('('.repeat(MAX_NESTING) + 'a*x' + ')'.repeat(MAX_NESTING));
    expect(Array.from(evaluateProgram(deep, [2], [[3]], 1).value)).toEqual([6]);
  });
});
