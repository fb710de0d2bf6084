import { describe, expect, it } from 'vitest';
import { rng } from '../tiling/testImages';
import { memorySpill } from './spill';
import { PyramidStore, poolMax } from './pyramidStore';
import { TileStore } from './tileStore';
import { levelFactors, levelsToBuild, viewRatio } from '../io/levels';
import { pickLevel } from '../viewer/lod';

describe('PyramidStore', () => {
  it('keeps max-pooled levels equal to pooling the whole plane, whatever bands the writes come in', () => {
    const w = 301, h = 203, r = rng(5);
    const plane = Uint8Array.from({ length: w * h }, () => Math.floor(r() * 256));
    const store = new PyramidStore({
      width: w, height: h, dtype: 'uint8', tileSize: 32, budgetBytes: 4 * 32 * 32, spill: memorySpill(), factors: [4, 16, 64],
      levelStore: (o) => new TileStore({ ...o, budgetBytes: 2 * 32 * 32, spill: memorySpill() }),
    });
    // bands of uneven heights and two panels, as streamSegment.ts flushes them (blocks straddle the cuts)
    for (const [x0, x1] of [[0, 150], [150, w]])
      for (let y = 0, k = 0; y < h; k++) {
        const bh = Math.min(h - y, [7, 13, 29, 3][k % 4]);
        const rect = { x: x0, y, width: x1 - x0, height: bh };
        const band = new Float32Array(rect.width * bh);
        for (let j = 0; j < bh; j++) for (let i = 0; i < rect.width; i++) band[j * rect.width + i] = plane[(y + j) * w + x0 + i];
        store.writeRegion(rect, band);
        y += bh;
      }
    expect(store.levels.map((l) => l.factor)).toEqual([4, 16, 64]);
    for (const l of store.levels) {
      const got = l.store.readRegion({ x: 0, y: 0, width: l.store.width, height: l.store.height });
      expect(Array.from(got)).toEqual(Array.from(poolMax(plane, w, h, l.factor)));
    }
    expect(Array.from(store.readRegion({ x: 0, y: 0, width: w, height: h }))).toEqual(Array.from(plane));
    expect(store.levelFor(3).index).toBe(0);
    expect(store.levelFor(20)).toMatchObject({ index: 2, factor: 16 });
    expect(store.levelFor(1000)).toMatchObject({ index: 3, factor: 64 });
    expect(store.footprint.spilledBytes).toBeGreaterThan(0);
    store.close();
  });
  it('has the image pyramid levels by default, picked by the image rule', () => {
    const big = new PyramidStore({ width: 40000, height: 25000, dtype: 'uint8' });
    expect(big.levels.map((l) => l.factor)).toEqual(levelFactors(40000, 25000));
    expect(big.levels.map((l) => [l.store.width, l.store.height])).toEqual(levelsToBuild({ width: 40000, height: 25000, downsample: 1 }).map((l) => [l.width, l.height]));
    const image = [{ width: 40000, height: 25000, downsample: 1 }, ...levelsToBuild({ width: 40000, height: 25000, downsample: 1 })];
    for (const outW of [300, 1000, 1440, 4000, 20000, 40000]) {
      const rect = { x: 0, y: 0, width: 40000, height: 25000 }, outH = Math.round(outW * 0.625);
      expect(big.levelFor(viewRatio(rect, outW, outH)).index).toBe(pickLevel(image, rect, outW, outH));
    }
    expect(new PyramidStore({ width: 1000, height: 700, dtype: 'uint8' }).levels).toEqual([]);
    big.close();
  });
});
