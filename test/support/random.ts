// Seeded random inputs for the kernel tests: the same numbers on every run and machine. The
// tests' own generator (mulberry32), so that a change to the demo's data never moves them.

export type Matrix = number[][]; // row-major: m[i][j] is row i, column j

/** Uniform deviates in [0, 1) from `seed`, with normal deviates and small matrices on top. */
export function seeded(seed: number) {
  let a = seed >>> 0;
  const uniform = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  // Box–Muller; 1 − u keeps the logarithm's argument in (0, 1].
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  return {
    uniform,
    normal,
    /** A value in [lo, hi). */
    between: (lo: number, hi: number): number => lo + (hi - lo) * uniform(),
    /** An m×n matrix of standard normal deviates. */
    matrix: (m: number, n: number): Matrix => Array.from({ length: m }, () => Array.from({ length: n }, normal)),
    vector: (n: number): number[] => Array.from({ length: n }, normal),
    /** A random permutation of 0 … n − 1 (Fisher–Yates). */
    permutation: (n: number): number[] => {
      const p = Array.from({ length: n }, (_, i) => i);
      for (let i = n - 1; i > 0; i--) {
        const j = Math.floor(uniform() * (i + 1));
        [p[i], p[j]] = [p[j], p[i]];
      }
      return p;
    },
  };
}
