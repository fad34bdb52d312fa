// Sweeps over one block's columns (m f64 each, in L1 cache): the loops the fold and the
// evaluator spend their time in.
//
// A sum has a loop-carried dependency: with one accumulator each iteration waits for the last
// addition (4 cycles), whatever the rest costs. Four independent partial sums, added at the
// end, let four additions be in flight — about 3× faster sweeps. (The order of summation
// changes, and with it the last bits; pairwise partial sums are, if anything, more accurate.)
//
// In the SIMD build each f64x2 holds two of the four partial sums — lanes (0, 1) and (2, 3) —
// so rows are added in the same order and both builds give the same bits.

@inline function at(p: usize, i: i32): usize {
  return p + (<usize>i << 3);
}

// y[i], y[i+1] −= c·x[i], c·x[i+1] (SIMD build): stores the pair and returns it.
@inline function subtractScaledPair(cv: v128, x: usize, y: usize, i: i32): v128 {
  const v = f64x2.sub(v128.load(at(y, i)), f64x2.mul(cv, v128.load(at(x, i))));
  v128.store(at(y, i), v);
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
      v01 = f64x2.add(v01, f64x2.mul(x01, x01));
      v23 = f64x2.add(v23, f64x2.mul(x23, x23));
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
      v01 = f64x2.add(v01, f64x2.mul(v128.load(at(a, i)), v128.load(at(b, i))));
      v23 = f64x2.add(v23, f64x2.mul(v128.load(at(a, i + 2)), v128.load(at(b, i + 2))));
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
      v01 = f64x2.add(v01, f64x2.mul(y01, y01));
      v23 = f64x2.add(v23, f64x2.mul(y23, y23));
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
      v01 = f64x2.add(v01, f64x2.mul(v128.load(at(z, i)), y01));
      v23 = f64x2.add(v23, f64x2.mul(v128.load(at(z, i + 2)), y23));
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
