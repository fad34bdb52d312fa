// The demo's static server: apps/web/ at /, the built bundles at /dist/, on localhost only.
//
//   node apps/web/serve.mjs [--port N]   N = 0 takes any free port; default 8765, or any free one if taken
//
// Builds the page first (build.mjs), then prints the URL as its first line of output (tests
// read it). GET and HEAD only; paths are resolved inside their folder, never above it.
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildPage } from './build.mjs';

const web = dirname(fileURLToPath(import.meta.url));
const roots = [['/dist/', join(web, '../../dist')], ['/', web]];
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8', '.cjs': 'text/javascript; charset=utf-8', '.map': 'application/json',
  '.json': 'application/json', '.png': 'image/png', '.wasm': 'application/wasm', '.md': 'text/plain; charset=utf-8',
};

function fileFor(pathname) {
  const [prefix, root] = roots.find(([p]) => pathname.startsWith(p));
  const file = resolve(root, decodeURIComponent(pathname.slice(prefix.length)) || 'index.html');
  if (file !== root && !file.startsWith(root + sep)) return undefined;
  try {
    return statSync(file).isFile() ? file : undefined;
  } catch {
    return undefined;
  }
}

const server = createServer((request, response) => {
  const file = ['GET', 'HEAD'].includes(request.method) ? fileFor(new URL(request.url, 'http://localhost').pathname) : undefined;
  if (!file) {
    response.writeHead(request.method === 'GET' || request.method === 'HEAD' ? 404 : 405).end();
    return;
  }
  // no-store: a rebuilt bundle is what the next reload gets.
  response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
  if (request.method === 'HEAD') response.end();
  else createReadStream(file).pipe(response);
});

function listen(port) {
  return new Promise((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolveListen(server.address().port));
  });
}

const flag = process.argv.indexOf('--port');
const wanted = flag > 0 ? Number(process.argv[flag + 1]) : 8765;
await buildPage();
const port = await listen(wanted).catch((error) => {
  if (error.code !== 'EADDRINUSE' || flag > 0) throw error;
  return listen(0);
});
console.log(`arenafit demo: http://127.0.0.1:${port}/`);
