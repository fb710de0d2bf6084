import type { Normalization } from '../models/manifest';

/** Rank used by training/data.py `normalize_percentile`: index into the ascending sort of all n values. */
export function percentileRank(p: number, n: number): number {
  return Math.min(n - 1, Math.max(0, Math.floor((p / 100) * (n - 1) + 0.5)));
}

/** Integer-valued data with a span up to this many values is ranked by a counting histogram (8/16-bit images). */
const MAX_HIST_SPAN = 1 << 20;

/** k-th smallest of a (partially reordered in place) by quickselect with a median-of-three pivot: O(n). */
function select(a: Float32Array, k: number): number {
  let lo = 0, hi = a.length - 1;
  while (hi > lo) {
    const mid = (lo + hi) >> 1;
    // median of three as pivot keeps sorted/constant inputs linear on average
    const x = a[lo], y = a[mid], z = a[hi];
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo, j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) { const t = a[i]; a[i] = a[j]; a[j] = t; i++; j--; }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k];
  }
  return a[k];
}

/**
 * Nearest-rank percentiles, exactly as training/data.py: sort all values ascending and take index
 * `min(n-1, max(0, floor(p/100*(n-1) + 0.5)))`. Integer data (8/16-bit images) uses a counting histogram,
 * anything else a quickselect on a copy — both exact, neither sorts (a 4096² image takes tens of ms).
 * NaN values are not supported (the Python sort would put them last).
 */
export function percentiles(data: Float32Array, ps: number[]): number[] {
  const n = data.length;
  if (n === 0) return ps.map(() => 0);
  let min = Infinity, max = -Infinity, integral = true;
  for (let i = 0; i < n; i++) {
    const v = data[i];
    if (v < min) min = v;
    if (v > max) max = v;
    if (integral && v !== Math.floor(v)) integral = false;
  }
  const ranks = ps.map((p) => percentileRank(p, n));
  if (integral && max - min < MAX_HIST_SPAN) {
    const hist = new Uint32Array(max - min + 1);
    for (let i = 0; i < n; i++) hist[data[i] - min]++;
    return ranks.map((r) => {
      let c = 0;
      for (let b = 0; b < hist.length; b++) {
        c += hist[b];
        if (c > r) return b + min;
      }
      return max;
    });
  }
  const copy = Float32Array.from(data);
  return ranks.map((r) => select(copy, r));
}

/**
 * Normalise raw pixel values as the model card says, in float64, stored as float32:
 * - percentile: (x - a) * (1/(b - a)) with a, b the low/high percentiles (b ≤ a → x - a); not clipped.
 *   The reciprocal-multiply is the same arithmetic as training/data.py, so results match to the last bit.
 * - minmax: (x - min) / (max - min) (x - min when constant).
 * - fixed: x * scale + offset.
 * - zscore: (x - mean) / (std + eps), population std of the whole image (bioimage.io zero_mean_unit_variance,
 *   mode per_sample; xarray's std has ddof 0).
 */
export function normalize(r: { data: Float32Array }, n: Normalization): Float32Array {
  const src = r.data;
  const out = new Float32Array(src.length);
  if (n.kind === 'fixed') {
    for (let i = 0; i < src.length; i++) out[i] = src[i] * n.scale + n.offset;
    return out;
  }
  if (n.kind === 'zscore') {
    let sum = 0;
    for (let i = 0; i < src.length; i++) sum += src[i];
    const mean = src.length ? sum / src.length : 0;
    let ss = 0;
    for (let i = 0; i < src.length; i++) ss += (src[i] - mean) ** 2;
    const d = Math.sqrt(src.length ? ss / src.length : 0) + n.eps;
    for (let i = 0; i < src.length; i++) out[i] = (src[i] - mean) / d;
    return out;
  }
  let a: number, b: number;
  if (n.kind === 'percentile') [a, b] = percentiles(src, [n.low, n.high]);
  else {
    a = Infinity; b = -Infinity;
    for (let i = 0; i < src.length; i++) { if (src[i] < a) a = src[i]; if (src[i] > b) b = src[i]; }
  }
  if (n.kind === 'minmax') {
    const d = b > a ? b - a : 1;
    for (let i = 0; i < src.length; i++) out[i] = (src[i] - a) / d;
    return out;
  }
  const scale = b > a ? 1 / (b - a) : 1;
  for (let i = 0; i < src.length; i++) out[i] = (src[i] - a) * scale;
  return out;
}
