import { describe, expect, it } from 'vitest';
import type { Rect } from '../io/source';
import { cropPlane } from '../io/openSource';
import { TileStore } from '../store/tileStore';
import { normalize } from './normalize';
import { normParams } from './sampledNormalize';
import { probScale, segmentStreamed } from './streamSegment';
import { segmentTiled } from './segmentTiled';
import type { BlendMode } from './blendTiles';
import { fakeUnet, testImage } from './testImages';

const reader = (img: Float32Array, w: number, h: number, log?: Rect[]) => async (rect: Rect) => {
  log?.push(rect);
  return cropPlane(img, w, h, rect); // the plane itself when rect covers it: the engine must not write into it
};

describe('segmentStreamed', () => {
  const cases: [string, number, number, BlendMode, number, number, number | undefined][] = [
    ['crop, one panel', 150, 97, 'crop', 32, 8, undefined],
    ['crop, panels', 150, 97, 'crop', 32, 8, 40],
    ['gaussian, panels', 173, 61, 'gaussian', 32, 6, 40],
    ['taper, panels narrower than a tile', 90, 50, 'taper', 16, 4, 9],
    ['image smaller than a tile', 20, 13, 'crop', 64, 8, undefined],
  ];
  for (const [name, w, h, blend, tile, halo, panelWidth] of cases) {
    it(`equals whole-image segmentTiled (${name}, ${w}×${h})`, async () => {
      const img = testImage(w, h, w);
      const n = { kind: 'percentile', low: 1, high: 99.8 } as const;
      const opts = { tile, halo, multiple: 4, blend, batch: 3 };
      const ref = await segmentTiled(normalize({ data: img }, n), w, h, opts, fakeUnet);
      const pristine = Float32Array.from(img);
      for (const dtype of ['float32', 'uint16'] as const) {
        const store = new TileStore({ width: w, height: h, dtype, tileSize: 16, budgetBytes: 4 * 16 * 16 * 4 });
        const log: Rect[] = [];
        const r = await segmentStreamed(reader(img, w, h, log), w, h, normParams(n, img), { ...opts, panelWidth }, fakeUnet, store);
        const got = store.readRegion({ x: 0, y: 0, width: w, height: h });
        const s = probScale(store);
        let maxErr = 0;
        for (let i = 0; i < w * h; i++) maxErr = Math.max(maxErr, Math.abs(got[i] / s - ref.prob[i]));
        expect(maxErr).toBeLessThanOrEqual(dtype === 'float32' ? 0 : 0.5 / 65535 + 1e-7);
        expect(r.tilesRun).toBeGreaterThanOrEqual(ref.plan.tiles.length);
        // reads are bounded by one tile row of one panel, never the whole image (unless it is tiny)
        if (h > 2 * tile) expect(Math.max(...log.map((q) => q.height))).toBeLessThanOrEqual(tile);
        expect(store.stats.peakResidentBytes).toBeLessThanOrEqual(4 * 16 * 16 * 4);
        expect(img).toEqual(pristine); // regions read whole are the source's own buffer: never normalised in place
      }
    });
  }

  it('runs each tile once with crop blending in one panel and reports progress to the total', async () => {
    const w = 200, h = 120, img = testImage(w, h);
    const store = new TileStore({ width: w, height: h, dtype: 'uint8', tileSize: 64 });
    const seen: number[] = [];
    const r = await segmentStreamed(reader(img, w, h), w, h, { kind: 'fixed', scale: 1 / 1000, offset: 0 }, { tile: 32, halo: 8, multiple: 4, blend: 'crop', batch: 4 }, fakeUnet, store, { onProgress: (d, t) => seen.push(d / t) });
    expect(r.tilesRun).toBe(r.plan.tiles.length);
    expect(seen[seen.length - 1]).toBe(1);
  });

  it('stops between batches when cancelled', async () => {
    const w = 100, h = 100, img = testImage(w, h);
    let calls = 0;
    const store = new TileStore({ width: w, height: h, dtype: 'uint16' });
    const run = segmentStreamed(reader(img, w, h), w, h, { kind: 'fixed', scale: 1, offset: 0 }, { tile: 32, halo: 8, multiple: 4, blend: 'crop', batch: 2 }, async (x, n, T) => { calls++; return fakeUnet(x, n, T); }, store, { isCancelled: () => calls >= 2 });
    await expect(run).rejects.toMatchObject({ code: 'cancelled' });
    expect(calls).toBe(2);
  });
});
