import { describe, expect, it } from 'vitest';
import { buildMosaic, centreCrop, toUint8, type Gray } from './mosaic';

/** A w×h image whose pixel (x, y) is id·1000 + y·w + x, so every source pixel is recognisable. */
const tagged = (id: number, w: number, h: number): Gray => ({
  width: w, height: h, data: Float32Array.from({ length: w * h }, (_, i) => id * 1000 + i),
});

describe('buildMosaic', () => {
  it('places image k at column k % cols, row floor(k / cols)', () => {
    const parts = [0, 1, 2, 3, 4, 5].map((id) => tagged(id, 3, 2));
    const m = buildMosaic(parts, 3);
    expect([m.width, m.height]).toEqual([9, 4]);
    const at = (x: number, y: number) => m.data[y * m.width + x];
    for (let k = 0; k < 6; k++)
      for (let y = 0; y < 2; y++)
        for (let x = 0; x < 3; x++) expect(at((k % 3) * 3 + x, Math.floor(k / 3) * 2 + y)).toBe(k * 1000 + y * 3 + x);
  });

  it('is the 4×4 layout of 16 slices: 2048² from 512² images', () => {
    const parts = Array.from({ length: 16 }, (_, k) => ({ width: 512, height: 512, data: new Float32Array(512 * 512).fill(k) }));
    const m = buildMosaic(parts, 4);
    expect([m.width, m.height]).toEqual([2048, 2048]);
    expect(m.data[0]).toBe(0);
    expect(m.data[511]).toBe(0);
    expect(m.data[512]).toBe(1);
    expect(m.data[512 * 2048]).toBe(4); // row 1, column 0
    expect(m.data[2048 * 2048 - 1]).toBe(15);
  });

  it('refuses mixed sizes, bad buffers and grids that are not full', () => {
    expect(() => buildMosaic([tagged(0, 2, 2), tagged(1, 3, 2)], 2)).toThrow(/image 1 is 3×2, image 0 is 2×2/);
    expect(() => buildMosaic([tagged(0, 2, 2), tagged(1, 2, 2), tagged(2, 2, 2)], 2)).toThrow(/do not fill rows of 2/);
    expect(() => buildMosaic([{ width: 2, height: 2, data: new Float32Array(3) }], 1)).toThrow(/3 values for 2×2/);
    expect(() => buildMosaic([], 4)).toThrow(/no images/);
  });
});

describe('centreCrop', () => {
  it('takes the centred window (odd margins: the extra pixel on the left/top)', () => {
    const img = tagged(0, 5, 4);
    const c = centreCrop(img, 2, 2);
    // x0 = floor(3/2) = 1, y0 = 1
    expect(Array.from(c.data)).toEqual([6, 7, 11, 12]);
    expect(centreCrop(img, 5, 4).data).toEqual(img.data);
  });

  it('a 256² crop of 2048² starts at (896, 896)', () => {
    const img = { width: 2048, height: 2048, data: Float32Array.from({ length: 2048 * 2048 }, (_, i) => i % 65521) };
    const c = centreCrop(img, 256, 256);
    expect(c.data[0]).toBe((896 * 2048 + 896) % 65521);
    expect(c.data[255 * 256 + 255]).toBe((1151 * 2048 + 1151) % 65521);
  });

  it('refuses a window that does not fit', () => {
    expect(() => centreCrop(tagged(0, 4, 4), 5, 1)).toThrow(/5×1 does not fit in 4×4/);
    expect(() => centreCrop(tagged(0, 4, 4), 0, 1)).toThrow(/does not fit/);
  });
});

describe('toUint8', () => {
  it('keeps 8-bit values and refuses others', () => {
    expect(Array.from(toUint8({ width: 3, height: 1, data: new Float32Array([0, 17, 255]) }))).toEqual([0, 17, 255]);
    expect(() => toUint8({ width: 1, height: 1, data: new Float32Array([256]) })).toThrow(/pixel 0 is 256/);
    expect(() => toUint8({ width: 2, height: 1, data: new Float32Array([1, 0.5]) })).toThrow(/pixel 1 is 0.5/);
  });
});
