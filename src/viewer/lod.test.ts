import { describe, expect, it } from 'vitest';
import { downsampleMean, downsampleOf, levelFactors, levelForRatio, levelRect, levelsToBuild, levelToBase, viewRatio } from '../io/levels';
import { compositeRgba } from './composite';
import { drawRect, pickLevel, renderGrey, renderGreyInto, sampleIndex, viewRegion } from './lod';
import { fitViewport, oneToOne } from './viewport';

const levels = [
  { width: 12000, height: 9000, downsample: 1 },
  { width: 3000, height: 2250, downsample: 4 },
  { width: 750, height: 563, downsample: 16 },
];

describe('pickLevel', () => {
  it('takes the coarsest level with at least one level pixel per output pixel', () => {
    const whole = { x: 0, y: 0, width: 12000, height: 9000 };
    expect(pickLevel(levels, whole, 1000, 750)).toBe(1); // 12 image px per out px: ÷16 would be 0.75 per out px
    expect(pickLevel(levels, whole, 750, 562)).toBe(2);
    expect(pickLevel(levels, whole, 4000, 3000)).toBe(0);
    expect(pickLevel(levels, { x: 5, y: 5, width: 800, height: 600 }, 800, 600)).toBe(0); // 1:1
    expect(pickLevel(levels, { x: 5, y: 5, width: 100, height: 100 }, 100, 100)).toBe(0); // deeper than 1:1
  });
  it('works on unsorted levels', () => {
    expect(pickLevel([levels[0], levels[2], levels[1]], { x: 0, y: 0, width: 12000, height: 9000 }, 1000, 750)).toBe(2);
  });
  it('is the one rule for image levels and factor lists (the overlay levels)', () => {
    expect(viewRatio({ width: 12000, height: 9000 }, 1000, 700)).toBe(12);
    expect(levelForRatio([1, 4, 8, 16], 12)).toBe(2);
    expect(levelForRatio([1, 4, 8, 16], 16)).toBe(3);
    expect(levelForRatio([1, 4, 8, 16], 16 - 1e-12)).toBe(3); // float noise in the ratio does not drop a level
    expect(levelForRatio([1, 4, 8, 16], 3.99)).toBe(0);
    expect(levelForRatio([1, 4, 8, 16], 0.25)).toBe(0);
  });
  it('with the built levels, a Fit reads at most 2×2 level pixels per bitmap pixel, at 16384² and 40000×25000', () => {
    for (const [w, h] of [[16384, 16384], [40000, 25000]])
      for (const outW of [640, 1000, 1440, 1920, 2560, 3840]) {
        const outH = Math.round((outW * h) / w);
        const lv = [{ width: w, height: h, downsample: 1 }, ...levelsToBuild({ width: w, height: h, downsample: 1 })];
        const k = pickLevel(lv, { x: 0, y: 0, width: w, height: h }, outW, outH);
        const r = levelRect({ x: 0, y: 0, width: w, height: h }, lv[k]);
        expect(k).toBeGreaterThan(0);
        expect(r.width * r.height).toBeGreaterThanOrEqual(outW * outH * 0.99);
        expect(r.width * r.height).toBeLessThanOrEqual(4 * outW * outH);
      }
  });
});

describe('viewRegion', () => {
  const image = { width: 12000, height: 9000 };
  const view = { width: 1000, height: 700 };
  it('asks for the whole image at Fit, one bitmap pixel per device pixel', () => {
    const r = viewRegion(fitViewport(image, view), view, image, 1)!;
    expect(r.rect).toEqual({ x: 0, y: 0, width: 12000, height: 9000 });
    expect(r.outWidth).toBe(Math.ceil(12000 * (700 / 9000)));
    expect(r.outHeight).toBe(700);
    expect(viewRegion(fitViewport(image, view), view, image, 2)!.outHeight).toBe(1400);
  });
  it('asks for the view-sized rect at 1:1 and caps the bitmap at image pixels when zoomed deeper', () => {
    const vp = oneToOne(fitViewport(image, view), image, view);
    const r = viewRegion(vp, view, image)!;
    expect(r.rect).toEqual({ x: 5500, y: 4150, width: 1000, height: 700 });
    expect([r.outWidth, r.outHeight]).toEqual([1000, 700]);
    const deep = viewRegion({ ...vp, scale: 8 }, view, image, 1)!;
    expect(deep.rect.width).toBe(126); // 5937.5 … 6062.5 rounded outwards
    expect(deep.outWidth).toBe(126);
    expect(drawRect(deep.rect, { ...vp, scale: 8 }, view).width).toBe(1008);
  });
  it('is null for an empty view or an image out of view', () => {
    expect(viewRegion({ scale: 1, centerX: 0, centerY: 0 }, { width: 0, height: 0 }, image)).toBeNull();
    expect(viewRegion({ scale: 1, centerX: -5000, centerY: 0 }, view, image)).toBeNull();
  });
  it('draws a 1:1 bitmap at its own size', () => {
    const vp = { scale: 1, centerX: 6000.5, centerY: 4500.25 };
    const r = viewRegion(vp, view, image)!;
    const d = drawRect(r.rect, vp, view);
    expect([d.width, d.height]).toEqual([r.rect.width, r.rect.height]);
  });
});

describe('levels', () => {
  it('levelRect and levelToBase round-trip', () => {
    const l = levelRect({ x: 4001, y: 3, width: 7999, height: 8997 }, levels[1]);
    expect(l).toEqual({ x: 1000, y: 0, width: 2000, height: 2250 });
    expect(levelRect(levelToBase(l, levels[1], 12000, 9000), levels[1])).toEqual(l);
    expect(levelRect({ x: 0, y: 8990, width: 10, height: 10 }, levels[2])).toEqual({ x: 0, y: 561, width: 1, height: 2 });
  });
  it('builds ÷4, ÷8, ÷16 … until the overview fits 1024 px, and nothing when the file goes that far', () => {
    expect(levelsToBuild(levels[0]).map((l) => l.downsample)).toEqual([4, 8, 16]);
    expect(levelsToBuild({ width: 40000, height: 25000, downsample: 1 }).map((l) => [l.width, l.height, l.downsample])).toEqual([[10000, 6250, 4], [5000, 3125, 8], [2500, 1563, 16], [1250, 782, 32], [625, 391, 64]]);
    expect(levelsToBuild({ width: 1000, height: 800, downsample: 8 })).toEqual([]);
    expect(levelsToBuild({ width: 3000, height: 2000, downsample: 2 })).toEqual([{ width: 750, height: 500, downsample: 8 }]);
    expect(levelFactors(16384, 16384)).toEqual([4, 8, 16]);
    expect(levelFactors(1025, 10)).toEqual([4]);
    expect(levelFactors(1024, 1024)).toEqual([]);
  });
  it('downsampleOf: integer for halvings, exact otherwise', () => {
    expect(downsampleOf(9001, 7001, 4501, 3501)).toBe(2);
    expect(downsampleOf(9001, 7001, 4500, 3500)).toBe(2);
    expect(downsampleOf(900, 600, 600, 400)).toBe(1.5);
  });
  it('downsampleMean averages whole and partial blocks', () => {
    const src = Float32Array.from({ length: 5 * 3 }, (_, i) => i); // 5×3
    const m = downsampleMean(src, 5, 3, 2);
    expect(Array.from(m)).toEqual([(0 + 1 + 5 + 6) / 4, (2 + 3 + 7 + 8) / 4, (4 + 9) / 2, (10 + 11) / 2, (12 + 13) / 2, 14]);
  });
});

describe('renderGrey', () => {
  it('at 1:1 equals compositeRgba of the same values (the ordinary display path)', () => {
    const w = 37, h = 23;
    const v = Float32Array.from({ length: w * h }, (_, i) => ((i * 7919) % 1000) + 0.37 * (i % 3));
    const rect = { x: 0, y: 0, width: w, height: h };
    const win: [number, number] = [101.3, 903.7];
    const got = renderGrey(v, { width: w, height: h, downsample: 1 }, { rect, outWidth: w, outHeight: h }, win);
    expect(got).toEqual(compositeRgba([{ data: v, window: win, color: '#ffffff' }], w, h));
  });
  it('samples the level pixel under each output pixel centre', () => {
    expect(Array.from(sampleIndex(0, 12000, 1000, 4, 0, 3000)).slice(0, 3)).toEqual([1, 4, 7]);
    expect(Array.from(sampleIndex(10, 4, 4, 1, 10, 4))).toEqual([0, 1, 2, 3]);
    expect(Array.from(sampleIndex(10, 2, 8, 1, 10, 2))).toEqual([0, 0, 0, 0, 1, 1, 1, 1]);
  });
  it('reads a coarser level with the rect in its own pixels', () => {
    const level = { width: 4, height: 2, downsample: 4 };
    const v = Float32Array.from([10, 20, 50, 60]); // level pixels x 1..2, y 0..1 (of a 4×2 level [0 10 20 30; 40 50 60 70])
    const rgba = renderGrey(v, level, { rect: { x: 4, y: 0, width: 8, height: 8 }, outWidth: 2, outHeight: 2 }, [0, 255]);
    expect([rgba[0], rgba[4], rgba[8], rgba[12]]).toEqual([10, 20, 50, 60]);
  });
  it('draws uint16 and uint8 levels (through their value table) exactly as the same values in float32, band by band', () => {
    const w = 301, h = 207, level = { width: w, height: h, downsample: 8 };
    const req = { rect: { x: 0, y: 0, width: w * 8, height: h * 8 }, outWidth: 211, outHeight: 150 };
    const ints = Uint16Array.from({ length: w * h }, (_, i) => (i * 7919) % 65536);
    const diff = (a: Uint8ClampedArray, b: Uint8ClampedArray) => (a.length === b.length ? a.reduce((n, v, i) => n + (v === b[i] ? 0 : 1), 0) : -1);
    for (const win of [[1000.5, 60000] as [number, number], [300, 300] as [number, number]]) {
      const ref = renderGrey(Float32Array.from(ints), level, req, win);
      expect(ref.some((v, i) => i % 4 !== 3 && v > 0 && v < 255)).toBe(true);
      expect(diff(renderGrey(ints, level, req, win), ref)).toBe(0);
      // two bands of rows, as the worker reads a large level rect
      const out = new Uint8ClampedArray(ref.length);
      for (const [y0, y1] of [[0, 100], [100, h]]) renderGreyInto(out, ints.subarray(y0 * w, y1 * w), { x: 0, y: y0, width: w, height: y1 - y0 }, level, req, win);
      expect(diff(out, ref)).toBe(0);
    }
    const bytes = Uint8Array.from(ints, (v) => v & 255);
    expect(diff(renderGrey(bytes, level, req, [10, 200]), renderGrey(Float32Array.from(bytes), level, req, [10, 200]))).toBe(0);
  });
});
