// Seeded normal deviates for the benchmarks that generate their data as they go (bench/memory.mjs,
// bench/cli-csv.mjs): mulberry32 — the generator of apps/shared/synthetic.ts — through Box–Muller.

/** A function returning standard normal deviates, from the 32-bit seed. */
export function normals(seed) {
  let state = seed >>> 0;
  const uniform = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}
