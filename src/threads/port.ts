/**
 * The worker's side of the channel: Node's worker_threads parentPort, or a Web Worker's global
 * scope. In Node the module comes from process.getBuiltinModule (Node ≥ 20.16), or from the
 * require that spawn.ts hands to eval'd code as globalThis.__arenafitRequire (a bare `require`
 * here would be the bundler's shim).
 */
export interface Port<In, Out> {
  post(message: Out, transfer?: ArrayBuffer[]): void;
  listen(handler: (message: In) => void): void;
}

export function parentPort<In, Out>(): Port<In, Out> {
  const node = globalThis as { process?: { getBuiltinModule?(name: string): unknown }; __arenafitRequire?: (name: string) => unknown };
  const load = node.process?.getBuiltinModule?.bind(node.process) ?? node.__arenafitRequire;
  const threads = load?.('node:worker_threads') as { parentPort: { postMessage(m: unknown, transfer?: ArrayBuffer[]): void; on(e: string, f: (m: In) => void): void } | null } | undefined;
  if (threads?.parentPort) {
    const parent = threads.parentPort;
    return { post: (m, transfer) => parent.postMessage(m, transfer), listen: (f) => parent.on('message', f) };
  }
  const scope = globalThis as unknown as { postMessage(m: unknown, transfer?: ArrayBuffer[]): void; addEventListener(e: string, f: (ev: { data: In }) => void): void };
  return { post: (m, transfer) => scope.postMessage(m, transfer ?? []), listen: (f) => scope.addEventListener('message', (ev) => f(ev.data)) };
}
