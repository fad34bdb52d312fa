// Seeded synthetic data: y = f(x) + gaussian noise, reproducible across runs and machines. One
// generator for the demo, the page and the tests (test/support/synthetic.ts).

/** A small, fast, seeded generator (mulberry32): uniform in [0, 1). */
export function uniform(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal deviates by Box–Muller. */
export function normal(seed: number): () => number {
  const u = uniform(seed);
  return () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
}

/** n points on x ∈ [0, 10) with y = f(x) + noise·N(0,1), and sigma = noise. */
export function synthetic(n: number, f: (x: number) => number, noise: number, seed: number) {
  const g = normal(seed);
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = (10 * i) / n;
    y[i] = f(x[i]) + noise * g();
  }
  return { x, y, sigma: new Float64Array(n).fill(noise) };
}
