/**
 * The streamed engine with a real network (fixture-tiny-unet through onnxruntime-node) against whole-image
 * segmentTiled on the same image: equal to 1e-4 after the store's 16-bit quantisation.
 */
import { describe, expect, it } from 'vitest';
import { cropPlane } from '../io/openSource';
import { TileStore } from '../store/tileStore';
import { normalize } from '../tiling/normalize';
import { normParams, samplePlane } from '../tiling/sampledNormalize';
import { segmentTiled } from '../tiling/segmentTiled';
import { probScale, segmentStreamed } from '../tiling/streamSegment';
import { testImage } from '../tiling/testImages';
import { findCard, loadManifest, openModel } from './nodeSession';

describe('segmentStreamed with fixture-tiny-unet (onnxruntime-node)', () => {
  it('equals whole-image segmentTiled to 1e-4 (gaussian, two panels, spilling store)', async () => {
    const m = await openModel(findCard(loadManifest(), 'fixture-tiny-unet'), undefined, { threads: 1 });
    try {
      const w = 301, h = 203, img = testImage(w, h, 7);
      const n = m.card.input.normalization;
      const opts = { tile: 64, halo: 16, multiple: m.card.input.tileMultiple, blend: 'gaussian' as const, batch: 4 };
      const ref = await segmentTiled(normalize({ data: img }, n), w, h, opts, m.infer);
      const store = new TileStore({ width: w, height: h, dtype: 'uint16', tileSize: 64, budgetBytes: 3 * 64 * 64 * 2 });
      const read = async (r: { x: number; y: number; width: number; height: number }) => Float32Array.from(cropPlane(img, w, h, r));
      const norm = normParams(n, await samplePlane(read, w, h));
      const r = await segmentStreamed(read, w, h, norm, { ...opts, panelWidth: 160 }, m.infer, store);
      expect(r.panels).toBe(2);
      const got = store.readRegion({ x: 0, y: 0, width: w, height: h });
      let maxErr = 0;
      for (let i = 0; i < w * h; i++) maxErr = Math.max(maxErr, Math.abs(got[i] / probScale(store) - ref.prob[i]));
      expect(maxErr).toBeLessThan(1e-4);
      expect(store.stats.spillWrites).toBeGreaterThan(0);
    } finally {
      await m.release();
    }
  });
});
