/**
 * File exports of a run that PNG cannot hold: object labels as 16-bit TIFF and the probability map as 32-bit
 * float TIFF (io/encodeTiff.ts, readable by Fiji/ImageJ, tifffile and skimage).
 */
import { StudioError } from '../errors';
import { encodeTiff } from '../io/encodeTiff';
import { labelComponents } from '../metrics/components';
import { thresholdMask } from '../tiling/threshold';
import type { HeldRun } from './held';

/** 8-connected components of prob ≥ threshold, labels 1..n in raster order (as skimage.measure.label). */
export function labelsTiff(run: HeldRun, threshold: number): Uint8Array {
  const { labels, count } = labelComponents(thresholdMask(run.prob, threshold), run.width, run.height);
  if (count > 0xffff) {
    throw new StudioError('internal', `The mask has ${count} objects at threshold ${threshold}; a 16-bit label image holds at most 65535. Raise the threshold or export the mask as PNG.`);
  }
  return encodeTiff(Uint16Array.from(labels), run.width, run.height);
}

export function probTiff(run: HeldRun): Uint8Array {
  return encodeTiff(run.prob, run.width, run.height);
}
