// Runs once before every test file: says in one line which suites a machine without Chromium skips.
import { CHROMIUM_PATH, CHROMIUM_REQUIRED, HAS_CHROMIUM } from './chromium.ts';

export function setup(): void {
  if (HAS_CHROMIUM || CHROMIUM_REQUIRED) return;
  console.log(
    `browser suites skipped (test/browser, test/bundlers Vite, test/cli/plot): no Chromium at ${CHROMIUM_PATH}; ` +
      'to run them, apt-get install -y chromium or set CHROMIUM_PATH; CI=true makes them required',
  );
}
