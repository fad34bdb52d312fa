/**
 * A model's kernel: its bytecode (src/models/expression/emit.ts) written out as WebAssembly, two
 * functions of one type that the block kernel calls in place of the VM (assembly/evaluate/block.ts):
 *
 *     block(vectors, scalars, m, A, stride, y, sigma, slope, scale) → Σ rᵢ²   (the linear loss)
 *     values(vectors, scalars, m, …)                                 → 0      (the robust losses)
 *
 * `block` is one loop over the block's rows, four a step as two f64x2 pairs whose instructions
 * alternate (then a last pair, and an odd row in f64), that holds every register of the bytecode
 * in a local and writes each row of
 *
 *     A = [ wᵢ·∂f/∂θ₀·s·d₀  …  wᵢ·∂f/∂θ_{P−1}·s·d_{P−1}  |  rᵢ = (fᵢ − yᵢ)·wᵢ·s ],   wᵢ = 1/σᵢ,
 *
 * column j at A + j·stride — where the VM runs one loop per instruction over registers in
 * memory and the block kernel 2 + P more. `values` runs the same steps over the body alone and
 * leaves the outputs that are registers where the VM leaves them (vectors[slot] + 8·row), for
 * the block kernel's robust residuals. A body's scalar instructions (a global fit's dataset
 * carries its prologue at the head of its body) run once per call, before the loop.
 *
 * The operations are the VM's, in the VM's order (vm/rows.ts, evaluate/block.ts): f64x2
 * arithmetic is IEEE arithmetic lane by lane, e^x is expLanes (vm/exp.ts, inlined, its constants
 * read where the kernel module keeps them, its multiply-adds fused exactly where the relaxed-SIMD
 * build fuses them) for |x| ≤ 708 and the kernel module's scalar exp beyond, and the other
 * functions (log, pow with a non-integer exponent, sin, erf, the Faddeeva function…) and the
 * scalar instructions are the kernel module's own `operate`, imported, lane by lane. So the
 * compiled kernel gives the VM's bits (test/wasm/model-kernel.test.ts), and Σ rᵢ² is added as
 * the VM adds it: in two lanes, then the odd row.
 */
import { FORM_SS, FORM_SV, FORM_VS, FORM_VV, OP_ABS, OP_ADD, OP_COPY, OP_DIV, OP_EXP, OP_FADDEEVA_RE, OP_MUL, OP_NEG, OP_POW, OP_SQRT, OP_SQUARE, OP_SUB } from '../abi.ts';
import { Bytes, F64, I32, V128, op, section, simd } from './bytes.ts';

/** What a kernel is compiled from. */
export interface KernelProgram {
  nVariables: number;
  /** The VM body (vm/run.ts): vector instructions, and scalar ones that run before the loop. */
  body: Int32Array;
  /** The value, then ∂f/∂θ of each free parameter, operand-encoded (v ≥ 0 vector slot v, v < 0 scalar slot −1 − v). */
  outputs: ArrayLike<number>;
  /** The program's constants and the scalar slot of the first: integer powers are multiplied out, as the VM does. */
  constants: Float64Array;
  constantsAt: number;
  hasSigma: boolean;
  /** Where the kernel module keeps expLanes' constants (assembly/vm/exp.ts expConstants). */
  expConstants: number;
  /** The kernel module is the relaxed-SIMD build: fuse the multiply-adds it fuses. */
  relaxed: boolean;
}

// Byte offsets of expLanes' constants (assembly/vm/exp.ts K_*).
const K_INV_LN2 = 0, K_ROUND = 8, K_LN2_HI = 16, K_LN2_LO = 24, K_ONE = 32, K_BIAS = 40;
const K_C = (i: number): number => 48 + 8 * (i - 2); // 1/i!, i = 2 … 13
const LANES_LIMIT = 708; // expLanes holds for |x| ≤ 708 (vm/exp.ts)

// The kernel's parameters, in order; the imports' function indices.
const VECTORS = 0, SCALARS = 1, M = 2, A = 3, STRIDE = 4, Y = 5, SIGMA = 6, SLOPE = 7, SCALE = 8;
const PARAMETER_TYPES = [I32, I32, I32, I32, I32, I32, I32, I32, F64];
const OPERATE = 0, EXP = 1;

const BLOCK_VOID = 0x40;

/** The operations that read both operands (assembly/vm/operation.ts isBinary, src/models/expression/operations.ts). */
const isBinary = (operation: number): boolean => (operation >= OP_ADD && operation <= OP_POW) || operation >= OP_FADDEEVA_RE;

/** The module's bytes: `block` (function 2) and `values` (function 3), of one type. */
export function emitKernel(program: KernelProgram): Uint8Array<ArrayBuffer> {
  return moduleBytes([new KernelWriter(program, 'block').write(), new KernelWriter(program, 'values').write()]);
}

/**
 * Locals and code of one function: `block` (above), or `values`, which runs the body only and
 * stores the outputs that are registers where the VM leaves them (vectors[slot] + 8·row) — the
 * VM's work for the robust losses, whose residuals the block kernel then takes on (block.ts).
 */
class KernelWriter {
  readonly code = new Bytes();
  readonly #locals: number[] = [];
  readonly #program: KernelProgram;
  readonly #p: number;
  // Locals: row byte offset, the end of the pairs, each variable's column, each column of A.
  readonly #i: number;
  readonly #variables = new Map<number, number>();
  readonly #columns: number[] = [];
  // Scalar slots read by the body or the outputs: f64 and both lanes.
  readonly #scalars = new Map<number, { f: number; v: number }>();
  // Registers: both lanes (the pairs) and f64 (the odd row).
  readonly #registers = new Map<string, { f: number; v: number }>();
  readonly #slopes: { f: number; v: number }[] = [];
  // exp's working values, shared by every exp of the body.
  readonly #e: Record<'x' | 't' | 'kd' | 'k' | 'r' | 'r2' | 'r4' | 'r8' | 'limit', number>;
  readonly #lane: { a: number; b: number };
  #vector = true; // emitting pairs (true) or the odd row (false)
  #set = 0; // which pair of a step: its rows are 16·set bytes on
  readonly #mode: 'block' | 'values';
  // values: each output register's pointer.
  readonly #outputPointers = new Map<number, number>();

  constructor(program: KernelProgram, mode: 'block' | 'values') {
    this.#program = program;
    this.#mode = mode;
    this.#p = program.outputs.length - 1;
    this.#i = this.local(I32);
    const v = (): number => this.local(V128);
    this.#e = { x: v(), t: v(), kd: v(), k: v(), r: v(), r2: v(), r4: v(), r8: v(), limit: v() };
    this.#lane = { a: v(), b: v() };
  }

  local(type: number): number {
    this.#locals.push(type);
    return PARAMETER_TYPES.length + this.#locals.length - 1;
  }

  get locals(): number[] {
    return this.#locals;
  }

  write(): this {
    const { body, outputs, nVariables } = this.#program;
    // A body's scalar instructions (a global fit's dataset carries its prologue at the head of
    // its body, vm/run.ts) first, as the VM runs them: the kernel module's own arithmetic,
    // results into their scalar slots.
    for (let k = 0; k < body.length; k += 4) {
      if ((body[k] & 3) !== FORM_SS) continue;
      const operation = body[k] >> 2;
      this.get(SCALARS).i32(operation).get(SCALARS).f64Load(8 * body[k + 2]);
      if (isBinary(operation)) this.get(SCALARS).f64Load(8 * body[k + 3]);
      else this.f64(0);
      this.call(OPERATE).op(op.f64Store).memarg(3, 8 * body[k + 1]);
    }
    // Before the loop: the columns' pointers, the scalars read, the slopes, the limit of expLanes.
    const scalarSlots = new Set<number>();
    for (let k = 0; k < body.length; k += 4) {
      const form = body[k] & 3;
      if (form === FORM_SS) continue;
      if (form === FORM_VS) scalarSlots.add(body[k + 3]);
      if (form === FORM_SV) scalarSlots.add(body[k + 2]);
      for (const slot of form === FORM_VV ? [body[k + 2], body[k + 3]] : form === FORM_VS ? [body[k + 2]] : [body[k + 3]]) {
        if (slot < nVariables && !this.#variables.has(slot)) this.#variables.set(slot, this.local(I32));
      }
    }
    for (let j = 0; j < outputs.length; j++) {
      const out = outputs[j];
      if (out < 0) scalarSlots.add(-1 - out);
      else if (out < nVariables && !this.#variables.has(out)) this.#variables.set(out, this.local(I32));
    }
    for (const [slot, local] of this.#variables) {
      this.get(VECTORS).i32Load(4 * slot).set(local);
    }
    for (const slot of scalarSlots) {
      const s = { f: this.local(F64), v: this.local(V128) };
      this.#scalars.set(slot, s);
      this.get(SCALARS).f64Load(8 * slot).tee(s.f).simd(simd.f64x2Splat).set(s.v);
    }
    this.f64(LANES_LIMIT).simd(simd.f64x2Splat).set(this.#e.limit);
    const quadsEnd = this.local(I32);
    this.get(M).i32(-4).op(op.i32And).i32(3).op(op.i32Shl).set(quadsEnd);
    if (this.#mode === 'values') return this.writeValues(quadsEnd);
    for (let j = 0; j <= this.#p; j++) {
      const column = this.local(I32);
      this.#columns.push(column);
      this.get(A).get(STRIDE).i32(j).op(op.i32Mul).op(op.i32Add).set(column);
    }
    for (let j = 0; j < this.#p; j++) {
      // The factor of column j: s·dⱼ, times the value for a derivative that is one scalar (the VM's order: value·slope).
      const s = { f: this.local(F64), v: this.local(V128) };
      this.#slopes.push(s);
      const out = outputs[j + 1];
      if (out < 0) this.get(this.#scalars.get(-1 - out)!.f);
      this.get(SLOPE).f64Load(8 * j);
      if (out < 0) this.op(op.f64Mul);
      this.tee(s.f).simd(simd.f64x2Splat).set(s.v);
    }
    const scale = this.local(V128);
    this.get(SCALE).simd(simd.f64x2Splat).set(scale);
    const chi = this.local(V128);
    this.f64(0).simd(simd.f64x2Splat).set(chi);
    const objective = this.local(F64);
    // Σ rᵢ² as the VM adds it: in two lanes, pair after pair; the lanes added; then the odd row.
    const addSquares = (sets: number[]): void => {
      if (!this.#vector) {
        const r = this.register(-1, 0).f;
        this.get(objective).get(r).get(r).op(op.f64Mul).op(op.f64Add).set(objective);
        return;
      }
      for (const set of sets) {
        const r = this.register(-1, set).v;
        this.madd(() => void this.get(r), () => void this.get(r), () => void this.get(chi));
        this.set(chi);
      }
    };
    this.steps(quadsEnd, (sets) => {
      this.rows(sets, scale);
      addSquares(sets);
    }, () => void this.get(chi).lane(0).get(chi).lane(1).op(op.f64Add).set(objective));
    this.get(objective).op(op.end);
    return this;
  }

  // The values function: the same steps over the body alone.
  private writeValues(quadsEnd: number): this {
    const { outputs, nVariables } = this.#program;
    for (const out of Array.from(outputs)) {
      if (out >= nVariables && !this.#outputPointers.has(out)) {
        const pointer = this.local(I32);
        this.get(VECTORS).i32Load(4 * out).set(pointer);
        this.#outputPointers.set(out, pointer);
      }
    }
    this.steps(quadsEnd, (sets) => this.rows(sets, 0));
    this.f64(0).op(op.end);
    return this;
  }

  // The steps over a block: four rows a step, as two pairs whose instructions alternate (two
  // independent chains keep the pipelines busier; the VM's exp does the same, vm/rows.ts), then a
  // last pair, `afterPairs`, and an odd row in f64 — `step(sets)` writes a step's work.
  private steps(quadsEnd: number, step: (sets: number[]) => void, afterPairs = (): void => {}): void {
    this.#vector = true;
    this.op(op.block).op(BLOCK_VOID).op(op.loop).op(BLOCK_VOID);
    this.get(this.#i).get(quadsEnd).op(op.i32GeU).brIf(1);
    step([0, 1]);
    this.get(this.#i).i32(32).op(op.i32Add).set(this.#i);
    this.op(op.br).op(0).op(op.end).op(op.end);
    this.get(M).i32(2).op(op.i32And).op(op.if).op(BLOCK_VOID);
    step([0]);
    this.get(this.#i).i32(16).op(op.i32Add).set(this.#i);
    this.op(op.end);
    afterPairs();
    this.get(M).i32(1).op(op.i32And).op(op.if).op(BLOCK_VOID);
    this.#vector = false;
    step([0]);
    this.op(op.end);
  }

  // One row (f64), or one or two pairs of rows (f64x2; `sets` [0] or [0, 1], the second pair 16
  // bytes on) at byte offset i: the body, the residual, the Jacobian row — each step for every set.
  private rows(sets: number[], scale: number): void {
    const { body, outputs, hasSigma } = this.#program;
    const each = (emit: () => void): void => {
      for (const set of sets) {
        this.#set = set;
        emit();
      }
      this.#set = 0;
    };
    for (let k = 0; k < body.length; k += 4) {
      if ((body[k] & 3) !== FORM_SS) each(() => this.instruction(body[k] >> 2, body[k] & 3, body[k + 1], body[k + 2], body[k + 3]));
    }
    const v = this.#vector;
    if (this.#mode === 'values') {
      // The outputs that are registers, where the VM leaves them.
      for (const [slot, pointer] of this.#outputPointers) each(() => this.rowStore(pointer, v ? this.register(slot).v : this.register(slot).f));
      return;
    }
    const mul = (): this => this.arith([simd.f64x2Mul, op.f64Mul]);
    const width = (x: { f: number; v: number }): number => (v ? x.v : x.f);
    // rᵢ = (fᵢ − yᵢ)·(wᵢ·s), or (fᵢ − yᵢ)·s: the VM's (fᵢ − yᵢ)·wᵢ and fᵢ − yᵢ when s = 1, bit for bit.
    each(() => {
      const r = this.register(-1, this.#set);
      const w = this.register(-3, this.#set);
      this.operand(outputs[0]).rowLoad(Y);
      this.arith([simd.f64x2Sub, op.f64Sub]);
      if (hasSigma) {
        this.one().rowLoad(SIGMA);
        this.arith([simd.f64x2Div, op.f64Div]);
        this.tee(width(w));
        v ? this.get(scale) : this.get(SCALE);
        mul();
      } else {
        v ? this.get(scale) : this.get(SCALE);
      }
      mul();
      this.set(width(r));
      this.rowStore(this.#columns[this.#p], width(r));
    });
    // Column j: ∂f/∂θⱼ·(wᵢ·s·dⱼ), or (value·s·dⱼ)·wᵢ for a derivative that is one scalar.
    for (let j = 0; j < this.#p; j++) {
      const out = outputs[j + 1];
      const slope = width(this.#slopes[j]);
      each(() => {
        const w = width(this.register(-3, this.#set));
        this.rowAddress(this.#columns[j]);
        if (out < 0) {
          this.get(slope);
          if (hasSigma) this.get(w), mul();
        } else {
          this.operand(out);
          if (hasSigma) this.get(w).get(slope), mul();
          else this.get(slope);
          mul();
        }
        this.store();
      });
    }
  }

  // One instruction of the body, for the row or the pair.
  private instruction(operation: number, form: number, dst: number, a: number, b: number): void {
    const v = this.#vector;
    const scalarB = form === FORM_VS, scalarA = form === FORM_SV;
    const pushA = (): this => (scalarA ? this.scalar(a) : this.vectorSlot(a));
    const pushB = (): this => (scalarB ? this.scalar(b) : this.vectorSlot(b));
    const arithmetic: Record<number, [number, number]> = {
      [OP_ADD]: [simd.f64x2Add, op.f64Add], [OP_SUB]: [simd.f64x2Sub, op.f64Sub],
      [OP_MUL]: [simd.f64x2Mul, op.f64Mul], [OP_DIV]: [simd.f64x2Div, op.f64Div],
    };
    const unary: Record<number, [number, number]> = {
      [OP_NEG]: [simd.f64x2Neg, op.f64Neg], [OP_ABS]: [simd.f64x2Abs, op.f64Abs], [OP_SQRT]: [simd.f64x2Sqrt, op.f64Sqrt],
    };
    const exponent = scalarB && operation === OP_POW ? this.constantValue(b) : undefined;
    if (arithmetic[operation]) {
      pushA();
      pushB();
      this.arith(arithmetic[operation]);
    } else if (unary[operation]) {
      pushA();
      this.arith(unary[operation]);
    } else if (operation === OP_SQUARE || exponent === 2) {
      pushA().tee(this.work()).get(this.work()).arith([simd.f64x2Mul, op.f64Mul]);
    } else if (exponent === 3) {
      pushA().tee(this.work()).get(this.work()).arith([simd.f64x2Mul, op.f64Mul]).get(this.work()).arith([simd.f64x2Mul, op.f64Mul]);
    } else if (exponent === -1) {
      this.one();
      pushA().arith([simd.f64x2Div, op.f64Div]);
    } else if (exponent === -2) {
      this.one();
      pushA().tee(this.work()).get(this.work()).arith([simd.f64x2Mul, op.f64Mul]).arith([simd.f64x2Div, op.f64Div]);
    } else if (operation === OP_COPY) {
      pushA();
    } else if (operation === OP_EXP) {
      pushA();
      if (v) this.expLanes();
      else this.call(EXP);
    } else {
      // Any other function: the kernel module's `operate`, a row (lane) at a time.
      const binary = isBinary(operation); // pow and the Faddeeva function
      if (!v) {
        this.i32(operation);
        pushA();
        if (binary) pushB();
        else this.f64(0);
        this.call(OPERATE);
      } else {
        const { a: la, b: lb } = this.#lane;
        if (!scalarA) pushA().set(la);
        if (binary && !scalarB) pushB().set(lb);
        for (const lane of [0, 1]) {
          this.i32(operation);
          if (scalarA) this.get(this.#scalars.get(a)!.f);
          else this.get(la).lane(lane);
          if (!binary) this.f64(0);
          else if (scalarB) this.get(this.#scalars.get(b)!.f);
          else this.get(lb).lane(lane);
          this.call(OPERATE);
          if (lane === 0) this.simd(simd.f64x2Splat);
          else this.simd(simd.f64x2ReplaceLane).op(1);
        }
      }
    }
    const r = this.register(dst);
    this.set(v ? r.v : r.f);
  }

  // e^x of the pair on the stack: expLanes inline when both |x| ≤ 708, else the scalar exp twice
  // (the VM chooses per block, with the same bits: expLanes is exp there). Written as
  // assembly/vm/exp.ts writes it, madd for madd, so the relaxed build fuses the same operations.
  private expLanes(): void {
    const e = this.#e;
    this.tee(e.x).simd(simd.f64x2Abs).get(e.limit).simd(simd.f64x2Gt).simd(simd.anyTrue).op(op.if).op(V128);
    this.get(e.x).lane(0).call(EXP).simd(simd.f64x2Splat).get(e.x).lane(1).call(EXP).simd(simd.f64x2ReplaceLane).op(1);
    this.op(op.else);
    const get = (local: number) => (): void => void this.get(local);
    const k = (offset: number) => (): void => void this.constant(offset);
    const madd = (a: () => void, b: () => void, d: () => void) => (): void => this.madd(a, b, d);
    const nmadd = (a: () => void, b: () => void, d: () => void) => (): void => this.nmadd(a, b, d);
    // t = x·(1/ln2) + ROUND; kd = t − ROUND; k = t − ROUND as i64; r = (x − kd·ln2_hi) − kd·ln2_lo
    this.madd(get(e.x), k(K_INV_LN2), k(K_ROUND));
    this.tee(e.t).constant(K_ROUND).simd(simd.f64x2Sub).set(e.kd);
    this.get(e.t).constant(K_ROUND).simd(simd.i64x2Sub).set(e.k);
    this.nmadd(get(e.kd), k(K_LN2_LO), nmadd(get(e.kd), k(K_LN2_HI), get(e.x)));
    this.tee(e.r).get(e.r).simd(simd.f64x2Mul).tee(e.r2).get(e.r2).simd(simd.f64x2Mul).tee(e.r4).get(e.r4).simd(simd.f64x2Mul).set(e.r8);
    // c_i + r·c_{i+1}
    const pair = (i: number): (() => void) => madd(get(e.r), k(K_C(i + 1)), k(K_C(i)));
    // low = r4·(p45 + r2·p67) + (r + r2·p23); high = r4·pcd + (p89 + r2·pab)
    this.madd(get(e.r4), madd(get(e.r2), pair(6), pair(4)), madd(get(e.r2), pair(2), get(e.r)));
    this.set(e.kd); // low (kd is no longer needed)
    this.madd(get(e.r4), pair(12), madd(get(e.r2), pair(10), pair(8)));
    this.set(e.t); // high
    // p = 1 + (r8·high + low); p·2^k with 2^k built in the exponent field
    this.constant(K_ONE);
    this.madd(get(e.r8), get(e.t), get(e.kd));
    this.simd(simd.f64x2Add).get(e.k).constant(K_BIAS).simd(simd.i64x2Add).i32(52).simd(simd.i64x2Shl).simd(simd.f64x2Mul);
    this.op(op.end);
  }

  /** a·b + c (assembly/linalg/madd.ts): fused in the relaxed build, else a product then a sum. */
  private madd(a: () => void, b: () => void, c: () => void): void {
    a();
    b();
    if (this.#program.relaxed) {
      c();
      this.simd(simd.relaxedMadd);
    } else {
      this.simd(simd.f64x2Mul);
      c();
      this.simd(simd.f64x2Add);
    }
  }

  /** c − a·b */
  private nmadd(a: () => void, b: () => void, c: () => void): void {
    if (this.#program.relaxed) {
      a();
      b();
      c();
      this.simd(simd.relaxedNmadd);
    } else {
      c();
      a();
      b();
      this.simd(simd.f64x2Mul).simd(simd.f64x2Sub);
    }
  }

  // ─── Operands ───────────────────────────────────────────────────────────────────────────
  private operand(out: number): this {
    return out < 0 ? this.scalar(-1 - out) : this.vectorSlot(out);
  }

  private vectorSlot(slot: number): this {
    if (slot < this.#program.nVariables) return this.rowLoad(this.#variables.get(slot)!);
    const r = this.register(slot);
    return this.get(this.#vector ? r.v : r.f);
  }

  private scalar(slot: number): this {
    const s = this.#scalars.get(slot)!;
    return this.get(this.#vector ? s.v : s.f);
  }

  /** A register's locals, per set of rows; slots below 0 hold the kernel's own values (r, w, scratch). */
  private register(slot: number, set = this.#set): { f: number; v: number } {
    const key = `${set} ${slot}`;
    let r = this.#registers.get(key);
    if (!r) this.#registers.set(key, (r = { f: this.local(F64), v: this.local(V128) }));
    return r;
  }

  /** A scratch local of the current width (one each). */
  private work(): number {
    return this.register(-2)[this.#vector ? 'v' : 'f'];
  }

  private constantValue(slot: number): number | undefined {
    const { constants, constantsAt } = this.#program;
    return slot >= constantsAt && slot < constantsAt + constants.length ? constants[slot - constantsAt] : undefined;
  }

  /** expLanes' constant at byte offset k of its table, in both lanes (a load: see vm/exp.ts on v128.const). */
  private constant(k: number): this {
    return this.i32(0).simd(simd.load64Splat).memarg(3, this.#program.expConstants + k);
  }

  private one(): this {
    return this.#vector ? this.constant(K_ONE) : this.f64(1);
  }

  // ─── Rows of memory ─────────────────────────────────────────────────────────────────────
  // pointer + i: the rows of the step's first pair; the second pair's are 16 bytes on (the memarg's offset).
  private rowAddress(pointer: number): this {
    return this.get(pointer).get(this.#i).op(op.i32Add);
  }

  private rowLoad(pointer: number): this {
    return this.rowAddress(pointer).load();
  }

  private rowStore(column: number, local: number): void {
    this.rowAddress(column).get(local).store();
  }

  private load(): this {
    return this.#vector ? this.simd(simd.load).memarg(3, 16 * this.#set) : this.op(op.f64Load).memarg(3, 0);
  }

  private store(): this {
    return this.#vector ? this.simd(simd.store).memarg(3, 16 * this.#set) : this.op(op.f64Store).memarg(3, 0);
  }

  // ─── Instructions ───────────────────────────────────────────────────────────────────────
  get(local: number): this {
    this.code.byte(op.localGet).u32(local);
    return this;
  }

  set(local: number): this {
    this.code.byte(op.localSet).u32(local);
    return this;
  }

  tee(local: number): this {
    this.code.byte(op.localTee).u32(local);
    return this;
  }

  i32(n: number): this {
    this.code.byte(op.i32Const).s32(n);
    return this;
  }

  f64(x: number): this {
    this.code.byte(op.f64Const).f64(x);
    return this;
  }

  /** One byte of code: an opcode (bytes.ts `op`), a block type or a lane. */
  op(code: number): this {
    this.code.byte(code);
    return this;
  }

  /** The f64x2 or the f64 form of an operation, as the row being written is a pair or one row. */
  arith([lanes, one]: [number, number]): this {
    return this.#vector ? this.simd(lanes) : this.op(one);
  }

  simd(code: number): this {
    this.code.byte(0xfd).u32(code);
    return this;
  }

  lane(k: number): this {
    return this.simd(simd.f64x2ExtractLane).op(k);
  }

  i32Load(offset: number): this {
    return this.op(op.i32Load).memarg(2, offset);
  }

  f64Load(offset: number): this {
    return this.op(op.f64Load).memarg(3, offset);
  }

  memarg(align: number, offset: number): this {
    this.code.u32(align).u32(offset);
    return this;
  }

  brIf(depth: number): this {
    this.code.byte(op.brIf).u32(depth);
    return this;
  }

  call(index: number): this {
    this.code.byte(op.call).u32(index);
    return this;
  }
}

// The module: three types, the imports (memory, operate, exp), the two functions, their exports.
function moduleBytes(writers: KernelWriter[]): Uint8Array<ArrayBuffer> {
  const m = new Bytes().byte(0).byte(0x61).byte(0x73).byte(0x6d).byte(1).byte(0).byte(0).byte(0);
  const functionType = (params: number[], result: number): Bytes => {
    const t = new Bytes().byte(0x60).u32(params.length);
    for (const p of params) t.byte(p);
    return t.u32(1).byte(result);
  };
  const types = new Bytes().u32(3).append(functionType(PARAMETER_TYPES, F64)).append(functionType([I32, F64, F64], F64)).append(functionType([F64], F64));
  section(m, 1, types);
  const imports = new Bytes().u32(3);
  imports.name('env').name('memory').byte(0x02).byte(0x00).u32(0);
  imports.name('kernels').name('operate').byte(0x00).u32(1);
  imports.name('kernels').name('exp').byte(0x00).u32(2);
  section(m, 2, imports);
  section(m, 3, new Bytes().u32(2).u32(0).u32(0));
  section(m, 7, new Bytes().u32(2).name('block').byte(0x00).u32(2).name('values').byte(0x00).u32(3));
  const code = new Bytes().u32(writers.length);
  for (const writer of writers) {
    const fn = new Bytes();
    // Locals, in runs of one type.
    const runs: [number, number][] = [];
    for (const type of writer.locals) {
      const last = runs[runs.length - 1];
      if (last && last[1] === type) last[0]++;
      else runs.push([1, type]);
    }
    fn.u32(runs.length);
    for (const [count, type] of runs) fn.u32(count).byte(type);
    fn.append(writer.code);
    code.u32(fn.length).append(fn);
  }
  section(m, 10, code);
  return m.bytes();
}
