/**
 * The `arenafit` command (dist/cli.mjs, package.json "bin"): dispatches to a command and
 * turns errors into exit statuses. Bad usage (UsageError) and bad input (FitError) print one
 * line on stderr, `arenafit: <what is wrong>`, and exit 2; messages that run on (a syntax
 * error's caret under the expression) are cut to their first line, which already names the
 * column, and the library's option names in them are said as flags (flag-names.ts). Anything
 * else is a bug: its stack is printed and the status is 70 (EX_SOFTWARE).
 */
import { FitError } from 'arenafit/node';
import { runDemo } from '../shared/demo.ts';
import { parseArgs, UsageError } from './args.ts';
import { inFlags, withNanHint } from './flag-names.ts';
import { fitCommand } from './fit-command.ts';
import { DEMO_HELP, MAIN_HELP, version } from './help.ts';
import type { Io } from './io.ts';

async function run(argv: readonly string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'fit':
      return fitCommand(rest, io);
    case 'demo':
      return demoCommand(rest, io);
    case '-h':
    case '--help':
      io.out(MAIN_HELP);
      return 0;
    case '--version':
      io.out(version());
      return 0;
    case undefined:
      throw new UsageError('no command; expected fit or demo (see arenafit --help)');
    default:
      throw new UsageError(command.startsWith('-') ? `unknown option ${command}; see arenafit --help` : `unknown command ${JSON.stringify(command)}; expected fit or demo (see arenafit --help)`);
  }
}

function demoCommand(argv: readonly string[], io: Io): number {
  const args = parseArgs(argv, { quick: 'boolean', help: 'boolean' });
  if (args.positionals.length > 0) throw new UsageError(`demo takes no arguments, but got ${JSON.stringify(args.positionals[0])}`);
  if (args.booleans.has('help')) io.out(DEMO_HELP);
  else runDemo(io.out, { rows: args.booleans.has('quick') ? 100_000 : 10_000_000 });
  return 0;
}

async function main(argv: readonly string[], io: Io): Promise<number> {
  try {
    return await run(argv, io);
  } catch (error) {
    if (error instanceof UsageError || error instanceof FitError) {
      const code = error instanceof FitError ? error.code : undefined;
      io.err(`arenafit: ${withNanHint(inFlags(error.message.split('\n')[0]), code)}`);
      return 2;
    }
    io.err(`arenafit: internal error, please report it: ${error instanceof Error ? error.stack : String(error)}`);
    return 70;
  }
}

// The exit status is set, not forced with process.exit, so that a report piped to another
// program is flushed before the process ends.
main(process.argv.slice(2), {
  out: (text) => process.stdout.write(text + '\n'),
  err: (text) => process.stderr.write(text + '\n'),
  progress: process.stderr,
}).then((status) => {
  process.exitCode = status;
});
