// Seeded random numbers for the scripts that generate data as they go (bench/memory.mjs,
// bench/cli-csv.mjs, bench/parse-numbers.mjs, and the fixture generators under test/fixtures/):
// mulberry32 — the generator of apps/shared/synthetic.ts and test/support/random.ts — and
// Box–Muller on top of it.

/** A function returning uniform deviates in [0, 1), from the 32-bit seed (mulberry32). */
export function uniforms(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal deviates from `uniform` (Box–Muller; 1 − u keeps the logarithm's argument in (0, 1]). */
export function normalsOf(uniform) {
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}

/** A function returning standard normal deviates, from the 32-bit seed. */
export function normals(seed) {
  return normalsOf(uniforms(seed));
}
