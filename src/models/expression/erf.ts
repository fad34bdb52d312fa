// The error function family for the expression language — erf, erfc, erfcx(x) = exp(x²)·erfc(x)
// and logerfc(x) = ln erfc(x) — in JavaScript, which has no Math.erf. assembly/vm/erf.ts is its
// AssemblyScript twin, line for line: the VM and the reference evaluator (evaluate.ts) agree to
// the last bits in which their exp and log differ (test/vm/special.test.ts).
//
// Method: Sun's fdlibm s_erf.c (1993; as in FreeBSD's msun and musl), rational approximations in
// the spirit of W. J. Cody, "Rational Chebyshev approximations for the error function", Math.
// Comp. 23 (1969) 631–637, on four intervals of |x|:
//
//   [0, 0.84375)        erf(x) = x + x·R(x²)/S(x²)                      |R/S − (erf(x)/x − 1)| < 2⁻⁵⁷·⁹⁰
//   [0.84375, 1.25)     erf(x) = c + P(s)/Q(s), s = |x| − 1, c = 0.845062911510467529297 (float)
//   [1.25, 1/0.35)      erfc(x) = exp(−x² − 0.5625 + R₁(t)/S₁(t))/x,   t = 1/x²,  error < 2⁻⁶²·⁵⁷
//   [1/0.35, ∞)         erfc(x) = exp(−x² − 0.5625 + R₂(t)/S₂(t))/x,              error < 2⁻⁶¹·⁵²
//
// exp(−x²) is formed as exp(−z²)·exp((z − x)(z + x)) with z = x rounded to 26 bits (Veltkamp's
// split), so that z² and z − x are exact and the rounding of x² costs nothing: erfc(10) =
// 2.088487583762545e-45 comes out to an ulp or two. The last two rows are erfcx itself once the
// exp(−x²) is left out, which gives erfcx(x) = exp(R/S − 0.5625)/x for x ≥ 1.25 with no overflow
// or underflow at any x (R₂/S₂ tends to ln(1/√π) + 0.5625 as t → 0, the asymptote
// erfcx(x) ~ 1/(x√π)). Accuracy against 420-digit references (test/fixtures/lineshapes): see
// test/models/lineshapes.test.ts.

const ERX = 8.45062911510467529297e-01;
const TWO_OVER_SQRT_PI = 1.1283791670955126;
// erf on [0, 0.84375)
const PP0 = 1.28379167095512558561e-01, PP1 = -3.25042107247001499370e-01, PP2 = -2.84817495755985104766e-02;
const PP3 = -5.77027029648944159157e-03, PP4 = -2.37630166566501626084e-05;
const QQ1 = 3.97917223959155352819e-01, QQ2 = 6.50222499887672944485e-02, QQ3 = 5.08130628187576562776e-03;
const QQ4 = 1.32494738004321644526e-04, QQ5 = -3.96022827877536812320e-06;
// erf on [0.84375, 1.25)
const PA0 = -2.36211856075265944077e-03, PA1 = 4.14856118683748331666e-01, PA2 = -3.72207876035701323847e-01;
const PA3 = 3.18346619901161753674e-01, PA4 = -1.10894694282396677476e-01, PA5 = 3.54783043256182359371e-02;
const PA6 = -2.16637559486879084300e-03;
const QA1 = 1.06420880400844228286e-01, QA2 = 5.40397917702171048937e-01, QA3 = 7.18286544141962662868e-02;
const QA4 = 1.26171219808761642112e-01, QA5 = 1.36370839120290507362e-02, QA6 = 1.19844998467991074170e-02;
// erfc on [1.25, 1/0.35)
const RA0 = -9.86494403484714822705e-03, RA1 = -6.93858572707181764372e-01, RA2 = -1.05586262253232909814e+01;
const RA3 = -6.23753324503260060396e+01, RA4 = -1.62396669462573470355e+02, RA5 = -1.84605092906711035994e+02;
const RA6 = -8.12874355063065934246e+01, RA7 = -9.81432934416914548592e+00;
const SA1 = 1.96512716674392571292e+01, SA2 = 1.37657754143519042600e+02, SA3 = 4.34565877475229228821e+02;
const SA4 = 6.45387271733267880336e+02, SA5 = 4.29008140027567833386e+02, SA6 = 1.08635005541779435134e+02;
const SA7 = 6.57024977031928170135e+00, SA8 = -6.04244152148580987438e-02;
// erfc on [1/0.35, ∞)
const RB0 = -9.86494292470009928597e-03, RB1 = -7.99283237680523006574e-01, RB2 = -1.77579549177547519889e+01;
const RB3 = -1.60636384855821916062e+02, RB4 = -6.37566443368389627722e+02, RB5 = -1.02509513161107724954e+03;
const RB6 = -4.83519191608651397019e+02;
const SB1 = 3.03380607434824582924e+01, SB2 = 3.25792512996573918826e+02, SB3 = 1.53672958608443695994e+03;
const SB4 = 3.19985821950859553908e+03, SB5 = 2.55305040643316442583e+03, SB6 = 4.74528541206955367215e+02;
const SB7 = -2.24409524465858183362e+01;

/** erf(x)/x − 1 for |x| < 0.84375. */
function small(x: number): number {
  const z = x * x;
  return (PP0 + z * (PP1 + z * (PP2 + z * (PP3 + z * PP4)))) / (1 + z * (QQ1 + z * (QQ2 + z * (QQ3 + z * (QQ4 + z * QQ5)))));
}

/** erf(1 + s) − ERX for |s| < 0.25. */
function nearOne(s: number): number {
  return (PA0 + s * (PA1 + s * (PA2 + s * (PA3 + s * (PA4 + s * (PA5 + s * PA6))))))
    / (1 + s * (QA1 + s * (QA2 + s * (QA3 + s * (QA4 + s * (QA5 + s * QA6))))));
}

/** ln(a·erfc(a)) + a² + 0.5625 for a ≥ 1.25: ln erfcx(a) = tail(a) − 0.5625 − ln a. */
function tail(a: number): number {
  const t = 1 / (a * a);
  if (a < 2.857142857142857) {
    return (RA0 + t * (RA1 + t * (RA2 + t * (RA3 + t * (RA4 + t * (RA5 + t * (RA6 + t * RA7)))))))
      / (1 + t * (SA1 + t * (SA2 + t * (SA3 + t * (SA4 + t * (SA5 + t * (SA6 + t * (SA7 + t * SA8))))))));
  }
  return (RB0 + t * (RB1 + t * (RB2 + t * (RB3 + t * (RB4 + t * (RB5 + t * RB6))))))
    / (1 + t * (SB1 + t * (SB2 + t * (SB3 + t * (SB4 + t * (SB5 + t * (SB6 + t * SB7)))))));
}

/** a rounded to its upper 26 bits (Veltkamp): z² and a − z are exact. For a < 2⁹⁹⁶. */
function split(a: number): number {
  const t = a * 134217729;
  return t - (t - a);
}

/** erfc(a)·a for 1.25 ≤ a < 28: exp(−a² − 0.5625 + tail(a)) with a² taken exactly. */
function scaledTail(a: number): number {
  const z = split(a);
  return Math.exp(-z * z - 0.5625) * Math.exp((z - a) * (z + a) + tail(a));
}

export function erf(x: number): number {
  const a = Math.abs(x);
  if (a < 0.84375) return a < 3.725290298461914e-9 ? x * TWO_OVER_SQRT_PI : x + x * small(x); // 2⁻²⁸
  if (a < 1.25) return x > 0 ? ERX + nearOne(a - 1) : -ERX - nearOne(a - 1);
  if (a < 6) return x > 0 ? 1 - scaledTail(a) / a : scaledTail(a) / a - 1;
  return x > 0 ? 1 : x < 0 ? -1 : x;
}

export function erfc(x: number): number {
  const a = Math.abs(x);
  if (a < 0.84375) {
    if (x < 0.25) return 1 - (x + x * small(x));
    return 0.5 - (x * small(x) + (x - 0.5)); // 1 − erf(x) with the cancellation done exactly
  }
  if (a < 1.25) return x > 0 ? 1 - ERX - nearOne(a - 1) : 1 + (ERX + nearOne(a - 1));
  if (a < 28 && x > -6) return x > 0 ? scaledTail(a) / a : 2 - scaledTail(a) / a;
  return x > 0 ? 0 : x < 0 ? 2 : x;
}

/** exp(x²)·erfc(x): finite for every x above −26.64 (where exp(x²) leaves the doubles). */
export function erfcx(x: number): number {
  const a = Math.abs(x);
  if (a < 1.25) return Math.exp(x * x) * erfc(x); // x² < 1.57: its rounding costs < 2e-16
  if (x > 0) return Math.exp(tail(a) - 0.5625) / a;
  if (a > 27) return x < 0 ? Infinity : x;
  const z = split(a); // erfcx(−a) = 2·exp(a²) − erfcx(a)
  return 2 * Math.exp(z * z) * Math.exp((a - z) * (a + z)) - Math.exp(tail(a) - 0.5625) / a;
}

/** ln erfc(x), without underflow: −x² − ln(x√π) + … for large x. */
export function logerfc(x: number): number {
  if (x < -0.84375) return Math.log(erfc(x));
  if (x < 0.84375) return Math.log1p(-erf(x)); // near 0, ln(1 − erf x) to full relative precision
  return Math.log(erfcx(x)) - x * x;
}
