// MINPACK's own results on the 53 cases of problems.mjs: the summary tables that MINPACK-1's
// test drivers print, copied verbatim, for lmder1 (analytic Jacobian) and lmdif1 (forward
// differences), and the settings of lmder1 in arenafit's terms.
//
// Source: github.com/devernay/cminpack at commit 32d343a (the stored snapshot),
//   examples/ref/lmddrv.ref — the output of MINPACK-1's lmder driver (examples/lmddrv.f:
//                             lmder1 with tol = √dpmpar(1) on testdata/ssq.data),
//   examples/ref/lmfdrv.ref — the same for lmdif1 (examples/lmfdrv.f).
// nfev counts evaluations of f (for lmdif1 not those spent on differences: its driver divides
// those by n into njev); info is MINPACK's exit parameter (1 ftol, 2 xtol, 3 both, 4 gtol —
// here 0, so only an exactly orthogonal f —, 5 maxfev). The norms are printed to 7 digits
// (D15.7): half a unit in the last of them is at most 5e-7 of the value.
//
// The same repository also holds examples/ref/lmddrv.fortran.ref (and lmfdrv.fortran.ref),
// generated from the original Fortran at gfortran -O0 (commit b218d77, July 2026). Its lmder1
// nfev column agrees with lmddrv.ref except on Powell singular, a zero residual approached
// only linearly (the Jacobian is singular there), where rounding decides when lmder1 stops:
// 500, 76 and 77 evaluations instead of 59, 72 and 68, so its nfev sums to 2,978 against
// lmddrv.ref's 2,524. Its norms differ only at zero residuals (below 1e-15), and on Meyer from
// 10·x0, where both runs ran out of evaluations far from the minimum (795.1 and 799.4); two
// exit codes differ between ftol and xtol. We keep lmddrv.ref, the table cminpack has shipped
// since 2010, in the driver's own format.
//
// Checked against Moré, Garbow & Hillstrom (1981), whose minima are of f = ‖f‖²: Meyer
// 9.377945² = 87.9459 (paper 87.9458), Kowalik–Osborne 0.01753584² = 3.07506e-4 (3.07505e-4)
// and, from 10·x0, 0.03205219² = 1.02734e-3 (the paper's minimum at infinity), Watson n = 9
// 1.183115e-3² = 1.39976e-6, Brown–Dennis 292.9543² = 85822.2, Osborne 1 7.392493e-3² =
// 5.46490e-5 (5.46489e-5), Osborne 2 0.2003440² = 4.01377e-2: all agree to the printed digits.

/** @typedef {import('./minpack-reference.d.mts').MinpackResult} MinpackResult */

// Summary of 53 calls to lmder1: nprob, n, m, nfev, njev, info, final L2 norm.
const LMDER1_SUMMARY = `
    1    5   10     3     2     3   0.2236068D+01
    1    5   50     3     2     3   0.6708204D+01
    2    5   10     3     2     1   0.1463850D+01
    2    5   50     3     2     1   0.3482630D+01
    3    5   10     3     2     1   0.1909727D+01
    3    5   50     3     2     1   0.3691729D+01
    4    2    2    21    16     4   0.0000000D+00
    4    2    2     8     5     2   0.0000000D+00
    4    2    2     6     4     2   0.0000000D+00
    5    3    3    11     8     2   0.9936523D-16
    5    3    3    20    15     2   0.1044679D-18
    5    3    3    19    16     2   0.3138778D-28
    6    4    4    59    58     4   0.6109328D-33
    6    4    4    72    71     4   0.9103608D-39
    6    4    4    68    67     4   0.2330524D-34
    7    2    2    14     8     1   0.6998875D+01
    7    2    2    19    12     1   0.6998875D+01
    7    2    2    24    17     1   0.6998875D+01
    8    3   15     6     5     1   0.9063596D-01
    8    3   15    37    36     1   0.4174769D+01
    8    3   15    14    13     1   0.4174769D+01
    9    4   11    18    16     1   0.1753584D-01
    9    4   11    78    70     1   0.3205219D-01
    9    4   11   500   380     5   0.1753584D-01
   10    3   16   126   116     2   0.9377945D+01
   10    3   16   400   345     5   0.7994077D+03
   11    6   31     8     7     1   0.4782959D-01
   11    6   31    14    13     1   0.4782959D-01
   11    6   31    15    14     1   0.4782959D-01
   11    9   31     8     7     3   0.1183115D-02
   11    9   31    19    15     1   0.1183115D-02
   11    9   31    19    16     3   0.1183115D-02
   11   12   31    10     9     3   0.2173104D-04
   11   12   31    13    12     3   0.2173104D-04
   11   12   31    34    28     2   0.2173104D-04
   12    3   10     7     6     2   0.2419675D-15
   13    2   10    21    12     1   0.1115178D+02
   14    4   20   254   236     1   0.2929543D+03
   14    4   20    53    42     1   0.2929543D+03
   14    4   20   237   221     1   0.2929543D+03
   15    1    8     1     1     4   0.1886238D+01
   15    1    8    29    28     1   0.1884248D+01
   15    1    8    47    46     1   0.1884248D+01
   15    8    8    39    20     1   0.5930324D-01
   15    9    9    12     9     2   0.1760084D-15
   15   10   10    25    12     1   0.8064710D-01
   16   10   10    14    12     2   0.8662586D-14
   16   10   10    13     8     2   0.5000936D-14
   16   10   10    22    20     2   0.5329071D-14
   16   30   30    19    14     2   0.1482786D-12
   16   40   40    19    14     2   0.2024535D-12
   17    5   33    18    15     1   0.7392493D-02
   18   11   65    16    12     1   0.2003440D+00
`;

// Summary of 53 calls to lmdif1, same columns.
const LMDIF1_SUMMARY = `
    1    5   10     3     2     1   0.2236068D+01
    1    5   50     3     2     1   0.6708204D+01
    2    5   10     3     2     1   0.1463850D+01
    2    5   50     5     2     1   0.3482630D+01
    3    5   10     3     2     1   0.1909727D+01
    3    5   50     3     2     1   0.3691729D+01
    4    2    2    22    16     2   0.0000000D+00
    4    2    2     8     5     2   0.2220446D-14
    4    2    2     7     5     2   0.0000000D+00
    5    3    3    11     8     2   0.8661763D-16
    5    3    3    20    15     2   0.1129685D-16
    5    3    3    19    16     2   0.7801636D-22
    6    4    4   241   190     5   0.3872589D-20
    6    4    4   239   191     5   0.2716944D-20
    6    4    4   237   191     5   0.7100324D-20
    7    2    2    14     8     1   0.6998875D+01
    7    2    2    19    12     1   0.6998875D+01
    7    2    2    24    17     1   0.6998875D+01
    8    3   15     6     5     1   0.9063596D-01
    8    3   15    42    41     1   0.4174769D+01
    8    3   15    12    11     1   0.4174769D+01
    9    4   11    18    16     1   0.1753584D-01
    9    4   11    77    68     1   0.3205219D-01
    9    4   11   229   193     5   0.3070912D-01
   10    3   16   127   117     3   0.9377945D+01
   10    3   16     4     3     4   0.6237599D+05
   11    6   31     8     7     1   0.5104662D-01
   11    6   31    14    13     1   0.4782959D-01
   11    6   31    15    14     1   0.4782959D-01
   11    9   31     9     8     1   0.1183214D-02
   11    9   31    29    17     2   0.1183115D-02
   11    9   31    28    16     2   0.1183115D-02
   11   12   31    22    11     2   0.2173128D-04
   11   12   31    26    13     2   0.2173188D-04
   11   12   31    54    30     2   0.2173286D-04
   12    3   10     7     6     2   0.1841097D-15
   13    2   10    21    12     1   0.1115178D+02
   14    4   20   213   197     5   0.2929553D+03
   14    4   20    49    38     1   0.2929543D+03
   14    4   20   212   197     5   0.2929544D+03
   15    1    8     2     1     1   0.1886238D+01
   15    1    8    29    28     1   0.1884248D+01
   15    1    8    47    46     1   0.1884248D+01
   15    8    8    39    20     1   0.5930324D-01
   15    9    9    12     9     2   0.1087510D-15
   15   10   10    25    12     1   0.8064710D-01
   16   10   10     7     5     1   0.1000000D+01
   16   10   10    13     8     2   0.1465494D-13
   16   10   10    34    32     1   0.1000000D+01
   16   30   30    11    10     2   0.4304688D-13
   16   40   40    11    10     2   0.3695687D-12
   17    5   33    18    15     1   0.7392493D-02
   18   11   65    16    12     1   0.2003440D+00
`;

// "initial l2 norm of the residuals" of each call, ‖f(x0)‖ (the same in both files).
const INITIAL_NORMS = [
  '0.5000000D+01', '0.8062258D+01', '0.2915219D+03', '0.3101600D+04', '0.1260397D+03', '0.1748950D+04',
  '0.4919350D+01', '0.1340063D+04', '0.1430001D+06', '0.5000000D+02', '0.1029563D+03', '0.9912618D+03',
  '0.1466288D+02', '0.1270984D+04', '0.1268879D+06', '0.2001250D+02', '0.1243283D+05', '0.1142645D+08',
  '0.6456136D+01', '0.3614185D+02', '0.3841147D+03', '0.7289151D-01', '0.2979370D+01', '0.2995906D+02',
  '0.4115347D+05', '0.4168217D+07', '0.5477226D+01', '0.6433126D+04', '0.6742560D+06', '0.5477226D+01',
  '0.1208813D+05', '0.1269109D+07', '0.5477226D+01', '0.1922076D+05', '0.2018918D+07', '0.3211158D+02',
  '0.6458565D+02', '0.2815438D+04', '0.5550734D+06', '0.6121125D+08', '0.1886238D+01', '0.5383344D+10',
  '0.1180887D+19', '0.1965139D+00', '0.1699499D+00', '0.1837478D+00', '0.1653022D+02', '0.9765624D+07',
  '0.9765625D+17', '0.8347604D+02', '0.1280264D+03', '0.9375640D+00', '0.1446865D+01',
];

// Where MINPACK stopped at a point that is not a minimum, its norm is no bar to measure another
// solver by: a solver that goes on to the minimum of another basin may rightly end above it.
// These are those calls (by case number), each with its reason. Every other call ended at a
// minimum the paper lists (or at a zero residual), including two cut off by maxfev there:
// lmder1 on Kowalik–Osborne from 100·x0, lmdif1 on Powell singular (‖f‖ ≈ 1e-20, still falling).
const NOT_A_MINIMUM = {
  lmder1: new Map([
    [26, 'lmder1 ran out of evaluations (info 5) at ‖f‖ = 799.4, far from Meyer\'s minimum 9.378'],
    [41, 'x0 = ½ is a stationary point of the one-variable Chebyquad but a local maximum of ‖f‖ (1.8825 at 0.49 and 0.51): lmder1 stopped there at once (info 4)'],
  ]),
  lmdif1: new Map([
    [24, 'lmdif1 ran out of evaluations (info 5) at ‖f‖ = 0.03071, between the two Kowalik–Osborne minima 0.01754 and 0.03205'],
    [26, 'the model has shrunk below the rounding of y (‖f‖ = ‖y‖ = 62,376), so the forward differences are zero and lmdif1 stopped on an orthogonal f (info 4); Meyer\'s minimum is 9.378'],
    [38, 'lmdif1 ran out of evaluations (info 5) at ‖f‖ = 292.9553, short of the Brown–Dennis minimum 292.9543'],
    [40, 'lmdif1 ran out of evaluations (info 5) at ‖f‖ = 292.9544, short of the Brown–Dennis minimum 292.95427'],
    [41, 'x0 = ½ is a stationary point of the one-variable Chebyquad but a local maximum of ‖f‖ (1.8825 at 0.49 and 0.51): lmdif1 stayed there (info 1)'],
  ]),
};

/** A Fortran D15.7 number, 0.1234567D+01. @param {string} text */
const fortranNumber = (text) => Number(text.replace('D', 'e'));

/**
 * @param {string} summary @param {Map<number, string>} notAMinimum
 * @returns {readonly MinpackResult[]}
 */
function parseSummary(summary, notAMinimum) {
  const rows = summary.trim().split('\n').map((line) => line.trim().split(/\s+/));
  return Object.freeze(
    rows.map(([nprob, n, m, nfev, njev, info, norm], k) =>
      Object.freeze({
        nprob: Number(nprob), n: Number(n), m: Number(m),
        nfev: Number(nfev), njev: Number(njev), info: Number(info),
        norm: fortranNumber(norm), initialNorm: fortranNumber(INITIAL_NORMS[k]),
        notAMinimum: notAMinimum.get(k + 1),
      }),
    ),
  );
}

/** lmder1's results on the 53 cases, in the order of problems.mjs's `cases`. */
export const lmder1 = parseSummary(LMDER1_SUMMARY, NOT_A_MINIMUM.lmder1);
/** lmdif1's results on the 53 cases, in the same order. */
export const lmdif1 = parseSummary(LMDIF1_SUMMARY, NOT_A_MINIMUM.lmdif1);

// The drivers' tol = √dpmpar(1), machine epsilon's square root.
const TOL = Math.sqrt(2 ** -52);

/**
 * lmder1's settings in arenafit's options: ftol = xtol = tol, gtol = 0 (arenafit's factor
 * 100 and its column scaling are lmder1's already), and lmder1's maxfev = 100(n + 1)
 * evaluations counted with the one at x0, that is, 100(n + 1) − 1 trial steps.
 * @param {number} n
 */
export function lmder1Options(n) {
  return { ftol: TOL, xtol: TOL, gtol: 0, maxIterations: 100 * (n + 1) - 1 };
}
