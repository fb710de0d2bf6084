/** Pixel counts of a binary prediction against ground truth. */
export interface Confusion {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

/**
 * Confusion counts: predicted foreground = prob ≥ threshold (same rule as tiling/threshold.ts), ground-truth
 * foreground = gt > 0. CPU reference for a later GPU metrics kernel.
 */
export function confusion(prob: Float32Array, gt: Uint8Array, threshold: number): Confusion {
  if (prob.length !== gt.length) throw new Error(`confusion: prediction has ${prob.length} pixels, ground truth ${gt.length}`);
  let tp = 0, fp = 0, fn = 0;
  for (let i = 0; i < prob.length; i++) {
    const p = prob[i] >= threshold, g = gt[i] > 0;
    if (p) { if (g) tp++; else fp++; } else if (g) fn++;
  }
  return { tp, fp, fn, tn: prob.length - tp - fp - fn };
}
