import { describe, expect, it } from 'vitest';
import { DIFF_COLORS, diffMapRgba } from './diffMap';

const px = (rgba: Uint8ClampedArray, i: number) => Array.from(rgba.subarray(4 * i, 4 * i + 4));
const A = [230, 159, 0, 255], B = [0, 114, 178, 255], BOTH = [240, 228, 66, 255], NONE = [0, 0, 0, 0];

describe('diffMapRgba', () => {
  it('colours and counts each class (threshold inclusive)', () => {
    const a = Float32Array.of(0.9, 0.9, 0.1, 0.1, 0.5, 0.49);
    const b = Float32Array.of(0.8, 0.2, 0.7, 0.0, 0.49, 0.5);
    const { rgba, counts } = diffMapRgba(a, b, 0.5, 3, 2);
    expect([0, 1, 2, 3, 4, 5].map((i) => px(rgba, i))).toEqual([BOTH, A, B, NONE, A, B]);
    expect(counts).toEqual({ onlyA: 2, onlyB: 2, both: 1, neither: 1 });
  });

  it('identical maps → only "both" and "neither"; counts add up to the pixels', () => {
    const p = Float32Array.from({ length: 50 }, (_, i) => (i % 7) / 7);
    const { counts } = diffMapRgba(p, p, 0.4, 10, 5);
    expect(counts.onlyA + counts.onlyB).toBe(0);
    expect(counts.both + counts.neither).toBe(50);
  });

  it('legend colours are the painted ones (hex = rgb)', () => {
    for (const c of Object.values(DIFF_COLORS)) expect(c.rgb).toEqual([1, 3, 5].map((k) => parseInt(c.hex.slice(k, k + 2), 16)));
  });

  it('rejects maps of the wrong size', () => {
    expect(() => diffMapRgba(new Float32Array(4), new Float32Array(5), 0.5, 2, 2)).toThrow(/4 and 5 pixels/);
  });
});
