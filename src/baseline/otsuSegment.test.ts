import { describe, expect, it } from 'vitest';
import { otsuSegment } from './otsuSegment';

describe('otsuSegment', () => {
  // 6×4: a bright 3×3 block (200), one bright speck (200), a dark background (10)
  const w = 6, h = 4;
  const data = new Float32Array(w * h).fill(10);
  for (const [x, y] of [[0, 0], [1, 0], [2, 0], [0, 1], [1, 1], [2, 1], [0, 2], [1, 2], [2, 2], [5, 3]]) data[y * w + x] = 200;

  it('bright: foreground above the threshold, small specks removed', () => {
    const r = otsuSegment({ data, width: w, height: h }, { polarity: 'bright', minArea: 2 });
    expect(r.threshold).toBe(10); // two levels: split at the lower (see otsu.test.ts)
    expect(r).toMatchObject({ objects: 1, removedObjects: 1, foregroundPixels: 9 });
    expect(r.mask[5 * 1 + 3 * w]).toBe(0);
    expect(r.mask[0]).toBe(1);
  });
  it('dark: the complement before small-object removal', () => {
    const all = otsuSegment({ data, width: w, height: h }, { polarity: 'dark', minArea: 0 });
    expect(all.foregroundPixels).toBe(w * h - 10);
    for (let i = 0; i < w * h; i++) expect(all.mask[i]).toBe(data[i] > all.threshold ? 0 : 1);
    // the background is one object of 14 px: minArea 15 removes it
    expect(otsuSegment({ data, width: w, height: h }, { polarity: 'dark', minArea: 15 })).toMatchObject({ objects: 0, removedObjects: 1, foregroundPixels: 0 });
  });
  it('a constant image has no bright foreground', () => {
    expect(otsuSegment({ data: new Float32Array(12).fill(3), width: 4, height: 3 }, { polarity: 'bright', minArea: 0 }).foregroundPixels).toBe(0);
  });
});
