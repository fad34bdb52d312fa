// The main job (`npm start`): the embedded demo (apps/shared/demo.ts), the same
// code `arenafit demo` runs.
import { runDemo } from '../shared/demo.ts';

runDemo((line) => console.log(line));
