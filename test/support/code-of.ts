// How a call ended, as one string a test can compare: the FitError's code, 'none' when it
// returned, 'raw <message>' when anything else escaped, 'still pending' when it had not settled
// within `withinMs` (a hang). `run` is a call (sync throws count) or a promise.
import { FitError } from '../../src/index.ts';

export async function codeOf(run: (() => unknown) | Promise<unknown>, withinMs = 10_000): Promise<string> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<string>((resolve) => (timer = setTimeout(() => resolve('still pending'), withinMs)));
  const settled = (async () => {
    try {
      await (typeof run === 'function' ? run() : run);
      return 'none';
    } catch (error) {
      return error instanceof FitError ? error.code : `raw ${error instanceof Error ? error.message : String(error)}`;
    }
  })();
  try {
    return await Promise.race([settled, late]);
  } finally {
    clearTimeout(timer);
  }
}
