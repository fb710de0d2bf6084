import { describe, expect, it } from 'vitest';
import { extractTile } from './extractTile';

/** Naive mirror by repeated reflection, independent of mirrorIndex's modular arithmetic. */
function reflect(i: number, n: number): number {
  if (n === 1) return 0;
  while (i < 0 || i >= n) i = i < 0 ? -i : 2 * (n - 1) - i;
  return i;
}

describe('extractTile', () => {
  for (const [w, h] of [[7, 5], [1, 9], [40, 33], [3, 1]]) {
    it(`matches a naive mirror-filled copy on ${w}×${h}`, () => {
      const src = Float32Array.from({ length: w * h }, (_, i) => i * 1.5 - 7);
      for (const rect of [{ x0: -5, y0: -6, size: 16 }, { x0: 2, y0: 1, size: 4 }, { x0: w - 3, y0: h - 2, size: 12 }, { x0: -20, y0: 30, size: 8 }]) {
        const T = rect.size;
        const out = new Float32Array(3 + T * T).fill(NaN);
        extractTile(src, w, h, rect, out, 3);
        expect(Number.isNaN(out[0])).toBe(true); // nothing before the offset was touched
        for (let y = 0; y < T; y++)
          for (let x = 0; x < T; x++)
            expect(out[3 + y * T + x]).toBe(src[reflect(rect.y0 + y, h) * w + reflect(rect.x0 + x, w)]);
      }
    });
  }
});
