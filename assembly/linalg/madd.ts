// a·b + c and c − a·b in both lanes of an f64x2. In the relaxed-SIMD build of the kernels
// (ASC_FEATURE_RELAXED_SIMD: build/asconfig.kernels.json target "relaxed") they are the relaxed
// fused multiply-adds, one rounding where the engine fuses them (V8 on x64 with FMA3 does, in
// Node 22 and 24 here: a·b − 1 for a, b = 1 ± 2⁻³⁰ gives −2⁻⁶⁰, unfused 0); elsewhere a product then a sum, the bits of
// the plain SIMD build. The relaxed build is chosen where the engine validates it (Node 22 and
// 24, Chrome 114) unless the engine asks for deterministic bits (src/wasm/core.ts).
//   WebAssembly relaxed SIMD proposal: f64x2.relaxed_madd, f64x2.relaxed_nmadd.

/** a·b + c */
@inline export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f64x2.relaxed_madd(a, b, c);
  return f64x2.add(f64x2.mul(a, b), c);
}

/** c − a·b */
@inline export function nmadd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f64x2.relaxed_nmadd(a, b, c);
  return f64x2.sub(c, f64x2.mul(a, b));
}
