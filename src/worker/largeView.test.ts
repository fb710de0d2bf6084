/**
 * The view half in the worker, on a real tiled TIFF (io/tiledTiffWriter.ts) opened by region: a plane over
 * LARGE_PIXELS opens as a LargeImageView, and a 1:1 render equals the source's readRegion windowed to 8 bit;
 * a Fit render comes from a built level; before the level is built a Fit shows the rows built so far.
 */
import { describe, expect, it } from 'vitest';
import { compositeRgba } from '../viewer/composite';
import { renderGrey } from '../viewer/lod';
import { isLarge, openLarge, renderImageRegion } from './largeView';
import { LARGE_PIXELS } from './largeApi';
import { sources } from './held';
import { planesSource } from '../io/planesSource';

describe('largeView', () => {
  it('decides by pixels and by the whole-plane estimate', () => {
    expect(isLarge({ width: 8000, height: 8000, sampleType: 'uint8' })).toBe(false);
    expect(isLarge({ width: 8001, height: 8000, sampleType: 'uint8' })).toBe(true); // > 64 MP
    expect(LARGE_PIXELS).toBe(64_000_000);
  });

  it('1:1 equals readRegion windowed to 8 bit; Fit reads a built level', async () => {
    const W = 4500, H = 3000;
    const data = Float32Array.from({ length: W * H }, (_, i) => ((i % W) * 37 + Math.floor(i / W) * 91) % 4096);
    const src = planesSource({ name: 'big', format: 'tiff', width: W, height: H, sampleType: 'uint16', planes: [data], rgb: false, note: '' });
    const view = await openLarge(src);
    expect(view.kind).toBe('large');
    expect(view.levels.map((l) => l.downsample)).toEqual([1, 4, 8]);
    expect(view.window[0]).toBeLessThan(100);
    expect(view.window[1]).toBeGreaterThan(4000);
    const rect = { x: 1234, y: 777, width: 300, height: 200 };
    const one = await renderImageRegion(view.sourceId, view.plane, { rect, outWidth: 300, outHeight: 200 }, view.window);
    expect(one.level).toBe(0);
    const want = compositeRgba([{ data: await src.readRegion(view.plane, rect), window: view.window, color: '#ffffff' }], 300, 200);
    expect(one.rgba).toEqual(want);
    const fit = await renderImageRegion(view.sourceId, view.plane, { rect: { x: 0, y: 0, width: W, height: H }, outWidth: 281, outHeight: 187 }, view.window);
    expect(fit.level).toBe(2);
    expect(fit.rgba.length).toBe(281 * 187 * 4);
    // 3.2 image pixels per bitmap pixel: level 0, 13.5 MP, read in bands; same bitmap as from the whole rect
    const whole = { x: 0, y: 0, width: W, height: H };
    const banded = await renderImageRegion(view.sourceId, view.plane, { rect: whole, outWidth: 1400, outHeight: 933 }, view.window);
    expect(banded.level).toBe(0);
    const ref = renderGrey(data, view.levels[0], { rect: whole, outWidth: 1400, outHeight: 933 }, view.window);
    let diff = 0;
    for (let i = 0; i < ref.length; i++) if (banded.rgba[i] !== ref[i]) diff++;
    expect(banded.rgba.length).toBe(ref.length);
    expect(diff).toBe(0);
    await expect(renderImageRegion(view.sourceId, view.plane, { rect: { x: 0, y: 0, width: W + 1, height: H }, outWidth: 10, outHeight: 10 }, view.window)).rejects.toThrow(/not a region/);
    sources.delete(view.sourceId);
  });

  it('while the level is being built, Fit draws its built rows (the rest transparent) and then the whole', async () => {
    const W = 6000, H = 4000;
    const data = Float32Array.from({ length: W * H }, (_, i) => ((i % W) * 13 + Math.floor(i / W) * 29) % 3000);
    const src = planesSource({ name: 'prog', format: 'tiff', width: W, height: H, sampleType: 'uint16', planes: [data], rgb: false, note: '' });
    const view = await openLarge(src);
    const req = { rect: { x: 0, y: 0, width: W, height: H }, outWidth: 700, outHeight: 467 };
    const first = await renderImageRegion(view.sourceId, view.plane, req, view.window);
    expect(first.level).toBe(2); // ÷8: the level the finished Fit uses, not a coarser stand-in
    expect(first.pending).toBeGreaterThanOrEqual(0);
    expect(first.pending).toBeLessThan(1);
    let last = first;
    const previews = [first];
    while (last.pending !== undefined) {
      await new Promise((r) => setTimeout(r, 20));
      last = await renderImageRegion(view.sourceId, view.plane, req, view.window);
      previews.push(last);
    }
    expect(last.level).toBe(2);
    const rowOpaque = (b: typeof first, y: number) => b.rgba[(y * b.width) * 4 + 3] === 255;
    let partial = 0;
    for (const b of previews.slice(0, -1)) {
      // opaque rows first, each equal to the finished bitmap's row; then only transparent rows
      let y = 0, bad = 0;
      for (; y < b.height && rowOpaque(b, y); y++) for (let i = y * b.width * 4; i < (y + 1) * b.width * 4; i++) if (b.rgba[i] !== last.rgba[i]) bad++;
      for (let i = y * b.width * 4; i < b.rgba.length; i++) if (b.rgba[i] !== 0) bad++;
      expect(bad).toBe(0);
      if (y > 0 && y < b.height) partial++;
    }
    expect(partial).toBeGreaterThan(0);
    console.log(`${previews.length - 1} previews (${partial} partly drawn) before the finished Fit`);
    for (let y = 0; y < last.height; y++) expect(rowOpaque(last, y)).toBe(true);
    sources.delete(view.sourceId);
  });
});
