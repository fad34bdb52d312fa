// How the main library bundle is built (esbuild options), shared by build/build.mjs, which
// writes it into dist/, and bench/bundle-size.mjs, which rebuilds it to see what it is made of.
// The worker host's own bundle (src/generated/host.gen.ts, for the sources under vitest) is left
// out: the published bundle's workers run the bundle itself (src/threads/spawn.ts).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

const noHostBundle = {
  name: 'no-host-bundle',
  setup(build) {
    build.onResolve({ filter: /host\.gen\.ts$/ }, () => ({ path: 'host-stub', namespace: 'stub' }));
    build.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({ contents: "export const hostSource = '';", loader: 'ts' }));
  },
};

// Node 20 and browsers with ES2022 (class private fields natively: lowered to WeakMap lookups
// they cost a third of a pass). Minified: the bundle is shipped to browsers.
export const libraryOptions = {
  entryPoints: [join(ROOT, 'src/index.ts')], absWorkingDir: ROOT, bundle: true, format: 'iife',
  globalName: '__arenafitExports', platform: 'neutral', target: ['node20', 'es2022'], minify: true,
  legalComments: 'none', logLevel: 'warning', write: false, plugins: [noHostBundle],
};
