// What the browser tests share: Chromium (CHROMIUM_PATH, test/support/chromium.ts) driven by playwright-core (never a browser
// download), and the demo's own server (apps/web/serve.mjs) on a free localhost port.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { chromiumPath } from '../support/chromium.ts';

const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: FLAGS });
}

export interface Server {
  url: string;
  close(): void;
}

/** Starts `node apps/web/serve.mjs --port 0` (which builds the page first) and reads the URL it prints. */
export function startDemoServer(): Promise<Server> {
  const script = fileURLToPath(new URL('../../apps/web/serve.mjs', import.meta.url));
  const child: ChildProcess = spawn(process.execPath, [script, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (data) => (stderr += data));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (data) => {
      const url = /http:\/\/127\.0\.0\.1:\d+\//.exec(String(data))?.[0];
      if (url) resolve({ url, close: () => child.kill() });
    });
    child.once('exit', (code) => reject(new Error(`apps/web/serve.mjs exited with ${code} before printing its URL:\n${stderr}`)));
  });
}
