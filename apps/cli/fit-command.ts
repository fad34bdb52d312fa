/**
 * `arenafit fit <file> --model …`: open the file as a chunk source, fit it on an engine of
 * the asked arena with a progress line on a terminal, print the report (or the JSON), then
 * write the plot and the residuals from one more pass. Returns the exit status: 0 converged,
 * 1 not converged.
 *
 * The flags are parsed here, their values' ranges checked by the library, once: its messages
 * reach the user in the flags' words (flag-names.ts, applied in main.ts).
 */
import { createEngine, DEFAULT_ARENA_BYTES, type FitOptions, type FitResult, type Loss } from 'arenafit/node';
import { writeAfterFit } from './after-fit.ts';
import { lastValue, parseArgs, UsageError, type FlagSpec, type ParsedArgs } from './args.ts';
import { openData, type DataFlags } from './data.ts';
import { FIT_HELP } from './help.ts';
import { resultJson } from './json.ts';
import type { BandChoice } from './plot-file.ts';
import { ProgressLine } from './progress.ts';
import { checkOutputPath } from './residuals-file.ts';
import { parseBounds, parseColumn, parseDelimiter, parseNumberFlag, parseSize, parseValues } from './values.ts';
import { watchRange } from './x-range.ts';
import type { Io } from './io.ts';

const FLAGS: FlagSpec = {
  // The data.
  x: 'value', y: 'value', sigma: 'value', delimiter: 'value', decimal: 'value', header: 'boolean', 'no-header': 'boolean', skip: 'value',
  comment: 'value', 'no-comment': 'boolean', 'no-temp-copy': 'boolean', columns: 'value', dtype: 'value',
  // The model and the fit.
  model: 'value', p0: 'value', bounds: 'value', fixed: 'value', loss: 'value', fscale: 'value', 'absolute-sigma': 'boolean',
  'nan-policy': 'value', 'max-iterations': 'value', ftol: 'value', xtol: 'value', gtol: 'value', workers: 'value',
  // The output.
  arena: 'value', plot: 'value', band: 'value', level: 'value', out: 'value', json: 'boolean', quiet: 'boolean', help: 'boolean',
};

const BANDS = ['confidence', 'prediction', 'none'];

export async function fitCommand(argv: readonly string[], io: Io): Promise<number> {
  const args = parseArgs(argv, FLAGS);
  if (args.booleans.has('help')) {
    io.out(FIT_HELP);
    return 0;
  }
  const [file, ...extra] = args.positionals;
  if (file === undefined) throw new UsageError('fit needs a file: arenafit fit <file> --model <expression>; see arenafit fit --help');
  if (extra.length > 0) throw new UsageError(`fit takes one file, but got ${JSON.stringify(extra[0])} as well`);
  const model = lastValue(args, 'model');
  if (model === undefined || model.trim() === '') throw new UsageError("--model is required: an expression such as 'a*exp(-b*x) + c' or a built-in name such as gaussian");
  const options = fitOptions(args);
  const arena = lastValue(args, 'arena');
  const arenaBytes = arena === undefined ? DEFAULT_ARENA_BYTES : parseSize('arena', arena);
  const plot = lastValue(args, 'plot');
  const out = lastValue(args, 'out');
  const band = bandChoice(args, plot !== undefined);
  if (plot !== undefined) checkOutputPath('plot', plot, file);
  if (out !== undefined) checkOutputPath('out', out, file);
  const data = openData(file, model, dataFlags(args));
  const engine = createEngine({ arenaBytes });
  try {
    const progress = ProgressLine.on(io.progress, args.booleans.has('quiet'));
    const watched = watchRange(data.source, data.variable);
    let result: FitResult;
    try {
      result = await engine.curveFit(model, watched.source, { ...options, onProgress: progress && ((p) => progress.fit(p)) });
    } finally {
      progress?.clear();
    }
    const sigma = data.sigmaColumn === undefined ? '' : `, sigma = ${data.sigmaColumn}`;
    io.out(args.booleans.has('json') ? resultJson(result) : `data        ${JSON.stringify(file)}: x = ${data.xColumn}, y = ${data.yColumn}${sigma}\n${result.report()}`);
    if (plot !== undefined || out !== undefined) {
      const what = [plot !== undefined && 'plot', out !== undefined && 'residuals'].filter(Boolean).join(' and ');
      try {
        // The fit read the file to the end at least once, so the range is known.
        writeAfterFit(data, model, result, {
          plot: plot === undefined ? undefined : { path: plot, range: watched.range()!, band },
          out,
          onRows: progress && ((rows) => progress.after(what, rows)),
        });
      } finally {
        progress?.clear();
      }
    }
    return result.converged ? 0 : 1;
  } finally {
    engine.close();
  }
}

/**
 * --band and --level: the band the plot shades about the curve, confidence at 0.95 unless told;
 * undefined for --band none. Checked before the fit, which may be long: both shape the plot, so
 * either without --plot, or a level for no band, is a mistake said now rather than ignored.
 */
function bandChoice(args: ParsedArgs, plotting: boolean): BandChoice | undefined {
  const kind = lastValue(args, 'band') ?? 'confidence';
  if (!BANDS.includes(kind)) throw new UsageError(`--band ${JSON.stringify(kind)} is not a band; expected confidence, prediction or none`);
  const text = lastValue(args, 'level');
  const level = text === undefined ? 0.95 : parseNumberFlag('level', text, '0.95');
  if (!(level > 0 && level < 1)) {
    throw new UsageError(`--level ${JSON.stringify(text)} is not a probability; expected a number strictly between 0 and 1, such as --level 0.95 (0.6827 for one standard deviation)`);
  }
  if (!plotting && args.values.has('band')) throw new UsageError('--band draws on the plot; expected --plot FILE.svg as well');
  if (!plotting && text !== undefined) throw new UsageError("--level sets the plot's band; expected --plot FILE.svg as well");
  if (kind === 'none' && text !== undefined) throw new UsageError(`--level ${text} sets the band's level, but --band none draws no band; give one or the other`);
  return kind === 'none' ? undefined : { kind: kind as BandChoice['kind'], level };
}

/** What the file's reader is told: the columns, and what it cannot guess about a text file. */
function dataFlags(args: ParsedArgs): DataFlags {
  const has = (name: string) => args.booleans.has(name);
  const comment = lastValue(args, 'comment');
  if (comment !== undefined && has('no-comment')) throw new UsageError('--comment and --no-comment contradict each other; give one');
  if (has('header') && has('no-header')) throw new UsageError('--header and --no-header contradict each other; give one');
  const delimiter = lastValue(args, 'delimiter');
  const skip = lastValue(args, 'skip');
  return {
    x: parseColumn(lastValue(args, 'x')),
    y: parseColumn(lastValue(args, 'y')),
    sigma: parseColumn(lastValue(args, 'sigma')),
    text: {
      delimiter: delimiter === undefined ? undefined : parseDelimiter(delimiter),
      decimal: lastValue(args, 'decimal'),
      header: has('no-header') ? false : has('header') ? true : undefined,
      skipLines: skip === undefined ? undefined : parseNumberFlag('skip', skip, '3'),
      comment: has('no-comment') ? false : comment,
      tempCopy: has('no-temp-copy') ? false : undefined,
    },
    columns: lastValue(args, 'columns'),
    dtype: lastValue(args, 'dtype'),
  };
}

/** The fit's own options. The library checks the values (a p0 name the model lacks, bounds lo ≥ hi, a loss it does not know). */
function fitOptions(args: ParsedArgs): FitOptions {
  const options: FitOptions = {};
  const list = (name: string) => args.values.get(name);
  const number = (flag: string, example: string) => {
    const text = lastValue(args, flag);
    return text === undefined ? undefined : parseNumberFlag(flag, text, example);
  };
  if (list('p0')) options.p0 = parseValues('p0', list('p0')!);
  if (list('fixed')) options.fixed = parseValues('fixed', list('fixed')!);
  if (list('bounds')) options.bounds = parseBounds(list('bounds')!);
  const loss = lastValue(args, 'loss');
  if (loss !== undefined) options.loss = loss as Loss;
  const nanPolicy = lastValue(args, 'nan-policy');
  if (nanPolicy !== undefined) options.nanPolicy = nanPolicy as FitOptions['nanPolicy'];
  if (args.booleans.has('absolute-sigma')) options.absoluteSigma = true;
  const numbers = Object.entries({
    fScale: number('fscale', '0.1'),
    maxIterations: number('max-iterations', '50'),
    ftol: number('ftol', '1e-10'),
    xtol: number('xtol', '1e-10'),
    gtol: number('gtol', '1e-8'),
    workers: number('workers', '2'),
  }).filter(([, value]) => value !== undefined);
  return { ...options, ...Object.fromEntries(numbers) };
}
