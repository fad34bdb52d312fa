// The evaluator's state: one struct in the arena, carved by evaluatorCreate (pass.ts) and read by
// the per-block kernel (block.ts). The core module and the kernel modules both compile this one
// definition, so its field offsets agree across the module boundary (assembly/kernels.ts).

@unmanaged export class Evaluator {
  p: i32;
  nVariables: i32;
  nVectors: i32;
  nRegisters: i32;
  nScalars: i32;
  nPrologue: i32;
  nBody: i32;
  blockRows: i32;
  chunkRows: i32;
  hasSigma: i32;
  loss: i32;
  overflow: i32; // 1 when the pass stopped on a non-finite sum while the model was finite (a scale problem)
  finite: i32; // 0 once a non-finite residual or derivative was seen in this pass
  scanColumn: i32; // set by scanChunk: which column held a bad value
  kernel: i32; // the model's compiled kernel: its index in the shared function table, or 0 for the VM (block.ts)
  prologue: usize;
  body: usize;
  outputs: usize;
  scalars: usize;
  vectors: usize;
  slots: usize;
  slope: usize; // P f64: each Jacobian column's factor s·dⱼ (lm/calibrate.ts)
  registers: usize;
  block: usize;
  columns: usize; // n₁ u32: where each column of A is for the fold (a register, or the block)
  dots: usize; // n₁ f64: the fold's workspace
  inPlace: usize; // P i32: 1 when ∂f/∂θⱼ is a register no other output uses, folded where it is
  weights: usize;
  racc: usize;
  windowX: usize;
  windowY: usize;
  windowSigma: usize;
  fScale: f64;
  scale: f64; // s: the residuals are folded as s·rᵢ (lm/calibrate.ts)
  objective: f64; // Σ c²ρ(zᵢ) (= Σ rᵢ² for the linear loss) over the rows folded so far
  chi2: f64; // Σ rᵢ² over the rows folded so far, in the data's units (not times s²)
  rows: f64; // rows folded so far in this pass (f64: exact to 2⁵³)
  badRow: f64; // the first row whose residual or derivative was not finite, or −1
  scanRow: f64; // set by scanChunk: the row of the bad value
  // Weighted statistics of y for R² (shifted by the first y for accuracy): Σw, Σw(y−k), Σw(y−k)².
  shift: f64;
  sw: f64;
  swy: f64;
  swyy: f64;
}
