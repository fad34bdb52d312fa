// The worker's code when the library runs from its sources (tests): bundled on its own by
// build/build.mjs into src/generated/host.gen.ts as a script whose global __arenafitHost is this
// module; threads/spawn.ts appends the call that starts it in its role.
export { startWorkerHost as __startWorkerHost } from './entry.ts';
