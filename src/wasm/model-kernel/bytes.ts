/**
 * The few pieces of the WebAssembly binary format a model's kernel needs (WebAssembly Core
 * Specification 2.0, §5: the binary format; SIMD opcodes from the fixed-width SIMD proposal):
 * LEB128 integers, f64 constants, names, sections, and a growing byte buffer for code.
 */

/** Value types (§5.3.1). */
export const I32 = 0x7f;
export const F64 = 0x7c;
export const V128 = 0x7b;

/** The instructions the kernels use: one-byte opcodes (§5.4). */
export const op = {
  block: 0x02, loop: 0x03, if: 0x04, else: 0x05, end: 0x0b, br: 0x0c, brIf: 0x0d, call: 0x10,
  localGet: 0x20, localSet: 0x21, localTee: 0x22,
  i32Load: 0x28, f64Load: 0x2b, f64Store: 0x39,
  i32Const: 0x41, f64Const: 0x44,
  i32GeU: 0x4f,
  i32Add: 0x6a, i32Mul: 0x6c, i32And: 0x71, i32Shl: 0x74,
  f64Abs: 0x99, f64Neg: 0x9a, f64Sqrt: 0x9f, f64Add: 0xa0, f64Sub: 0xa1, f64Mul: 0xa2, f64Div: 0xa3,
} as const;

/** SIMD instructions: the prefix 0xfd, then the opcode as an unsigned LEB128. */
export const simd = {
  load: 0x00, load64Splat: 0x0a, store: 0x0b,
  f64x2Splat: 0x14, f64x2ExtractLane: 0x21, f64x2ReplaceLane: 0x22,
  f64x2Gt: 0x4a, anyTrue: 0x53,
  i64x2Shl: 0xcb, i64x2Add: 0xce, i64x2Sub: 0xd1,
  f64x2Abs: 0xec, f64x2Neg: 0xed, f64x2Sqrt: 0xef,
  f64x2Add: 0xf0, f64x2Sub: 0xf1, f64x2Mul: 0xf2, f64x2Div: 0xf3,
  // Relaxed SIMD: a·b + c and −(a·b) + c, fused where the engine fuses.
  relaxedMadd: 0x107, relaxedNmadd: 0x108,
} as const;

/** A growing byte buffer. */
export class Bytes {
  #bytes = new Uint8Array(256);
  length = 0;

  byte(b: number): this {
    if (this.length === this.#bytes.length) {
      const more = new Uint8Array(this.#bytes.length * 2);
      more.set(this.#bytes);
      this.#bytes = more;
    }
    this.#bytes[this.length++] = b;
    return this;
  }

  /** An unsigned LEB128 integer (§5.2.2). */
  u32(n: number): this {
    do {
      let b = n & 0x7f;
      n >>>= 7;
      if (n !== 0) b |= 0x80;
      this.byte(b);
    } while (n !== 0);
    return this;
  }

  /** A signed LEB128 integer, for i32.const. */
  s32(n: number): this {
    for (;;) {
      const b = n & 0x7f;
      n >>= 7;
      const done = (n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0);
      this.byte(done ? b : b | 0x80);
      if (done) return this;
    }
  }

  /** The 8 bytes of an f64, little-endian (§5.2.3). */
  f64(x: number): this {
    const view = new DataView(new ArrayBuffer(8));
    view.setFloat64(0, x, true);
    for (let k = 0; k < 8; k++) this.byte(view.getUint8(k));
    return this;
  }

  /** A name: its UTF-8 length, then the bytes (ASCII here). */
  name(s: string): this {
    this.u32(s.length);
    for (let k = 0; k < s.length; k++) this.byte(s.charCodeAt(k));
    return this;
  }

  append(other: Bytes): this {
    for (const b of other.bytes()) this.byte(b);
    return this;
  }

  bytes(): Uint8Array<ArrayBuffer> {
    return this.#bytes.slice(0, this.length);
  }
}

/** A section: its id, the byte length of its contents, the contents (§5.5.2). */
export function section(module: Bytes, id: number, contents: Bytes): void {
  module.byte(id).u32(contents.length).append(contents);
}
