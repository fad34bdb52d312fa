// enorm: the euclidean norm of a vector without destructive underflow or overflow.
//
// MINPACK `enorm` (Moré, Garbow, Hillstrom 1980): squares are summed in three accumulators —
// small, intermediate and large components — each scaled so that no square under- or
// overflows, then combined. Used on P-sized vectors (steps, scaled parameters), never on
// N-sized data: the data's residual norm is accumulated pass by pass (evaluate/).
//
//   in:  x → n f64
//   out: ‖x‖₂

const RDWARF: f64 = 3.834e-20;
const RGIANT: f64 = 1.304e19;

export function enorm(n: i32, x: usize): f64 {
  let s1: f64 = 0, s2: f64 = 0, s3: f64 = 0;
  let x1max: f64 = 0, x3max: f64 = 0;
  const agiant = RGIANT / <f64>n;
  for (let i = 0; i < n; i++) {
    const xabs = Math.abs(load<f64>(x + (<usize>i << 3)));
    if (xabs > RDWARF && xabs < agiant) {
      s2 += xabs * xabs; // intermediate components: no scaling needed
    } else if (xabs <= RDWARF) {
      if (xabs > x3max) {
        const r = x3max / xabs;
        s3 = 1 + s3 * r * r;
        x3max = xabs;
      } else if (xabs != 0) {
        const r = xabs / x3max;
        s3 += r * r;
      }
    } else {
      if (xabs > x1max) {
        const r = x1max / xabs;
        s1 = 1 + s1 * r * r;
        x1max = xabs;
      } else {
        const r = xabs / x1max;
        s1 += r * r;
      }
    }
  }
  if (s1 != 0) return x1max * Math.sqrt(s1 + s2 / x1max / x1max);
  if (s2 != 0) {
    return s2 >= x3max ? Math.sqrt(s2 * (1 + (x3max / s2) * (x3max * s3))) : Math.sqrt(x3max * (s2 / x3max + x3max * s3));
  }
  return x3max * Math.sqrt(s3);
}
