// Bundles the demo page's TypeScript (apps/web/src) into apps/web/out/app.js. 'arenafit' is the
// published bundle, dist/index.mjs, and 'arenafit/text' dist/text.mjs (which imports it), bundled
// into the page as a user's bundler would: the page runs the very code a user installs, through
// its public entries only. Run by serve.mjs before it
// listens; `node apps/web/build.mjs` alone works too (after `npm run build`).
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const web = dirname(fileURLToPath(import.meta.url));
const library = join(web, '../../dist/index.mjs');
const text = join(web, '../../dist/text.mjs');

// 'arenafit' → dist/index.mjs. A plugin rather than esbuild's alias, which resolves a path
// from the working directory instead of from this file.
const publishedBundle = {
  name: 'published-bundle',
  setup(b) {
    b.onResolve({ filter: /^arenafit$/ }, () => ({ path: library }));
    b.onResolve({ filter: /^arenafit\/text$/ }, () => ({ path: text }));
  },
};

export async function buildPage() {
  if (!existsSync(library)) throw new Error(`${library} is missing: run npm run build first`);
  await build({
    entryPoints: [join(web, 'src/main.ts')],
    outfile: join(web, 'out/app.js'),
    bundle: true,
    format: 'esm',
    target: 'es2022',
    plugins: [publishedBundle],
    sourcemap: true,
    logLevel: 'warning',
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildPage();
