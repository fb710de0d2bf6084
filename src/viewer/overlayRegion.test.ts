import { describe, expect, it } from 'vitest';
import { MASK_RGB, overlayRgba } from '../worker/render';
import { levelRect, maskGridRgba } from './overlayRegion';

describe('region overlay', () => {
  it('at 1:1 equals the whole-image mask overlay on the decoded values', () => {
    const w = 37, h = 23;
    const q = Uint8Array.from({ length: w * h }, (_, i) => (i * 37) % 256);
    const { rgba, drawn } = maskGridRgba(q, w, h, w, h, 0.5, 255, MASK_RGB);
    const ref = overlayRgba(Float32Array.from(q, (v) => v / 255), w, h, 0.5, 'mask');
    expect(Array.from(rgba)).toEqual(Array.from(ref.rgba));
    expect(drawn).toBe(ref.foregroundPixels);
  });

  it('resamples nearest-neighbour: a 2×2 grid to 4×4 repeats each cell twice', () => {
    const { rgba } = maskGridRgba([255, 0, 0, 255], 2, 2, 4, 4, 0.5, 255, [1, 2, 3]);
    const alpha = Array.from({ length: 16 }, (_, i) => rgba[i * 4 + 3] ? 1 : 0);
    expect(alpha).toEqual([1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 1, 1, 0, 0, 1, 1]);
  });

  it('covers a level-0 rect with whole level cells, clipped to the level', () => {
    expect(levelRect({ x: 17, y: 0, width: 40, height: 16 }, 16, 10, 10)).toEqual({ x: 1, y: 0, width: 3, height: 1 });
    expect(levelRect({ x: 150, y: 150, width: 100, height: 100 }, 16, 10, 10)).toEqual({ x: 9, y: 9, width: 1, height: 1 });
  });
});
