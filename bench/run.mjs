// bench/run: arenafit against its peers, in one process run, on the same data files (issue 5).
//
// For each problem (P1 a*exp(-b*x) + c, P2 A*exp(-(x-mu)^2/(2*s^2)) + d; bench/data.mjs) and
// each N = 10³ … 10⁷, in this order, close in time:
//   arenafit  one engine for the whole run (createEngine({ arenaBytes: 4 << 20 })),
//             curveFitSync(expression, x, y, { p0 }) on Float64Arrays read from the file;
//   floor     the same call with maxIterations: 1, its time divided by its passes: one pass of
//             model + Jacobian + folding every row, with (almost) no solver around it;
//   SciPy     curve_fit(f, x, y, p0, method='lm') in /usr/bin/python3 (bench/scipy_fit.py),
//             default numerical Jacobian and tolerances, timed inside Python; skipped with a
//             note where SciPy is not installed;
//   ml-LM     ml-levenberg-marquardt with its defaults and initialValues (bench/ml-lm.mjs),
//             run only where one fit is expected to take under a cap.
// Each: a warm-up, then R repeats (15 at 10³ … 3 at 10⁷); the median is reported, and the min.
// Then many small fits (N = 100, P1, one engine, 64 seeded datasets cycled): fits per second.
// Prints markdown tables and the targets, and writes bench/RESULTS.md (a full run) or
// bench/out/RESULTS-partial.md (--quick, --only, --sizes).
//
//   npm run bench                       everything (about 4 minutes on a 2-core machine today; keep it under 10)
//   npm run bench -- --quick            N ≤ 10⁵, fewer repeats
//   npm run bench -- --only P1          one problem (--only P1,P2 for both)
//   npm run bench -- --sizes 1e4,1e6    chosen N
//   npm run bench -- --no-scipy --no-ml-lm --out path.md --python /path/to/python3
//   npm run bench -- --node system,22,24  every figure under each Node (bench/versions.mjs): the system
//                                       Node, then Node 22 and 24 from the npm registry (npx -y node@22)
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { coreHash, createEngine } from '../dist/index.mjs';
import { ensureData, ensureSmallData, FULL_SIZES, PROBLEMS, QUICK_SIZES, readData, sizeLabel } from './data.mjs';
import { fitMlLm, mlLmVersion } from './ml-lm.mjs';

const BENCH = dirname(fileURLToPath(import.meta.url));
const ROOT = join(BENCH, '..');

// ── options ─────────────────────────────────────────────────────────────────────────────────

function parseArgs(argv) {
  const args = { quick: false, only: null, sizes: null, scipy: true, mlLm: true, out: null, python: '/usr/bin/python3', node: null, json: null, scipyFrom: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--quick') args.quick = true;
    else if (a === '--only') args.only = value().split(',').map((s) => s.trim().toUpperCase());
    else if (a === '--sizes') args.sizes = value().split(',').map(Number);
    else if (a === '--no-scipy') args.scipy = false;
    else if (a === '--no-ml-lm' || a === '--no-ml') args.mlLm = false;
    else if (a === '--out') args.out = value();
    else if (a === '--python') args.python = value();
    else if (a === '--node') args.node = value().split(',').map((s) => s.trim());
    else if (a === '--json') args.json = value();
    else if (a === '--scipy-from') args.scipyFrom = value();
    else throw new Error(`unknown argument ${a} (try --quick, --only P1, --sizes 1e3,1e5, --no-scipy, --no-ml-lm, --out FILE, --python PATH, --node system,22,24)`);
  }
  for (const p of args.only ?? []) if (!PROBLEMS[p]) throw new Error(`--only ${p}: no such problem (P1, P2)`);
  for (const n of args.sizes ?? []) if (!Number.isInteger(n) || n < 10) throw new Error(`--sizes: ${n} is not an integer ≥ 10`);
  return args;
}

const args = parseArgs(process.argv.slice(2));
if (args.node) {
  // Several Node versions: this process runs the list, one child per version (bench/versions.mjs).
  const { runVersions } = await import('./versions.mjs');
  await runVersions(args, process.argv.slice(2));
  process.exit(0);
}
// A later version of a --node run takes SciPy's figures from the first version's run (the same bench run).
const scipyFrom = args.scipyFrom ? JSON.parse(readFileSync(args.scipyFrom, 'utf8')) : null;
const MODE = args.quick
  ? {
      name: 'quick',
      sizes: QUICK_SIZES,
      repeats: (n) => (n <= 1e3 ? 7 : n <= 1e4 ? 5 : 3),
      small: { batches: 5, batchSeconds: 0.1 },
      peerSmall: { batches: 3, batchSeconds: 0.1 },
      mlLm: { capSeconds: 20, caseBudgetSeconds: 15, warmupBelowSeconds: 1 },
    }
  : {
      name: 'full',
      sizes: FULL_SIZES,
      repeats: (n) => (n <= 1e3 ? 15 : n <= 1e4 ? 11 : n <= 1e5 ? 7 : n <= 1e6 ? 5 : 3),
      small: { batches: 5, batchSeconds: 0.5 },
      peerSmall: { batches: 5, batchSeconds: 0.2 },
      mlLm: { capSeconds: 30, caseBudgetSeconds: 40, warmupBelowSeconds: 2 },
    };
const SIZES = args.sizes ?? MODE.sizes;
const PROBLEM_NAMES = args.only ?? Object.keys(PROBLEMS);
const PARTIAL = args.quick || args.only !== null || args.sizes !== null || (!scipyFrom && (!args.scipy || !args.mlLm));
const OUT = args.out ?? (PARTIAL ? join(BENCH, 'out', 'RESULTS-partial.md') : join(BENCH, 'RESULTS.md'));

// ── helpers ─────────────────────────────────────────────────────────────────────────────────

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const min = (xs) => Math.min(...xs);
const now = () => performance.now() / 1e3;

function fmt(v, digits = 3) {
  if (v === undefined || v === null || Number.isNaN(v)) return '—';
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 10 ** digits) return Math.round(v).toLocaleString('en-US');
  if (a < 1e-4) return v.toExponential(digits - 1);
  return Number(v.toPrecision(digits)).toString();
}
const fmtRatio = (v) => (v === undefined || v === null || !Number.isFinite(v) ? '—' : `${fmt(v)}×`);
const fmtSci = (v) => (v === undefined || v === null || !Number.isFinite(v) ? '—' : v.toExponential(1));

function table(headers, rows, align) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  const sep = headers.map((_, i) => ((align?.[i] ?? 'r') === 'l' ? ':--' : '--:'));
  return [line(headers), line(sep), ...rows.map(line)].join('\n');
}

const progress = (text) => console.log(`  · ${text}`);

function git(argsList) {
  try {
    return execFileSync('git', argsList, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trimEnd();
  } catch {
    return null;
  }
}

// ── the peers that live in other processes or packages ──────────────────────────────────────

const PY_ENV = { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };

function python(commandArgs, timeoutSeconds = 900) {
  const r = spawnSync(args.python, [join(BENCH, 'scipy_fit.py'), ...commandArgs], {
    env: PY_ENV,
    encoding: 'utf8',
    maxBuffer: 16 << 20,
    timeout: timeoutSeconds * 1000,
  });
  if (r.error) throw new Error(`${args.python}: ${r.error.message}`);
  if (r.status !== 0) {
    const lines = (r.stderr || '').trim().split('\n');
    throw new Error(`${args.python} exited ${r.status ?? r.signal}: ${lines[lines.length - 1] ?? ''}`);
  }
  const out = r.stdout.trim().split('\n');
  return JSON.parse(out[out.length - 1]);
}

let scipy = null; // { python, numpy, scipy, executable } when usable
let scipyNote = null;
if (scipyFrom?.scipy) scipy = scipyFrom.scipy;
else if (!args.scipy) scipyNote = 'SciPy skipped (--no-scipy).';
else if (!existsSync(args.python)) scipyNote = `SciPy skipped: ${args.python} does not exist (Debian: apt-get install python3-scipy).`;
else {
  try {
    scipy = python(['versions'], 120);
  } catch (e) {
    scipyNote = `SciPy skipped: ${args.python} cannot import numpy/scipy (${e.message.split('\n')[0]}); Debian: apt-get install python3-scipy.`;
  }
}

let mlVersion = null;
let mlNote = args.mlLm ? null : 'ml-levenberg-marquardt skipped (--no-ml-lm).';
if (args.mlLm) {
  try {
    mlVersion = mlLmVersion();
  } catch (e) {
    mlNote = `ml-levenberg-marquardt skipped: not installed (npm install) — ${e.message.split('\n')[0]}`;
  }
}

// ── machine ─────────────────────────────────────────────────────────────────────────────────

const cpus = os.cpus();
// The embedded modules' hash (arenafit's coreHash), and which kernel build this host runs: the
// fastest one WebAssembly.validate accepts, as src/wasm/core.ts chooses it.
const wasmHash = coreHash;
const validates = (file) => WebAssembly.validate(readFileSync(join(ROOT, 'build', 'out', file)));
const kernels = validates('kernels.relaxed.wasm')
  ? 'relaxed SIMD (fused multiply-adds), each expression compiled to its own kernel'
  : validates('kernels.simd.wasm')
    ? 'f64x2 SIMD, each expression compiled to its own kernel'
    : 'scalar, expressions run in the bytecode VM';
const NODE_MAJOR = Number(process.versions.node.split('.')[0]);
const SPEED_GOAL = NODE_MAJOR >= 24 ? 8 : 5; // SciPy ÷ arenafit at 10⁶ and 10⁷: 5× on Node 20 and 22, 8× on Node 24
const commit = git(['rev-parse', '--short', 'HEAD']);
const dirty = git(['status', '--porcelain', '--', 'assembly', 'src', 'build']);
const machine = {
  date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
  cpu: cpus[0]?.model.trim() ?? 'unknown',
  cores: cpus.length,
  memoryGiB: os.totalmem() / 2 ** 30,
  os: `${os.type()} ${os.release()} (${os.arch()})`,
  node: process.version,
  commit: commit ? `${commit}${dirty ? ' + uncommitted changes in ' + [...new Set(dirty.split('\n').map((l) => l.slice(3).split('/')[0]))].join(', ') : ''}` : 'unknown',
  wasmHash,
  loadStart: os.loadavg(),
};

console.log(`arenafit benchmark (${MODE.name}${PARTIAL && !args.quick ? ', partial' : ''}) — ${machine.date}`);
console.log(`${machine.cpu}, ${machine.cores} cores, ${fmt(machine.memoryGiB)} GiB; ${machine.os}; Node ${machine.node}`);
console.log(`arenafit ${machine.commit}, wasm sha256 ${wasmHash ?? '?'}, ${kernels} kernels`);
console.log(scipy ? `SciPy ${scipy.scipy}, NumPy ${scipy.numpy}, Python ${scipy.python} (${scipy.executable})` : scipyNote);
console.log(mlVersion ? `ml-levenberg-marquardt ${mlVersion}` : mlNote);
console.log(`load average at start: ${machine.loadStart.map((v) => v.toFixed(2)).join(', ')}`);
console.log('');

// ── measurements ────────────────────────────────────────────────────────────────────────────

const engine = createEngine({ arenaBytes: 4 << 20 });
const wallStart = now();

// The fit and the floor call alternate, repeat by repeat, so that both see the same load on
// a shared machine (their ratio is the figure that matters).
function timeArenafit(problem, x, y, warmup, repeats) {
  const fitOptions = { p0: problem.p0Object };
  const floorOptions = { p0: problem.p0Object, maxIterations: 1 };
  const run = (options) => {
    const t = now();
    const r = engine.curveFitSync(problem.expression, x, y, options);
    return { r, seconds: now() - t };
  };
  for (let i = 0; i < warmup; i++) {
    run(fitOptions);
    run(floorOptions);
  }
  const fit = { times: [], r: null };
  const floor = { times: [], r: null };
  for (let i = 0; i < repeats; i++) {
    const a = run(fitOptions);
    fit.times.push(a.seconds);
    fit.r = a.r;
    const b = run(floorOptions);
    floor.times.push(b.seconds);
    floor.r = b.r;
  }
  return { fit, floor };
}

const maxRelDiff = (a, b) => Math.max(...a.map((v, i) => Math.abs(b[i] - v) / Math.abs(v)));

function measureCase(problem, n, mlState, notes) {
  const repeats = MODE.repeats(n);
  const { path, meta, generated } = ensureData(problem.name, n);
  const { x, y } = readData(path);
  const label = `${problem.name} N=${sizeLabel(n)}`;
  if (generated) progress(`${label}: wrote ${relative(ROOT, path)}`);
  const row = { n, repeats, sha256: meta.sha256 };

  try {
    const { fit, floor } = timeArenafit(problem, x, y, 1, repeats);
    const r = fit.r;
    row.arenafit = {
      median: median(fit.times),
      min: min(fit.times),
      iterations: r.iterations,
      passes: r.evaluations,
      status: r.status,
      converged: r.converged,
      params: r.names.map((k) => r.params[k]),
      ssr: r.chi2,
    };
    row.arenafit.nsPerPointPass = (row.arenafit.median / (n * r.evaluations)) * 1e9;
    progress(`${label}: arenafit ${fmt(row.arenafit.median)} s (min ${fmt(row.arenafit.min)}), ${r.iterations} iterations, ${r.evaluations} passes, ${r.status}`);

    const perPass = floor.times.map((t) => t / floor.r.evaluations);
    row.floor = { median: median(perPass), min: min(perPass), passes: floor.r.evaluations };
    row.floor.nsPerPointPass = (row.floor.median / n) * 1e9;
    row.fitOverFloor = row.arenafit.nsPerPointPass / row.floor.nsPerPointPass;
    progress(`${label}: floor ${fmt(row.floor.nsPerPointPass)} ns/pt/pass (${floor.r.evaluations} passes per call); fit ÷ floor ${fmt(row.fitOverFloor)}`);
  } catch (e) {
    row.arenafitError = e.message;
    progress(`${label}: arenafit failed: ${e.message}`);
  }

  const saved = scipyFrom?.results[problem.name]?.find((r) => r.n === n)?.scipy;
  if (saved) {
    row.scipy = saved;
    progress(`${label}: SciPy ${fmt(row.scipy.median)} s (measured under Node ${scipyFrom.machine.node} earlier in this run)`);
  } else if (scipy) {
    try {
      const s = python(['fit', '--problem', problem.name, '--file', path, '--warmup', '1', '--repeats', String(repeats)]);
      row.scipy = { median: median(s.times), min: min(s.times), nfev: s.nfev, params: s.params, ssr: s.ssr, ier: s.ier, message: s.message };
      progress(`${label}: SciPy ${fmt(row.scipy.median)} s (min ${fmt(row.scipy.min)}), nfev ${s.nfev}`);
    } catch (e) {
      row.scipyError = e.message;
      progress(`${label}: SciPy failed: ${e.message}`);
    }
  }

  if (mlVersion) measureMlLm(problem, n, x, y, repeats, row, mlState, notes, label);
  return row;
}

// ml-LM runs its 100 iterations whatever happens and its time grows faster than N, so each N
// is predicted from the last one (× N ratio × 1.5) and skipped above the cap; repeats are cut to
// a per-case budget, and the warm-up is dropped where one fit is long (the JIT was warmed by
// the smaller N just before).
function measureMlLm(problem, n, x, y, repeats, row, state, notes, label) {
  const { capSeconds, caseBudgetSeconds, warmupBelowSeconds } = MODE.mlLm;
  const estimate = state.last ? state.last.seconds * (n / state.last.n) * 1.5 : null;
  if (estimate !== null && estimate > capSeconds) {
    row.mlLm = { skipped: `≈ ${fmt(estimate, 2)} s per fit expected (cap ${capSeconds} s)` };
    state.skippedFrom ??= n;
    state.skippedEstimate ??= estimate;
    progress(`${label}: ml-LM skipped, ${row.mlLm.skipped}`);
    return;
  }
  try {
    let times = [];
    let r;
    if (estimate === null || estimate < warmupBelowSeconds) {
      const t = now();
      r = fitMlLm(problem, x, y, capSeconds);
      const first = now() - t;
      if (estimate === null && first > warmupBelowSeconds) times.push(first); // no smaller N warmed it: keep the run
    } else {
      state.noWarmup.push(sizeLabel(n));
    }
    // Repeats until R runs, or until one more would take the case past its budget.
    let spent = times.reduce((a, b) => a + b, 0);
    while (times.length < repeats) {
      const t = now();
      r = fitMlLm(problem, x, y, capSeconds);
      const dt = now() - t;
      times.push(dt);
      spent += dt;
      if (spent + dt > caseBudgetSeconds) break;
    }
    row.mlLm = { median: median(times), min: min(times), repeats: times.length, iterations: r.iterations, params: r.params, ssr: r.ssr };
    if (times.length < repeats) state.fewerRepeats.push(`${sizeLabel(n)}: ${times.length}`);
    state.last = { n, seconds: row.mlLm.median };
    progress(`${label}: ml-LM ${fmt(row.mlLm.median)} s over ${times.length} runs, ${r.iterations} iterations`);
  } catch (e) {
    row.mlLm = { skipped: /execution time is over/.test(e.message) ? `over the ${capSeconds} s cap` : `failed: ${e.message}` };
    state.skippedFrom ??= n;
    progress(`${label}: ml-LM ${row.mlLm.skipped}`);
  }
}

function measureSmallFits(notes) {
  const problem = PROBLEMS.P1;
  const { path } = ensureSmallData(100, 64, 'P1');
  const sets = readData(path, 64);
  const options = { p0: problem.p0Object };
  let k = 0;
  let fits = 0;
  let iterations = 0;
  let passes = 0;
  let notConverged = 0;
  const batch = (seconds, count) => {
    let done = 0;
    const t0 = now();
    for (;;) {
      const d = sets[k++ & 63];
      const r = engine.curveFitSync(problem.expression, d.x, d.y, options);
      done++;
      if (count) {
        fits++;
        iterations += r.iterations;
        passes += r.evaluations;
        if (!r.converged) notConverged++;
      }
      const dt = now() - t0;
      if (dt >= seconds) return done / dt;
    }
  };
  batch(Math.min(0.3, MODE.small.batchSeconds), false); // warm-up
  const rates = [];
  for (let i = 0; i < MODE.small.batches; i++) rates.push(batch(MODE.small.batchSeconds, true));
  const out = {
    arenafit: { median: median(rates), min: min(rates), max: Math.max(...rates), fits, iterations: iterations / fits, passes: passes / fits, notConverged },
  };
  progress(`small fits: arenafit ${fmt(out.arenafit.median)} fits/s (median of ${rates.length} batches of ≥ ${MODE.small.batchSeconds} s)`);

  // A new expression's first fit: its compilation (bytecode, then its own WebAssembly kernel)
  // against a second fit of the same expression, on the same data; 40 expressions after 5 warm-ups.
  const firsts = [];
  const agains = [];
  for (let e = 0; e < 45; e++) {
    const expression = `${problem.expression} + ${e + 1}e-12*x`;
    const d = sets[e & 63];
    const t0 = now();
    engine.curveFitSync(expression, d.x, d.y, options);
    const t1 = now();
    engine.curveFitSync(expression, d.x, d.y, options);
    const t2 = now();
    if (e >= 5) {
      firsts.push(t1 - t0);
      agains.push(t2 - t1);
    }
  }
  out.firstFit = { first: median(firsts), again: median(agains), extra: median(firsts.map((f, i) => f - agains[i])) };
  progress(`a new expression's first fit: ${fmt(out.firstFit.first * 1e3)} ms, again ${fmt(out.firstFit.again * 1e3)} ms: ${fmt(out.firstFit.extra * 1e3)} ms extra (median of 40)`);

  if (scipyFrom?.small.scipy) {
    out.scipy = scipyFrom.small.scipy;
  } else if (scipy) {
    try {
      const s = python(['small', '--problem', 'P1', '--file', path, '--datasets', '64', '--batches', String(MODE.peerSmall.batches), '--batch-seconds', String(MODE.peerSmall.batchSeconds)]);
      out.scipy = { median: median(s.fitsPerSecond) };
      progress(`small fits: SciPy ${fmt(out.scipy.median)} fits/s`);
    } catch (e) {
      out.scipyError = e.message;
    }
  }
  if (mlVersion) {
    const b = () => {
      let done = 0;
      const t0 = now();
      for (;;) {
        const d = sets[k++ & 63];
        fitMlLm(problem, d.x, d.y);
        done++;
        const dt = now() - t0;
        if (dt >= MODE.peerSmall.batchSeconds) return done / dt;
      }
    };
    b();
    const mlRates = Array.from({ length: MODE.peerSmall.batches }, b);
    out.mlLm = { median: median(mlRates) };
    progress(`small fits: ml-LM ${fmt(out.mlLm.median)} fits/s`);
  }
  return out;
}

// ── run ─────────────────────────────────────────────────────────────────────────────────────

const results = {};
const notes = [];
const mlStates = {};
for (const name of PROBLEM_NAMES) {
  const problem = PROBLEMS[name];
  console.log(`${name}: ${problem.expression} on [${problem.lo}, ${problem.hi}], truth (${problem.truth.join(', ')}), start (${problem.p0.join(', ')}), σ = ${fmt(problem.sigma, 4)}`);
  const state = (mlStates[name] = { last: null, skippedFrom: null, noWarmup: [], fewerRepeats: [] });
  results[name] = SIZES.map((n) => measureCase(problem, n, state, notes));
}
console.log('many small fits (N = 100, P1):');
const small = measureSmallFits(notes);
machine.loadEnd = os.loadavg();
const wallSeconds = now() - wallStart;

// ── report ──────────────────────────────────────────────────────────────────────────────────

const has = (n) => SIZES.includes(n);

function mainTable(rows) {
  const headers = [
    'N', 'arenafit median (s)', 'min (s)', 'iterations', 'passes', 'ns/pt/pass', 'floor ns/pt/pass', 'fit ÷ floor',
    'SciPy median (s)', 'SciPy nfev', 'SciPy ÷ arenafit', 'ml-LM median (s)', 'ml-LM ÷ arenafit',
  ];
  return table(headers, rows.map((row) => {
    const a = row.arenafit;
    const s = row.scipy;
    const m = row.mlLm;
    return [
      sizeLabel(row.n),
      a ? fmt(a.median) : `failed: ${row.arenafitError}`,
      a ? fmt(a.min) : '—',
      a ? String(a.iterations) : '—',
      a ? String(a.passes) : '—',
      a ? fmt(a.nsPerPointPass) : '—',
      row.floor ? fmt(row.floor.nsPerPointPass) : '—',
      row.fitOverFloor ? fmt(row.fitOverFloor) : '—',
      s ? fmt(s.median) : scipy ? 'failed' : 'skipped',
      s ? String(s.nfev) : '—',
      s && a ? fmtRatio(s.median / a.median) : '—',
      m?.median !== undefined ? fmt(m.median) : m?.skipped ? 'skipped' : mlVersion ? 'failed' : 'skipped',
      m?.median !== undefined && a ? fmtRatio(m.median / a.median) : '—',
    ];
  }));
}

function detailTable(problem, rows) {
  const headers = [
    'N', 'arenafit θ', 'status', 'χ² (SSR)', 'SciPy min (s)', 'SciPy max rel Δθ', 'SciPy SSR − arenafit SSR (rel)',
    'ml-LM runs', 'ml-LM min (s)', 'ml-LM iterations', 'ml-LM max rel Δθ', 'ml-LM SSR − arenafit SSR (rel)',
  ];
  return table(headers, rows.map((row) => {
    const a = row.arenafit;
    const s = row.scipy;
    const m = row.mlLm;
    return [
      sizeLabel(row.n),
      a ? a.params.map((v) => fmt(v, 5)).join(', ') : '—',
      a ? a.status : '—',
      a ? fmt(a.ssr, 5) : '—',
      s ? fmt(s.min) : '—',
      s && a ? fmtSci(maxRelDiff(a.params, s.params)) : '—',
      s && a ? fmtSci((s.ssr - a.ssr) / a.ssr) : '—',
      m?.median !== undefined ? String(m.repeats) : '—',
      m?.median !== undefined ? fmt(m.min) : '—',
      m?.median !== undefined ? String(m.iterations) : '—',
      m?.median !== undefined && a ? fmtSci(maxRelDiff(a.params, m.params)) : '—',
      m?.median !== undefined && a ? fmtSci((m.ssr - a.ssr) / a.ssr) : m?.skipped ?? '—',
    ];
  }), ['r', 'l', 'l']);
}

function smallTable() {
  const a = small.arenafit;
  const rows = [[
    'arenafit', fmt(a.median), `${fmt(a.min)} – ${fmt(a.max)}`, fmt(1e6 / a.median), fmt(a.iterations), fmt(a.passes), fmt(1e6 / a.median / a.passes),
    a.notConverged ? `${a.notConverged} of ${a.fits} not converged` : `all ${a.fits} converged`,
  ]];
  if (small.scipy) rows.push(['SciPy curve_fit (lm)', fmt(small.scipy.median), '—', fmt(1e6 / small.scipy.median), '—', '—', '—', `arenafit ${fmtRatio(a.median / small.scipy.median)} as many`]);
  if (small.mlLm) rows.push(['ml-levenberg-marquardt', fmt(small.mlLm.median), '—', fmt(1e6 / small.mlLm.median), '100', '—', '—', `arenafit ${fmtRatio(a.median / small.mlLm.median)} as many`]);
  const f = small.firstFit;
  return table(['', 'fits/s (median)', 'batch range', 'µs per fit', 'iterations', 'passes', 'µs per fit ÷ passes', ''], rows, ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'l']) +
    (f ? `\n\nA new expression's first fit (compiled to bytecode, then to its own WebAssembly kernel): ${fmt(f.first * 1e3)} ms against ${fmt(f.again * 1e3)} ms for its second fit — ${fmt(f.extra * 1e3)} ms extra (median of 40 expressions; target ≤ 2 ms).` : '');
}

// Each target: what was measured, and met or missed by how much.
function targets() {
  const lines = [];
  const atLeast = (label, value, goal, unit, howToMeet) => {
    if (value === undefined || value === null || !Number.isFinite(value)) return lines.push(`  - ${label}: not measured in this run`);
    const met = value >= goal;
    lines.push(`  - ${label}: ${fmt(value)}${unit} — ${met ? `**met** (${fmt(value / goal)}× the target)` : `**missed** (${fmt(value / goal)}× the target; ${howToMeet(goal / value)})`}`);
  };
  const row = (p, n) => results[p]?.find((r) => r.n === n);
  lines.push(`- SciPy curve_fit (lm, numerical Jacobian) ÷ arenafit ≥ ${SPEED_GOAL}× on Node ${NODE_MAJOR}, N = 10⁶ and 10⁷:`);
  for (const p of ['P1', 'P2']) {
    for (const n of [1e6, 1e7]) {
      const r = row(p, n);
      atLeast(`${p} N=${sizeLabel(n)}`, r?.scipy && r?.arenafit ? r.scipy.median / r.arenafit.median : null, SPEED_GOAL, '×',
        (f) => `arenafit needs to be ${fmt(f)}× faster: at ${r.arenafit.passes} passes, ≤ ${fmt((r.scipy.median / SPEED_GOAL / (n * r.arenafit.passes)) * 1e9)} ns/pt/pass against ${fmt(r.arenafit.nsPerPointPass)} now`);
    }
  }
  lines.push('- ml-levenberg-marquardt ÷ arenafit ≥ 100×, N = 10⁵:');
  for (const p of ['P1', 'P2']) {
    const r = row(p, 1e5);
    atLeast(`${p} N=1e5`, r?.mlLm?.median !== undefined && r?.arenafit ? r.mlLm.median / r.arenafit.median : null, 100, '×',
      (f) => `arenafit needs to be ${fmt(f)}× faster`);
  }
  lines.push('- Many small fits ≥ 30,000 fits/s (N = 100, P = 3, one engine, one core):');
  atLeast('P1 N=100', small.arenafit.median, 30000, ' fits/s',
    (f) => `each fit needs to be ${fmt(f)}× faster: ≤ 33 µs per fit, ≤ ${fmt(33 / small.arenafit.passes)} µs per pass at ${fmt(small.arenafit.passes)} passes, against ${fmt(1e6 / small.arenafit.median / small.arenafit.passes)} now`);
  if (small.firstFit) {
    const extra = small.firstFit.extra * 1e3;
    lines.push(`- A new expression's first fit ≤ 2 ms more than its second: ${fmt(extra)} ms — ${extra <= 2 ? '**met**' : `**missed** by ${fmt(extra - 2)} ms`}`);
  }
  lines.push('- A fit within 1.5× of the floor per pass (fit ns/pt/pass ÷ floor ns/pt/pass ≤ 1.5), N = 10⁶ and 10⁷:');
  for (const p of ['P1', 'P2']) {
    for (const n of [1e6, 1e7]) {
      const r = row(p, n);
      const v = r?.fitOverFloor;
      if (v === undefined) lines.push(`  - ${p} N=${sizeLabel(n)}: not measured in this run`);
      else lines.push(`  - ${p} N=${sizeLabel(n)}: ${fmt(v)} — ${v <= 1.5 ? `**met** (${fmt(1.5 / v)}× margin)` : `**missed** (per pass ${fmt(v / 1.5)}× too slow)`}`);
    }
  }
  return lines.join('\n');
}

function skipNotes() {
  const out = [...notes];
  if (scipyNote) out.push(scipyNote);
  if (mlNote) out.push(mlNote);
  for (const [p, s] of Object.entries(mlStates)) {
    if (s.skippedFrom) out.push(`${p}: ml-levenberg-marquardt skipped from N = ${sizeLabel(s.skippedFrom)}${s.skippedEstimate ? ` (≈ ${fmt(s.skippedEstimate, 2)} s per fit predicted from the N below, over the ${MODE.mlLm.capSeconds} s cap)` : ''}.`);
    if (s.fewerRepeats.length) out.push(`${p}: ml-levenberg-marquardt run fewer times than the others to stay within ${MODE.mlLm.caseBudgetSeconds} s per case (N: runs) — ${s.fewerRepeats.join('; ')}.`);
    if (s.noWarmup.length) out.push(`${p}: no separate ml-levenberg-marquardt warm-up at N = ${s.noWarmup.join(', ')} (one fit is long; the JIT was warmed at the smaller N just before).`);
  }
  return out;
}

const repeatsText = SIZES.map((n) => `${sizeLabel(n)}: ${MODE.repeats(n)}`).join(', ');
const sections = [];
for (const name of PROBLEM_NAMES) {
  const p = PROBLEMS[name];
  sections.push(
    `## ${name}: \`${p.expression}\`\n\n` +
      `x evenly spaced on [${p.lo}, ${p.hi}], truth (${p.truth.join(', ')}), start (${p.p0.join(', ')}), σ = ${fmt(p.sigma, 4)} (1% of the signal's range).\n\n` +
      mainTable(results[name]) + '\n\n' +
      'Agreement (parameters and cost relative to arenafit\'s), and the mins:\n\n' +
      detailTable(p, results[name]),
  );
}
const smallSection = `## Many small fits: N = 100, P1, one engine\n\n${smallTable()}`;
const targetSection = `## Targets (ratios from this run)\n\n${targets()}`;
const notesList = skipNotes();

console.log('');
for (const s of sections) console.log(s.replace(/^## /, '') + '\n');
console.log(smallSection.replace(/^## /, '') + '\n');
console.log(targetSection.replace(/^## /, ''));
if (notesList.length) console.log('\nNotes:\n' + notesList.map((n) => `- ${n}`).join('\n'));
console.log(`\nwall time ${fmt(wallSeconds)} s; load average at end ${machine.loadEnd.map((v) => v.toFixed(2)).join(', ')}`);

const md = `# arenafit benchmark results

Written by \`npm run bench\` (bench/run.mjs, ${MODE.name}${PARTIAL && !args.quick ? ' partial' : ''} run) on ${machine.date}; rerun it to update this file.

## Machine and versions

- CPU: ${machine.cpu}, ${machine.cores} logical cores; memory ${fmt(machine.memoryGiB)} GiB; ${machine.os}
- Load average (1, 5, 15 min) at start ${machine.loadStart.map((v) => v.toFixed(2)).join(', ')}, at end ${machine.loadEnd.map((v) => v.toFixed(2)).join(', ')} — a shared machine: figures are noisy, ratios are from the same run
- Node ${machine.node}
- arenafit commit ${machine.commit}; WASM modules sha256 ${wasmHash ?? 'unknown'}; kernels: ${kernels}
- ${scipy ? `SciPy ${scipy.scipy}, NumPy ${scipy.numpy}, Python ${scipy.python} (${scipy.executable}), OPENBLAS/OMP/MKL_NUM_THREADS=1${scipyFrom ? ` — its times measured under Node ${scipyFrom.machine.node} earlier in the same run` : ''}` : scipyNote}
- ${mlVersion ? `ml-levenberg-marquardt ${mlVersion}` : mlNote}
- Repeats per N (after one warm-up): ${repeatsText}; wall time of the run ${fmt(wallSeconds)} s

## Method

- Data: bench/data.mjs writes bench/out/data/<problem>-<N>.f64 (interleaved little-endian float64 x, y; a JSON sidecar
  with the seed and SHA-256), and every tool reads those bytes. x evenly spaced on the interval, endpoints included;
  y = f(x; truth) + σ·z with z standard normal (sfc32 + Box–Muller, seeded per file). "1% gaussian noise" is
  σ = 1% of the noiseless signal's range (max − min over the interval).
- arenafit: one engine for the whole run, \`createEngine({ arenaBytes: 4 << 20 })\`;
  \`engine.curveFitSync(expression, x, y, { p0 })\` on Float64Arrays, default options. Iterations = \`r.iterations\`,
  passes = \`r.evaluations\` (one pass = every row once: model, Jacobian, fold); ns/pt/pass = median time / (N · passes).
- Floor: the same call with \`maxIterations: 1\`, run alternately with the fit (fit, floor, fit, floor, …, so both see
  the same load), its time divided by its passes (\`r.evaluations\`, 2 here). Each pass
  evaluates the model and Jacobian and folds every row into R; the solver's own work per pass is O(P³), microseconds,
  so this is the cost of a pass with (almost) no solver around it. At small N the per-fit set-up is in it too.
  fit ÷ floor = fit ns/pt/pass ÷ floor ns/pt/pass; below 1 where the floor call's one-off costs, spread over 2 passes
  instead of the fit's ~8, outweigh the solver's, and by noise.
- SciPy: \`curve_fit(f, x, y, p0, method='lm')\` — MINPACK lmdif, default forward-difference Jacobian, default
  tolerances — with f the plain NumPy expression, in one \`/usr/bin/python3\` process per (problem, N)
  (bench/scipy_fit.py); only the call is timed (time.perf_counter), after a warm-up. nfev counts every model
  evaluation, those for the numerical Jacobian included (each one is a pass over the data).
- ml-levenberg-marquardt: defaults plus \`initialValues\` (damping 1e-2, gradientDifference 0.1, maxIterations 100,
  errorTolerance 1e-7 on the sum of squares, which noisy data never reaches: it always runs its 100 iterations).
  Run only where one fit is predicted to take under ${MODE.mlLm.capSeconds} s, with fewer repeats where a case would exceed ${MODE.mlLm.caseBudgetSeconds} s.
- Times are medians over the repeats (mins in the agreement table); ratios are peer median ÷ arenafit median, > 1 means
  arenafit is faster. Everything runs single-threaded, one after the other, in one \`npm run bench\`.
- Many small fits: 64 seeded datasets of N = 100 (P1, bench/out/data/P1-small-100x64.f64) cycled on one engine, so
  nothing is reused between fits but the compiled model; fits/s is the median of ${MODE.small.batches} batches of at least
  ${MODE.small.batchSeconds} s after a warm-up batch. SciPy and ml-LM do the same (${MODE.peerSmall.batches} batches of ${MODE.peerSmall.batchSeconds} s) for context.

${sections.join('\n\n')}

${smallSection}

${targetSection}
${notesList.length ? '\n## Notes\n\n' + notesList.map((n) => `- ${n}`).join('\n') + '\n' : ''}`;

mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(OUT, md);
if (args.json) writeFileSync(args.json, JSON.stringify({ machine, kernels, goal: SPEED_GOAL, wallSeconds, results, small, scipy, scipyNote, mlVersion, targets: targetSection }));
console.log(`\nwrote ${relative(process.cwd(), OUT) || OUT}`);
