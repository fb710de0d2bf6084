import { describe, expect, it } from 'vitest';
import type { Normalization } from '../models/manifest';
import type { Rect } from '../io/source';
import { cropPlane } from '../io/openSource';
import { normalize } from './normalize';
import { applyNorm, normParams, samplePlane } from './sampledNormalize';
import { rng, testImage } from './testImages';

const reader = (img: Float32Array, w: number, h: number, log?: Rect[]) => async (rect: Rect) => {
  log?.push(rect);
  return Float32Array.from(cropPlane(img, w, h, rect));
};

/** A 16-bit plane with many bright cells (about 4 % of pixels) on an uneven background with noise. */
function cellsImage(w: number, h: number): Float32Array {
  const r = rng(42);
  const img = new Float32Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) img[y * w + x] = Math.round(1000 + 400 * (x / w) + 300 * Math.sin(y / 97) + r() * 200);
  for (let k = 0; k < 600; k++) {
    const cx = r() * w, cy = r() * h, rad = 8 + r() * 20, amp = 2000 + r() * 20000;
    for (let y = Math.max(0, Math.floor(cy - rad)); y < Math.min(h, cy + rad); y++)
      for (let x = Math.max(0, Math.floor(cx - rad)); x < Math.min(w, cx + rad); x++)
        if ((x - cx) ** 2 + (y - cy) ** 2 < rad * rad) img[y * w + x] += Math.round(amp);
  }
  return img;
}

describe('sampled normalisation', () => {
  const kinds: Normalization[] = [
    { kind: 'percentile', low: 1, high: 99.8 },
    { kind: 'minmax' },
    { kind: 'zscore', eps: 1e-6 },
    { kind: 'fixed', scale: 0.01, offset: -3 },
  ];
  it('is bit-identical to normalize() when the sample budget covers the plane', async () => {
    const w = 70, h = 50, img = testImage(w, h, 3);
    const log: Rect[] = [];
    const sample = await samplePlane(reader(img, w, h, log), w, h);
    expect(log).toEqual([{ x: 0, y: 0, width: w, height: h }]);
    for (const n of kinds) expect(applyNorm(Float32Array.from(img), normParams(n, sample))).toEqual(normalize({ data: img }, n));
  });

  it('reads about maxSamples pixels in windows and bounds the percentile error (rank within ±0.3 points, 1–99.8)', async () => {
    const w = 3000, h = 2000, img = cellsImage(w, h);
    const log: Rect[] = [];
    const sample = await samplePlane(reader(img, w, h, log), w, h, { maxSamples: 400_000, window: 32 });
    const read = log.reduce((s, q) => s + q.width * q.height, 0);
    expect(read).toBeLessThanOrEqual(400_000);
    expect(read).toBeGreaterThan(300_000);
    expect(log.every((q) => q.width === 32 && q.height === 32)).toBe(true);
    // aligned to the window grid (each window one block of a 32-tiled file), except where clamped at the edge
    expect(log.every((q) => (q.x % 32 === 0 || q.x === w - 32) && (q.y % 32 === 0 || q.y === h - 32))).toBe(true);
    // the true rank of each estimated percentile in the whole image
    const sorted = Float32Array.from(img).sort();
    const rankOf = (v: number) => {
      let lo = 0, hi = sorted.length; // first index with value > v
      while (lo < hi) { const m = (lo + hi) >> 1; if (sorted[m] <= v) lo = m + 1; else hi = m; }
      let a = 0, b = lo; // first index with value ≥ v
      while (a < b) { const m = (a + b) >> 1; if (sorted[m] < v) a = m + 1; else b = m; }
      return [(100 * a) / sorted.length, (100 * lo) / sorted.length];
    };
    const p = normParams({ kind: 'percentile', low: 1, high: 99.8 }, sample);
    if (p.kind !== 'percentile') throw new Error('kind');
    for (const [target, v] of [[1, p.a], [99.8, p.b]]) {
      const [below, atOrBelow] = rankOf(v);
      // target percentile lies within the estimate's rank interval widened by 0.3 percentage points
      expect(target).toBeGreaterThanOrEqual(below - 0.3);
      expect(target).toBeLessThanOrEqual(atOrBelow + 0.3);
    }
  });
});
