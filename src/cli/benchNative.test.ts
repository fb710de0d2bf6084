import { describe, expect, it } from 'vitest';
import { centreCrop } from '../bench/mosaic';
import { runNative } from './benchNative';
import { findCard, loadManifest, openModel } from './nodeSession';

describe('native bench run', () => {
  it('times the fixture model through the shared tiling code', async () => {
    const model = await openModel(findCard(loadManifest(), 'fixture-tiny-unet'), 'public/models', { threads: 1 });
    try {
      const data = Float32Array.from({ length: 200 * 150 }, (_, i) => (i * 37) % 251);
      const img = centreCrop({ width: 200, height: 150, data }, 200, 150);
      const r = await runNative(model, img);
      expect(r).toMatchObject({ width: 200, height: 150, tiles: 20, tile: 64, halo: 8, blend: 'gaussian' });
      expect(r.ms).toBeGreaterThan(0);
      expect(r.inferenceMs).toBeGreaterThan(0);
      expect(r.inferenceMs).toBeLessThanOrEqual(r.ms);
      expect(r.foregroundPixels).toBeGreaterThanOrEqual(0);
      expect(r.foregroundPixels).toBeLessThanOrEqual(200 * 150);
    } finally {
      await model.release();
    }
  });
});
