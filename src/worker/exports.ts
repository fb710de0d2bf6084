/**
 * File exports of a run that PNG cannot hold: object labels as a 16-bit OME-TIFF carrying the image's pixel
 * size (io/encodeOmeTiff.ts, the same file `npm run segment` writes: Fiji, QuPath, napari and tifffile read the
 * calibration) and the probability map as 32-bit float TIFF (io/encodeTiff.ts).
 */
import { StudioError } from '../errors';
import { encodeOmeTiff } from '../io/encodeOmeTiff';
import { encodeTiff } from '../io/encodeTiff';
import type { PixelSize } from '../io/source';
import { labelComponents } from '../metrics/components';
import { thresholdMask } from '../tiling/threshold';
import type { HeldRun } from './held';

/** 8-connected components of prob ≥ threshold, labels 1..n in raster order (as skimage.measure.label). */
export function labelsTiff(run: HeldRun, threshold: number, pixelSize?: PixelSize): Uint8Array {
  const { labels, count } = labelComponents(thresholdMask(run.prob, threshold), run.width, run.height);
  if (count > 0xffff) {
    throw new StudioError('internal', `The mask has ${count} objects at threshold ${threshold}; a 16-bit label image holds at most 65535. Raise the threshold or export the mask as PNG.`);
  }
  const name = `${run.imageName.replace(/(\.ome)?\.[^.]+$/i, '')}.labels`;
  return encodeOmeTiff({ width: run.width, height: run.height, planes: [Uint16Array.from(labels)], sizeZ: 1, sizeT: 1, pixelSize, name });
}

export function probTiff(run: HeldRun): Uint8Array {
  return encodeTiff(run.prob, run.width, run.height);
}
