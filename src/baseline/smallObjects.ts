/**
 * Small-object removal, as scikit-image's `morphology.remove_small_objects(mask, min_size, connectivity=2)`:
 * drop the 8-connected foreground components with fewer than `minArea` pixels (labelling by
 * metrics/components.ts, the same labels the object metrics use).
 */
import { labelComponents } from '../metrics/components';

export interface SmallObjectsResult {
  /** 0/1, a new array (the input is not changed). */
  mask: Uint8Array;
  /** Components kept and removed. */
  kept: number;
  removed: number;
}

export function removeSmallObjects(mask: Uint8Array, width: number, height: number, minArea: number): SmallObjectsResult {
  const { labels, count } = labelComponents(mask, width, height, 8);
  const area = new Uint32Array(count + 1);
  for (let i = 0; i < labels.length; i++) area[labels[i]]++;
  let kept = 0;
  for (let l = 1; l <= count; l++) if (area[l] >= minArea) kept++;
  const out = new Uint8Array(labels.length);
  for (let i = 0; i < labels.length; i++) out[i] = labels[i] !== 0 && area[labels[i]] >= minArea ? 1 : 0;
  return { mask: out, kept, removed: count - kept };
}
