// The inflater the embedded modules go through (src/wasm/inflate.ts). Oracle: Node's zlib —
// whatever deflateRawSync encodes, inflateRaw must give back byte for byte — in each kind of
// block (stored, fixed and dynamic Huffman codes), with matches reaching back the whole 32 kB
// window; and the modules the bundle embeds must be the bytes the build wrote.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { deflateRawSync, constants } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { inflateRaw } from '../../src/wasm/inflate.ts';
import { wasmDeflated, wasmSizes } from '../../src/generated/binary.gen.ts';
import { uniform } from '../support/synthetic.ts';

function bytes(n: number, seed: number, alphabet = 256): Uint8Array {
  const next = uniform(seed);
  return Uint8Array.from({ length: n }, () => Math.floor(next() * alphabet));
}

function roundTrip(data: Uint8Array, options: Parameters<typeof deflateRawSync>[1]): void {
  const deflated = deflateRawSync(data, options);
  expect(Buffer.from(inflateRaw(deflated, data.length)).equals(Buffer.from(data))).toBe(true);
}

describe('inflateRaw', () => {
  it('decodes stored blocks (level 0), several of them past 64 kB', () => {
    roundTrip(bytes(150_000, 1), { level: 0 });
  });

  it('decodes fixed Huffman codes', () => {
    roundTrip(new TextEncoder().encode('arenafit arenafit arenafit: a short text'), { strategy: constants.Z_FIXED });
  });

  it('decodes dynamic Huffman codes: skewed bytes, and text with long repeats', () => {
    roundTrip(bytes(100_000, 2, 7), { level: 9 });
    const phrase = bytes(3000, 3);
    const far = new Uint8Array(200_000);
    for (let at = 0; at < far.length; at += 31_000) far.set(phrase.subarray(0, Math.min(phrase.length, far.length - at)), at);
    roundTrip(far, { level: 9, windowBits: 15 });
  });

  it('decodes an empty stream', () => {
    roundTrip(new Uint8Array(0), {});
  });

  it('rejects a stream that ends early, or decodes to another length', () => {
    const data = bytes(5000, 4, 16);
    const deflated = deflateRawSync(data);
    expect(() => inflateRaw(deflated.subarray(0, deflated.length >> 1), data.length)).toThrow(/ends early|invalid/);
    expect(() => inflateRaw(deflated, data.length + 1)).toThrow(/5000 bytes decoded, 5001 expected/);
  });

  it('gives back the modules the build wrote, from the embedded stream', () => {
    const built = ['core.wasm', 'kernels.wasm', 'kernels.simd.wasm', 'kernels.relaxed.wasm'].map((f) => readFileSync(fileURLToPath(new URL(`../../build/out/${f}`, import.meta.url))));
    expect(wasmSizes).toEqual(built.map((b) => b.length));
    const all = inflateRaw(Buffer.from(wasmDeflated, 'base64'), built.reduce((n, b) => n + b.length, 0));
    expect(Buffer.from(all).equals(Buffer.concat(built))).toBe(true);
  });
});
