/**
 * The labels of a stack run as one multi-page 16-bit OME-TIFF (io/encodeOmeTiff.ts): page k is plane k
 * (t·sizeZ + z), with the input's pixel size, so Fiji / napari / QuPath read the axes and the µm scale.
 * Each plane is labelled on its own (8-connected components of q/255 ≥ threshold, labels 1..n per plane).
 */
import { StudioError } from '../errors';
import { encodeOmeTiff } from '../io/encodeOmeTiff';
import { labelComponents } from '../metrics/components';
import { sources } from './held';
import { stackRunId, stacks, heldRun } from './stack';
import { thresholdMask } from '../tiling/threshold';

/** Multi-page OME-TIFF of a stack run's labels; planes not segmented (a cancelled run) are refused. */
export function stackLabelsTiff(stackId: string, threshold: number): Uint8Array {
  const s = stacks.get(stackId);
  const n = s.sizeT * s.sizeZ;
  const planes: Uint16Array[] = [];
  for (let i = 0; i < n; i++) {
    if (!s.planes.has(i)) throw new StudioError('internal', `Plane ${i} of the stack was not segmented (the run was cancelled); segment the stack again to export it.`);
    const { labels, count } = labelComponents(thresholdMask(heldRun(stackRunId(stackId, i)).prob, threshold), s.width, s.height);
    if (count > 0xffff) throw new StudioError('internal', `Plane ${i} has ${count} objects at threshold ${threshold}; a 16-bit label image holds at most 65535. Raise the threshold.`);
    planes.push(Uint16Array.from(labels));
  }
  const pixelSize = sources.peek(s.sourceId)?.source.pixelSize;
  return encodeOmeTiff({ width: s.width, height: s.height, planes, sizeZ: s.sizeZ, sizeT: s.sizeT, pixelSize, name: `${s.imageName.replace(/\.[^.]+$/, '')}.labels` });
}
