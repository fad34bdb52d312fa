// Machine constants of IEEE double precision (MINPACK `dpmpar`).

/** Relative machine precision, 2⁻⁵². */
export const EPSMCH: f64 = 2.220446049250313e-16;
/** Smallest positive normal magnitude. */
export const DWARF: f64 = 2.2250738585072014e-308;
