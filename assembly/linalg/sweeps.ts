// Sweeps over one block's columns (m f64 each, in L1 cache): the loops the fold and the
// evaluator spend their time in.
//
// A sum has a loop-carried dependency: with one accumulator each iteration waits for the last
// addition (4 cycles), whatever the rest costs. Four independent partial sums, added at the
// end, let four additions be in flight — about 3× faster sweeps. (The order of summation
// changes, and with it the last bits; pairwise partial sums are, if anything, more accurate.)
//
// In the SIMD build each f64x2 holds two of the four partial sums — lanes (0, 1) and (2, 3) —
// so rows are added in the same order and both builds give the same bits. The relaxed-SIMD
// build fuses each product into its sum (linalg/madd.ts): its bits differ by roundings.

import { madd, nmadd } from './madd';

@inline function at(p: usize, i: i32): usize {
  return p + (<usize>i << 3);
}

// y[i], y[i+1] −= c·x[i], c·x[i+1] (SIMD build): stores the pair and returns it.
@inline function subtractScaledPair(cv: v128, x: usize, y: usize, i: i32): v128 {
  return subtractPair(cv, v128.load(at(x, i)), y, i);
}

// z[i], z[i+1] −= c·x for the pair x already loaded: stores the pair and returns it.
@inline function subtractPair(cv: v128, xv: v128, z: usize, i: i32): v128 {
  const v = nmadd(cv, xv, v128.load(at(z, i)));
  v128.store(at(z, i), v);
  return v;
}

// y[i] −= c·x[i]: stores the new y[i] and returns it.
@inline function subtractScaled(c: f64, x: usize, y: usize, i: i32): f64 {
  const v = load<f64>(at(y, i)) - c * load<f64>(at(x, i));
  store<f64>(at(y, i), v);
  return v;
}

/** Σ a[i]² */
export function sumSquares(a: usize, m: i32): f64 {
  let s0: f64 = 0, s1: f64 = 0, s2: f64 = 0, s3: f64 = 0;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    let v01 = f64x2.splat(0), v23 = f64x2.splat(0);
    for (; i + 4 <= m; i += 4) {
      const x01 = v128.load(at(a, i)), x23 = v128.load(at(a, i + 2));
      v01 = madd(x01, x01, v01);
      v23 = madd(x23, x23, v23);
    }
    s0 = f64x2.extract_lane(v01, 0); s1 = f64x2.extract_lane(v01, 1);
    s2 = f64x2.extract_lane(v23, 0); s3 = f64x2.extract_lane(v23, 1);
  } else {
    for (; i + 4 <= m; i += 4) {
      const v0 = load<f64>(at(a, i)), v1 = load<f64>(at(a, i + 1)), v2 = load<f64>(at(a, i + 2)), v3 = load<f64>(at(a, i + 3));
      s0 += v0 * v0;
      s1 += v1 * v1;
      s2 += v2 * v2;
      s3 += v3 * v3;
    }
  }
  for (; i < m; i++) {
    const v = load<f64>(at(a, i));
    s0 += v * v;
  }
  return (s0 + s1) + (s2 + s3);
}

/** Σ a[i]·b[i] */
export function dot(a: usize, b: usize, m: i32): f64 {
  let s0: f64 = 0, s1: f64 = 0, s2: f64 = 0, s3: f64 = 0;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    let v01 = f64x2.splat(0), v23 = f64x2.splat(0);
    for (; i + 4 <= m; i += 4) {
      v01 = madd(v128.load(at(a, i)), v128.load(at(b, i)), v01);
      v23 = madd(v128.load(at(a, i + 2)), v128.load(at(b, i + 2)), v23);
    }
    s0 = f64x2.extract_lane(v01, 0); s1 = f64x2.extract_lane(v01, 1);
    s2 = f64x2.extract_lane(v23, 0); s3 = f64x2.extract_lane(v23, 1);
  } else {
    for (; i + 4 <= m; i += 4) {
      s0 += load<f64>(at(a, i)) * load<f64>(at(b, i));
      s1 += load<f64>(at(a, i + 1)) * load<f64>(at(b, i + 1));
      s2 += load<f64>(at(a, i + 2)) * load<f64>(at(b, i + 2));
      s3 += load<f64>(at(a, i + 3)) * load<f64>(at(b, i + 3));
    }
  }
  for (; i < m; i++) s0 += load<f64>(at(a, i)) * load<f64>(at(b, i));
  return (s0 + s1) + (s2 + s3);
}

/** y[i] −= c·x[i]; returns Σ y[i]² of the updated y. */
export function subtractScaledSumSquares(c: f64, x: usize, y: usize, m: i32): f64 {
  let s0: f64 = 0, s1: f64 = 0, s2: f64 = 0, s3: f64 = 0;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const cv = f64x2.splat(c);
    let v01 = f64x2.splat(0), v23 = f64x2.splat(0);
    for (; i + 4 <= m; i += 4) {
      const y01 = subtractScaledPair(cv, x, y, i);
      const y23 = subtractScaledPair(cv, x, y, i + 2);
      v01 = madd(y01, y01, v01);
      v23 = madd(y23, y23, v23);
    }
    s0 = f64x2.extract_lane(v01, 0); s1 = f64x2.extract_lane(v01, 1);
    s2 = f64x2.extract_lane(v23, 0); s3 = f64x2.extract_lane(v23, 1);
  } else {
    for (; i + 4 <= m; i += 4) {
      const v0 = subtractScaled(c, x, y, i), v1 = subtractScaled(c, x, y, i + 1);
      const v2 = subtractScaled(c, x, y, i + 2), v3 = subtractScaled(c, x, y, i + 3);
      s0 += v0 * v0;
      s1 += v1 * v1;
      s2 += v2 * v2;
      s3 += v3 * v3;
    }
  }
  for (; i < m; i++) {
    const v = subtractScaled(c, x, y, i);
    s0 += v * v;
  }
  return (s0 + s1) + (s2 + s3);
}

/** y[i] −= c·x[i]; returns Σ z[i]·y[i] of the updated y. */
export function subtractScaledDot(c: f64, x: usize, y: usize, z: usize, m: i32): f64 {
  let s0: f64 = 0, s1: f64 = 0, s2: f64 = 0, s3: f64 = 0;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const cv = f64x2.splat(c);
    let v01 = f64x2.splat(0), v23 = f64x2.splat(0);
    for (; i + 4 <= m; i += 4) {
      const y01 = subtractScaledPair(cv, x, y, i);
      const y23 = subtractScaledPair(cv, x, y, i + 2);
      v01 = madd(v128.load(at(z, i)), y01, v01);
      v23 = madd(v128.load(at(z, i + 2)), y23, v23);
    }
    s0 = f64x2.extract_lane(v01, 0); s1 = f64x2.extract_lane(v01, 1);
    s2 = f64x2.extract_lane(v23, 0); s3 = f64x2.extract_lane(v23, 1);
  } else {
    for (; i + 4 <= m; i += 4) {
      const v0 = subtractScaled(c, x, y, i), v1 = subtractScaled(c, x, y, i + 1);
      const v2 = subtractScaled(c, x, y, i + 2), v3 = subtractScaled(c, x, y, i + 3);
      s0 += load<f64>(at(z, i)) * v0;
      s1 += load<f64>(at(z, i + 1)) * v1;
      s2 += load<f64>(at(z, i + 2)) * v2;
      s3 += load<f64>(at(z, i + 3)) * v3;
    }
  }
  for (; i < m; i++) s0 += load<f64>(at(z, i)) * subtractScaled(c, x, y, i);
  return (s0 + s1) + (s2 + s3);
}

// ─── Fused sweeps (the fold's, qr/fold.ts) ────────────────────────────────────────────────
// The same sums as above, several in one sweep over the rows: each sum keeps its own four
// partial sums, in the same order, so the results are the same bits as one sweep each — with
// the shared column loaded once. Up to three (sumSquaresDots) or two (reflectSweep) other
// columns a sweep: their partial sums stay in registers.

/** Σ a[i]² and Σ a[i]·bₖ[i] for the `count` (0 … 3) columns b₀, b₁, b₂: out[0], out[1 … count]. */
export function sumSquaresDots(a: usize, b0: usize, b1: usize, b2: usize, count: i32, m: i32, out: usize): void {
  if (count == 0) store<f64>(out, sumSquares(a, m));
  else if (count == 1) sumSquaresDotsOf(a, b0, b1, b2, 1, m, out);
  else if (count == 2) sumSquaresDotsOf(a, b0, b1, b2, 2, m, out);
  else sumSquaresDotsOf(a, b0, b1, b2, 3, m, out);
}

// The four partial sums, s0 (lane 0 of v01, with the rows after the last four added to it one
// by one) first: (s0 + s1) + (s2 + s3), as the single sweeps add them.
@inline function total(s0: f64, v01: v128, v23: v128): f64 {
  return (s0 + f64x2.extract_lane(v01, 1)) + (f64x2.extract_lane(v23, 0) + f64x2.extract_lane(v23, 1));
}

@inline function sumSquaresDotsOf(a: usize, b0: usize, b1: usize, b2: usize, count: i32, m: i32, out: usize): void {
  let s01 = f64x2.splat(0), s23 = f64x2.splat(0);
  let p01 = f64x2.splat(0), p23 = f64x2.splat(0), q01 = f64x2.splat(0), q23 = f64x2.splat(0), u01 = f64x2.splat(0), u23 = f64x2.splat(0);
  let i = 0;
  for (; i + 4 <= m; i += 4) {
    const x01 = v128.load(at(a, i)), x23 = v128.load(at(a, i + 2));
    s01 = madd(x01, x01, s01);
    s23 = madd(x23, x23, s23);
    p01 = madd(x01, v128.load(at(b0, i)), p01);
    p23 = madd(x23, v128.load(at(b0, i + 2)), p23);
    if (count >= 2) {
      q01 = madd(x01, v128.load(at(b1, i)), q01);
      q23 = madd(x23, v128.load(at(b1, i + 2)), q23);
    }
    if (count >= 3) {
      u01 = madd(x01, v128.load(at(b2, i)), u01);
      u23 = madd(x23, v128.load(at(b2, i + 2)), u23);
    }
  }
  let ts = f64x2.extract_lane(s01, 0), tp = f64x2.extract_lane(p01, 0), tq = f64x2.extract_lane(q01, 0), tu = f64x2.extract_lane(u01, 0);
  for (; i < m; i++) {
    const x = load<f64>(at(a, i));
    ts += x * x;
    tp += x * load<f64>(at(b0, i));
    if (count >= 2) tq += x * load<f64>(at(b1, i));
    if (count >= 3) tu += x * load<f64>(at(b2, i));
  }
  store<f64>(out, total(ts, s01, s23));
  store<f64>(out + 8, total(tp, p01, p23));
  if (count >= 2) store<f64>(out + 16, total(tq, q01, q23));
  if (count >= 3) store<f64>(out + 24, total(tu, u01, u23));
}

/**
 * Reflection k applied to the next column and up to two more, with the sums reflection k + 1
 * needs, in one sweep: y[i] −= c·x[i] and Σ y[i]², then for each of the `count` (0 … 2)
 * columns zₖ: zₖ[i] −= cₖ·x[i] and Σ y[i]·zₖ[i] — subtractScaledSumSquares and
 * subtractScaledDot in one loop. out[0] = Σ y², out[1 … count] the products.
 */
export function reflectSweep(c: f64, x: usize, y: usize, c0: f64, z0: usize, c1: f64, z1: usize, count: i32, m: i32, out: usize): void {
  if (count == 0) store<f64>(out, subtractScaledSumSquares(c, x, y, m));
  else if (count == 1) reflectSweepOf(c, x, y, c0, z0, c1, z1, 1, m, out);
  else reflectSweepOf(c, x, y, c0, z0, c1, z1, 2, m, out);
}

@inline function reflectSweepOf(c: f64, x: usize, y: usize, c0: f64, z0: usize, c1: f64, z1: usize, count: i32, m: i32, out: usize): void {
  const cv = f64x2.splat(c), cv0 = f64x2.splat(c0), cv1 = f64x2.splat(c1);
  let s01 = f64x2.splat(0), s23 = f64x2.splat(0), p01 = f64x2.splat(0), p23 = f64x2.splat(0), q01 = f64x2.splat(0), q23 = f64x2.splat(0);
  let i = 0;
  for (; i + 4 <= m; i += 4) {
    const x01 = v128.load(at(x, i)), x23 = v128.load(at(x, i + 2));
    const y01 = subtractPair(cv, x01, y, i), y23 = subtractPair(cv, x23, y, i + 2);
    s01 = madd(y01, y01, s01);
    s23 = madd(y23, y23, s23);
    p01 = madd(y01, subtractPair(cv0, x01, z0, i), p01);
    p23 = madd(y23, subtractPair(cv0, x23, z0, i + 2), p23);
    if (count >= 2) {
      q01 = madd(y01, subtractPair(cv1, x01, z1, i), q01);
      q23 = madd(y23, subtractPair(cv1, x23, z1, i + 2), q23);
    }
  }
  let ts = f64x2.extract_lane(s01, 0), tp = f64x2.extract_lane(p01, 0), tq = f64x2.extract_lane(q01, 0);
  for (; i < m; i++) {
    const v = subtractScaled(c, x, y, i);
    ts += v * v;
    tp += v * subtractScaled(c0, x, z0, i);
    if (count >= 2) tq += v * subtractScaled(c1, x, z1, i);
  }
  store<f64>(out, total(ts, s01, s23));
  store<f64>(out + 8, total(tp, p01, p23));
  if (count >= 2) store<f64>(out + 16, total(tq, q01, q23));
}
