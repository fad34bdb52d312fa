// Fast checks of a window column, for the scan of the passes after the first (a source may turn
// bad on any pass): no row numbers, no statistics — only "are they all good?". When one is not,
// the scan's exact loop (evaluate/pass.ts, scanChunk) finds the row.
//
//   allFinite(x, n):   1 when every x[i] is finite. Σ (xᵢ − xᵢ) is +0 when all are finite and
//                      NaN otherwise (∞ − ∞ and NaN − NaN are NaN): a branch-free reduction.
//   allPositive(x, n): 1 when every x[i] is finite and > 0 (sigma): the check above and min > 0
//                      (WebAssembly's min propagates NaN).
//
//   in: x → n f64        cost: n subtractions and additions, in two lanes × four accumulators

export function allFinite(x: usize, n: i32): i32 {
  let s: f64 = 0;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    // Four accumulators: the adds' latency, not the loads, bounds a single chain.
    let a = f64x2.splat(0);
    let b = f64x2.splat(0);
    let c = f64x2.splat(0);
    let d = f64x2.splat(0);
    for (; i + 8 <= n; i += 8) {
      const p = x + (<usize>i << 3);
      const v0 = v128.load(p), v1 = v128.load(p, 16), v2 = v128.load(p, 32), v3 = v128.load(p, 48);
      a = f64x2.add(a, f64x2.sub(v0, v0));
      b = f64x2.add(b, f64x2.sub(v1, v1));
      c = f64x2.add(c, f64x2.sub(v2, v2));
      d = f64x2.add(d, f64x2.sub(v3, v3));
    }
    a = f64x2.add(f64x2.add(a, b), f64x2.add(c, d));
    s = f64x2.extract_lane(a, 0) + f64x2.extract_lane(a, 1);
  } else {
    let s1: f64 = 0, s2: f64 = 0, s3: f64 = 0;
    for (; i + 4 <= n; i += 4) {
      const p = x + (<usize>i << 3);
      const v0 = load<f64>(p), v1 = load<f64>(p, 8), v2 = load<f64>(p, 16), v3 = load<f64>(p, 24);
      s += v0 - v0;
      s1 += v1 - v1;
      s2 += v2 - v2;
      s3 += v3 - v3;
    }
    s += s1 + s2 + s3;
  }
  for (; i < n; i++) {
    const v = load<f64>(x + (<usize>i << 3));
    s += v - v;
  }
  return s == 0 ? 1 : 0;
}

export function allPositive(x: usize, n: i32): i32 {
  if (!allFinite(x, n)) return 0;
  let m: f64 = Infinity;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    let a = f64x2.splat(Infinity);
    for (; i + 2 <= n; i += 2) a = f64x2.min(a, v128.load(x + (<usize>i << 3)));
    m = min(f64x2.extract_lane(a, 0), f64x2.extract_lane(a, 1));
  }
  for (; i < n; i++) m = min(m, load<f64>(x + (<usize>i << 3)));
  return m > 0 ? 1 : 0;
}
