// arenafit: nonlinear least-squares curve fitting in WebAssembly, memory bounded by an arena.
export { curveFit, curveFitSync, curveFitGlobal, curveFitGlobalSync } from './api/fit.ts';
export type { GlobalDataset, GlobalDatasetResult, GlobalFitOptions, GlobalFitResult } from './api/global.ts';
export { createEngine, DEFAULT_ARENA_BYTES } from './api/engine.ts';
export type { Engine, EngineOptions, MemoryStats } from './api/engine.ts';
export type { Region } from './wasm/arena.ts';
export { FitError } from './errors.ts';
export type { FitErrorCode } from './errors.ts';
export type { FitOptions, Loss } from './options/options.ts';
// The losses options.loss accepts, for help texts and pickers.
export { LOSSES as lossNames } from './options/options.ts';
export type { ModelSpec } from './models/index.ts';
export { compileModel } from './models/compile-model.ts';
export type { CompiledModel, CompileModelOptions } from './models/compile-model.ts';
// Composite models: model('gaussian', { prefix: 'g1_' }).plus(model('linear')).
export { model } from './models/composite/model.ts';
export type { ModelOptions } from './models/composite/model.ts';
export type { Model } from './models/composite/node.ts';
// The names a help text or a model picker lists, and what a built-in name stands for.
export { builtinModelNames, builtinModelExpression } from './models/builtin/index.ts';
export type { ScalarModel, VectorModel, CallbackModel } from './models/callback.ts';
export type { FitResult, FitStatus, FitMemory } from './result/fit-result.ts';
export { fitResultFromJSON } from './result/result-object.ts';
export type { Band, BandOptions, Derived, FitResultJSON, ResultX } from './result/fit-result.ts';
export type { NumericArray, XInput, Chunk, ChunkSource } from './sources/rows.ts';
export type { FitProgress } from './options/options.ts';
/** @internal The embedded modules' hash, for bench/run.mjs's records; not part of the API. */
export { coreHash } from './wasm/core.ts';
export { createWorkerFitter } from './worker/fitter.ts';
export type { WorkerFitter, WorkerFitterOptions } from './worker/fitter.ts';
/** @internal Used by the worker's code (see src/threads/spawn.ts); not part of the API. */
export { startWorkerHost as __startWorkerHost } from './worker/entry.ts';
export { confidenceIntervals, confidenceIntervalsSync } from './api/confidence.ts';
export type { ConfidenceData, ConfidenceIntervals, ConfidenceLimit, ConfidenceOptions, ConfidenceProgress, ProfileFitOptions } from './api/confidence.ts';
