// parseNumber and isNanLiteral, the byte-level number reader under the CSV reader. Oracle:
// Number() on the same text (with ',' read as '.' when the decimal separator is ','), compared
// with Object.is so that -0 and +0 differ and NaN equals NaN: parseNumber must be bit-identical
// to it on every number Number() reads, over a seeded corpus of more than a million fields.
import { describe, expect, it } from 'vitest';
import { isNanLiteral, parseNumber } from '../../../src/sources/text/number.ts';
import { seeded } from '../../support/random.ts';

const DOT = 46;
const COMMA = 44;

const bytesOf = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));
/** parseNumber over the whole of `text`, written as a sentence reads. */
const parse = (text: string, decimal = DOT) => parseNumber(bytesOf(text), 0, text.length, decimal);
const nanLiteral = (text: string) => isNanLiteral(bytesOf(text), 0, text.length);

/** Every field of a corpus in one buffer, as a CSV reader holds them: field i is [starts[i], ends[i]). */
interface Corpus {
  texts: string[];
  bytes: Uint8Array;
  starts: Int32Array;
  ends: Int32Array;
}

function corpusOf(texts: string[]): Corpus {
  const joined = texts.join('\n');
  const bytes = new Uint8Array(joined.length);
  for (let i = 0; i < joined.length; i++) bytes[i] = joined.charCodeAt(i);
  const starts = new Int32Array(texts.length);
  const ends = new Int32Array(texts.length);
  let at = 0;
  texts.forEach((text, i) => {
    starts[i] = at;
    ends[i] = at + text.length;
    at += text.length + 1;
  });
  return { texts, bytes, starts, ends };
}

/** The fields where parseNumber and Number() disagree (at most `keep` of them listed), and how many. */
function mismatches(corpus: Corpus, decimal: number, keep = 10) {
  const { texts, bytes, starts, ends } = corpus;
  const listed: string[] = [];
  let count = 0;
  for (let i = 0; i < texts.length; i++) {
    const got = parseNumber(bytes, starts[i], ends[i], decimal);
    const want = Number(texts[i]);
    if (!Object.is(got, want)) {
      count++;
      if (listed.length < keep) listed.push(`${JSON.stringify(texts[i])}: got ${Object.is(got, -0) ? '-0' : got}, Number() says ${Object.is(want, -0) ? '-0' : want}`);
    }
  }
  return { count, listed };
}

/** The same corpus with every '.' written ',' (the texts, Number()'s input, are unchanged). */
function withComma(corpus: Corpus): Corpus {
  return { ...corpus, bytes: corpus.bytes.map((c) => (c === DOT ? COMMA : c)) };
}

// ---------------------------------------------------------------------------------------------
// The corpus. Every text is one Number() reads, so the oracle is never NaN by accident.

const random = seeded(0x5eed_2024);
const int = (n: number) => Math.floor(random.uniform() * n); // 0 … n − 1
const view = new DataView(new ArrayBuffer(8));

/** A double with random bits: every exponent from subnormal to 1.8e308 equally likely, finite. */
function anyDouble(): number {
  for (;;) {
    const hi = (random.uniform() * 4294967296) >>> 0;
    if (((hi >>> 20) & 0x7ff) === 0x7ff) continue;
    view.setUint32(0, hi);
    view.setUint32(4, (random.uniform() * 4294967296) >>> 0);
    return view.getFloat64(0);
  }
}

/** A subnormal double (or ±0), random bits below 2^-1022. */
function subnormal(): number {
  view.setUint32(0, ((random.uniform() * 0x100000) >>> 0) | (random.uniform() < 0.5 ? 0x80000000 : 0));
  view.setUint32(4, (random.uniform() * 4294967296) >>> 0);
  return view.getFloat64(0);
}

/** A double of everyday size: ±[0, 1) × 10^(−6 … 12). */
const everyday = () => (random.uniform() - 0.5) * 2 * 10 ** (int(19) - 6);

const digits = (n: number, first = '123456789') => {
  let s = first[int(first.length)];
  for (let i = 1; i < n; i++) s += String(int(10));
  return s;
};

/**
 * The decimal expansion of the point halfway between |v| and the next double up: exact, as
 * (2M + 1)·2^(E−1) always is in base ten; then, at random, that or a neighbour a unit of some
 * digit away, or it cut short — the inputs where a wrong rounding would show.
 */
function nearHalfway(v: number): string {
  view.setFloat64(0, Math.abs(v));
  const bits = view.getBigUint64(0);
  const field = Number(bits >> 52n);
  const fraction = bits & ((1n << 52n) - 1n);
  const M = field === 0 ? fraction : fraction | (1n << 52n);
  const E = (field === 0 ? 1 : field) - 1075; // |v| = M·2^E
  const odd = 2n * M + 1n; // the halfway point is odd·2^(E−1)
  let text: string;
  if (E - 1 >= 0) text = (odd << BigInt(E - 1)).toString();
  else {
    const k = 1 - E; // odd·2^−k = odd·5^k / 10^k
    const all = (odd * 5n ** BigInt(k)).toString().padStart(k + 1, '0');
    text = `${all.slice(0, all.length - k)}.${all.slice(all.length - k)}`;
  }
  const significant = text.replace(/^[0.]+/, '').length;
  switch (int(4)) {
    case 0: // exactly halfway
      break;
    case 1: // one unit of the last digit below or above: still exact digits, no longer a tie
    case 2: {
      const last = Number(text[text.length - 1]);
      const next = int(2) === 0 ? Math.max(0, last - 1) : Math.min(9, last + 1);
      text = text.slice(0, -1) + String(next);
      break;
    }
    default: // cut to 17 … 40 significant digits
      if (significant > 17) text = cut(text, 17 + int(24));
  }
  return (v < 0 ? '-' : '') + text;
}

/** `text` (digits with maybe a point) with its significant digits past the first `keep` dropped, zeros standing in before the point. */
function cut(text: string, keep: number): string {
  let seen = 0;
  let out = '';
  let started = false;
  let point = false;
  for (const c of text) {
    if (c === '.') {
      point = true;
      out += c;
      continue;
    }
    if (c !== '0') started = true;
    if (started) seen++;
    if (seen <= keep) out += c;
    else if (!point) out += '0';
    else break;
  }
  return out.endsWith('.') ? out.slice(0, -1) : out;
}

/** The hand-picked texts: the famous hard cases, the boundaries, the shapes the grammar allows. */
const EDGES = [
  '0', '-0', '+0', '0.0', '-0.0', '+0.0', '-.0', '0.', '-0.', '.0', '00', '-000.000e-0', '0e999999999', '-0e-999999999',
  '.5', '5.', '-.5', '+5.', '5.e3', '.5e-3', '1e0', '1E+05', '1e-05', '000123.4500e-0002', '-000123.4500E+0002',
  '9007199254740992', '9007199254740993', '9007199254740994', '9007199254740995', '9007199254740991', '-9007199254740993',
  '900719925474099.3', '90071992547409.93e2', '18014398509481985', '123456789012345678', '1234567890123456789012',
  '2.2250738585072011e-308', '2.2250738585072012e-308', '2.2250738585072014e-308', '2.225073858507201e-308',
  '4.9406564584124654e-324', '2.4703282292062327e-324', '2.4703282292062328e-324', '2.4703282292062327208828439643411068618252990130716238221279284125033775363510437593264991818081799618989828234772285886546332835517796989819938739800539093906315035659515570226392290858392449105184435931802849936536152500319370457678249219365623669863658480757001585769269903706311928279558551332927834338409351978015531246597263579574622766465272827220056374006485499977096599470454020828166226237857393450736339007967761930577506740176324673600968951340535537458516661134223766678604162159680461914467291840300530057530849048765391711386591646239524912623653881879636239373280423891018672348497668235089863388587925628302755995657524455507255189313690836254779186948667994968324049705821028513185451396213837722826145437693412532098591327667236328125e-324',
  '2.4703282292062328e-324', '2.4703282292062327e-324', '1e-324', '3e-324', '5e-324', '-5e-324', '1e-400', '-1e-400', '1e-1000000',
  '1.7976931348623157e308', '1.7976931348623158e308', '1.7976931348623159e308', '-1.7976931348623159e308', '1e308', '1e309', '-1e309', '1e1000000',
  '179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497791',
  '0.1', '0.2', '0.3', '0.30000000000000004', '1e23', '8.41e21', '5e-20', '1e22', '1e-22', '9.999999999999999e22', '123456789e-22', '123456789e22',
  '1448997445238699', '3.4e38', '1.17549435e-38', '7.038531e-26', '4.35679359e-10', '1.00000000000000011102230246251565404236316680908203125',
  '1.00000000000000011102230246251565404236316680908203124', '1.00000000000000011102230246251565404236316680908203126',
  '0.500000000000000166533453693773481063544750213623046875', '3.518437208883201171875e13', '62.5364939768271845828', '8.10109172351e-10',
  '1.50000000000000011102230246251565404236316680908203125', '2.0000000000000004440892098500626161694526672363281250000000000000000001',
  'Infinity', '-Infinity', '+Infinity',
];

function buildCorpus(): string[] {
  const texts: string[] = [];
  const add = (text: string) => texts.push(text);
  for (const text of EDGES) add(text);
  for (let k = -400; k <= 400; k++) {
    add(`1e${k}`);
    add(`-1e${k}`);
    add(String(10 ** k));
    add(`${digits(1)}e${k}`);
  }
  for (let i = 0; i < 250_000; i++) add(String(anyDouble())); // shortest round trip, 17 digits or fewer
  for (let i = 0; i < 20_000; i++) add(String(subnormal()));
  for (let i = 0; i < 200_000; i++) add(everyday().toFixed(int(11)));
  for (let i = 0; i < 100_000; i++) add(anyDouble().toPrecision(1 + int(17)));
  for (let i = 0; i < 100_000; i++) add(everyday().toPrecision(1 + int(17)));
  for (let i = 0; i < 60_000; i++) add(anyDouble().toExponential(int(21)));
  for (let i = 0; i < 40_000; i++) add(everyday().toExponential());
  for (let i = 0; i < 100_000; i++) {
    // the CSV of the benchmark: x.toFixed(7), y.toFixed(6), sigma
    add(random.uniform().toFixed(7));
    add((3 * random.normal()).toFixed(6));
  }
  for (let i = 0; i < 60_000; i++) {
    // 20–40 digit mantissas, a point anywhere or none, any exponent
    const m = digits(20 + int(21), int(10) === 0 ? '0' : '123456789');
    const at = int(m.length + 1);
    const body = at === m.length ? m : `${m.slice(0, at)}.${m.slice(at)}`;
    add((int(2) ? '-' : '') + body + (int(3) === 0 ? '' : `e${int(700) - 350}`));
  }
  for (let i = 0; i < 15_000; i++) add(nearHalfway(int(4) === 0 ? subnormal() : int(2) ? anyDouble() : everyday()));
  // Decorations Number() reads alike: a + sign, leading zeros, trailing zeros in the fraction.
  const n = texts.length;
  for (let i = 0; i < 60_000; i++) {
    let text = texts[int(n)];
    const match = /^([+-]?)(\d*)(\.?)(\d*)(.*)$/.exec(text);
    if (match === null || (match[2] === '' && match[4] === '')) continue;
    const [, sign, whole, point, fraction, exponent] = match;
    const zeros = '0'.repeat(1 + int(4));
    text = (sign === '' && int(2) ? '+' : sign) + (int(2) ? zeros : '') + whole + (point || (int(2) ? '.' : '')) + fraction + (int(2) ? zeros : '') + exponent;
    add(text);
  }
  return texts;
}

// ---------------------------------------------------------------------------------------------

describe('parseNumber against Number() on the same text', () => {
  const corpus = corpusOf(buildCorpus());

  it('the corpus holds more than a million fields, every one a number Number() reads', () => {
    expect(corpus.texts.length).toBeGreaterThan(1_000_000);
    expect(corpus.texts.filter((text) => Number.isNaN(Number(text)))).toEqual([]);
  });

  it('reads every field of the corpus bit for bit as Number() does, with "." as the separator: 0 mismatches', () => {
    const { count, listed } = mismatches(corpus, DOT);
    expect(listed).toEqual([]);
    expect(count).toBe(0);
  });

  it('reads the same fields written with "," as the separator exactly as Number() reads them with ".": 0 mismatches', () => {
    const { count, listed } = mismatches(withComma(corpus), COMMA);
    expect(listed).toEqual([]);
    expect(count).toBe(0);
  });

  it('reads a field inside a larger buffer from its own bytes only', () => {
    const bytes = bytesOf('9912.5e399');
    expect(parseNumber(bytes, 2, 6, DOT)).toBe(12.5);
    expect(parseNumber(bytes, 0, 4, DOT)).toBe(9912);
    expect(parseNumber(bytes, 3, 10, DOT)).toBe(Infinity);
    expect(parseNumber(bytes, 4, 4, DOT)).toBeNaN();
  });

  it('keeps the sign of zero, and underflows and overflows as Number() does', () => {
    expect(Object.is(parse('-0'), -0)).toBe(true);
    expect(Object.is(parse('0'), 0)).toBe(true);
    expect(Object.is(parse('-0.000e5'), -0)).toBe(true);
    expect(Object.is(parse('-1e-400'), -0)).toBe(true);
    expect(Object.is(parse('+0,0', COMMA), 0)).toBe(true);
    expect(parse('5e-324')).toBe(Number.MIN_VALUE);
    expect(parse('1.7976931348623157e308')).toBe(Number.MAX_VALUE);
    expect(parse('1.7976931348623159e308')).toBe(Infinity);
    expect(parse('-1e400')).toBe(-Infinity);
    expect(parse('9007199254740993')).toBe(9007199254740992);
  });
});

describe('what parseNumber rejects', () => {
  const GARBAGE = ['', '+', '-', '.', '-.', '+.e1', 'e5', '.e5', '1e', '1e+', '1E-', '1.2.3', '1..2', '--1', '+-1', '1-', '1+1', 'abc', '1a', '0x', '-0x10', '+0x10', '0x1.8', '0xg', '1 2', ' 1', '1 ', '1\t', '1_000', '1e5.5', 'in', 'infin', 'infinit', 'infinityy', 'nana', 'na', '∞'];

  it('returns NaN for an empty range, a lone sign or point, a bare or doubled exponent, two points, stray letters and internal blanks', () => {
    for (const text of GARBAGE) expect([text, parse(text)]).toEqual([text, NaN]);
  });

  it('returns NaN for a "," when the separator is "." and for a "." when it is ","', () => {
    for (const text of ['1,5', ',5', '5,', '1,5e3', '-0,0']) expect([text, parse(text, DOT)]).toEqual([text, NaN]);
    for (const text of ['1.5', '.5', '5.', '1.5e3', '-0.0']) expect([text, parse(text, COMMA)]).toEqual([text, NaN]);
    expect(parse('1,5', COMMA)).toBe(1.5);
    expect(parse('-1,25e2', COMMA)).toBe(-125);
    expect(parse('1e5', COMMA)).toBe(1e5);
  });

  it('reads nan, inf and infinity in any case with a sign: the infinities as ±Infinity, the NaNs as NaN', () => {
    for (const text of ['inf', 'INF', 'Inf', '+inf', '+INF', 'infinity', 'Infinity', 'INFINITY', '+Infinity', 'iNfInItY']) expect([text, parse(text)]).toEqual([text, Infinity]);
    for (const text of ['-inf', '-INF', '-Infinity', '-infinity']) expect([text, parse(text)]).toEqual([text, -Infinity]);
    for (const text of ['nan', 'NaN', 'NAN', '-nan', '+NaN', '-NaN']) expect([text, parse(text)]).toEqual([text, NaN]);
    expect(parse('-inf', COMMA)).toBe(-Infinity);
  });

  it('reads hexadecimal, octal and binary integers as Number() does, unsigned only', () => {
    for (const text of ['0x10', '0X1f', '0xFFFFFFFFFFFFFFFFF', '0o17', '0O7', '0b101', '0B1']) expect([text, parse(text)]).toEqual([text, Number(text)]);
    for (const text of ['-0x10', '+0x10', '0x', '0b2', '0o8', '0x1 ', '0x1e+5']) expect([text, parse(text)]).toEqual([text, NaN]);
  });
});

describe('isNanLiteral', () => {
  it('is true for nan in any case with an optional sign', () => {
    for (const text of ['nan', 'NaN', 'NAN', 'nAn', '-nan', '+NaN', '-NaN', '+NAN']) expect([text, nanLiteral(text)]).toEqual([text, true]);
  });

  it('is false for garbage, numbers, infinities and near misses, so a caller can tell a NaN field from a bad one', () => {
    for (const text of ['', 'na', 'nann', 'nan ', ' nan', '--nan', 'n', 'abc', '1', 'inf', 'Infinity', 'NaN1', '+-NaN', 'nam']) expect([text, nanLiteral(text)]).toEqual([text, false]);
  });

  it('looks at its range only', () => {
    const bytes = bytesOf('1nan2');
    expect(isNanLiteral(bytes, 1, 4)).toBe(true);
    expect(isNanLiteral(bytes, 0, 4)).toBe(false);
    expect(isNanLiteral(bytes, 1, 5)).toBe(false);
  });
});
