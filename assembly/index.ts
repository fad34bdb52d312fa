// The WASM ABI of the core module: every export, and no maths. The hot loops are in the kernel
// module (assembly/kernels.ts), which the core imports (kernels/imports.ts). Code lives in:
//   memory/    the arena                 lm/        the solver state machine, lmpar, covar
//   evaluate/  the per-row pass loop     qr/        fold (TSQR update), qrfac, qrsolv
//   vm/        the expression bytecode   linalg/    enorm, small dense helpers
// Pointers are usize (u32); the host reads them with `>>> 0`.
export {
  arenaInit, arenaAlloc, arenaMark, arenaRelease, arenaCapacity, arenaUsed, arenaFree,
  arenaHighWater, arenaFitHighWater, arenaResetFitHighWater, arenaResetHighWater, arenaAllocIn,
  arenaRegionBytes, arenaResetRegions,
} from './memory/arena';

export { widenF32 } from './linalg/widen';

export {
  solverBytes, solverCreate, solverBound, solverStart, solverStep, solverX, solverPoint, solverIterations,
  solverObjective, solverResult, solverRecheck, solverRefinish,
} from './lm/solver';

export {
  evaluatorBytes, evaluatorCreate, evaluatorParameter, evaluatorLoss, passBegin, passChunk, scanChunk, evaluatorScalars,
  evaluatorPrologue, evaluatorBody, evaluatorOutputs, evaluatorWindowX, evaluatorWindowY,
  evaluatorWindowSigma, evaluatorFactor, evaluatorObjective, evaluatorChi2, evaluatorFinite, evaluatorOverflow,
  evaluatorBadRow, evaluatorScanRow, evaluatorTotalSumOfSquares, evaluatorSumOfSquares, passMergeFactor,
  evaluatorStatistics, evaluatorSetStatistics, evaluatorKernel,
} from './evaluate/pass';


