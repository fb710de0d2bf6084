import { describe, expect, it } from 'vitest';
import {
  clampViewport, fitScale, fitViewport, imageToScreen, MAX_SCALE, oneToOne, pan, scaleLimits, screenToImage, wheelFactor, zoomAbout,
} from './viewport';

const image = { width: 512, height: 256 };
const view = { width: 400, height: 400 };

describe('fit', () => {
  it('fits the longer side and centres the image', () => {
    expect(fitScale(image, view)).toBe(400 / 512);
    expect(fitViewport(image, view)).toEqual({ scale: 0.78125, centerX: 256, centerY: 128 });
  });
  it('is 0 for an empty view or image', () => {
    expect(fitScale(image, { width: 0, height: 300 })).toBe(0);
    expect(fitScale({ width: 0, height: 0 }, view)).toBe(0);
  });
});

describe('screen ↔ image', () => {
  it('maps the view centre to the viewport centre and back', () => {
    const vp = { scale: 4, centerX: 100, centerY: 50 };
    expect(screenToImage(vp, view, 200, 200)).toEqual([100, 50]);
    expect(screenToImage(vp, view, 0, 0)).toEqual([50, 0]); // 200 screen px = 50 image px at ×4
    expect(imageToScreen(vp, view, 50, 0)).toEqual([0, 0]);
  });
});

describe('zoomAbout', () => {
  it('keeps the image point under the cursor fixed', () => {
    const vp = { scale: 2, centerX: 200, centerY: 128 };
    const before = screenToImage(vp, view, 300, 120);
    const z = zoomAbout(vp, 2, 300, 120, image, view);
    expect(z.scale).toBe(4);
    const after = screenToImage(z, view, 300, 120);
    expect(after[0]).toBeCloseTo(before[0], 10);
    expect(after[1]).toBeCloseTo(before[1], 10);
    // hand-computed: the point (250, 88) stays at (300, 120): centre = 250 − 100/4, 88 − (−80)/4
    expect(z).toEqual({ scale: 4, centerX: 225, centerY: 108 });
  });
  it('about the centre only changes the scale', () => {
    const z = zoomAbout({ scale: 2, centerX: 200, centerY: 100 }, 2, 200, 200, image, view);
    expect(z).toEqual({ scale: 4, centerX: 200, centerY: 100 });
  });
  it('stops at MAX_SCALE and at a quarter of the fit', () => {
    expect(zoomAbout({ scale: 50, centerX: 256, centerY: 128 }, 4, 200, 200, image, view).scale).toBe(MAX_SCALE);
    const [lo] = scaleLimits(image, view);
    expect(lo).toBeCloseTo((400 / 512) / 4, 12);
    expect(zoomAbout(fitViewport(image, view), 1 / 100, 10, 10, image, view).scale).toBeCloseTo(lo, 12);
  });
  it('wheel up zooms in, wheel down zooms out, by the same factor', () => {
    expect(wheelFactor(-100)).toBeGreaterThan(1);
    expect(wheelFactor(-100) * wheelFactor(100)).toBeCloseTo(1, 12);
    expect(wheelFactor(-310)).toBeCloseTo(2, 12);
  });
});

describe('clampViewport', () => {
  it('centres an axis where the image is narrower than the view', () => {
    // at ×1 the 256-px-high image is shorter than the 400-px view: centred vertically whatever was asked
    expect(clampViewport({ scale: 1, centerX: 300, centerY: 10 }, image, view)).toEqual({ scale: 1, centerX: 300, centerY: 128 });
  });
  it('keeps the view inside an image wider than it', () => {
    // at ×4 the view spans 100 image px: the centre lies in [50, 462] × [50, 206]
    expect(clampViewport({ scale: 4, centerX: 0, centerY: 1000 }, image, view)).toEqual({ scale: 4, centerX: 50, centerY: 206 });
  });
});

describe('pan and 1:1', () => {
  it('moves the image with the pointer', () => {
    const vp = { scale: 4, centerX: 256, centerY: 128 };
    // dragging 40 screen px right shows what lies 10 image px further left
    expect(pan(vp, 40, -20, image, view)).toEqual({ scale: 4, centerX: 246, centerY: 133 });
  });
  it('stops at the image edge', () => {
    expect(pan({ scale: 4, centerX: 60, centerY: 128 }, 400, 0, image, view).centerX).toBe(50);
  });
  it('1:1 keeps the centre', () => {
    expect(oneToOne({ scale: 8, centerX: 300, centerY: 100 }, image, view)).toEqual({ scale: 1, centerX: 300, centerY: 128 });
  });
});
