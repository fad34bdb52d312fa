// The main job (`npm start`): the embedded demo (src/demo/run.ts), the same code `arenafit demo` runs.
import { runDemo } from './demo/run.ts';

runDemo((line) => console.log(line));
