// bench/parse-numbers: how fast parseNumber (src/sources/text/number.ts), the byte-level number
// reader under the CSV reader, reads the fields of a CSV held in memory, against the obvious
// alternative — Number() on each field's latin1 slice — and that the two agree on every field.
//
// The data: 10⁶ rows `x,y,sigma\n` as the 10⁷-row benchmark file writes them — x.toFixed(7) on
// [0, 1), y.toFixed(6) (3·e^(−2x) + 0.5 plus 1% gaussian noise), sigma (0.01).toFixed(6) —
// generated in memory from a fixed seed. The fields are found once beforehand by a plain byte
// scan, so only the parsing is timed: (a) parseNumber over every field, (b) Number(buffer
// latin1 slice) over every field. Each is run 7 times, interleaved, and the median taken; the
// rate is MB/s of field bytes (delimiters and line ends not counted). A last line times 10⁵
// shortest round-trip random doubles (String(Math.random()-like), 16–17 digits), which take
// parseNumber's fallback to Number(), to show what such data costs.
//
// The TypeScript source is bundled in memory with esbuild (Node 20 cannot import .ts) and
// imported from a data: URL; nothing is written to disk.
//
//   node bench/parse-numbers.mjs
import { build } from 'esbuild';
import { normalsOf, uniforms } from './random.mjs';

const ROWS = 1_000_000;
const RUNS = 7;

/** uniform() and normal() from one seeded stream (bench/random.mjs). */
function seeded(seed) {
  const uniform = uniforms(seed);
  return { uniform, normal: normalsOf(uniform) };
}

const source = new URL('../src/sources/text/number.ts', import.meta.url).pathname;
const bundled = await build({ entryPoints: [source], bundle: true, format: 'esm', platform: 'neutral', target: 'es2022', write: false, logLevel: 'error' });
const { parseNumber } = await import(`data:text/javascript;base64,${Buffer.from(bundled.outputFiles[0].text).toString('base64')}`);


/** A buffer of CSV text and its fields: field i is the bytes [starts[i], ends[i]). */
function fieldsOf(text) {
  const buffer = Buffer.from(text, 'latin1');
  const starts = [];
  const ends = [];
  let from = 0;
  for (let i = 0; i < buffer.length; i++) {
    const c = buffer[i];
    if (c === 44 || c === 10) {
      starts.push(from);
      ends.push(i);
      from = i + 1;
    }
  }
  const fields = { buffer, starts: Int32Array.from(starts), ends: Int32Array.from(ends), bytes: 0 };
  for (let i = 0; i < fields.starts.length; i++) fields.bytes += fields.ends[i] - fields.starts[i];
  return fields;
}

function csv() {
  const random = seeded(0x5eed5);
  const lines = new Array(ROWS);
  for (let i = 0; i < ROWS; i++) {
    const x = random.uniform();
    const y = 3 * Math.exp(-2 * x) + 0.5 + 0.025 * random.normal();
    lines[i] = `${x.toFixed(7)},${y.toFixed(6)},${(0.01).toFixed(6)}\n`;
  }
  return fieldsOf(lines.join(''));
}

function roundTrip() {
  const random = seeded(0xd0b1e);
  const lines = new Array(ROWS / 10);
  for (let i = 0; i < lines.length; i++) lines[i] = `${String(random.uniform() * 10 ** Math.floor(random.uniform() * 6 - 3))}\n`;
  return fieldsOf(lines.join(''));
}

const out = new Float64Array(3 * ROWS);

function timeParseNumber({ buffer, starts, ends }) {
  const t = performance.now();
  for (let i = 0; i < starts.length; i++) out[i] = parseNumber(buffer, starts[i], ends[i], 46);
  return performance.now() - t;
}

function timeNumber({ buffer, starts, ends }) {
  const t = performance.now();
  for (let i = 0; i < starts.length; i++) out[i] = Number(buffer.latin1Slice(starts[i], ends[i]));
  return performance.now() - t;
}

function mismatches({ buffer, starts, ends }) {
  let count = 0;
  for (let i = 0; i < starts.length; i++) {
    if (!Object.is(parseNumber(buffer, starts[i], ends[i], 46), Number(buffer.latin1Slice(starts[i], ends[i])))) count++;
  }
  return count;
}

const median = (values) => values.slice().sort((a, b) => a - b)[values.length >> 1];
const rate = (bytes, ms) => bytes / 1e6 / (ms / 1e3);

function compare(label, fields) {
  const a = [];
  const b = [];
  timeParseNumber(fields); // warm both up once
  timeNumber(fields);
  for (let run = 0; run < RUNS; run++) {
    a.push(timeParseNumber(fields));
    b.push(timeNumber(fields));
  }
  const ra = rate(fields.bytes, median(a));
  const rb = rate(fields.bytes, median(b));
  console.log(`${label}: ${fields.starts.length.toLocaleString('en')} fields, ${(fields.bytes / 1e6).toFixed(1)} MB of field bytes`);
  console.log(`  (a) parseNumber              ${ra.toFixed(0).padStart(5)} MB/s   (median ${median(a).toFixed(1)} ms of ${RUNS})`);
  console.log(`  (b) Number(latin1 slice)     ${rb.toFixed(0).padStart(5)} MB/s   (median ${median(b).toFixed(1)} ms of ${RUNS})`);
  console.log(`  ratio (a)/(b)                ${(ra / rb).toFixed(2)}×`);
  console.log(`  checked against Number():    ${mismatches(fields)} mismatches in ${fields.starts.length.toLocaleString('en')} fields`);
}

console.log(`parseNumber bench — Node ${process.version}, ${process.arch}`);
compare('CSV x.toFixed(7),y.toFixed(6),sigma.toFixed(6)', csv());
compare('shortest round-trip doubles (the fallback to Number())', roundTrip());
