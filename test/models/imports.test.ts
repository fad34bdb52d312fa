// The import graph of src/models has no circle (type-only imports included): imports point one
// way, as the design's layout asks. Oracle: the `from '…'` clauses of the files themselves.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../src/models');

function files(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? files(join(folder, entry.name)) : entry.name.endsWith('.ts') ? [join(folder, entry.name)] : [],
  );
}

/** The files of src/models that `file` imports (static imports and re-exports). */
function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/\bfrom\s+'(\.[^']+)'/g)].map((m) => resolve(dirname(file), m[1])).filter((path) => path.startsWith(root));
}

describe('src/models imports', () => {
  it('no file reaches itself through its imports', () => {
    const graph = new Map(files(root).map((file) => [file, imports(file)]));
    const state = new Map<string, 'open' | 'done'>();
    const circles: string[] = [];
    const visit = (file: string, path: string[]): void => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        circles.push([...path.slice(path.indexOf(file)), file].map((f) => relative(root, f)).join(' → '));
        return;
      }
      state.set(file, 'open');
      for (const next of graph.get(file) ?? []) visit(next, [...path, file]);
      state.set(file, 'done');
    };
    for (const file of graph.keys()) visit(file, []);
    expect(circles).toEqual([]);
  });

  it('the built-ins take BuiltinModel from builtin-model.ts, and index.ts only imports them', () => {
    for (const file of files(join(root, 'builtin'))) {
      if (file.endsWith('index.ts')) continue;
      expect(imports(file).map((f) => relative(root, f)), relative(root, file)).not.toContain('builtin/index.ts');
    }
  });
});
