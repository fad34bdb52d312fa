// The worker's code when the library runs from its sources (tests): the host bundled on its
// own by build/build.mjs into host.gen.ts. The published bundles use their own factory instead.
import { startWorkerHost } from './host.ts';

startWorkerHost();
