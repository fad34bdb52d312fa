// e^x for the VM: expLanes, two values per f64x2 (SIMD build), and exp, the same arithmetic one
// value at a time (the scalar build, the SIMD build's odd rows, and scalar operations) — so a
// row's value depends neither on where it falls in a block nor on which kernel build runs it:
// both builds give the same bits. A table lookup needs a gather, which f64x2 lacks, so this exp
// is table-free (Cody & Waite reduction, Taylor polynomial; Muller, "Elementary Functions", §6.2):
//
//   k = round(x/ln2),  r = x − k·ln2_hi − k·ln2_lo  (|r| ≤ ln2/2; k·ln2_hi is exact),
//   e^x = 2^k · p(r),  p = Σ_{i≤13} rⁱ/i!  (truncation < 4e-18 relative on |r| ≤ ln2/2),
//
// evaluated in Estrin's scheme (a short dependency chain). 2^k is built in the exponent field
// as 2^⌊k/2⌋·2^(k−⌊k/2⌋), so that results near overflow and in the subnormal range come out
// right; x is clamped to [−746, 710] first (beyond: 0 and +∞, exactly what the clamped values
// give; NaN passes through). The lanes take a shorter path, for blocks with every |x| ≤ 708:
// there 2^k is one normal number and the product is the same.
// Accuracy: within 1 ulp of the correctly rounded result for |x| ≤ 40 and 2 ulp over the normal
// range (test/wasm/exp.test.ts, against a double-double reference) — AssemblyScript's table-driven
// exp_lut reaches 0.52 ulp, and costs half as much one value at a time (5.5 ns against 10 here);
// but the SIMD build, which every current engine runs, computes two at a time, and the scalar
// build gives the same bits.

import { madd, nmadd } from '../linalg/madd';

const INV_LN2 = reinterpret<f64>(0x3FF71547652B82FE); // 1/ln2
const LN2_HI = reinterpret<f64>(0x3FE62E42FEE00000); // ln2, 32 significant bits: k·LN2_HI is exact
const LN2_LO = reinterpret<f64>(0x3DEA39EF35793C76); // ln2 − LN2_HI
const ROUND = reinterpret<f64>(0x4338000000000000); // 1.5·2^52: x + ROUND rounds x to an integer in the low bits
const LO = -746.0;
const LANES_LIMIT = 708.0; // |x| up to here: |k| ≤ 1022, 2^k is one normal number
const HI = 710.0;
// 1/i! for i = 2 … 13
const C2 = 0.5, C3 = 1.0 / 6, C4 = 1.0 / 24, C5 = 1.0 / 120, C6 = 1.0 / 720, C7 = 1.0 / 5040;
const C8 = 1.0 / 40320, C9 = 1.0 / 362880, C10 = 1.0 / 3628800, C11 = 1.0 / 39916800;
const C12 = 1.0 / 479001600, C13 = 1.0 / 6227020800;

/** e^x; expLanes does the same operations in the same order. */
export function exp(x: f64): f64 {
  const xc = min(max(x, LO), HI);
  const t = xc * INV_LN2 + ROUND;
  const kd = t - ROUND;
  const k = reinterpret<i64>(t) - reinterpret<i64>(ROUND); // t = ROUND + k in one binade: the bits differ by k
  const r = (xc - kd * LN2_HI) - kd * LN2_LO;
  const r2 = r * r, r4 = r2 * r2, r8 = r4 * r4;
  // 1 added last: q = p − 1 is small, so its rounding errors shrink against 1.
  const q = (r + r2 * (C2 + r * C3)) + r4 * ((C4 + r * C5) + r2 * (C6 + r * C7))
    + r8 * (((C8 + r * C9) + r2 * (C10 + r * C11)) + r4 * (C12 + r * C13));
  const p = 1.0 + q;
  const k1 = k >> 1;
  const s1 = reinterpret<f64>((k1 + 1023) << 52);
  const s2 = reinterpret<f64>((k - k1 + 1023) << 52);
  return p * s1 * s2;
}

/** Whether expLanes holds for every row of a block: |x| ≤ 708 (or NaN) throughout (SIMD build only). */
export function expLanesHold(a: usize, bytes: usize): bool {
  let big0 = f64x2.splat(0), big1 = f64x2.splat(0); // two chains of maxima: half the latency
  let i: usize = 0;
  for (; i + 32 <= bytes; i += 32) {
    big0 = f64x2.pmax(big0, f64x2.abs(v128.load(a + i)));
    big1 = f64x2.pmax(big1, f64x2.abs(v128.load(a + i + 16)));
  }
  if (i + 16 <= bytes) big0 = f64x2.pmax(big0, f64x2.abs(v128.load(a + i)));
  return !v128.any_true(f64x2.gt(f64x2.pmax(big0, big1), f64x2.splat(LANES_LIMIT)));
}

// expLanes' constants are loaded from the kernels' static data, not written f64x2.splat(constant):
// such a splat is a v128.const, which V8 13.6 (Node 24) builds again at each use inside the row
// loop (vm/rows.ts) — 214 instructions a loop iteration against Node 20's 175, as measured for the
// issue — where a load is one instruction (v128.load64_splat: movddup on x64). Fit time at 10⁶
// rows (bench/data.mjs P1, P2; median of 7, interleaved with the splat build): 0.90–0.92× on
// Node 24, 0.97–0.98× on Node 20. Each constant is stored once, as the f64 the scalar exp uses,
// so both lanes hold the same values and the results keep their bits. Byte offsets:
const K_INV_LN2 = 0, K_ROUND = 8, K_LN2_HI = 16, K_LN2_LO = 24, K_ONE = 32, K_BIAS = 40;
const K_C2 = 48, K_C3 = 56, K_C4 = 64, K_C5 = 72, K_C6 = 80, K_C7 = 88;
const K_C8 = 96, K_C9 = 104, K_C10 = 112, K_C11 = 120, K_C12 = 128, K_C13 = 136;
// (The scalar build does without them: 144 bytes of data fewer.)
const LANE_CONSTANTS: usize = ASC_FEATURE_SIMD ? memory.data<f64>([
  INV_LN2, ROUND, LN2_HI, LN2_LO, 1.0, reinterpret<f64>(<i64>1023), // 1023: the exponent bias, as i64 bits
  C2, C3, C4, C5, C6, C7, C8, C9, C10, C11, C12, C13,
], 16) : 0;

/** Where LANE_CONSTANTS are: the models' compiled kernels read them there (src/wasm/model-kernel/emit.ts). */
export function expConstants(): usize {
  return LANE_CONSTANTS;
}

/** The constant at byte offset `at` of LANE_CONSTANTS, in both lanes. */
@inline function lane(at: usize): v128 {
  return v128.load64_splat(LANE_CONSTANTS + at);
}

/**
 * e^x in both lanes, for |x| ≤ 708 (SIMD builds only; expLanesHold checks a block first). Its
 * products and sums are madd/nmadd (linalg/madd.ts): in the plain SIMD build the same operations
 * as exp, in the same order; in the relaxed-SIMD build fused, so there the lanes may differ from
 * exp by an ulp (how far fits then move: test/fit/builds.test.ts).
 */
@inline export function expLanes(x: v128): v128 {
  const round = lane(K_ROUND);
  const t = madd(x, lane(K_INV_LN2), round);
  const kd = f64x2.sub(t, round);
  const k = i64x2.sub(t, round); // the same bits as ROUND, read as i64
  const r = nmadd(kd, lane(K_LN2_LO), nmadd(kd, lane(K_LN2_HI), x));
  const r2 = f64x2.mul(r, r), r4 = f64x2.mul(r2, r2), r8 = f64x2.mul(r4, r4);
  const p23 = madd(r, lane(K_C3), lane(K_C2));
  const p45 = madd(r, lane(K_C5), lane(K_C4));
  const p67 = madd(r, lane(K_C7), lane(K_C6));
  const p89 = madd(r, lane(K_C9), lane(K_C8));
  const pab = madd(r, lane(K_C11), lane(K_C10));
  const pcd = madd(r, lane(K_C13), lane(K_C12));
  const low = madd(r4, madd(r2, p67, p45), madd(r2, p23, r));
  const high = madd(r4, pcd, madd(r2, pab, p89));
  // |k| ≤ 1022 here: 2^k is one normal number, and p·2^k is exact — as p·2^k₁·2^k₂ is in exp.
  const p = f64x2.add(lane(K_ONE), madd(r8, high, low));
  return f64x2.mul(p, i64x2.shl(i64x2.add(k, lane(K_BIAS)), 52));
}
