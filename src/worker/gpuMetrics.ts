/**
 * Pixel counts of a GPU-resident run on the GPU (issue #4): the probability map never left ORT's device, the
 * ground-truth mask is uploaded there once per mask and device, and shaders/confusion.wgsl counts TP/FP/FN/TN
 * at each threshold (16 bytes read back). Runs of the CPU path, and runs whose device was lost, have no GPU
 * map: the caller keeps the CPU reference (metrics/confusion.ts) for them.
 */
import { runConfusion, uploadMask } from '../gpu/confusion';
import { isDeviceLost } from '../gpu/device';
import type { Confusion } from '../metrics/confusion';
import type { HeldRun, HeldTruth } from './held';

/** TP/FP/FN/TN by the confusion kernel, or undefined when the run has no live GPU map. */
export async function gpuConfusion(run: HeldRun, truth: HeldTruth, threshold: number): Promise<Confusion | undefined> {
  const g = run.gpu;
  if (!g || isDeviceLost(g.device)) return undefined;
  if (truth.gpu?.device !== g.device) {
    truth.gpu?.mask.destroy();
    truth.gpu = { device: g.device, mask: uploadMask(g.device, truth.objects.binary, `ground truth ${truth.name}`) };
  }
  return runConfusion(g.device, g.prob, truth.gpu.mask, run.width * run.height, threshold);
}
