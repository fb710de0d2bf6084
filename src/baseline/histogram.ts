/**
 * The grey-level histogram Otsu's method works on, built like scikit-image's `exposure.histogram(image,
 * nbins=256, source_range='image')`: an integer-valued image gets one bin per integer from its min to its max
 * (skimage's `_bincount_histogram`, so 8- and 12-bit images are split at an exact grey level); any other image
 * gets `nbins` equal bins over [min, max] with their centres as values. Non-finite values are left out.
 */

/** Integer images with more levels than this are binned like floats (keeps the histogram small for 32-bit data). */
export const MAX_INTEGER_BINS = 65536;

export interface Histogram {
  counts: Float64Array;
  /** The value each bin stands for (its integer, or its centre). */
  centres: Float64Array;
}

export function histogram(data: ArrayLike<number>, nbins = 256): Histogram {
  let lo = Infinity, hi = -Infinity, integers = true;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
    if (integers && v !== Math.trunc(v)) integers = false;
  }
  if (lo > hi) return { counts: new Float64Array(0), centres: new Float64Array(0) };
  if (integers && hi - lo + 1 <= MAX_INTEGER_BINS) {
    const n = hi - lo + 1;
    const counts = new Float64Array(n), centres = new Float64Array(n);
    for (let k = 0; k < n; k++) centres[k] = lo + k;
    for (let i = 0; i < data.length; i++) if (Number.isFinite(data[i])) counts[data[i] - lo]++;
    return { counts, centres };
  }
  const width = (hi - lo) / nbins;
  const counts = new Float64Array(nbins), centres = new Float64Array(nbins);
  for (let k = 0; k < nbins; k++) centres[k] = lo + (k + 0.5) * width;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (Number.isFinite(v)) counts[Math.min(nbins - 1, Math.floor((v - lo) / width))]++; // max goes in the last bin
  }
  return { counts, centres };
}
