// The 18 nonlinear least-squares problems of MINPACK-1's test set and the 53 cases its lmder
// driver runs them in: a plain ES module (JSDoc types, declarations in problems.d.mts) so that
// both the tests (vitest) and bench/mgh.mjs (Node 20, which cannot import .ts) can load it.
//
// Sources, read to write these formulas (the code here is our own):
// - J. J. Moré, B. S. Garbow, K. E. Hillstrom, "Testing unconstrained optimization software",
//   ACM TOMS 7(1), 17–41 (1981): the problems, their standard starts and known minima.
// - MINPACK-1's Fortran test routines as cminpack ships them (github.com/devernay/cminpack,
//   examples/ssqfcn.f, ssqjac.f, ssqipt.f): the exact variants the driver runs, followed here
//   where they settle what the paper leaves open — the helical valley's angle at x1 = 0 is
//   sign(x2)·¼, and Watson's x0 = 0 is "scaled" by setting every component to the factor.
// - The driver's input, examples/testdata/ssq.data (nprob, n, m, ntries per line): the case
//   list below; try k (k = 1, 2, 3) starts from 10^(k−1)·x0.
// The port is checked in test/fit/mgh.test.ts: ‖f(x0)‖ matches the initial norm MINPACK's
// driver printed for all 53 cases, and every Jacobian matches central differences.
//
// Rows and columns are 0-based here; where a formula uses MINPACK's 1-based row or column
// number, it is called `i1` or `j1`.

/** @typedef {import('./problems.d.mts').Problem} Problem */
/** @typedef {import('./problems.d.mts').MghCase} MghCase */
/** @typedef {import('../../../src/index.ts').VectorModel} VectorModel */

/** @param {number} length @param {number} value */
const filled = (length, value) => new Float64Array(length).fill(value);

/** An m×n Jacobian stored by column, zeroed: columns[j][i] = ∂f_i/∂x_j. */
const zeroColumns = (/** @type {number} */ n, /** @type {number} */ m) => Array.from({ length: n }, () => new Float64Array(m));

/** @param {ArrayLike<number>} x */
const sum = (x) => {
  let s = 0;
  for (let j = 0; j < x.length; j++) s += x[j];
  return s;
};

// Measured data of the data-fitting problems, as in ssqfcn.f.
const BARD_Y = [0.14, 0.18, 0.22, 0.25, 0.29, 0.32, 0.35, 0.39, 0.37, 0.58, 0.73, 0.96, 1.34, 2.1, 4.39];
const KOWALIK_V = [4, 2, 1, 0.5, 0.25, 0.167, 0.125, 0.1, 0.0833, 0.0714, 0.0625];
const KOWALIK_Y = [0.1957, 0.1947, 0.1735, 0.16, 0.0844, 0.0627, 0.0456, 0.0342, 0.0323, 0.0235, 0.0246];
const MEYER_Y = [34780, 28610, 23650, 19630, 16370, 13720, 11540, 9744, 8261, 7030, 6005, 5147, 4427, 3820, 3307, 2872];
const OSBORNE1_Y = [
  0.844, 0.908, 0.932, 0.936, 0.925, 0.908, 0.881, 0.85, 0.818, 0.784, 0.751, 0.718, 0.685, 0.658, 0.628, 0.603, 0.58,
  0.558, 0.538, 0.522, 0.506, 0.49, 0.478, 0.467, 0.457, 0.448, 0.438, 0.431, 0.424, 0.42, 0.414, 0.411, 0.406,
];
const OSBORNE2_Y = [
  1.366, 1.191, 1.112, 1.013, 0.991, 0.885, 0.831, 0.847, 0.786, 0.725, 0.746, 0.679, 0.608, 0.655, 0.616, 0.606, 0.602,
  0.626, 0.651, 0.724, 0.649, 0.649, 0.694, 0.644, 0.624, 0.661, 0.612, 0.558, 0.533, 0.495, 0.5, 0.423, 0.395, 0.375,
  0.372, 0.391, 0.396, 0.405, 0.428, 0.429, 0.523, 0.562, 0.607, 0.653, 0.672, 0.708, 0.633, 0.668, 0.645, 0.632, 0.591,
  0.559, 0.597, 0.625, 0.739, 0.71, 0.729, 0.72, 0.636, 0.581, 0.428, 0.292, 0.162, 0.098, 0.054,
];

/**
 * One problem from its residual and Jacobian formulas. `fill(x, m, f)` writes the m residuals
 * into f; `fillJacobian(x, m, columns)` writes the nonzero derivatives into zeroed columns.
 * @param {number} id @param {string} name @param {(n: number) => number[]} start
 * @param {(x: ArrayLike<number>, m: number, f: Float64Array) => void} fill
 * @param {(x: ArrayLike<number>, m: number, columns: Float64Array[]) => void} fillJacobian
 * @returns {Problem}
 */
function problem(id, name, start, fill, fillJacobian) {
  return {
    id,
    name,
    start: (n) => Float64Array.from(start(n)),
    residuals(x, m) {
      const f = new Float64Array(m);
      fill(x, m, f);
      return f;
    },
    jacobian(x, m) {
      const columns = zeroColumns(x.length, m);
      fillJacobian(x, m, columns);
      return columns;
    },
  };
}

/** @type {readonly Problem[]} */
export const problems = Object.freeze([
  // 1. Linear function, full rank: f_i = x_i − (2/m)Σx − 1 (the x_i term only for i < n).
  problem(1, 'linear function, full rank', (n) => Array(n).fill(1),
    (x, m, f) => {
      const t = (2 * sum(x)) / m + 1;
      for (let i = 0; i < m; i++) f[i] = (i < x.length ? x[i] : 0) - t;
    },
    (x, m, J) => {
      for (let j = 0; j < x.length; j++) {
        J[j].fill(-2 / m);
        J[j][j] += 1;
      }
    }),

  // 2. Linear function, rank 1: f_i = i1·Σ j1·x_j − 1.
  problem(2, 'linear function, rank 1', (n) => Array(n).fill(1),
    (x, m, f) => {
      let s = 0;
      for (let j = 0; j < x.length; j++) s += (j + 1) * x[j];
      for (let i = 0; i < m; i++) f[i] = (i + 1) * s - 1;
    },
    (x, m, J) => {
      for (let j = 0; j < x.length; j++) for (let i = 0; i < m; i++) J[j][i] = (i + 1) * (j + 1);
    }),

  // 3. Linear function, rank 1, with zero columns and rows: s = Σ_{j1=2}^{n−1} j1·x_j, f_i =
  //    (i1 − 1)·s − 1 for i1 < m, and f_m = −1: the first and last columns and rows are zero.
  problem(3, 'linear function, rank 1, zero columns and rows', (n) => Array(n).fill(1),
    (x, m, f) => {
      let s = 0;
      for (let j = 1; j < x.length - 1; j++) s += (j + 1) * x[j];
      for (let i = 0; i < m - 1; i++) f[i] = i * s - 1;
      f[m - 1] = -1;
    },
    (x, m, J) => {
      for (let j = 1; j < x.length - 1; j++) for (let i = 1; i < m - 1; i++) J[j][i] = i * (j + 1);
    }),

  // 4. Rosenbrock: f = (10(x2 − x1²), 1 − x1).
  problem(4, 'Rosenbrock', () => [-1.2, 1],
    (x, m, f) => {
      f[0] = 10 * (x[1] - x[0] * x[0]);
      f[1] = 1 - x[0];
    },
    (x, m, J) => {
      J[0][0] = -20 * x[0];
      J[1][0] = 10;
      J[0][1] = -1;
    }),

  // 5. Helical valley: θ = atan(x2/x1)/2π (+½ for x1 < 0), f = (10(x3 − 10θ), 10(r − 1), x3).
  problem(5, 'helical valley', () => [-1, 0, 0],
    (x, m, f) => {
      const theta = x[0] === 0 ? (x[1] < 0 ? -0.25 : 0.25) : Math.atan(x[1] / x[0]) / (2 * Math.PI) + (x[0] < 0 ? 0.5 : 0);
      f[0] = 10 * (x[2] - 10 * theta);
      f[1] = 10 * (Math.hypot(x[0], x[1]) - 1);
      f[2] = x[2];
    },
    (x, m, J) => {
      const r2 = x[0] * x[0] + x[1] * x[1];
      const r = Math.sqrt(r2);
      J[0][0] = (100 * x[1]) / (2 * Math.PI * r2);
      J[1][0] = (-100 * x[0]) / (2 * Math.PI * r2);
      J[2][0] = 10;
      J[0][1] = (10 * x[0]) / r;
      J[1][1] = (10 * x[1]) / r;
      J[2][2] = 1;
    }),

  // 6. Powell singular: f = (x1 + 10x2, √5(x3 − x4), (x2 − 2x3)², √10(x1 − x4)²); J is singular
  //    at the minimum x = 0.
  problem(6, 'Powell singular', () => [3, -1, 0, 1],
    (x, m, f) => {
      f[0] = x[0] + 10 * x[1];
      f[1] = Math.sqrt(5) * (x[2] - x[3]);
      f[2] = (x[1] - 2 * x[2]) ** 2;
      f[3] = Math.sqrt(10) * (x[0] - x[3]) ** 2;
    },
    (x, m, J) => {
      J[0][0] = 1;
      J[1][0] = 10;
      J[2][1] = Math.sqrt(5);
      J[3][1] = -Math.sqrt(5);
      J[1][2] = 2 * (x[1] - 2 * x[2]);
      J[2][2] = -4 * (x[1] - 2 * x[2]);
      J[0][3] = 2 * Math.sqrt(10) * (x[0] - x[3]);
      J[3][3] = -J[0][3];
    }),

  // 7. Freudenstein–Roth: f1 = −13 + x1 + ((5 − x2)x2 − 2)x2, f2 = −29 + x1 + ((1 + x2)x2 − 14)x2.
  problem(7, 'Freudenstein–Roth', () => [0.5, -2],
    (x, m, f) => {
      f[0] = -13 + x[0] + ((5 - x[1]) * x[1] - 2) * x[1];
      f[1] = -29 + x[0] + ((1 + x[1]) * x[1] - 14) * x[1];
    },
    (x, m, J) => {
      J[0].fill(1);
      J[1][0] = x[1] * (10 - 3 * x[1]) - 2;
      J[1][1] = x[1] * (2 + 3 * x[1]) - 14;
    }),

  // 8. Bard: u = i1, v = 16 − i1, w = min(u, v); f_i = y_i − (x1 + u/(v·x2 + w·x3)).
  problem(8, 'Bard', () => [1, 1, 1],
    (x, m, f) => {
      for (let i = 0; i < m; i++) {
        const u = i + 1, v = 15 - i, w = Math.min(u, v);
        f[i] = BARD_Y[i] - (x[0] + u / (v * x[1] + w * x[2]));
      }
    },
    (x, m, J) => {
      for (let i = 0; i < m; i++) {
        const u = i + 1, v = 15 - i, w = Math.min(u, v);
        const d2 = (v * x[1] + w * x[2]) ** 2;
        J[0][i] = -1;
        J[1][i] = (u * v) / d2;
        J[2][i] = (u * w) / d2;
      }
    }),

  // 9. Kowalik–Osborne: f_i = y_i − x1·v(v + x2)/(v(v + x3) + x4).
  problem(9, 'Kowalik–Osborne', () => [0.25, 0.39, 0.415, 0.39],
    (x, m, f) => {
      for (let i = 0; i < m; i++) {
        const v = KOWALIK_V[i];
        f[i] = KOWALIK_Y[i] - (x[0] * v * (v + x[1])) / (v * (v + x[2]) + x[3]);
      }
    },
    (x, m, J) => {
      for (let i = 0; i < m; i++) {
        const v = KOWALIK_V[i];
        const a = v * (v + x[1]), b = v * (v + x[2]) + x[3];
        J[0][i] = -a / b;
        J[1][i] = (-x[0] * v) / b;
        J[2][i] = (x[0] * a * v) / (b * b);
        J[3][i] = (x[0] * a) / (b * b);
      }
    }),

  // 10. Meyer: t_i = 45 + 5·i1, f_i = x1·exp(x2/(t_i + x3)) − y_i.
  problem(10, 'Meyer', () => [0.02, 4000, 250],
    (x, m, f) => {
      for (let i = 0; i < m; i++) f[i] = x[0] * Math.exp(x[1] / (50 + 5 * i + x[2])) - MEYER_Y[i];
    },
    (x, m, J) => {
      for (let i = 0; i < m; i++) {
        const d = 50 + 5 * i + x[2];
        const e = Math.exp(x[1] / d);
        J[0][i] = e;
        J[1][i] = (x[0] * e) / d;
        J[2][i] = (-x[0] * e * x[1]) / (d * d);
      }
    }),

  // 11. Watson (m = 31): for i1 = 1…29, t = i1/29, s = Σ x_j t^(j1−1):
  //     f_i = Σ_{j1≥2} (j1 − 1)x_j t^(j1−2) − s² − 1; f_30 = x1, f_31 = x2 − x1² − 1.
  problem(11, 'Watson', (n) => Array(n).fill(0),
    (x, m, f) => {
      for (let i = 0; i < 29; i++) {
        const t = (i + 1) / 29;
        let derivative = 0, s = 0, power = 1; // power = t^(j1−1)
        for (let j = 0; j < x.length; j++) {
          if (j > 0) derivative += j * x[j] * (power / t);
          s += x[j] * power;
          power *= t;
        }
        f[i] = derivative - s * s - 1;
      }
      f[29] = x[0];
      f[30] = x[1] - x[0] * x[0] - 1;
    },
    (x, m, J) => {
      for (let i = 0; i < 29; i++) {
        const t = (i + 1) / 29;
        let s = 0, power = 1;
        for (let j = 0; j < x.length; j++, power *= t) s += x[j] * power;
        power = 1;
        for (let j = 0; j < x.length; j++, power *= t) J[j][i] = (j * power) / t - 2 * s * power;
      }
      J[0][29] = 1;
      J[0][30] = -2 * x[0];
      J[1][30] = 1;
    }),

  // 12. Box three-dimensional: t = i1/10, f_i = e^(−t·x1) − e^(−t·x2) − x3(e^(−t) − e^(−i1)).
  problem(12, 'Box three-dimensional', () => [0, 10, 20],
    (x, m, f) => {
      for (let i = 0; i < m; i++) {
        const t = (i + 1) / 10;
        f[i] = Math.exp(-t * x[0]) - Math.exp(-t * x[1]) - x[2] * (Math.exp(-t) - Math.exp(-(i + 1)));
      }
    },
    (x, m, J) => {
      for (let i = 0; i < m; i++) {
        const t = (i + 1) / 10;
        J[0][i] = -t * Math.exp(-t * x[0]);
        J[1][i] = t * Math.exp(-t * x[1]);
        J[2][i] = Math.exp(-(i + 1)) - Math.exp(-t);
      }
    }),

  // 13. Jennrich–Sampson: f_i = 2 + 2·i1 − (e^(i1·x1) + e^(i1·x2)).
  problem(13, 'Jennrich–Sampson', () => [0.3, 0.4],
    (x, m, f) => {
      for (let i = 0; i < m; i++) f[i] = 2 + 2 * (i + 1) - Math.exp((i + 1) * x[0]) - Math.exp((i + 1) * x[1]);
    },
    (x, m, J) => {
      for (let i = 0; i < m; i++) {
        J[0][i] = -(i + 1) * Math.exp((i + 1) * x[0]);
        J[1][i] = -(i + 1) * Math.exp((i + 1) * x[1]);
      }
    }),

  // 14. Brown–Dennis: t = i1/5, a = x1 + t·x2 − e^t, b = x3 + sin(t)·x4 − cos(t), f_i = a² + b².
  problem(14, 'Brown–Dennis', () => [25, 5, -5, -1],
    (x, m, f) => {
      for (let i = 0; i < m; i++) {
        const t = (i + 1) / 5;
        const a = x[0] + t * x[1] - Math.exp(t), b = x[2] + Math.sin(t) * x[3] - Math.cos(t);
        f[i] = a * a + b * b;
      }
    },
    (x, m, J) => {
      for (let i = 0; i < m; i++) {
        const t = (i + 1) / 5;
        const a = x[0] + t * x[1] - Math.exp(t), b = x[2] + Math.sin(t) * x[3] - Math.cos(t);
        J[0][i] = 2 * a;
        J[1][i] = 2 * a * t;
        J[2][i] = 2 * b;
        J[3][i] = 2 * b * Math.sin(t);
      }
    }),

  // 15. Chebyquad: f_i = (1/n)Σ_j T_i1(2x_j − 1) − ∫₀¹ T_i1(2ξ − 1)dξ, the integral −1/(i1² − 1)
  //     for even i1 and 0 for odd; T by its recurrence, T′ by the differentiated one.
  problem(15, 'Chebyquad', (n) => Array.from({ length: n }, (_, j) => (j + 1) / (n + 1)),
    (x, m, f) => {
      for (let j = 0; j < x.length; j++) {
        const y = 2 * x[j] - 1;
        let previous = 1, current = y; // T_{i1−1}(y), T_i1(y)
        for (let i = 0; i < m; i++) {
          f[i] += current;
          [previous, current] = [current, 2 * y * current - previous];
        }
      }
      for (let i = 0; i < m; i++) {
        const i1 = i + 1;
        f[i] = f[i] / x.length + (i1 % 2 === 0 ? 1 / (i1 * i1 - 1) : 0);
      }
    },
    (x, m, J) => {
      for (let j = 0; j < x.length; j++) {
        const y = 2 * x[j] - 1;
        let previous = 1, current = y; // T_{i1−1}, T_i1
        let dPrevious = 0, dCurrent = 1; // T′_{i1−1}, T′_i1
        for (let i = 0; i < m; i++) {
          J[j][i] = (2 * dCurrent) / x.length; // d/dx_j T(2x_j − 1) = 2T′
          [dPrevious, dCurrent] = [dCurrent, 2 * current + 2 * y * dCurrent - dPrevious];
          [previous, current] = [current, 2 * y * current - previous];
        }
      }
    }),

  // 16. Brown almost-linear (m = n): f_i = x_i + Σx − (n + 1) for i < n, f_n = Πx − 1.
  problem(16, 'Brown almost-linear', (n) => Array(n).fill(0.5),
    (x, m, f) => {
      const n = x.length;
      const s = sum(x) - (n + 1);
      for (let i = 0; i < n - 1; i++) f[i] = x[i] + s;
      let product = 1;
      for (let j = 0; j < n; j++) product *= x[j];
      f[n - 1] = product - 1;
    },
    (x, m, J) => {
      const n = x.length;
      for (let j = 0; j < n; j++) {
        J[j].fill(1, 0, n - 1);
        if (j < n - 1) J[j][j] = 2;
        // Π_{k≠j} x_k directly, not Πx/x_j: exact, and defined where x_j = 0.
        let others = 1;
        for (let k = 0; k < n; k++) if (k !== j) others *= x[k];
        J[j][n - 1] = others;
      }
    }),

  // 17. Osborne 1: t = 10(i1 − 1), f_i = y_i − (x1 + x2·e^(−t·x4) + x3·e^(−t·x5)).
  problem(17, 'Osborne 1', () => [0.5, 1.5, -1, 0.01, 0.02],
    (x, m, f) => {
      for (let i = 0; i < m; i++) {
        const t = 10 * i;
        f[i] = OSBORNE1_Y[i] - (x[0] + x[1] * Math.exp(-t * x[3]) + x[2] * Math.exp(-t * x[4]));
      }
    },
    (x, m, J) => {
      for (let i = 0; i < m; i++) {
        const t = 10 * i;
        const e4 = Math.exp(-t * x[3]), e5 = Math.exp(-t * x[4]);
        J[0][i] = -1;
        J[1][i] = -e4;
        J[2][i] = -e5;
        J[3][i] = t * x[1] * e4;
        J[4][i] = t * x[2] * e5;
      }
    }),

  // 18. Osborne 2: t = (i1 − 1)/10, f_i = y_i − (x1·e^(−t·x5) + Σ_{k=2..4} x_k·e^(−x_{k+4}(t − x_{k+7})²)).
  problem(18, 'Osborne 2', () => [1.3, 0.65, 0.65, 0.7, 0.6, 3, 5, 7, 2, 4.5, 5.5],
    (x, m, f) => {
      for (let i = 0; i < m; i++) {
        const t = i / 10;
        let model = x[0] * Math.exp(-t * x[4]);
        for (let k = 1; k <= 3; k++) model += x[k] * Math.exp(-x[k + 4] * (t - x[k + 7]) ** 2);
        f[i] = OSBORNE2_Y[i] - model;
      }
    },
    (x, m, J) => {
      for (let i = 0; i < m; i++) {
        const t = i / 10;
        const e = Math.exp(-t * x[4]);
        J[0][i] = -e;
        J[4][i] = t * x[0] * e;
        for (let k = 1; k <= 3; k++) {
          const d = t - x[k + 7];
          const g = Math.exp(-x[k + 4] * d * d);
          J[k][i] = -g;
          J[k + 4][i] = x[k] * d * d * g;
          J[k + 7][i] = -2 * x[k] * x[k + 4] * d * g;
        }
      }
    }),
]);

// The lmder driver's input, examples/testdata/ssq.data: nprob, n, m, ntries.
const DRIVER_INPUT = [
  [1, 5, 10, 1], [1, 5, 50, 1], [2, 5, 10, 1], [2, 5, 50, 1], [3, 5, 10, 1], [3, 5, 50, 1],
  [4, 2, 2, 3], [5, 3, 3, 3], [6, 4, 4, 3], [7, 2, 2, 3], [8, 3, 15, 3], [9, 4, 11, 3],
  [10, 3, 16, 2], [11, 6, 31, 3], [11, 9, 31, 3], [11, 12, 31, 3], [12, 3, 10, 1], [13, 2, 10, 1],
  [14, 4, 20, 3], [15, 1, 8, 3], [15, 8, 8, 1], [15, 9, 9, 1], [15, 10, 10, 1], [16, 10, 10, 3],
  [16, 30, 30, 1], [16, 40, 40, 1], [17, 5, 33, 1], [18, 11, 65, 1],
];

/**
 * MINPACK initpt's scaled start: factor·x0, except Watson's x0 = 0, where every component
 * becomes the factor itself.
 * @param {Problem} p @param {number} n @param {number} factor
 */
function startingPoint(p, n, factor) {
  const x0 = p.start(n);
  if (factor === 1) return x0;
  return p.id === 11 ? filled(n, factor) : x0.map((v) => factor * v);
}

/** The 53 cases in the driver's order. @type {readonly MghCase[]} */
export const cases = Object.freeze(
  DRIVER_INPUT.flatMap(([id, n, m, tries]) =>
    Array.from({ length: tries }, (_, k) => {
      const p = problems[id - 1];
      const factor = 10 ** k;
      return { problem: p, n, m, factor, x0: startingPoint(p, n, factor), label: `${p.name} (n ${n}, m ${m}) from ${factor === 1 ? 'x0' : `${factor}·x0`}` };
    }),
  ).map((c, k) => Object.freeze({ number: k + 1, ...c })),
);

/**
 * A case as an arenafit callback model over x = the row indices 0…m−1 (and y = 0): row i's
 * value is f_i(p), its derivatives column i of the Jacobian. Without the analytic Jacobian
 * arenafit takes forward differences.
 * @param {MghCase} c @param {'analytic' | 'forward'} jacobian
 * @returns {VectorModel}
 */
export function vectorModel(c, jacobian) {
  const { problem: p, m } = c;
  /** @type {VectorModel} */
  const model = {
    evaluate(xs, x, out) {
      const f = p.residuals(x, m);
      for (let i = 0; i < xs.length; i++) out[i] = f[xs[i]];
    },
  };
  if (jacobian === 'analytic') {
    model.jacobian = (xs, x, columns) => {
      const J = p.jacobian(x, m);
      for (let j = 0; j < J.length; j++) for (let i = 0; i < xs.length; i++) columns[j][i] = J[j][xs[i]];
    };
  }
  return model;
}

/** The Euclidean norm: MINPACK's enorm without its guards against overflow and underflow, which these residuals (1e-49 to 1e18) do not need. @param {ArrayLike<number>} v */
export function norm(v) {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return Math.sqrt(s);
}
