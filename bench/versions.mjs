// bench/versions: `npm run bench -- --node system,22,24` — the whole benchmark under several Node
// versions in one run. Each version is a child process running bench/run.mjs with the same
// arguments: the first (normally the system Node) measures SciPy and ml-levenberg-marquardt as
// well; the later ones take SciPy's figures from it (--scipy-from), so every ratio in the report
// is against SciPy times from the same run. Versions given as a number come from the npm
// registry (`npx -y node@24`, the `node` package); `system` is the Node running this script; a
// path is used as it is. Writes bench/RESULTS.md: a summary per version (which kernel build ran,
// the ratios to SciPy, small fits), then each version's full report.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const BENCH = dirname(fileURLToPath(import.meta.url));

/** The executable of a --node entry: `system`, a major version (`24`, `node@24`), or a path. */
function nodeExecutable(entry) {
  if (entry === 'system') return process.execPath;
  const version = /^(?:node@)?(\d+(?:\.\d+)*)$/.exec(entry)?.[1];
  if (!version) return entry;
  return execFileSync('npx', ['-y', `node@${version}`, '-p', 'process.execPath'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
}

// The arguments for each child: the same, without --node (and its value), --out and --json.
function childArguments(argv) {
  const out = [];
  for (let i = 0; i < argv.length; i++) {
    if (['--node', '--out', '--json', '--scipy-from'].includes(argv[i])) i++;
    else out.push(argv[i]);
  }
  return out;
}

const fmt = (v) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));

export async function runVersions(args, argv) {
  const work = join(BENCH, 'out', 'versions');
  mkdirSync(work, { recursive: true });
  const base = childArguments(argv);
  const runs = [];
  for (const [k, entry] of args.node.entries()) {
    const node = nodeExecutable(entry);
    const json = join(work, `run-${k}.json`);
    const md = join(work, `run-${k}.md`);
    const extra = k === 0 ? [] : ['--no-scipy', '--no-ml-lm', '--scipy-from', runs[0].json];
    console.log(`\n═══ ${entry}: ${node}\n`);
    const r = spawnSync(node, [join(BENCH, 'run.mjs'), ...base, ...extra, '--json', json, '--out', md], { stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`bench/run.mjs under ${node} exited ${r.status ?? r.signal}`);
    runs.push({ entry, node, json, md, data: JSON.parse(readFileSync(json, 'utf8')) });
  }

  const first = runs[0].data;
  const partial = args.quick || args.only || args.sizes || !args.scipy || !args.mlLm;
  const OUT = args.out ?? (partial ? join(BENCH, 'out', 'RESULTS-partial.md') : join(BENCH, 'RESULTS.md'));
  const ratio = (data, p, n) => {
    const row = data.results[p]?.find((r) => r.n === n);
    return row?.scipy && row?.arenafit ? `${fmt(row.scipy.median / row.arenafit.median)}×` : '—';
  };
  const header = ['Node', 'kernels', 'P1 10⁶', 'P1 10⁷', 'P2 10⁶', 'P2 10⁷', 'small fits/s (N = 100)', 'target'];
  const rows = runs.map(({ data }) => [
    data.machine.node, data.kernels, ratio(data, 'P1', 1e6), ratio(data, 'P1', 1e7), ratio(data, 'P2', 1e6), ratio(data, 'P2', 1e7),
    data.small?.arenafit ? fmt(data.small.arenafit.median) : '—', `≥ ${data.goal}×, ≥ 30,000 fits/s`,
  ]);
  const table = [header, header.map(() => '--:'), ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
  const demote = (text) => text.replace(/^(#+) /gm, '#$1 ').replace(/^## arenafit benchmark results/m, '');
  const md = `# arenafit benchmark results

Written by \`npm run bench -- --node ${args.node.join(',')}\` (bench/run.mjs, bench/versions.mjs) on ${first.machine.date}; rerun it to update this file.
One run: each Node version in turn, in a child process, on the same data files; SciPy measured once, in the first
version's run, and every ratio below is SciPy's median time ÷ arenafit's from this run (> 1: arenafit is faster).

## Summary: SciPy curve_fit (lm) ÷ arenafit, single thread

${table}

${runs.map(({ entry, data, md }) => `## Node ${data.machine.node} (${entry})\n\n${demote(readFileSync(md, 'utf8').replace(/^# arenafit benchmark results\n/, ''))}`).join('\n\n')}
`;
  mkdirSync(dirname(OUT), { recursive: true });
  writeFileSync(OUT, md);
  console.log(`\n${table}\n\nwrote ${relative(process.cwd(), OUT) || OUT}`);
}
