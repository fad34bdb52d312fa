// bench/data: the benchmark problems and their seeded data, written to files so that every
// tool in the comparison (arenafit, ml-levenberg-marquardt, SciPy) fits the identical bytes.
//
// File format: bench/out/data/<problem>-<N>.f64 (e.g. P1-1e6.f64) holds N records of two
// little-endian float64 values, x then y, interleaved:
//
//   offset 0        8        16       24            16·(N−1)    16·N
//          ├────────┼────────┼────────┼──── … ──────┼────────┬────────┤
//          │  x₀    │  y₀    │  x₁    │  y₁    …    │ x_N−1  │ y_N−1  │
//
// NumPy reads it as np.fromfile(path, dtype='<f8').reshape(-1, 2). Beside each file a JSON
// sidecar (P1-1e6.json) records how it was made: expression, truth, start, σ, seed, SHA-256.
// A file whose sidecar matches the generator is reused, not regenerated.
//
// The data: x evenly spaced on [lo, hi], endpoints included (xᵢ = lo + (hi − lo)·i/(N − 1));
// y = f(x; truth) + σ·z, z standard normal. "1% gaussian noise" means σ = 1% of the noiseless
// signal's range, max f − min f over [lo, hi] (measured on a fixed 100,001-point grid, so σ
// does not depend on N): σ = 0.025 for P1, 0.05 for P2. The normal deviates come from sfc32
// (Doornik's small fast counting generator, 32-bit) through Box–Muller, seeded per file from
// its name, so every file is reproducible bit for bit on any machine with IEEE doubles.
//
// The many-small-fits data (P1-small-100x64.f64) is 64 datasets of N = 100 one after the
// other, same x grid, each with its own noise seed.
//
//   node bench/data.mjs            write every file of the full benchmark (10³ … 10⁷)
//   node bench/data.mjs --quick    only N ≤ 10⁵
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { endianness } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DATA_DIR = join(dirname(fileURLToPath(import.meta.url)), 'out', 'data');

/** Bump when the generation changes: files made by another version are regenerated. */
const GENERATOR = 'arenafit-bench-data/1 (sfc32 + Box-Muller, linspace x, sigma = 1% of range)';
const BASE_SEED = 0x5eed5;

export const PROBLEMS = {
  P1: {
    name: 'P1',
    title: 'exponential decay',
    expression: 'a*exp(-b*x) + c',
    names: ['a', 'b', 'c'],
    truth: [2.5, 1.3, 0.5],
    p0: [1, 1, 0],
    lo: 0,
    hi: 10,
    model: (x, p) => p[0] * Math.exp(-p[1] * x) + p[2],
  },
  P2: {
    name: 'P2',
    title: 'gaussian peak on a baseline',
    expression: 'A*exp(-(x-mu)^2/(2*s^2)) + d',
    names: ['A', 'mu', 's', 'd'],
    truth: [5, 2, 0.7, 0.3],
    p0: [4, 1.5, 1, 0],
    lo: -5,
    hi: 10,
    model: (x, p) => {
      const u = x - p[1];
      return p[0] * Math.exp(-(u * u) / (2 * p[2] * p[2])) + p[3];
    },
  },
};

for (const problem of Object.values(PROBLEMS)) {
  problem.p0Object = Object.fromEntries(problem.names.map((name, i) => [name, problem.p0[i]]));
  problem.sigma = 0.01 * signalRange(problem);
}

/** max f − min f of the noiseless model over [lo, hi], on a fixed 100,001-point grid. */
function signalRange({ model, truth, lo, hi }) {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i <= 100_000; i++) {
    const v = model(lo + ((hi - lo) * i) / 100_000, truth);
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return max - min;
}

/** "1e6" for 1000000: the N in file names and tables. */
export function sizeLabel(n) {
  const e = Math.round(Math.log10(n));
  return 10 ** e === n ? `1e${e}` : String(n);
}

// FNV-1a over the name, mixed with the base seed: one independent stream per file.
function seedOf(name) {
  let h = 0x811c9dc5 ^ BASE_SEED;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

// sfc32 (Doornik 2007, PractRand-clean), 32-bit state words; uniform on (0, 1) with 53 bits.
function generator(seed) {
  let a = 0x9e3779b9;
  let b = 0x243f6a88;
  let c = 0xb7e15162;
  let d = seed >>> 0;
  const next = () => {
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 15; i++) next();
  const uniform = () => ((next() >>> 5) * 67108864 + (next() >>> 6) + 0.5) / 9007199254740992;
  // Box–Muller, both deviates used.
  let spare = NaN;
  return () => {
    if (spare === spare) {
      const z = spare;
      spare = NaN;
      return z;
    }
    const r = Math.sqrt(-2 * Math.log(uniform()));
    const theta = 2 * Math.PI * uniform();
    spare = r * Math.sin(theta);
    return r * Math.cos(theta);
  };
}

/** Fills records[offset … offset + 2n) with (x, y) of one seeded dataset. */
function fill(problem, n, seed, records, offset) {
  const { model, truth, lo, hi, sigma } = problem;
  const normal = generator(seed);
  for (let i = 0; i < n; i++) {
    const x = lo + ((hi - lo) * i) / (n - 1);
    records[offset + 2 * i] = x;
    records[offset + 2 * i + 1] = model(x, truth) + sigma * normal();
  }
}

function sidecarFor(problem, fileName, n, datasets, seeds) {
  return {
    generator: GENERATOR,
    file: fileName,
    format: 'interleaved little-endian float64 records (x, y)',
    problem: problem.name,
    expression: problem.expression,
    names: problem.names,
    truth: problem.truth,
    p0: problem.p0,
    interval: [problem.lo, problem.hi],
    rows: n,
    datasets,
    noise: 'gaussian, sigma = 1% of the noiseless signal range',
    sigma: problem.sigma,
    seeds,
    bytes: 16 * n * datasets,
  };
}

function ensureFile(problem, fileName, n, datasets, seeds) {
  if (endianness() !== 'LE') throw new Error('bench/data writes little-endian files through a Float64Array: big-endian hosts are not supported');
  mkdirSync(DATA_DIR, { recursive: true });
  const path = join(DATA_DIR, `${fileName}.f64`);
  const metaPath = join(DATA_DIR, `${fileName}.json`);
  const expected = sidecarFor(problem, `${fileName}.f64`, n, datasets, seeds);
  if (existsSync(path) && existsSync(metaPath)) {
    const meta = JSON.parse(readFileSync(metaPath, 'utf8'));
    const { sha256, ...rest } = meta;
    if (JSON.stringify(rest) === JSON.stringify(expected) && statSync(path).size === expected.bytes) {
      return { path, meta, generated: false };
    }
  }
  const records = new Float64Array(2 * n * datasets);
  for (let k = 0; k < datasets; k++) fill(problem, n, seeds[k], records, 2 * n * k);
  const bytes = new Uint8Array(records.buffer);
  const meta = { ...expected, sha256: createHash('sha256').update(bytes).digest('hex') };
  writeFileSync(path, bytes);
  writeFileSync(metaPath, JSON.stringify(meta, null, 2) + '\n');
  return { path, meta, generated: true };
}

/** The data file of one (problem, N), made if missing: { path, meta, generated }. */
export function ensureData(problemName, n) {
  const problem = PROBLEMS[problemName];
  const fileName = `${problem.name}-${sizeLabel(n)}`;
  return ensureFile(problem, fileName, n, 1, [seedOf(fileName)]);
}

/** The many-small-fits file: `count` datasets of n rows of P1, each with its own seed. */
export function ensureSmallData(n = 100, count = 64, problemName = 'P1') {
  const problem = PROBLEMS[problemName];
  const fileName = `${problem.name}-small-${n}x${count}`;
  const seeds = Array.from({ length: count }, (_, k) => seedOf(`${fileName}#${k}`));
  return ensureFile(problem, fileName, n, count, seeds);
}

/** Reads a data file into separate x and y Float64Arrays, `datasets` consecutive blocks. */
export function readData(path, datasets = 1) {
  const raw = readFileSync(path);
  const records = new Float64Array(raw.byteLength / 8);
  new Uint8Array(records.buffer).set(raw); // copy: a Buffer's offset need not be 8-aligned
  const n = records.length / 2 / datasets;
  const out = [];
  for (let k = 0; k < datasets; k++) {
    const x = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0, j = 2 * n * k; i < n; i++, j += 2) {
      x[i] = records[j];
      y[i] = records[j + 1];
    }
    out.push({ x, y });
  }
  return datasets === 1 ? out[0] : out;
}

export const FULL_SIZES = [1e3, 1e4, 1e5, 1e6, 1e7];
export const QUICK_SIZES = [1e3, 1e4, 1e5];

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const sizes = process.argv.includes('--quick') ? QUICK_SIZES : FULL_SIZES;
  for (const name of Object.keys(PROBLEMS)) {
    for (const n of sizes) {
      const { path, meta, generated } = ensureData(name, n);
      console.log(`${generated ? 'wrote ' : 'kept  '} ${path}  sigma ${meta.sigma}  sha256 ${meta.sha256.slice(0, 16)}`);
    }
  }
  const { path, generated } = ensureSmallData();
  console.log(`${generated ? 'wrote ' : 'kept  '} ${path}`);
}
