import { describe, expect, it } from 'vitest';
import { displayRgba, overlayRgba } from './render';

describe('overlayRgba', () => {
  // 4×3 probability map; threshold 0.5 keeps a 3×2 block (prob ≥ t counts, as thresholdMask).
  const prob = Float32Array.from([
    0.9, 0.9, 0.9, 0.1,
    0.9, 0.9, 0.5, 0.1,
    0.1, 0.1, 0.1, 0.1,
  ]);
  it('fills every foreground pixel in mask mode', () => {
    const v = overlayRgba(prob, 4, 3, 0.5, 'mask');
    expect(v.foregroundPixels).toBe(6);
    const alpha = Array.from({ length: 12 }, (_, i) => v.rgba[i * 4 + 3]);
    expect(alpha).toEqual([255, 255, 255, 0, 255, 255, 255, 0, 0, 0, 0, 0]);
  });
  it('draws only boundary pixels in contour mode', () => {
    // 5×5 with a 3×3 block in the middle: only its centre is interior.
    const p = new Float32Array(25);
    for (const y of [1, 2, 3]) for (const x of [1, 2, 3]) p[y * 5 + x] = 1;
    const v = overlayRgba(p, 5, 5, 0.5, 'contours');
    expect(v.foregroundPixels).toBe(9);
    expect(v.rgba[(2 * 5 + 2) * 4 + 3]).toBe(0);
    expect(v.rgba[(1 * 5 + 1) * 4 + 3]).toBe(255);
  });
  it('does not frame the image: the border is not a contour', () => {
    const v = overlayRgba(new Float32Array(9).fill(1), 3, 3, 0.5, 'contours');
    expect(v.foregroundPixels).toBe(9);
    expect(Array.from({ length: 9 }, (_, i) => v.rgba[i * 4 + 3])).toEqual(new Array(9).fill(0));
  });
  it('re-thresholds the same map', () => {
    expect(overlayRgba(prob, 4, 3, 0.95, 'mask').foregroundPixels).toBe(0);
    expect(overlayRgba(prob, 4, 3, 0.05, 'mask').foregroundPixels).toBe(12);
  });
});

describe('displayRgba', () => {
  it('stretches the 1–99.8 percentile window to 0–255 and is opaque', () => {
    const data = Float32Array.from({ length: 1000 }, (_, i) => i);
    const rgba = displayRgba(data, 1000, 1);
    expect(rgba[0]).toBe(0);
    expect(rgba[999 * 4]).toBe(255);
    expect(rgba[3]).toBe(255);
  });
  it('renders a constant image mid-grey', () => {
    expect(displayRgba(new Float32Array(4).fill(7), 2, 2)[0]).toBe(128);
  });
});
