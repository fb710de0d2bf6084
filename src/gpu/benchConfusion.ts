/**
 * Timing of the confusion kernel alone (shaders/confusion.wgsl via runConfusion), for `npm run bench` and the
 * GPU test that checks it: a size×size random probability map and mask are uploaded once (not timed), one call
 * warms the pipeline, then each repeat times one `runConfusion` including its 16-byte readback — what a
 * threshold change costs on a GPU-resident run.
 */
import type { Confusion } from '../metrics/confusion';
import { createBufferFrom } from './buffers';
import { benchInputs } from './benchInputs';
import { runConfusion, uploadMask } from './confusion';

export { benchInputs };

export interface ConfusionBench {
  size: number;
  pixels: number;
  threshold: number;
  /** Wall time of each timed call, ms. */
  ms: number[];
  medianMs: number;
  /** Counts of the last call (all calls count the same), for checking against metrics/confusion.ts. */
  counts: Confusion;
}

/**
 * Time `runConfusion` on a size×size map at `threshold` on `device`, `repeats` times after one warm-up call.
 * The buffers are destroyed before it resolves.
 */
export async function benchConfusion(device: GPUDevice, size: number, repeats = 5, threshold = 0.5, seed = 1): Promise<ConfusionBench> {
  if (!(Number.isInteger(size) && size >= 1)) throw new RangeError(`benchConfusion: size must be a positive integer, got ${size}`);
  if (!(Number.isInteger(repeats) && repeats >= 1)) throw new RangeError(`benchConfusion: repeats must be a positive integer, got ${repeats}`);
  const { prob, mask } = benchInputs(size, seed);
  const probBuf = createBufferFrom(device, prob, GPUBufferUsage.STORAGE, `bench prob ${size}²`);
  const maskBuf = uploadMask(device, mask, `bench mask ${size}²`);
  try {
    let counts = await runConfusion(device, probBuf, maskBuf, prob.length, threshold); // warm-up: pipeline
    const ms: number[] = [];
    for (let r = 0; r < repeats; r++) {
      const t0 = performance.now();
      counts = await runConfusion(device, probBuf, maskBuf, prob.length, threshold);
      ms.push(performance.now() - t0);
    }
    const sorted = [...ms].sort((x, y) => x - y);
    const medianMs = sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    return { size, pixels: prob.length, threshold, ms, medianMs, counts };
  } finally {
    probBuf.destroy();
    maskBuf.destroy();
  }
}
