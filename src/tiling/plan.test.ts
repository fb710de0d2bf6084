import { describe, expect, it } from 'vitest';
import { StudioError } from '../errors';
import { planTiles, type TilePlan } from './plan';

/** Count, for every pixel, how many tiles have it in their valid centre. */
function coverage(p: TilePlan): Uint16Array {
  const c = new Uint16Array(p.width * p.height);
  for (const t of p.tiles) {
    for (let y = Math.max(0, t.y0 + p.halo); y < Math.min(p.height, t.y0 + t.size - p.halo); y++)
      for (let x = Math.max(0, t.x0 + p.halo); x < Math.min(p.width, t.x0 + t.size - p.halo); x++) c[y * p.width + x]++;
  }
  return c;
}

describe('planTiles', () => {
  const cases: [number, number, number, number, number][] = [
    [1, 1, 256, 32, 16],
    [37, 1001, 256, 32, 16],
    [513, 2049, 256, 32, 16],
    [512, 512, 256, 32, 16],
    [100, 60, 256, 32, 16],
    [1000, 700, 128, 0, 16],
    [300, 301, 96, 40, 8],
  ];
  for (const [w, h, tile, halo, mult] of cases) {
    it(`covers every pixel of ${w}×${h} (tile ${tile}, halo ${halo}) with valid windows`, () => {
      const p = planTiles(w, h, tile, halo, mult);
      expect(p.tile % mult).toBe(0);
      expect(p.step).toBe(p.tile - 2 * halo);
      const c = coverage(p);
      expect(c.every((v) => v >= 1)).toBe(true);
      for (const t of p.tiles) {
        expect(t.size).toBe(p.tile);
        // no tile's valid window lies entirely outside the image; the last ends exactly at the edge
        expect(t.x0 + halo).toBeLessThan(w);
        expect(t.y0 + halo).toBeLessThan(h);
        expect(t.x0).toBeGreaterThanOrEqual(-halo);
        expect(t.y0).toBeGreaterThanOrEqual(-halo);
      }
      const xs = [...new Set(p.tiles.map((t) => t.x0))];
      const ys = [...new Set(p.tiles.map((t) => t.y0))];
      expect(xs[0]).toBe(0 - halo);
      expect(ys[0]).toBe(0 - halo);
      // minimal count: ceil(n / step) tiles per axis
      expect(xs.length).toBe(Math.ceil(w / p.step));
      expect(ys.length).toBe(Math.ceil(h / p.step));
      if (w > p.step) expect(xs[xs.length - 1] + p.tile - halo).toBe(w);
      if (h > p.step) expect(ys[ys.length - 1] + p.tile - halo).toBe(h);
    });
  }

  it('shrinks the tile for small images and keeps the halo', () => {
    const p = planTiles(37, 20, 256, 32, 16);
    expect(p.tile).toBe(112); // roundUp(37 + 64, 16)
    expect(p.halo).toBe(32);
    expect(p.tiles).toEqual([{ x0: -32, y0: -32, size: 112 }]);
    expect(planTiles(1, 1, 256, 32, 16).tile).toBe(80);
  });

  it('gives a hand-checked plan for 500×200, tile 256, halo 32', () => {
    const p = planTiles(500, 200, 256, 32, 16);
    expect(p.step).toBe(192);
    expect([...new Set(p.tiles.map((t) => t.x0))]).toEqual([-32, 160, 276]);
    expect([...new Set(p.tiles.map((t) => t.y0))]).toEqual([-32, -24]);
    expect(p.tiles.length).toBe(6);
  });

  it('rejects bad arguments with StudioError internal', () => {
    expect(() => planTiles(10, 10, 250, 32, 16)).toThrow(StudioError);
    expect(() => planTiles(10, 10, 256, 128, 16)).toThrow(/halo 128/);
    expect(() => planTiles(0, 10, 256, 32, 16)).toThrow(/image size/);
    try { planTiles(10, 10, 250, 32, 16); } catch (e) { expect((e as StudioError).code).toBe('internal'); }
  });
});
