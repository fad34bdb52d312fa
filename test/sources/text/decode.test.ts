// Encodings (src/sources/text/decode.ts): which one a source's first bytes say, and its bytes as
// UTF-8 whatever the blocks cut. Oracle: TextEncoder's UTF-8 of the text each source was made from.
import { describe, expect, it } from 'vitest';
import { FitError } from '../../../src/index.ts';
import { SNIFF_BYTES, sniffEncoding, ToUtf8 } from '../../../src/sources/text/decode.ts';
import { thrown } from '../../support/thrown.ts';

const where = { file: 'data.csv', FitError };
const utf8 = (text: string) => new TextEncoder().encode(text);

/** `text` in UTF-16, little- or big-endian, with a byte-order mark or not. */
function utf16(text: string, bigEndian: boolean, bom: boolean): Uint8Array {
  const units = (bom ? '\uFEFF' : '') + text;
  const bytes = new Uint8Array(2 * units.length);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < units.length; i++) view.setUint16(2 * i, units.charCodeAt(i), !bigEndian);
  return bytes;
}

/** `bytes` through ToUtf8 in blocks of `size`, joined. */
function transcode(bytes: Uint8Array, size: number): Uint8Array {
  const sniffed = sniffEncoding(bytes, true, where)!;
  const to = new ToUtf8(sniffed);
  const parts: number[] = [];
  for (let at = 0; at < bytes.length; at += size) parts.push(...to.push(bytes.slice(at, at + size), false));
  parts.push(...to.push(new Uint8Array(0), true));
  return Uint8Array.from(parts);
}

const text = 'tempé\tµ (V)\r\n1,5\t2\r\n𝑥\t3\r\n';

describe('the encoding', () => {
  it('is UTF-8 without NUL bytes, with its byte-order mark dropped if there is one', () => {
    expect(sniffEncoding(utf8('x,y\n'), true, where)).toEqual({ encoding: 'utf-8', bom: 0 });
    expect(sniffEncoding(utf8('\uFEFFx,y\n'), true, where)).toEqual({ encoding: 'utf-8', bom: 3 });
  });

  it('is UTF-16 by its byte-order mark, or by the NUL byte in every other byte of ASCII text', () => {
    expect(sniffEncoding(utf16(text, false, true), true, where)).toEqual({ encoding: 'utf-16le', bom: 2 });
    expect(sniffEncoding(utf16(text, true, true), true, where)).toEqual({ encoding: 'utf-16be', bom: 2 });
    expect(sniffEncoding(utf16(text, false, false), true, where)).toEqual({ encoding: 'utf-16le', bom: 0 });
    expect(sniffEncoding(utf16(text, true, false), true, where)).toEqual({ encoding: 'utf-16be', bom: 0 });
  });

  it('waits for 1 KiB, or the end, before it decides', () => {
    expect(sniffEncoding(utf8('x,y\n'), false, where)).toBeUndefined();
    expect(sniffEncoding(new Uint8Array(SNIFF_BYTES).fill(49), false, where)).toEqual({ encoding: 'utf-8', bom: 0 });
  });

  it('refuses UTF-32 and binary data as INVALID_FILE, naming the file and no raw bytes', () => {
    const utf32 = thrown(() => sniffEncoding(Uint8Array.from([0xff, 0xfe, 0, 0, 0x31, 0, 0, 0]), true, where));
    expect(utf32.code).toBe('INVALID_FILE');
    expect(utf32.message).toBe('"data.csv" starts with a UTF-32 byte-order mark; expected UTF-8 or UTF-16 text (save it as UTF-8)');
    const binary = thrown(() => sniffEncoding(new Uint8Array(new Float64Array([1, 2.5, 3, 1e-300]).buffer), true, where));
    expect(binary.code).toBe('INVALID_FILE');
    expect(binary.message).toMatch(/^"data\.csv" holds NUL bytes \(the first at byte 0\) in no pattern of UTF-16 text, so it is not text; .*fromBinaryFile/);
    expect(binary.message).not.toContain('\0');
  });
});

describe('the UTF-8 of a source', () => {
  for (const [name, bytes] of [['UTF-8', utf8('\uFEFF' + text)], ['UTF-16LE', utf16(text, false, true)], ['UTF-16BE', utf16(text, true, true)], ['UTF-16BE without a mark', utf16(text, true, false)]] as const) {
    it(`is the text's, from ${name}, in blocks of 1, 3 and 1,000 bytes`, () => {
      for (const size of [1, 3, 1000]) expect(transcode(bytes, size)).toEqual(utf8(text));
    });
  }
});

// Oracle: Python's cp1252 codec for bytes 80–9F (printed by
//   ''.join(bytes([b]).decode('cp1252') if b not in (0x81, 0x8d, 0x8f, 0x90, 0x9d) else chr(b) for b in range(0x80, 0xa0))
// — the five bytes it leaves undefined are the C1 controls of the same numbers in the WHATWG
// Encoding Standard), Latin-1 for A0–FF, ASCII below; their UTF-8 by TextEncoder. Not Node 20's
// TextDecoder('windows-1252'), which reads 80–9F as Latin-1 (Node 24's agrees with Python).
const CP1252_80_9F = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';
describe('Windows-1252 (a Western European spreadsheet\'s "CSV")', () => {
  const every = Uint8Array.from({ length: 256 }, (_, b) => (b === 0 ? 0x20 : b));
  const read = (b: number) => (b >= 0x80 && b < 0xa0 ? CP1252_80_9F[b - 0x80] : String.fromCharCode(b));

  it('is recognised by bytes that are not UTF-8, and every byte reads as the standard says, whatever the blocks', () => {
    const head = Uint8Array.from([...utf8('Zeit (s);Signal ('), 0xb0, ...utf8('C)\r\n1,5;2\r\n')]);
    expect(sniffEncoding(head, true, where)).toEqual({ encoding: 'windows-1252', bom: 0 });
    const expected = utf8(Array.from(every, read).join(''));
    for (const size of [1, 7, 256]) expect(transcode(Uint8Array.from([0xb5, ...every]), size)).toEqual(Uint8Array.from([0xc2, 0xb5, ...expected]));
  });

  it('is not taken for UTF-8 text whose characters are several bytes, even cut by the end of the first block', () => {
    expect(sniffEncoding(utf8('Zeit (µs);Signal (°C) — 𝑥\n1;2\n'), true, where)).toEqual({ encoding: 'utf-8', bom: 0 });
    const long = utf8('x'.repeat(SNIFF_BYTES - 1) + 'µ'); // the µ's two bytes straddle byte SNIFF_BYTES
    expect(sniffEncoding(long, true, where)).toEqual({ encoding: 'utf-8', bom: 0 });
  });

  it('is what an overlong form or a lone continuation byte makes of a file (UTF-8 never has them)', () => {
    for (const bad of [[0xc0, 0xaf], [0xe0, 0x80, 0xaf], [0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80]]) {
      expect(sniffEncoding(Uint8Array.from([...utf8('x,y\n'), ...bad, 0x0a]), true, where)!.encoding, bad.join(' ')).toBe('windows-1252');
    }
  });
});
