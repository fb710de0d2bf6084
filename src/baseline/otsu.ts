/**
 * Otsu's threshold (N. Otsu, "A threshold selection method from gray-level histograms", IEEE SMC 9, 1979): the
 * grey level that maximises the between-class variance w₀·w₁·(μ₀ − μ₁)² of the two classes it splits the
 * histogram into. A port of scikit-image's `filters.threshold_otsu` (same cumulative sums, the first maximum
 * wins, the threshold is a bin's value and foreground is `value > threshold`), so numbers can be checked in Python.
 */
import { histogram } from './histogram';

/** Otsu's threshold of the raw values; for a constant image, that value (nothing lies above it). */
export function otsuThreshold(data: ArrayLike<number>, nbins = 256): number {
  const { counts, centres } = histogram(data, nbins);
  const n = counts.length;
  if (n === 0) return NaN;
  if (n === 1) return centres[0];
  // Class below (…k) and above (k+1…) every split k: weights and means from cumulative sums.
  const w1 = new Float64Array(n), m1 = new Float64Array(n), w2 = new Float64Array(n), m2 = new Float64Array(n);
  for (let k = 0, w = 0, s = 0; k < n; k++) {
    w += counts[k];
    s += counts[k] * centres[k];
    w1[k] = w;
    m1[k] = w > 0 ? s / w : 0;
  }
  for (let k = n - 1, w = 0, s = 0; k >= 0; k--) {
    w += counts[k];
    s += counts[k] * centres[k];
    w2[k] = w;
    m2[k] = w > 0 ? s / w : 0;
  }
  let best = 0, bestVar = -1;
  for (let k = 0; k < n - 1; k++) {
    const d = m1[k] - m2[k + 1];
    const v = w1[k] * w2[k + 1] * d * d;
    if (v > bestVar) {
      bestVar = v;
      best = k;
    }
  }
  return centres[best];
}
