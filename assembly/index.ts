// The WASM ABI: every export of the module, and no maths. Kernels live in the folders below.
export {
  arenaInit, arenaAlloc, arenaMark, arenaRelease, arenaBase, arenaCapacity, arenaUsed, arenaFree,
  arenaHighWater, arenaFitHighWater, arenaResetFitHighWater, arenaResetHighWater,
} from './memory/arena';

/** Bytes of linear memory, for the engine's statistics. */
export function memoryBytes(): usize {
  return (<usize>memory.size()) << 16;
}

export { vmRun } from './vm/run';
