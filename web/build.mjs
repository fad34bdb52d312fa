// Bundles the demo page's TypeScript (web/src) into web/out/app.js. 'arenafit' stays an import:
// index.html's import map points it at the published dist/index.mjs, so the page runs the very
// bundle a user installs. Run by serve.mjs before it listens; `node web/build.mjs` alone works too.
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const web = dirname(fileURLToPath(import.meta.url));

export async function buildPage() {
  await build({
    entryPoints: [join(web, 'src/main.ts')],
    outfile: join(web, 'out/app.js'),
    bundle: true,
    format: 'esm',
    target: 'es2022',
    external: ['arenafit'],
    sourcemap: true,
    logLevel: 'warning',
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildPage();
