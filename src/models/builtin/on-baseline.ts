// Least squares of y on one or two columns plus a constant, y ≈ w₁·g₁ + w₂·g₂ + c, from sums
// accumulated in one pass: the inner step of the scans (peak widths, decay rates, sigmoid
// steepness), which solve it ~10–100 times per guess and must neither allocate N-sized columns
// nor run a QR each time. Centred on the means the constant drops out, leaving at most a 2×2
// system: C·w = b with C = Gᵀ(I − 11ᵀ/n)G, b = Gᵀ(I − 11ᵀ/n)y, and rss = yᵀ(I − 11ᵀ/n)y − wᵀb.
// Squaring the condition number is harmless here: the columns are shapes in [0, 1] or decays, a
// start needs a few digits, and a column indistinguishable from the constant gives rss = Infinity.

export interface BaselineFit {
  w1: number;
  w2: number;
  c: number; // the constant (baseline)
  rss: number; // Infinity when the solve is not finite
}

export class BaselineSums {
  #n = 0;
  #s1 = 0;
  #s2 = 0;
  #s11 = 0;
  #s12 = 0;
  #s22 = 0;
  #sy = 0;
  #s1y = 0;
  #s2y = 0;
  #syy = 0;

  /** Adds one row: column values g1, g2 (0 when unused) and the data y. */
  add(g1: number, g2: number, y: number): void {
    this.#n++;
    this.#s1 += g1; this.#s2 += g2; this.#sy += y;
    this.#s11 += g1 * g1; this.#s12 += g1 * g2; this.#s22 += g2 * g2;
    this.#s1y += g1 * y; this.#s2y += g2 * y; this.#syy += y * y;
  }

  /** The fit on g1 and/or g2 (a column not used gets weight 0) plus the constant. */
  solve(use1: boolean, use2: boolean): BaselineFit {
    const n = this.#n;
    const C11 = this.#s11 - (this.#s1 * this.#s1) / n;
    const C12 = this.#s12 - (this.#s1 * this.#s2) / n;
    const C22 = this.#s22 - (this.#s2 * this.#s2) / n;
    const b1 = this.#s1y - (this.#s1 * this.#sy) / n;
    const b2 = this.#s2y - (this.#s2 * this.#sy) / n;
    let w1 = 0;
    let w2 = 0;
    if (use1 && use2) {
      const det = C11 * C22 - C12 * C12;
      w1 = (C22 * b1 - C12 * b2) / det;
      w2 = (C11 * b2 - C12 * b1) / det;
    } else if (use1) {
      w1 = b1 / C11;
    } else if (use2) {
      w2 = b2 / C22;
    }
    const rss = this.#syy - (this.#sy * this.#sy) / n - w1 * b1 - w2 * b2;
    return { w1, w2, c: (this.#sy - w1 * this.#s1 - w2 * this.#s2) / n, rss: Number.isFinite(rss) ? Math.max(0, rss) : Infinity };
  }
}
