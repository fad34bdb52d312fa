// Small dense helpers on column-major matrices: a(i, j) is at a + 8·(i + j·lda).
// Every matrix here is P×P or (P+1)×(P+1): the parameter space, never the data.

@inline export function at(a: usize, lda: i32, i: i32, j: i32): usize {
  return a + ((<usize>(i + j * lda)) << 3);
}

@inline export function el(v: usize, i: i32): usize {
  return v + (<usize>i << 3);
}

/** Copies n f64 from src to dst. */
export function copyF64(dst: usize, src: usize, n: i32): void {
  memory.copy(dst, src, <usize>n << 3);
}

/** Sets n f64 at dst to zero. */
export function zeroF64(dst: usize, n: i32): void {
  memory.fill(dst, 0, <usize>n << 3);
}

/** True when all n f64 at v are finite. */
export function allFinite(v: usize, n: i32): bool {
  let probe: f64 = 0;
  for (let i = 0; i < n; i++) probe += load<f64>(el(v, i)) * 0; // NaN·0 and ∞·0 are NaN
  return probe == 0;
}
