import { describe, expect, it } from 'vitest';
import { BOX_MAX_SCALE, zoomToBox } from './zoomToBox';

describe('zoomToBox', () => {
  const image = { width: 512, height: 512 }, view = { width: 600, height: 400 };
  it('centres the box and fills a third of the tighter axis', () => {
    const vp = zoomToBox([200, 100, 220, 140], image, view);
    expect(vp).toEqual({ scale: Math.min(200 / 40, (400 / 3) / 20), centerX: 120, centerY: 210 });
  });
  it('caps the magnification of tiny objects', () => {
    expect(zoomToBox([10, 10, 11, 11], image, view).scale).toBe(BOX_MAX_SCALE);
  });
  it('keeps the image edge in place for a box in a corner', () => {
    const vp = zoomToBox([0, 0, 10, 10], image, view);
    expect(vp.centerX).toBeCloseTo(600 / 2 / vp.scale, 9);
    expect(vp.centerY).toBeCloseTo(400 / 2 / vp.scale, 9);
  });
});
