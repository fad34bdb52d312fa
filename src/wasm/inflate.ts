/**
 * Raw DEFLATE decoding (RFC 1951), synchronous and small: the embedded WebAssembly modules are
 * stored deflated (build/build.mjs), because curveFitSync has to instantiate them without
 * waiting, and DecompressionStream — the platform's inflater — is asynchronous only.
 *
 * A port of Mark Adler's puff.c (zlib/contrib/puff): canonical Huffman codes decoded a bit at
 * a time from per-length counts. Slower than a table-driven inflater, which does not matter for
 * 16 kB decoded once per process; it is the smallest correct one.
 */

/** A canonical Huffman code: how many codes of each length 0–15, and the symbols in code order. */
interface Huffman {
  count: Uint16Array;
  symbol: Uint16Array;
}

// Length and distance codes: base values and extra bits (RFC 1951 §3.2.5).
const LENGTH_BASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
const LENGTH_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DISTANCE_BASE = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577];
const DISTANCE_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
// The order in which a dynamic block lists the code lengths of the code-length code.
const CODE_LENGTH_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

function huffman(lengths: ArrayLike<number>, n: number): Huffman {
  const count = new Uint16Array(16);
  const symbol = new Uint16Array(n);
  for (let s = 0; s < n; s++) count[lengths[s]]++;
  const offsets = new Uint16Array(16);
  for (let len = 1; len < 15; len++) offsets[len + 1] = offsets[len] + count[len];
  for (let s = 0; s < n; s++) if (lengths[s] !== 0) symbol[offsets[lengths[s]]++] = s;
  return { count, symbol };
}

/** Decodes raw DEFLATE data into a buffer of `size` bytes (the decoded length, known from the build). */
export function inflateRaw(input: Uint8Array, size: number): Uint8Array {
  const out = new Uint8Array(size);
  let outAt = 0;
  let inAt = 0;
  let bitBuffer = 0;
  let bitCount = 0;

  const bits = (need: number): number => {
    let value = bitBuffer;
    while (bitCount < need) {
      if (inAt >= input.length) throw new Error('inflate: input ends early');
      value |= input[inAt++] << bitCount;
      bitCount += 8;
    }
    bitBuffer = value >>> need;
    bitCount -= need;
    return value & ((1 << need) - 1);
  };

  const decode = (h: Huffman): number => {
    let code = 0;
    let first = 0;
    let index = 0;
    for (let len = 1; len <= 15; len++) {
      code |= bits(1);
      const count = h.count[len];
      if (code - count < first) return h.symbol[index + (code - first)];
      index += count;
      first = (first + count) << 1;
      code <<= 1;
    }
    throw new Error('inflate: invalid Huffman code');
  };

  const codes = (lengthCode: Huffman, distanceCode: Huffman): void => {
    for (;;) {
      let symbol = decode(lengthCode);
      if (symbol < 256) {
        out[outAt++] = symbol;
      } else if (symbol === 256) {
        return;
      } else {
        symbol -= 257;
        if (symbol >= 29) throw new Error('inflate: invalid length code');
        const length = LENGTH_BASE[symbol] + bits(LENGTH_EXTRA[symbol]);
        const d = decode(distanceCode);
        if (d >= 30) throw new Error('inflate: invalid distance code');
        const distance = DISTANCE_BASE[d] + bits(DISTANCE_EXTRA[d]);
        if (distance > outAt) throw new Error('inflate: distance too far back');
        for (let k = 0; k < length; k++, outAt++) out[outAt] = out[outAt - distance];
      }
    }
  };

  let last = 0;
  while (!last) {
    last = bits(1);
    const type = bits(2);
    if (type === 0) {
      // Stored: byte-aligned length, its complement, then the bytes.
      bitBuffer = 0;
      bitCount = 0;
      const length = input[inAt] | (input[inAt + 1] << 8);
      inAt += 4;
      out.set(input.subarray(inAt, inAt + length), outAt);
      inAt += length;
      outAt += length;
    } else if (type === 1) {
      const lengths = new Uint8Array(288);
      lengths.fill(8, 0, 144).fill(9, 144, 256).fill(7, 256, 280).fill(8, 280, 288);
      codes(huffman(lengths, 288), huffman(new Uint8Array(30).fill(5), 30));
    } else if (type === 2) {
      const nLength = bits(5) + 257;
      const nDistance = bits(5) + 1;
      const nCode = bits(4) + 4;
      const lengths = new Uint8Array(320);
      for (let k = 0; k < nCode; k++) lengths[CODE_LENGTH_ORDER[k]] = bits(3);
      const lengthCode = huffman(lengths, 19);
      lengths.fill(0);
      for (let k = 0; k < nLength + nDistance; ) {
        const symbol = decode(lengthCode);
        if (symbol < 16) {
          lengths[k++] = symbol;
          continue;
        }
        let repeat = 0;
        let value = 0;
        if (symbol === 16) {
          if (k === 0) throw new Error('inflate: repeat with no first length');
          value = lengths[k - 1];
          repeat = 3 + bits(2);
        } else if (symbol === 17) {
          repeat = 3 + bits(3);
        } else {
          repeat = 11 + bits(7);
        }
        if (k + repeat > nLength + nDistance) throw new Error('inflate: too many lengths');
        while (repeat--) lengths[k++] = value;
      }
      codes(huffman(lengths, nLength), huffman(lengths.subarray(nLength), nDistance));
    } else {
      throw new Error('inflate: invalid block type');
    }
  }
  if (outAt !== size) throw new Error(`inflate: ${outAt} bytes decoded, ${size} expected`);
  return out;
}
