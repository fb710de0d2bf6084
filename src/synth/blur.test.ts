import { describe, expect, it } from 'vitest';
import { gaussianBlur, gaussianKernel } from './blur';

describe('gaussianBlur', () => {
  it('uses a normalised kernel of radius ceil(3σ)', () => {
    const k = gaussianKernel(1.5);
    expect(k.length).toBe(11);
    expect(k.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    expect(k[5]).toBeGreaterThan(k[4]);
    expect(k[4]).toBeCloseTo(k[6], 7);
  });

  it('keeps a constant image constant (clamped borders) and copies for σ = 0', () => {
    const img = new Float32Array(20 * 13).fill(7);
    for (const v of gaussianBlur(img, 20, 13, 2)) expect(v).toBeCloseTo(7, 4);
    const r = Float32Array.from({ length: 12 }, (_, i) => i);
    expect(gaussianBlur(r, 4, 3, 0)).toEqual(r);
  });

  it('spreads an interior impulse into a symmetric, mass-preserving Gaussian', () => {
    const w = 31;
    const h = 25;
    const img = new Float32Array(w * h);
    img[12 * w + 15] = 1;
    const out = gaussianBlur(img, w, h, 2);
    expect(out.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    expect(out[12 * w + 15]).toBeCloseTo(1 / (2 * Math.PI * 4), 2);
    expect(out[12 * w + 13]).toBeCloseTo(out[12 * w + 17], 7);
    expect(out[10 * w + 15]).toBeCloseTo(out[12 * w + 13], 7);
  });

  it('rejects a buffer of the wrong size', () => {
    expect(() => gaussianBlur(new Float32Array(5), 2, 2, 1)).toThrow(/expected 4 pixels/);
  });
});
