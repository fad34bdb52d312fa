// The FitError a call throws; fails the test when it throws something else or returns.
import { expect } from 'vitest';
import { FitError } from '../../src/index.ts';

export function thrown(run: () => unknown): FitError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(FitError);
    return error as FitError;
  }
  throw new Error('expected a FitError, but the call returned');
}
