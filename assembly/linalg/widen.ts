// widenF32: Float32 input to the f64 the kernels compute in, inside WASM.
//
// Float32Array data (half the bytes of f64, common for instrument data) is staged into the
// arena as it is, one chunk at a time, and widened here — so no f64 copy of the user's
// array is ever made in JS, and a 10⁸-row Float32Array costs 400 MB, not 1.2 GB.
//
//   in:  src → n f32      out: dst → n f64 (may not overlap src)

export function widenF32(src: usize, dst: usize, n: i32): void {
  for (let i = 0; i < n; i++) {
    store<f64>(dst + (<usize>i << 3), <f64>load<f32>(src + (<usize>i << 2)));
  }
}
