// The apps (apps/cli, apps/demo, apps/web) use the library as its users do: through the public
// entries 'arenafit', 'arenafit/text' and 'arenafit/node' only, never a file of src/. Code two apps share is in
// apps/shared, and no app reaches into another's folder; the page and the shared code import
// nothing from Node. Oracle: the import specifiers written in the files themselves.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const apps = resolve(dirname(fileURLToPath(import.meta.url)), '../../apps');

function files(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === 'out' || entry.name === 'node_modules') return [];
    const path = join(folder, entry.name);
    return entry.isDirectory() ? files(path) : /\.(ts|mjs)$/.test(entry.name) ? [path] : [];
  });
}

/** Static imports, re-exports, side-effect imports and dynamic imports of string literals. */
function specifiers(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:\bfrom\s+|\bimport\s*\(?\s*)'([^']+)'/g)].map((m) => m[1]);
}

/** What `file` may import, by where it is: its own folder, apps/shared, and the public entries. */
function allowed(file: string, specifier: string): boolean {
  const [folder] = relative(apps, file).split(sep);
  const browser = folder === 'shared' || relative(apps, file).startsWith(join('web', 'src'));
  if (specifier.startsWith('.')) {
    const [target] = relative(apps, resolve(dirname(file), specifier)).split(sep);
    return target === folder || target === 'shared';
  }
  if (specifier === 'arenafit' || specifier === 'arenafit/text') return true;
  if (browser) return false;
  return specifier === 'arenafit/node' || specifier.startsWith('node:') || (folder === 'web' && specifier === 'esbuild');
}

describe('apps/ imports', () => {
  const all = files(apps);

  it('finds the three apps and their shared code', () => {
    for (const folder of ['cli', 'demo', 'web', 'shared']) expect(all.some((file) => relative(apps, file).startsWith(folder + sep)), folder).toBe(true);
  });

  it("reach the library only through 'arenafit', 'arenafit/text' and 'arenafit/node', and another app not at all", () => {
    const wrong = all.flatMap((file) => specifiers(file).filter((s) => !allowed(file, s)).map((s) => `${relative(apps, file)}: ${s}`));
    expect(wrong).toEqual([]);
  });
});
