// The constants both sides of the WASM boundary agree on: opcodes, operand forms, status codes,
// request codes, result-block offsets. This file is plain constants only, so that it compiles as
// AssemblyScript (for assembly/) and as TypeScript (src/ imports it directly): one source of truth.

// ─── Expression bytecode ────────────────────────────────────────────────────────────────────
//
// A program is a list of instructions of 4 i32 each: [opcode, dst, a, b].
//   opcode = (operation << 2) | form
// Forms say where operands live. A "vector" is one value per row of the current block; a
// "scalar" is one value for every row (a parameter, a constant, or something computed from them).
//   FORM_SS: dst scalar, a scalar, b scalar (unary operations: b is ignored)
//   FORM_VV: dst vector, a vector, b vector (unary operations: dst vector, a vector)
//   FORM_VS: dst vector, a vector, b scalar
//   FORM_SV: dst vector, a scalar, b vector
// Vector slots: [0, nVariables) are the variable columns of the block (read-only);
//               [nVariables, nVariables + nRegisters) are registers.
// Scalar slots: [0, P) the parameters θ, in order of first appearance;
//               [P, P + nConstants) constants; then scalar temporaries.
// An output operand (value, ∂f/∂θⱼ) is encoded as an i32: v ≥ 0 is vector slot v; v < 0 is
// scalar slot (-1 - v).
export const FORM_SS = 0;
export const FORM_VV = 1;
export const FORM_VS = 2;
export const FORM_SV = 3;

export const OP_ADD = 1;
export const OP_SUB = 2;
export const OP_MUL = 3;
export const OP_DIV = 4;
export const OP_POW = 5;
export const OP_NEG = 6;
export const OP_EXP = 7;
export const OP_LOG = 8;
export const OP_SQRT = 9;
export const OP_SIN = 10;
export const OP_COS = 11;
export const OP_TAN = 12;
export const OP_ATAN = 13;
export const OP_TANH = 14;
export const OP_ABS = 15;
export const OP_SIGN = 16;
export const OP_SQUARE = 17;
export const OP_COPY = 18;
// The error function family (assembly/vm/erf.ts): erfcx(x) = exp(x²)·erfc(x), logerfc(x) = ln erfc(x).
export const OP_ERF = 19;
export const OP_ERFC = 20;
export const OP_ERFCX = 21;
export const OP_LOGERFC = 22;
// Binary, like OP_ADD … OP_POW: Re and Im of the Faddeeva function w(a + ib) (assembly/vm/faddeeva.ts).
export const OP_FADDEEVA_RE = 23;
export const OP_FADDEEVA_IM = 24;

// ─── Solver ─────────────────────────────────────────────────────────────────────────────────
// What the solver asks of the host after each step (reverse communication).
export const REQUEST_DONE = 0; // stop: status, parameters and covariance are ready
export const REQUEST_PASS = 1; // stream every row once at the trial point, then call fitStep

// Why the solver stopped (MINPACK lmder's `info`, plus the cases it folds elsewhere).
export const STATUS_RUNNING = 0;
export const STATUS_FTOL = 1; // actual and predicted relative reductions of the cost ≤ ftol
export const STATUS_XTOL = 2; // relative change of the scaled parameters ≤ xtol
export const STATUS_FTOL_XTOL = 3; // both of the above
export const STATUS_GTOL = 4; // cosine between residuals and every Jacobian column ≤ gtol
export const STATUS_MAX_ITERATIONS = 5; // maxIterations trial steps taken
export const STATUS_FTOL_TOO_SMALL = 6; // no further reduction of the cost is possible
export const STATUS_XTOL_TOO_SMALL = 7; // no further improvement of the parameters is possible
export const STATUS_GTOL_TOO_SMALL = 8; // residuals orthogonal to the Jacobian to machine precision
export const STATUS_EXACT_FIT = 9; // the residuals are zero, or negligible against those at the start
export const STATUS_NON_FINITE_START = -1; // the model or its Jacobian is not finite at the start

// The solver's answer: one block of f64 that solverResult fills and returns. Offsets in f64:
// a header of RESULT_HEADER scalars, then RESULT_ARRAYS arrays of P (array k starts at
// RESULT_HEADER + k·P), then the covariance (J̃ᵀJ̃)⁻¹ of the scaled problem, P×P row-major (NaN
// rows and columns for undetermined parameters). "Scaled": the solver works on residuals times
// RESULT_SCALE and on parameters in units of RESULT_UNITS (powers of two, see lm/calibrate.ts).
export const RESULT_STATUS = 0; // STATUS_*
export const RESULT_ITERATIONS = 1; // trial steps taken, accepted or not
export const RESULT_RANK = 2; // numerical rank of J at the answer
export const RESULT_OBJECTIVE = 3; // Σ c²ρ(zᵢ) at the answer (Σ rᵢ² for the linear loss), × scale²
export const RESULT_CHI2 = 4; // Σ rᵢ² at the answer, in the data's units
export const RESULT_SCALE = 5; // s: the residuals the solver saw are s·rᵢ
export const RESULT_NEGLIGIBLE = 6; // 1 when the residuals at the answer are rounding (lm/solver.ts negligible)
export const RESULT_IN_RANGE = 7; // 1 when the residuals lie in the range of J (one row, rows that repeat one another)
export const RESULT_HEADER = 8; // header length: the arrays start here
export const RESULT_VALUES = 0; // array: θ at the answer
export const RESULT_UNITS = 1; // array: dⱼ, the solver's unit of θⱼ (its uⱼ = θⱼ/dⱼ)
export const RESULT_COSINES = 2; // array: |cos(r, J e_j)| at the answer; 0 for a parameter held by its bound
export const RESULT_SLOPES = 3; // array: |gⱼ| / (‖r‖·largest ‖J eⱼ‖ in the fit): the gradient against the column's largest size
export const RESULT_BOUNDS = 4; // array: −1 on its lower bound, +1 on its upper bound, 0 inside
export const RESULT_COLUMNS = 5; // array: ‖J̃ eⱼ‖, the norm of each column of the scaled Jacobian at the answer
export const RESULT_ARRAYS = 6;

// ─── Losses ─────────────────────────────────────────────────────────────────────────────────
// Robust losses ρ(z), z = (r/fScale)², with SciPy least_squares semantics.
export const LOSS_LINEAR = 0; // ρ = z
export const LOSS_SOFT_L1 = 1; // ρ = 2(√(1 + z) − 1)
export const LOSS_HUBER = 2; // ρ = z for z ≤ 1, else 2√z − 1
export const LOSS_CAUCHY = 3; // ρ = ln(1 + z)
export const LOSS_ARCTAN = 4; // ρ = arctan(z)

// What scanChunk reports about a bad value (besides the x column index, 0…V−1).
export const SCAN_OK = -1;
// scanChunk's modes: start the statistics of y at this chunk, add to them, only check (a later
// pass whose fold met a non-finite value: bad data, or a model not finite there?), or check
// sigma alone (every chunk of a later pass: a sigma ≤ 0 leaves the fold finite).
export const SCAN_CONTINUE = 0;
export const SCAN_START = 1;
export const SCAN_CHECK = 2;
export const SCAN_SIGMA = 3;

// ─── Arena regions ──────────────────────────────────────────────────────────────────────────
// What each block of a fit's workspace holds, for engine.memory().regions (names in src/).
export const REGION_SOLVER = 0; // the solver's state and P-vectors (x, trial, diag, Qᵀr, work)
export const REGION_FACTOR = 1; // R̃ = [R | Qᵀr] at x and being folded, and R for lmpar
export const REGION_COVARIANCE = 2; // the P×P covariance
export const REGION_BYTECODE = 3; // the model's instructions and outputs
export const REGION_SCALARS = 4; // θ, constants, scalar temporaries, slots, bounds
export const REGION_REGISTERS = 5; // the VM's vector registers, one block of rows each
export const REGION_BLOCK = 6; // the block A = [J | r] being folded, and its row weights
export const REGION_WINDOW_X = 7; // the chunk window: x columns
export const REGION_WINDOW_Y = 8; // the chunk window: y
export const REGION_WINDOW_SIGMA = 9; // the chunk window: sigma
export const REGION_STAGING = 10; // Float32 input staged for widening inside WASM
export const REGION_COUNT = 11;
