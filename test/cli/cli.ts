// Shared by the CLI tests: spawn the real command (dist/cli.mjs, built by `npm test` or
// `npm run build`; ARENAFIT_CLI=path runs another build of it, such as a development bundle)
// and write data files to a fresh OS temp folder.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';

export const CLI = process.env.ARENAFIT_CLI ? resolve(process.env.ARENAFIT_CLI) : fileURLToPath(new URL('../../dist/cli.mjs', import.meta.url));

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** `node dist/cli.mjs ...args`, to its end; stdout and stderr are pipes, not terminals. */
export function arenafit(...args: string[]): Run {
  const run = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** A temp folder for this test file, removed after it; `file(name, content)` writes into it. */
export function tempFolder(): { path: (name: string) => string; file: (name: string, content: string | Uint8Array) => string } {
  let dir = '';
  beforeAll(() => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first (npm test does)`);
    dir = mkdtempSync(join(tmpdir(), 'arenafit-cli-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const path = (name: string) => join(dir, name);
  return {
    path,
    file(name, content) {
      writeFileSync(path(name), content);
      return path(name);
    },
  };
}

/**
 * Delimited text: a header of the column names (unless `header` is false), then one line per
 * row; String(v) reads back to the same double.
 */
export function delimited(columns: Record<string, ArrayLike<number>>, delimiter = ',', { header = true } = {}): string {
  const names = Object.keys(columns);
  const lines = header ? [names.join(delimiter)] : [];
  for (let i = 0; i < columns[names[0]].length; i++) lines.push(names.map((name) => String(columns[name][i])).join(delimiter));
  return lines.join('\n') + '\n';
}
