/**
 * Tiles per session.run: about 256k input pixels (4 tiles of 256², 8 of 64²) — big enough to keep the
 * backend busy, small enough that cancel and progress answer within a batch. The worker (run.ts) and the
 * native bench (cli/benchNative.ts) share it; the GPU path lowers it further to the device's binding limits
 * (gpu/segmentTiledGpu.ts gpuBatchFor).
 */
export const batchFor = (tile: number): number => Math.max(1, Math.min(8, Math.floor(262144 / (tile * tile))));
