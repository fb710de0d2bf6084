/**
 * Tile-wise object matching equals the whole-image path: random blob images (objects crossing tile borders),
 * binary and instance ground truths with gaps in their labels, small tiles and a budget that forces spilling.
 */
import { describe, expect, it } from 'vitest';
import type { Rect } from '../io/source';
import { TileStore } from '../store/tileStore';
import { labelComponents } from './components';
import { matchObjects } from './objectMatch';
import { tiledComponents } from './tiledComponents';
import { tiledMatchObjects } from './tiledObjectMatch';
import { tiledTruth } from './tiledTruth';
import { truthObjects } from './truthLabels';

function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

/** Discs of random size; label k for disc k (later discs overwrite earlier ones). */
function discs(w: number, h: number, n: number, seed: number, labelOf: (k: number) => number): Float32Array {
  const r = rng(seed), out = new Float32Array(w * h);
  for (let k = 0; k < n; k++) {
    const cx = r() * w, cy = r() * h, rad = 2 + r() * 9, l = labelOf(k);
    for (let y = Math.max(0, Math.floor(cy - rad)); y < Math.min(h, cy + rad); y++)
      for (let x = Math.max(0, Math.floor(cx - rad)); x < Math.min(w, cx + rad); x++) if ((x - cx) ** 2 + (y - cy) ** 2 < rad * rad) out[y * w + x] = l;
  }
  return out;
}

const reader = (data: Float32Array, w: number) => async (r: Rect) => {
  const out = new Float32Array(r.width * r.height);
  for (let y = 0; y < r.height; y++) out.set(data.subarray((r.y + y) * w + r.x, (r.y + y) * w + r.x + r.width), y * r.width);
  return out;
};

describe('tiledMatchObjects', () => {
  const w = 150, h = 110, T = 32;
  const small = (o: { width: number; height: number; dtype: 'uint8' | 'uint16' | 'uint32' | 'float32'; tileSize?: number }) =>
    new TileStore({ ...o, budgetBytes: 4 * T * T * 4 }); // a few tiles resident: the rest spill (to memory)

  for (const [kind, labelOf] of [['binary', () => 255], ['instance (labels with gaps)', (k: number) => 3 * k + 7]] as const) {
    it(`equals matchObjects on the whole images, ${kind} truth`, async () => {
      const gtValues = discs(w, h, 40, 1, labelOf);
      // prediction: the truth's discs shifted by 2 px, minus the area under 6 other discs, plus 6 new ones
      const shifted = new Float32Array(w * h);
      for (let i = 0; i < w * h; i++) if (i % w >= 2 && gtValues[i - 2] > 0) shifted[i] = 1;
      const cut = discs(w, h, 6, 2, () => 1), extra = discs(w, h, 6, 3, () => 1);
      const probValues = shifted.map((v, i) => ((v && !cut[i]) || extra[i] ? 1 : 0));
      // prediction: a store of uint8 probabilities, labelled tile-wise
      const prob = small({ width: w, height: h, dtype: 'uint8', tileSize: T });
      prob.writeRegion({ x: 0, y: 0, width: w, height: h }, Uint8Array.from(probValues, (v) => (v ? 255 : 0)));
      const predLabels = small({ width: w, height: h, dtype: 'uint32', tileSize: T });
      const { count: nPred } = tiledComponents(prob, 0.5, { labels: predLabels });
      const truth = await tiledTruth(reader(gtValues, w), w, h, small, T);

      const whole = labelComponents(Uint8Array.from(probValues, (v) => (v ? 1 : 0)), w, h);
      const gt = truthObjects({ binary: Uint8Array.from(gtValues, (v) => (v > 0 ? 1 : 0)), labels: Uint32Array.from(gtValues), width: w, height: h, isInstance: kind !== 'binary' });
      expect(nPred).toBe(whole.count);
      expect(truth.count).toBe(gt.count);
      expect(truth.source).toBe(gt.source);
      expect(truth.foregroundPixels).toBe(gt.binary.reduce((a, b) => a + b, 0));
      const ref = matchObjects(whole.labels, gt.labels, whole.count, gt.count);
      expect(ref.tp).toBeGreaterThan(5); // the case is not trivial
      expect(ref.fp + ref.fn).toBeGreaterThan(0);
      expect(tiledMatchObjects(predLabels, truth.labels, nPred, truth.count)).toEqual(ref);
      expect(prob.stats.spillWrites).toBeGreaterThan(0);
    });
  }
});
