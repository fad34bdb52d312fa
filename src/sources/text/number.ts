/**
 * Decimal numbers read straight from ASCII bytes — the hot loop of the delimited-text reader —
 * bit-identical to Number() on the same text, without making a string for the numbers real data
 * holds. No imports and no Node: the browser bundle carries this file.
 *
 * What parseNumber accepts, over exactly the bytes [start, end) (no surrounding blanks: a blank
 * anywhere in the range makes it NaN):
 *
 *   number    [+|-] mantissa [exponent]
 *   mantissa  digits, digits SEP, SEP digits or digits SEP digits: at least one digit, at most one
 *             SEP — the `decimal` byte, '.' or ','; the other of the two is then not accepted
 *   exponent  (e|E) [+|-] digits
 *   special   [+|-] (inf | infinity) in any case → ±Infinity; [+|-] nan in any case → NaN (which
 *             isNanLiteral tells apart from the NaN of garbage)
 *   integer   0x…, 0o…, 0b… (any case), unsigned, as Number() reads them (it rejects a sign)
 *
 * Anything else is NaN: an empty range, a lone sign or separator, '1.2.3', '1e', 'abc', '1,5'
 * when the separator is '.', '1 2'. Numbers are correctly rounded (round half to even, like
 * Number()): -0 stays -0, tiny values become subnormal or ±0, huge ones ±Infinity.
 *
 * The method. The significant digits accumulate into a double `m` while m·10 + d stays below
 * 2^53, so m is exact, and the decimal exponent e is counted (value = m·10^e); digits past that
 * capacity are dropped, exactly when they are zeros. Then Clinger's fast path (W. D. Clinger,
 * "How to read floating point numbers accurately", PLDI 1990, §"fast path"): when m ≤ 2^53 and
 * |e| ≤ 22, m and 10^|e| are both exact doubles and one IEEE multiplication or division rounds
 * their product or quotient correctly — the answer. Extended as in fast_float (D. Lemire, "Number
 * parsing at a gigabyte per second", Software: Practice and Experience 51(8), 2021, §5): for
 * 22 < e ≤ 37, m·10^(e−22) first, when that is still an exact integer below 2^53, then ·10^22.
 * Every other number — more than about 15 significant digits (a nonzero one dropped), |e| beyond
 * those ranges — goes to Number() on the text rebuilt from the bytes (',' written '.'), correct by
 * definition; those are the shortest round-trip forms of arbitrary doubles and extremes, rare in
 * measured data such as 0.1234567,2.612345,0.010000. (An exact middle path such as Eisel–Lemire
 * would take them too, at the cost of a 10 kB table of 128-bit powers of five in the bundle.)
 */

const PLUS = 43;
const MINUS = 45;
const DOT = 46;
const ZERO = 48;

/** 10^0 … 10^22: every one an exact double (10^22 = 2^22·5^22 and 5^22 < 2^53). */
const POW10 = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

/**
 * Digits accumulate while m < this, so m·10 + 9 ≤ 9007199254740989 < 2^53: m stays an exact
 * integer (15 digits always, 16 when they fit).
 */
const ACCUMULATE_BELOW = 900719925474099;
const MAX_SAFE = 9007199254740991; // 2^53 − 1

/** Exponent digits stop counting at this size: any number with such an exponent goes to Number(). */
const EXPONENT_CAP = 100_000_000;

/** Parses the bytes [start, end) of `bytes` (ASCII, already without surrounding blanks) as a decimal number; NaN when they are not one. */
export function parseNumber(bytes: Uint8Array, start: number, end: number, decimal: number /* 46 '.' or 44 ',' */): number {
  let i = start;
  if (i >= end) return NaN;
  let c = bytes[i];
  let negative = false;
  if (c === MINUS || c === PLUS) {
    negative = c === MINUS;
    if (++i >= end) return NaN;
  }

  // The mantissa: value = m·10^e, m exact; `inexact` once a nonzero digit did not fit.
  let m = 0;
  let e = 0;
  let inexact = false;
  const wholeStart = i;
  for (; i < end; i++) {
    const d = bytes[i] - ZERO;
    if (d < 0 || d > 9) break;
    if (m < ACCUMULATE_BELOW) m = m * 10 + d;
    else {
      e++;
      if (d !== 0) inexact = true;
    }
  }
  let digits = i - wholeStart;
  if (i < end && bytes[i] === decimal) {
    const fractionStart = ++i;
    for (; i < end; i++) {
      const d = bytes[i] - ZERO;
      if (d < 0 || d > 9) break;
      if (m < ACCUMULATE_BELOW) {
        m = m * 10 + d;
        e--;
      } else if (d !== 0) inexact = true;
    }
    digits += i - fractionStart;
  }
  if (digits === 0) return special(bytes, start, end);

  if (i < end) {
    c = bytes[i];
    if ((c | 32) !== 101) return special(bytes, start, end); // not e or E
    if (++i >= end) return NaN;
    c = bytes[i];
    let exponentNegative = false;
    if (c === MINUS || c === PLUS) {
      exponentNegative = c === MINUS;
      if (++i >= end) return NaN;
    }
    const exponentStart = i;
    let exponent = 0;
    for (; i < end; i++) {
      const d = bytes[i] - ZERO;
      if (d < 0 || d > 9) return NaN;
      if (exponent < EXPONENT_CAP) exponent = exponent * 10 + d;
    }
    if (i === exponentStart) return NaN;
    e += exponentNegative ? -exponent : exponent;
  }

  // Clinger's fast path, and its extension for 22 < e ≤ 37.
  if (m === 0) return negative ? -0 : 0; // no digit dropped: they all were zeros
  if (!inexact) {
    let value: number;
    if (e >= 0) {
      if (e <= 22) value = m * POW10[e];
      else if (e <= 37) {
        const scaled = m * POW10[e - 22]; // exact when it is at most 2^53 − 1 (an integer product)
        if (scaled > MAX_SAFE) return slow(bytes, start, end, decimal);
        value = scaled * 1e22;
      } else return slow(bytes, start, end, decimal);
    } else if (e >= -22) value = m / POW10[-e];
    else return slow(bytes, start, end, decimal);
    return negative ? -value : value;
  }
  return slow(bytes, start, end, decimal);
}

/** Whether the bytes [start, end) are nan in any case with an optional sign: NaN by intent, not garbage. */
export function isNanLiteral(bytes: Uint8Array, start: number, end: number): boolean {
  let i = start;
  if (i < end && (bytes[i] === PLUS || bytes[i] === MINUS)) i++;
  return end - i === 3 && (bytes[i] | 32) === 110 && (bytes[i + 1] | 32) === 97 && (bytes[i + 2] | 32) === 110; // n a n
}

/** Number() on the bytes [start, end), already checked to be a number of the grammar: digits, signs, e, one separator. */
function slow(bytes: Uint8Array, start: number, end: number, decimal: number): number {
  const text = textOf(bytes, start, end);
  return Number(decimal === DOT ? text : text.replace(',', '.'));
}

/** The bytes [start, end) as a string, one character a byte. */
function textOf(bytes: Uint8Array, start: number, end: number): string {
  let text = '';
  // In pieces: apply's arguments live on the stack.
  for (let at = start; at < end; at += 4096) {
    text += String.fromCharCode.apply(null, bytes.subarray(at, Math.min(end, at + 4096)) as unknown as number[]);
  }
  return text;
}

const INFINITY = 'infinity';

/** What is not a decimal number: ±inf and ±infinity in any case, 0x/0o/0b integers as Number() reads them, else NaN (nan included). */
function special(bytes: Uint8Array, start: number, end: number): number {
  let i = start;
  const sign = bytes[i];
  if (sign === PLUS || sign === MINUS) i++;
  const length = end - i;
  if (length === 3 || length === 8) {
    let k = 0;
    while (k < length && (bytes[i + k] | 32) === INFINITY.charCodeAt(k)) k++;
    if (k === length) return sign === MINUS ? -Infinity : Infinity;
  }
  // 0x1F, 0o17, 0b101: Number() reads them, unsigned; letters and digits only, so that Number()
  // does not skip a blank this grammar rejects.
  if (i !== start || length < 3 || bytes[i] !== ZERO) return NaN;
  const base = bytes[i + 1] | 32;
  if (base !== 120 && base !== 111 && base !== 98) return NaN; // x o b
  for (let k = i + 2; k < end; k++) {
    const c = bytes[k];
    if (!((c >= ZERO && c <= ZERO + 9) || ((c | 32) >= 97 && (c | 32) <= 122))) return NaN;
  }
  return Number(textOf(bytes, start, end));
}
