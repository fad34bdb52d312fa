/**
 * The command line's help texts and version, in the usual style: the usage line, a sentence,
 * then options in aligned columns with their defaults, then the exit statuses.
 */
import { readFileSync } from 'node:fs';
import { builtinModelNames, lossNames } from 'arenafit/node';

/** A flag with its argument, what it does, and its default if it has one. */
type Row = [flag: string, description: string, fallback?: string];

const WIDTH = 92;
const INDENT = 23;

/** Words wrapped to WIDTH, continuation lines indented to the description column. */
function wrap(text: string, first: string): string {
  const lines = [first];
  for (const word of text.split(' ')) {
    const line = lines[lines.length - 1];
    if (line.length + 1 + word.length > WIDTH) lines.push(' '.repeat(INDENT) + word);
    else lines[lines.length - 1] = line.endsWith(' ') ? line + word : `${line} ${word}`;
  }
  return lines.join('\n');
}

function section(title: string, rows: Row[]): string {
  const body = rows.map(([flag, description, fallback]) =>
    wrap(fallback === undefined ? description : `${description} (default: ${fallback})`, `  ${flag}`.padEnd(INDENT)));
  return `${title}:\n${body.join('\n')}`;
}

export const MAIN_HELP = `Usage: arenafit <command> [options]

Nonlinear least-squares curve fitting (Levenberg-Marquardt in WebAssembly), with memory
bounded by a fixed arena whatever the number of rows.

${section('Commands', [
  ['fit <file>', 'fit a model to two columns of a CSV, TSV or binary file'],
  ['demo', 'the embedded demo that npm start runs: 10^7 points and NIST Gauss2'],
])}

${section('Options', [
  ['-h, --help', "show this help; arenafit fit --help shows the fit command's options"],
  ['--version', 'print the version'],
])}

Examples:
  arenafit fit decay.csv --model 'a*exp(-b*time) + c' --x time --y signal --p0 a=1,b=1,c=0
  arenafit fit peak.tsv --model gaussian --plot peak.svg --out residuals.csv
  arenafit fit data.f32 --columns t,v,err --dtype f32 --sigma err --model exponential --json`;

export const FIT_HELP = `Usage: arenafit fit <file> --model <expression | built-in name> [options]

Fits the model to a delimited text file (CSV, TSV, …) or to a binary file of little-endian
records (--columns), reading the file again on every pass: memory does not grow with it. The
delimiter, a header row, decimal commas and # comments are found by looking at the file; the
flags below say what it cannot guess.

${section('Data', [
  ['--x COL', 'x column, by header name or position from 1', 'the first'],
  ['--y COL', 'y column, by header name or position from 1', 'the second'],
  ['--sigma COL', 'column of standard deviations of y', 'none, equal weights'],
  ['--delimiter CHAR', "field separator: , ; tab ('\\t' or tab), or ' ' for runs of blanks"],
  ['--decimal . | ,', 'decimal separator: 1.5 or 1,5', 'detected'],
  ['--no-header', 'the first row is data, not column names', 'detected'],
  ['--header', 'the first row names the columns, even if it is all numbers'],
  ['--skip N', 'lines to skip before the header or the first row', '0'],
  ['--comment CHAR', 'lines that start with CHAR are comments', '#'],
  ['--no-comment', 'no comment lines: a line starting with # is read'],
  ['--no-temp-copy', 'parse the text on every pass, keeping no binary copy'],
  ['--columns A,B,...', 'binary file: the names of the values in a record, _ to skip one'],
  ['--dtype f64|f32', 'binary file: the width of every value', 'f64'],
])}

${section('Model', [
  ['--model EXPR|NAME', "an expression such as 'a*exp(-b*x) + c', x written as x or as the x column's name; " +
    `or a built-in model: ${builtinModelNames.join(', ')}`],
  ['--p0 a=1,b=2', 'starting values', "1, or a built-in model's guess"],
  ['--bounds b=0:inf', 'lo:hi per parameter; inf, -inf, or empty for none', 'none'],
  ['--fixed c=0', 'parameters held at a value', 'none'],
])}

${section('Fit', [
  ['--loss NAME', `${lossNames.slice(0, -1).join(', ')} or ${lossNames.at(-1)}`, 'linear'],
  ['--fscale X', 'the residual (in sigmas) where a robust loss bends', '1'],
  ['--absolute-sigma', 'sigma is absolute: errors not scaled by the reduced chi2'],
  ['--nan-policy omit', 'skip the rows that hold a NaN; raise: refuse them', 'raise'],
  ['--max-iterations N', 'trial steps before stopping', '200·(parameters + 1)'],
  ['--ftol X', 'stop when the cost falls by at most X, relative', '1e-14'],
  ['--xtol X', 'stop when the parameters move by at most X, relative', '1e-14'],
  ['--gtol X', "stop when the gradient's cosine is at most X", '0, off'],
  ['--workers K', 'split every pass across K threads', '1'],
])}

${section('Output', [
  ['--arena SIZE', 'arena capacity, such as 8MiB', '4MiB'],
  ['--plot FILE.svg', 'write an SVG: the data, the fitted curve and its band, the residuals'],
  ['--band KIND', "--plot's band: confidence, prediction or none", 'confidence'],
  ['--level P', "the band's probability, between 0 and 1", '0.95'],
  ['--out FILE.csv', 'write every row: x, y, sigma, the fitted value and the residual'],
  ['--json', 'print the result as JSON, as r.toJSON() writes it, not the report'],
  ['--quiet', 'no progress line on stderr', 'shown when stderr is a terminal'],
  ['-h, --help', 'show this help'],
])}

Exit status: 0 the fit converged, 1 it ran but did not converge (the report is printed),
2 bad usage or bad input (one line on stderr names the problem).`;

export const DEMO_HELP = `Usage: arenafit demo [--quick]

The embedded demo that npm start runs: a 10^7-point exponential fit in a 4 MiB arena, then
NIST StRD Gauss2 compared with its certified values. Needs no files and no network.

${section('Options', [
  ['--quick', '10^5 points instead of 10^7'],
  ['-h, --help', 'show this help'],
])}`;

/** The package's version, from the package.json next to dist/ (it ships with the package). */
export function version(): string {
  return JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version;
}
