// The Faddeeva function w(z) = exp(−z²)·erfc(−iz), z = x + iy, for the expression language's
// faddeevaRe(x, y) and faddeevaIm(x, y) — Re w(x + iy) is the Voigt profile: voigt(x; σ, γ) =
// Re w((x + iγ)/(σ√2))/(σ√(2π)). assembly/vm/faddeeva.ts is its AssemblyScript twin, line for line.
//
// Method: S. G. Johnson's Faddeeva Package (MIT, 2012; SciPy's scipy.special.wofz), in three
// regions of |z|:
//   - far out (|y| > 7, or x > 6 with y not tiny): the Laplace continued fraction
//     w(z) = (i/√π)/(z − ½/(z − 1/(z − (3/2)/(z − …)))) with Johnson's fit of the number of terms
//     (Poppe & Wijers, "More efficient computation of the complex error function", ACM TOMS 16
//     (1990) 38–46, suggested the form), and w(z) = i/(√π z) or iz/(√π(z² − ½)) beyond |z| ~ 4000;
//   - elsewhere, the sums of M. R. Zaghloul & A. N. Ali, "Algorithm 916: computing the Faddeyeva
//     and Voigt functions", ACM TOMS 38 (2011) 15, with Johnson's choice of a and, for x ≥ 10,
//     only the terms around n ≈ x/a;
//   - the lower half plane by w(z) = 2·exp(−z²) − w(−z), and the imaginary axis by erfcx (erf.ts).
// Changes from the package, each making the code smaller and none less accurate: exp(−a²n²) is
// computed in the loop, not read from a 52-entry table (Johnson's own path for other tolerances);
// the real axis takes the general path, not a Chebyshev fit of Dawson's function (w_im); sum5 − sum4
// is summed term by term (below), not by a Taylor series below x = 5e-4 and as a difference above;
// and no shortcut drops the first terms' imaginary part for y > 5. Those last two are where SciPy's
// wofz loses up to 5e-13 of Im w, near the imaginary axis (x = 6e-4, y = 6.9; y = 5.1). Against
// w's Taylor series in 420-digit arithmetic (|z| ≤ 8, test/fixtures/lineshapes) both parts here
// are within 2e-14; against SciPy's wofz on 2,700 points of every quadrant Re w is within 5e-15
// (test/models/lineshapes.test.ts).
import { erfcx } from './erf.ts';

const A = 0.518321480430085929872; // π/√(−ln(ε/2)): the sums' step, for double precision
const C = 0.329973702884629072537; // (2/π)·A
const A2 = 0.268657157075235951582; // A²
const INV_SQRT_PI = 0.56418958354775628694807945156;
const EPSILON = 2.220446049250313e-16;

// w(z) of the last call, real and imaginary parts: one computation serves both (no allocation).
let re = 0;
let im = 0;

/** sin(x)/x, given sin(x). */
function sinc(x: number, sinx: number): number {
  return Math.abs(x) < 1e-4 ? 1 - 0.1666666666666666666667 * x * x : sinx / x;
}

/** Sets re, im to w(xr + i·y). */
function faddeeva(xr: number, y: number): void {
  if (xr === 0) { // the imaginary axis: w(iy) = erfcx(y), real (with the sign of xr's zero)
    re = erfcx(y);
    im = xr;
    return;
  }
  const x = Math.abs(xr);
  const ya = Math.abs(y);
  let sum1 = 0, sum2 = 0, sum3 = 0, sum5 = 0;
  if (ya > 7 || (x > 6 && (ya > 0.1 || (x > 8 && ya > 1e-10) || x > 28))) {
    // Continued fraction, for w(xs + i·ya): z itself in the upper half plane, −z in the lower.
    const xs = y < 0 ? -xr : xr;
    let wr: number, wi: number;
    if (x + ya > 1e7) { // one term, w = i/(√π z), scaled against overflow
      if (x > ya) {
        const yax = ya / xs;
        wi = INV_SQRT_PI / (xs + yax * ya);
        wr = wi * yax;
      } else if (ya === Infinity) {
        re = Number.isNaN(x) || y < 0 ? NaN : 0;
        im = re;
        return;
      } else {
        const xya = xs / ya;
        wr = INV_SQRT_PI / (xya * xs + ya);
        wi = wr * xya;
      }
    } else if (x + ya > 4000) { // two terms, w = iz/(√π(z² − ½))
      const dr = xs * xs - ya * ya - 0.5, di = 2 * xs * ya;
      const d = INV_SQRT_PI / (dr * dr + di * di);
      wr = d * (xs * di - ya * dr);
      wi = d * (xs * dr + ya * di);
    } else {
      let pr = xs, pi = ya;
      for (let nu = 0.5 * (Math.floor(3.9 + 11.398 / (0.08254 * x + 0.1421 * ya + 0.2023)) - 1); nu > 0.4; nu -= 0.5) {
        const d = nu / (pr * pr + pi * pi); // p ← z − ν/p
        pr = xs - pr * d;
        pi = ya + pi * d;
      }
      const d = INV_SQRT_PI / (pr * pr + pi * pi); // w = (i/√π)/p
      wr = d * pi;
      wi = d * pr;
    }
    if (y < 0) { // w(z) = 2·exp(−z²) − w(−z); −z² = (ya − xs)(xs + ya) + i·2·xs·y
      const m = 2 * Math.exp((ya - xs) * (xs + ya));
      const t = 2 * xs * y;
      re = m * Math.cos(t) - wr;
      im = m * Math.sin(t) - wi;
    } else {
      re = wr;
      im = wi;
    }
    return;
  }
  if (x < 10) {
    if (Number.isNaN(y)) {
      re = im = y;
      return;
    }
    // Zaghloul & Ali's sums over n ≥ 1 of coef = exp(−a²n² − x²)/(a²n² + y²): sum1 of coef, sum2 and
    // sum3 of coef·exp(∓2anx), and sum5 − sum4 of coef·2an·sinh(2anx) — summed as such, with
    // sinh(2anx) by the addition theorem from sinh and cosh of 2ax: every term positive.
    const expx2 = Math.exp(-x * x);
    const em = Math.expm1(2 * A * x);
    const sinh1 = em * (em + 2) / (2 * (em + 1)), cosh1 = sinh1 + 1 / (em + 1);
    let prod2ax = 1, prodm2ax = 1, sinhn = sinh1, coshn = cosh1;
    for (let n = 1; ; n++) {
      const coef = Math.exp(-A2 * (n * n)) * expx2 / (A2 * (n * n) + y * y);
      prod2ax *= em + 1;
      prodm2ax /= em + 1;
      sum1 += coef;
      sum2 += coef * prodm2ax;
      sum3 += coef * prod2ax;
      sum5 += coef * (2 * A) * n * sinhn;
      if (coef * prod2ax < EPSILON * sum3 && coef * n * sinhn < EPSILON * sum5) break;
      const s = sinhn * cosh1 + coshn * sinh1;
      coshn = coshn * cosh1 + sinhn * sinh1;
      sinhn = s;
    }
    // exp(−x²)·erfcx(y); for y < −6, erfcx(y) = 2·exp(y²) to double precision, without overflow.
    const expx2erfcxy = y > -6 ? expx2 * erfcx(y) : 2 * Math.exp(y * y - x * x);
    const sinxy = Math.sin(xr * y);
    const sin2xy = Math.sin(2 * xr * y), cos2xy = Math.cos(2 * xr * y);
    const coef1 = expx2erfcxy - C * y * sum1;
    const coef2 = C * xr * expx2;
    re = coef1 * cos2xy + coef2 * sinxy * sinc(xr * y, sinxy);
    im = coef2 * sinc(2 * xr * y, sin2xy) - coef1 * sin2xy;
  } else { // 10 ≤ x ≤ 28, |y| ≤ 1e-10: only sum3 and sum5 count, summed outwards from n ≈ x/a
    if (Number.isNaN(x) || Number.isNaN(y)) {
      re = im = x + y;
      return;
    }
    re = Math.exp(-x * x);
    im = 0;
    const n0 = Math.floor(x / A + 0.5);
    const dx = A * n0 - x;
    sum3 = Math.exp(-dx * dx) / (A2 * (n0 * n0) + y * y);
    sum5 = A * n0 * sum3;
    const exp1 = Math.exp(4 * A * dx);
    let exp1dn = 1;
    for (let dn = 1; ; dn++) { // the terms n0 ± dn; n0 ≥ 19, and they vanish long before n0 − dn ≤ 0
      const np = n0 + dn, nm = n0 - dn;
      let tp = Math.exp(-(A * dn + dx) * (A * dn + dx));
      exp1dn *= exp1;
      let tm = tp * exp1dn; // exp(−(a·dn − dx)²), from tp without another exp
      tp /= A2 * (np * np) + y * y;
      tm /= A2 * (nm * nm) + y * y;
      sum3 += tp + tm;
      sum5 += A * (np * tp + nm * tm);
      if (A * (np * tp + nm * tm) < EPSILON * sum5 || nm <= 1) break;
    }
  }
  re += 0.5 * C * y * (sum2 + sum3);
  im += 0.5 * C * (xr < 0 ? -sum5 : sum5); // sum5 here is Zaghloul & Ali's sum5 − sum4
}

/** Re w(x + iy). */
export function faddeevaRe(x: number, y: number): number {
  faddeeva(x, y);
  return re;
}

/** Im w(x + iy). */
export function faddeevaIm(x: number, y: number): number {
  faddeeva(x, y);
  return im;
}
