import { labelComponents } from './components';

/** Objects of a ground-truth mask, ready for matchObjects / segMeasure (labels 1..count, no gaps). */
export interface TruthObjects {
  /** 1 where foreground (label > 0), else 0; the pixel metrics' ground truth. */
  binary: Uint8Array;
  /** Object label per pixel, 0 = background, objects 1..count. */
  labels: Uint32Array;
  count: number;
  /** Where the objects come from: the mask's own instance labels, or connected components of a binary mask. */
  source: 'instance labels' | 'connected components';
}

/**
 * Renumber a label image to 1..count in ascending order of the stored label value (0 stays background).
 * Instance masks often have gaps (CTC man_seg files keep track ids, e.g. 3, 17, 240); `matchObjects` and
 * `segMeasure` count every label in 1..n as an object, so gaps would show up as phantom missed objects.
 */
export function compactLabels(labels: Uint32Array): { labels: Uint32Array; count: number } {
  let max = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] > max) max = labels[i];
  const out = new Uint32Array(labels.length);
  if (max === 0) return { labels: out, count: 0 };
  // A lookup table when labels are 16-bit-ish (the usual case); a Map for sparse 32-bit ids.
  if (max <= 1 << 24) {
    const map = new Uint32Array(max + 1);
    for (let i = 0; i < labels.length; i++) map[labels[i]] = 1;
    map[0] = 0; // background stays 0
    let count = 0;
    for (let v = 1; v <= max; v++) if (map[v]) map[v] = ++count;
    for (let i = 0; i < labels.length; i++) out[i] = map[labels[i]];
    return { labels: out, count };
  }
  const values = [...new Set(labels)].filter((v) => v > 0).sort((a, b) => a - b);
  const map = new Map(values.map((v, k) => [v, k + 1]));
  for (let i = 0; i < labels.length; i++) out[i] = labels[i] ? map.get(labels[i])! : 0;
  return { labels: out, count: values.length };
}

/**
 * The ground truth's objects: its own labels when it is an instance label image, else the 8-connected
 * components of its foreground (the same connectivity as the prediction's components, so the two sides
 * are split into objects by one rule).
 * @param mask a decoded mask (io/decodeMask), `isInstance` false when it was inverted (its labels are then 0/1).
 */
export function truthObjects(mask: { binary: Uint8Array; labels: Uint32Array; width: number; height: number; isInstance: boolean }): TruthObjects {
  if (mask.isInstance) {
    const { labels, count } = compactLabels(mask.labels);
    return { binary: mask.binary, labels, count, source: 'instance labels' };
  }
  const { labels, count } = labelComponents(mask.binary, mask.width, mask.height);
  return { binary: mask.binary, labels, count, source: 'connected components' };
}
