// Where the browser suites find Chromium: CHROMIUM_PATH, else Debian's /usr/bin/chromium (the
// convention of puppeteer-like tools). Without one they are skipped — and the run says so once
// (test/support/global-setup.ts) — unless CI=true, where a missing Chromium is a failure.
import { existsSync } from 'node:fs';
import { describe, it } from 'vitest';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const HAS_CHROMIUM = existsSync(CHROMIUM_PATH);
/** CI=true: the browser suites must run, so a missing Chromium fails them instead of skipping. */
export const CHROMIUM_REQUIRED = process.env.CI === 'true' || process.env.CI === '1';

/** `describe` for a suite that needs Chromium: skipped when there is none and CI is not set. */
export const describeWithChromium = HAS_CHROMIUM || CHROMIUM_REQUIRED ? describe : describe.skip;

/** `it` for a test that needs Chromium, likewise. */
export const itWithChromium = HAS_CHROMIUM || CHROMIUM_REQUIRED ? it : it.skip;

/** Fails with what to do when Chromium is required but missing. */
export function chromiumPath(): string {
  if (!HAS_CHROMIUM) {
    throw new Error(`no Chromium at ${CHROMIUM_PATH}: install it (Debian: apt-get install -y chromium) or set CHROMIUM_PATH to a Chromium or Chrome binary`);
  }
  return CHROMIUM_PATH;
}
