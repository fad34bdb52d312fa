/**
 * The command line's argument parser, small on purpose: `--flag value`, `--flag=value`,
 * boolean `--flag`, `-h`, positionals, and `--` to end the flags. Node's util.parseArgs would
 * refuse a value starting with '-' (`--model -a*x`) and words its errors for programmers;
 * here every mistake is a UsageError whose one-line message names the flag.
 */

/** Bad usage: the command line itself is wrong. Exit status 2, like a FitError. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Each flag's name without the dashes, and whether it takes a value. */
export type FlagSpec = Record<string, 'value' | 'boolean'>;

export interface ParsedArgs {
  /** Every value given for a flag, in order: a repeated flag is kept, not overwritten. */
  values: Map<string, string[]>;
  booleans: Set<string>;
  positionals: string[];
}

/** Short spellings, the usual ones only. */
const SHORT: Record<string, string> = { '-h': 'help' };

export function parseArgs(argv: readonly string[], spec: FlagSpec): ParsedArgs {
  const parsed: ParsedArgs = { values: new Map(), booleans: new Set(), positionals: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      parsed.positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      parsed.positionals.push(arg);
      continue;
    }
    const equals = arg.indexOf('=');
    const name = SHORT[arg] ?? (arg.startsWith('--') ? arg.slice(2, equals < 0 ? undefined : equals) : '');
    const kind = spec[name];
    if (kind === undefined) throw new UsageError(`unknown option ${equals < 0 ? arg : arg.slice(0, equals)}; see --help`);
    if (kind === 'boolean') {
      if (equals >= 0) throw new UsageError(`--${name} takes no value, but got ${arg}`);
      parsed.booleans.add(name);
      continue;
    }
    // The next word is the value even if it starts with '-': a model may ('-a*x + b').
    if (equals < 0 && i + 1 >= argv.length) throw new UsageError(`--${name} needs a value; see --help`);
    const value = equals >= 0 ? arg.slice(equals + 1) : argv[++i];
    parsed.values.set(name, [...(parsed.values.get(name) ?? []), value]);
  }
  return parsed;
}

/** The flag's value, the last one if it was given more than once (later words override). */
export function lastValue(args: ParsedArgs, name: string): string | undefined {
  return args.values.get(name)?.at(-1);
}
