/**
 * How a fit's workspace is laid out in the arena: how many rows the window holds (chunkRows)
 * and how many the VM evaluates at a time (blockRows). The window holds as many rows as the
 * arena has room for (at most MAX_CHUNK_ROWS), whatever the number of rows in all: a fit's
 * high-water mark depends on the arena and the model, not on N.
 */
import { FitError } from '../errors.ts';
import { MAX_ARENA_BYTES } from '../wasm/arena.ts';
import type { EvaluatorSpec } from '../wasm/evaluator.ts';
import type { WasmInstance } from '../wasm/instance.ts';

/** Rows the VM evaluates at a time: a few KiB per register, so a block stays in L1/L2 cache. */
const BLOCK_ROWS = 256;
/** The most rows copied into the window at a time, so that async fits yield often enough. */
const MAX_CHUNK_ROWS = 65536;

export interface Layout {
  blockRows: number;
  chunkRows: number;
  /** Float32 input is staged as it is and widened inside WASM (4 bytes a row). */
  staging: boolean;
}

// The layout of the last fit, and what it was planned for: many small fits of one model plan
// the same layout, and planning asks the carve lists for their sizes a few times.
let last: { instance: WasmInstance; program: object; p: number; hasSigma: boolean; staging: boolean; wanted: number | undefined; free: number; layout: Layout } | undefined;

export function planLayout(instance: WasmInstance, sizes: Pick<EvaluatorSpec, 'program' | 'free' | 'hasSigma'>, options: { chunkRows: number | undefined; staging: boolean }): Layout {
  const p = sizes.free.length;
  const { staging } = options;
  const free = instance.arena.free;
  const l = last;
  if (l && l.instance === instance && l.program === sizes.program && l.p === p && l.hasSigma === sizes.hasSigma && l.staging === staging && l.wanted === options.chunkRows && l.free === free) {
    return l.layout;
  }
  const layout = plan(instance, sizes, options, free);
  last = { instance, program: sizes.program, p, hasSigma: sizes.hasSigma, staging, wanted: options.chunkRows, free, layout };
  return layout;
}

function plan(instance: WasmInstance, sizes: Pick<EvaluatorSpec, 'program' | 'free' | 'hasSigma'>, options: { chunkRows: number | undefined; staging: boolean }, free: number): Layout {
  const p = sizes.free.length;
  const { staging } = options;
  const tooSmall = (needed: number) => new FitError(
    'ARENA_TOO_SMALL',
    `the fit needs at least ${needed} bytes of arena for ${p} free parameters and ${sizes.program.nRegisters} VM registers, but ${free} of the engine's ${instance.arena.capacity} are free; ` +
      (needed < MAX_ARENA_BYTES / 2
        ? `create the engine with createEngine({ arenaBytes: ${Math.max(needed * 2, 1 << 20)} }) or more`
        : `that is more than an engine's arena can be (2 GiB): expected a model with fewer free parameters`),
  );
  // The P×P blocks alone (R, R̃ at x, the covariance: 24·P² bytes), in double precision here:
  // past P ≈ 23,000 they would overflow the u32 sizes the carve lists compute in WASM.
  const squares = 24 * p * p;
  if (squares > free) throw tooSmall(squares);
  const solver = instance.solverBytes(p);
  const bytes = (blockRows: number, chunkRows: number) =>
    solver + instance.evaluatorBytes(sizes, blockRows, chunkRows) + (staging ? 4 * chunkRows + 16 : 0);
  // No window larger than the free arena could hold as x, y and sigma columns (8 bytes a value):
  // a chunkRows of 2³¹ − 1 would overflow the sizes computed in WASM (u32 bytes).
  const most = Math.max(1, Math.floor(free / (8 * (sizes.program.variables.length + 3))));
  const wanted = Math.min(options.chunkRows ?? MAX_CHUNK_ROWS, most);
  for (let blockRows = Math.min(BLOCK_ROWS, wanted); blockRows >= 1; blockRows = Math.floor(blockRows / 2)) {
    if (bytes(blockRows, 1) > free) continue;
    const fixed = bytes(blockRows, 0);
    const perRow = bytes(blockRows, 1024) - bytes(blockRows, 1023); // exact away from rounding
    let chunkRows = Math.min(wanted, Math.max(1, Math.floor((free - fixed - 64) / perRow)));
    while (chunkRows > 1 && bytes(blockRows, chunkRows) > free) chunkRows--;
    if (bytes(blockRows, chunkRows) > free) continue;
    return { blockRows: Math.min(blockRows, chunkRows), chunkRows, staging };
  }
  throw tooSmall(bytes(1, 1));
}
