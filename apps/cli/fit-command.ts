/**
 * `arenafit fit <file> --model …`: open the file as a chunk source, fit it on an engine of
 * the asked arena with a progress line on a terminal, print the report (or the JSON), then
 * write the plot from one more pass. Returns the exit status: 0 converged, 1 not converged.
 */
import { createEngine, DEFAULT_ARENA_BYTES, lossNames, type FitOptions, type FitResult, type Loss } from 'arenafit/node';
import { lastValue, parseArgs, UsageError, type FlagSpec, type ParsedArgs } from './args.ts';
import { openData } from './data.ts';
import { FIT_HELP } from './help.ts';
import { resultJson } from './json.ts';
import { checkPlotPath, writePlot } from './plot-file.ts';
import { ProgressLine } from './progress.ts';
import { parseBounds, parseCount, parseDelimiter, parseSize, parseValues } from './values.ts';
import { watchRange } from './x-range.ts';
import type { Io } from './io.ts';

const FLAGS: FlagSpec = {
  model: 'value', x: 'value', y: 'value', sigma: 'value', delimiter: 'value', columns: 'value', dtype: 'value',
  p0: 'value', bounds: 'value', fixed: 'value', loss: 'value', 'max-iterations': 'value',
  arena: 'value', plot: 'value', json: 'boolean', quiet: 'boolean', help: 'boolean',
};

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
  const plot = lastValue(args, 'plot');
  if (plot !== undefined) checkPlotPath(plot);
  const delimiter = lastValue(args, 'delimiter');
  const data = openData(file, model, {
    x: lastValue(args, 'x'), y: lastValue(args, 'y'), sigma: lastValue(args, 'sigma'),
    delimiter: delimiter === undefined ? undefined : parseDelimiter(delimiter),
    columns: lastValue(args, 'columns'), dtype: lastValue(args, 'dtype'),
  });
  const engine = createEngine({ arenaBytes: arena === undefined ? DEFAULT_ARENA_BYTES : parseSize('arena', arena) });
  const progress = ProgressLine.on(io.progress, args.booleans.has('quiet'));
  const watched = watchRange(data.source, data.variable);
  let result: FitResult;
  try {
    result = await engine.curveFit(model, watched.source, { ...options, onProgress: progress && ((p) => progress.fit(p)) });
  } finally {
    progress?.clear();
  }
  io.out(args.booleans.has('json') ? resultJson(result) : `data        ${JSON.stringify(file)}: x = ${data.xColumn}, y = ${data.yColumn}\n${result.report()}`);
  if (plot !== undefined) {
    try {
      // The fit read the file to the end at least once, so the range is known.
      writePlot(plot, data, model, result, watched.range()!, progress && ((rows) => progress.plot(rows)));
    } finally {
      progress?.clear();
    }
  }
  return result.converged ? 0 : 1;
}

/** The fit's own options; the library checks the values (a p0 name the model lacks, bounds lo ≥ hi). */
function fitOptions(args: ParsedArgs): FitOptions {
  const options: FitOptions = {};
  const list = (name: string) => args.values.get(name);
  if (list('p0')) options.p0 = parseValues('p0', list('p0')!);
  if (list('fixed')) options.fixed = parseValues('fixed', list('fixed')!);
  if (list('bounds')) options.bounds = parseBounds(list('bounds')!);
  const loss = lastValue(args, 'loss');
  if (loss !== undefined) {
    if (!lossNames.includes(loss as Loss)) throw new UsageError(`--loss ${JSON.stringify(loss)} is not a loss; expected one of ${lossNames.join(', ')}`);
    options.loss = loss as Loss;
  }
  const iterations = lastValue(args, 'max-iterations');
  if (iterations !== undefined) options.maxIterations = parseCount('max-iterations', iterations);
  return options;
}
