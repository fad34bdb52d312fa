/**
 * The library's messages say how to fix a call in the library's words — `options.skipLines`,
 * `set options.nanPolicy to 'omit'`, `createEngine({ arenaBytes: … })`. A person at a shell
 * fixes a command line, so every message the command prints goes through `inFlags`, which says
 * the same in flags: `--skip`, `use --nan-policy omit`, `--arena 2MiB`. One table, FLAG_NAMES,
 * says which flag sets which option; test/cli/messages.test.ts has a case for each row.
 */

/** One option of the library and the flag of `arenafit fit` that sets it. */
export interface FlagName {
  /** The library's name: an option of curveFit, fromCsvFile or fromBinaryFile, or createEngine's arenaBytes. */
  option: string;
  /** The flag, with its dashes. */
  flag: string;
  /** Flags that take no value, by the option's value each stands for: header false is --no-header. */
  switches?: Record<string, string>;
}

export const FLAG_NAMES: readonly FlagName[] = [
  // The fit (FitOptions).
  { option: 'p0', flag: '--p0' },
  { option: 'fixed', flag: '--fixed' },
  { option: 'bounds', flag: '--bounds' },
  { option: 'loss', flag: '--loss' },
  { option: 'fScale', flag: '--fscale' },
  { option: 'nanPolicy', flag: '--nan-policy' },
  { option: 'absoluteSigma', flag: '--absolute-sigma', switches: { true: '--absolute-sigma' } },
  { option: 'workers', flag: '--workers' },
  { option: 'ftol', flag: '--ftol' },
  { option: 'xtol', flag: '--xtol' },
  { option: 'gtol', flag: '--gtol' },
  { option: 'maxIterations', flag: '--max-iterations' },
  // The file (fromCsvFile, fromBinaryFile).
  { option: 'x', flag: '--x' },
  { option: 'y', flag: '--y' },
  { option: 'sigma', flag: '--sigma' },
  { option: 'delimiter', flag: '--delimiter' },
  { option: 'decimal', flag: '--decimal' },
  { option: 'header', flag: '--no-header', switches: { false: '--no-header', true: '--header' } },
  { option: 'skipLines', flag: '--skip' },
  { option: 'comment', flag: '--comment', switches: { false: '--no-comment' } },
  { option: 'tempCopy', flag: '--no-temp-copy', switches: { false: '--no-temp-copy' } },
  { option: 'columns', flag: '--columns' },
  { option: 'dtype', flag: '--dtype' },
  // The engine (createEngine).
  { option: 'arenaBytes', flag: '--arena' },
];

const BY_OPTION = new Map(FLAG_NAMES.map((row) => [row.option, row]));

/** A value from a message ('omit', "%", 3) as it is typed after a flag in a shell: quoted when the shell would read it otherwise. */
function typed(value: string): string {
  const text = /^(['"]).*\1$/.test(value) ? value.slice(1, -1) : value;
  return /^[\w.,:%/+-]+$/.test(text) ? text : `'${text}'`;
}

/**
 * An option given a value, as command-line words: `--skip 60`, `--no-header`; a value that
 * only leaving a switch out gives (absoluteSigma false) is undefined.
 */
function given(row: FlagName, value: string): string | undefined {
  const switched = row.switches?.[value];
  if (switched !== undefined) return switched;
  // An option only switches set (--absolute-sigma, --no-header) takes its other values by leaving them out.
  if (row.switches !== undefined && Object.values(row.switches).includes(row.flag)) return undefined;
  return `${row.flag} ${typed(value)}`;
}

/** An arena size as --arena reads it, rounded up to whole MiB. */
const arenaSize = (bytes: number) => `${Math.ceil(bytes / 2 ** 20)}MiB`;

/** A bound as --bounds reads it. */
const bound = (text: string) => text.trim().replace('Infinity', 'inf');

/** A value in a message: a quoted string, a number, true or false (not a word: "options.p0: the parameter …"). */
const VALUE = `('[^']*'|"[^"]*"|-?\\d[\\w.+-]*|true\\b|false\\b)`;

/** A message of the library, said in the command line's flags. Text that names no option is returned as it is. */
export function inFlags(message: string): string {
  return message
    // "create the engine with createEngine({ arenaBytes: 2097152 }) or more" → "use --arena 2MiB or more"
    .replace(/\bcreate the engine with createEngine\(\{ arenaBytes: (\d+) \}\)/g, (_, bytes) => `use --arena ${arenaSize(Number(bytes))}`)
    // "set options.skipLines: 3" or "set options.skipLines to 3" → "use --skip 3", "options.header: false" → "--no-header"
    .replace(new RegExp(`\\b(set )?options\\.(\\w+)(?:: | to )${VALUE}`, 'g'), (text, set: string | undefined, option: string, value: string) => {
      const row = BY_OPTION.get(option);
      if (row === undefined) return text;
      const words = given(row, value);
      return words === undefined ? `leave out ${row.flag}` : set ? `use ${words}` : words;
    })
    // "options.header is false" → "--no-header was given", as a switch is
    .replace(/\boptions\.(\w+) is (true|false)\b/g, (text, option: string, value: string) => {
      const row = BY_OPTION.get(option);
      if (row?.switches === undefined) return text;
      const words = row.switches[value];
      return words === undefined ? `${row.flag} was not given` : `${words} was given`;
    })
    // "options.bounds.b = [0, Infinity]" or "options.bounds.b is [2, 1]" → "--bounds b=0:inf", "--bounds b=2:1"
    .replace(/\boptions\.bounds\.(\w+) (?:=|is) \[([^,\]]+), ([^\]]+)\]/g, (_, name, lo, hi) => `--bounds ${name}=${bound(lo)}:${bound(hi)}`)
    // "options.p0.a" → "--p0 a"; "options.x[0]" → "--x"; "options.delimiter" → "--delimiter"
    .replace(/\boptions\.(\w+)(\.\w+)?(?:\[\d+\])?/g, (text, option: string, key: string | undefined) => {
      const row = BY_OPTION.get(option);
      return row ? row.flag + (key ? ` ${key.slice(1)}` : '') : text;
    })
    // "arenaBytes is 1024; expected an integer from 65536 …" → "--arena is 1024 bytes; …"
    .replace(/\barenaBytes is (\d+)\b/g, '--arena is $1 bytes')
    .replace(/\barenaBytes\b/g, '--arena');
}

/**
 * A bad value in the data (FitError NON_FINITE_DATA) that is a NaN can be skipped with
 * --nan-policy omit: said once, whether or not the library's message already said it.
 */
export function withNanHint(message: string, code: string | undefined): string {
  if (code !== 'NON_FINITE_DATA' || !/ is NaN\b/.test(message) || message.includes('--nan-policy')) return message;
  return `${message}; use --nan-policy omit to skip rows holding NaN`;
}
