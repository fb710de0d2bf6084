import { StudioError } from '../errors';

/** A label image as the measurement code reads it: row-major, 0 = background. */
export interface LabelImage {
  labels: Uint32Array | Uint16Array;
  width: number;
  height: number;
}

/** Per-object first-pass statistics, one entry per distinct label in ascending label order. */
export interface LabelStats {
  /** The distinct non-zero labels, ascending. */
  labels: number[];
  /** Object index of a label (label → 0..count-1). */
  indexOf: (label: number) => number;
  count: Float64Array;
  sumRow: Float64Array;
  sumCol: Float64Array;
  minRow: Int32Array;
  minCol: Int32Array;
  /** Exclusive, as skimage's `bbox`. */
  maxRow: Int32Array;
  maxCol: Int32Array;
}

/** Throws a clear error when the label array does not match the stated size. */
export function checkLabelImage(img: LabelImage): void {
  const { width, height, labels } = img;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 0 || height < 0) {
    throw new StudioError('internal', `label image: width and height must be non-negative integers, got ${width}×${height}`);
  }
  if (labels.length !== width * height) {
    throw new StudioError('size-mismatch', `label image has ${labels.length} pixels, expected ${width}×${height} = ${width * height}`);
  }
}

/**
 * One raster pass: the distinct labels, their pixel counts, coordinate sums and bounding boxes.
 * Labels need not be contiguous (a label image may skip numbers, and one label may hold several
 * separate pieces — skimage treats each label as one region, and so do we).
 */
export function labelStats(img: LabelImage): LabelStats {
  checkLabelImage(img);
  const { labels: lab, width, height } = img;
  const n = width * height;
  let maxLabel = 0;
  for (let i = 0; i < n; i++) if (lab[i] > maxLabel) maxLabel = lab[i];
  // A dense lookup when labels are no larger than the image (the usual case); a Map otherwise, so a
  // sparse uint32 label image cannot allocate gigabytes.
  const present = new Set<number>();
  let dense: Int32Array | null = null;
  if (maxLabel <= n + 65536) {
    dense = new Int32Array(maxLabel + 1).fill(-1);
    for (let i = 0; i < n; i++) if (lab[i] !== 0) dense[lab[i]] = 0;
    for (let l = 1; l <= maxLabel; l++) if (dense[l] === 0) present.add(l);
  } else {
    for (let i = 0; i < n; i++) if (lab[i] !== 0) present.add(lab[i]);
  }
  const labels = [...present].sort((a, b) => a - b);
  const map = new Map<number, number>();
  labels.forEach((l, k) => { if (dense) dense[l] = k; else map.set(l, k); });
  const indexOf = dense ? (l: number) => (l <= maxLabel ? dense![l] : -1) : (l: number) => map.get(l) ?? -1;
  const m = labels.length;
  const s: LabelStats = {
    labels, indexOf,
    count: new Float64Array(m), sumRow: new Float64Array(m), sumCol: new Float64Array(m),
    minRow: new Int32Array(m).fill(height), minCol: new Int32Array(m).fill(width),
    maxRow: new Int32Array(m), maxCol: new Int32Array(m),
  };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const l = lab[y * width + x];
      if (l === 0) continue;
      const k = indexOf(l);
      s.count[k]++;
      s.sumRow[k] += y;
      s.sumCol[k] += x;
      if (y < s.minRow[k]) s.minRow[k] = y;
      if (x < s.minCol[k]) s.minCol[k] = x;
      if (y + 1 > s.maxRow[k]) s.maxRow[k] = y + 1;
      if (x + 1 > s.maxCol[k]) s.maxCol[k] = x + 1;
    }
  }
  return s;
}
