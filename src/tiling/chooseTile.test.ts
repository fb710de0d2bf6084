import { describe, expect, it } from 'vitest';
import { chooseTile, planOverhead } from './chooseTile';
import { planTiles } from './plan';

describe('planOverhead', () => {
  it('equals the plan it describes', () => {
    for (const [w, h, t, halo, m] of [[2048, 2048, 256, 32, 16], [16384, 16384, 512, 32, 16], [100, 37, 64, 8, 4], [5000, 3001, 192, 24, 8]]) {
      const p = planTiles(w, h, t, halo, m);
      expect(planOverhead(w, h, t, halo, m)).toBeCloseTo((p.tiles.length * p.tile * p.tile) / (w * h), 12);
    }
  });
  it('approaches T²/(T−2h)² on large images (256/32 → 1.78×, 512/32 → 1.31×)', () => {
    // images a whole number of steps wide: no partial edge tiles, exactly the ratio
    expect(planOverhead(192 * 100, 192 * 80, 256, 32, 16)).toBeCloseTo(256 ** 2 / 192 ** 2, 9);
    expect(planOverhead(448 * 40, 448 * 30, 512, 32, 16)).toBeCloseTo(512 ** 2 / 448 ** 2, 9);
    expect(256 ** 2 / 192 ** 2).toBeCloseTo(1.78, 2);
    expect(512 ** 2 / 448 ** 2).toBeCloseTo(1.31, 2);
  });
});

describe('chooseTile', () => {
  it('takes the largest allowed tile on a large image and says what it saves', () => {
    const c = chooseTile({ width: 16384, height: 16384, halo: 32, multiple: 16, maxTile: 512, minTile: 256 });
    expect(c.tile).toBe(512);
    expect(c.overhead).toBeLessThan(1.35);
    expect(c.note).toMatch(/tile 512 \(halo 32\): computes 1\.3\d× .*tile 256 would be 1\.\d\d×/);
  });
  it('minimises the edge waste too: a tile that fits the image exactly can beat a larger one', () => {
    // 2048² with halo 32: 448 steps waste a partial tile column; check the choice is the true minimum
    const c = chooseTile({ width: 2048, height: 2048, halo: 32, multiple: 16, maxTile: 1024, minTile: 256 });
    for (let t = 256; t <= 1024; t += 32) expect(c.overhead).toBeLessThanOrEqual(planOverhead(2048, 2048, t, 32, 16) + 1e-12);
  });
  it('keeps a fixed-size model at its size and refuses impossible ranges', () => {
    expect(chooseTile({ width: 5000, height: 5000, halo: 16, multiple: 16, maxTile: 512, fixed: 256 }).tile).toBe(256);
    expect(() => chooseTile({ width: 500, height: 500, halo: 64, multiple: 16, maxTile: 64 })).toThrow(/no tile/);
  });
});
