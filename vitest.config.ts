import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const source = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  resolve: {
    // The apps import the package by name, as a user's program would; under test the names are
    // the sources. Exact matches, the subpaths first: a prefix 'arenafit' would also take it.
    alias: [
      { find: /^arenafit\/node$/, replacement: source('./src/node.ts') },
      { find: /^arenafit\/text$/, replacement: source('./src/text.ts') },
      { find: /^arenafit\/parquet$/, replacement: source('./src/parquet.ts') },
      { find: /^arenafit$/, replacement: source('./src/index.ts') },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
