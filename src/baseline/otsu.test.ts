import { describe, expect, it } from 'vitest';
import { decodeImage } from '../io/decode';
import { readData } from '../io/testBytes';
import { histogram } from './histogram';
import { otsuThreshold } from './otsu';

describe('histogram', () => {
  it('has one bin per integer from min to max for integer images', () => {
    const h = histogram([3, 3, 5, 7]);
    expect(Array.from(h.centres)).toEqual([3, 4, 5, 6, 7]);
    expect(Array.from(h.counts)).toEqual([2, 0, 1, 0, 1]);
  });
  it('has nbins equal bins over [min, max] otherwise, the max in the last, non-finite values left out', () => {
    const h = histogram([0, 0.5, 1, NaN, Infinity], 4);
    expect(Array.from(h.centres)).toEqual([0.125, 0.375, 0.625, 0.875]);
    expect(Array.from(h.counts)).toEqual([1, 0, 1, 1]);
  });
});

describe('otsuThreshold', () => {
  it('splits two levels at the lower one (first maximum, foreground is value > t)', () => {
    // every split 0..9 has the same between-class variance 3·3·10²; the first wins
    expect(otsuThreshold([0, 0, 0, 10, 10, 10])).toBe(0);
  });
  it('matches the hand-computed between-class variances', () => {
    // hist over 0..4 = [4, 2, 0, 0, 2]. Splits: k=0: 4·4·(0 − 2.5)² = 100; k=1..3: 6·2·(1/3 − 4)² ≈ 161.3 → t = 1
    expect(otsuThreshold([0, 0, 0, 0, 1, 1, 4, 4])).toBe(1);
    // moving the 1s to 3 flips the split: k=0: 4·4·(0 − 3.5)² = 196 beats k=3: 6·2·(1 − 4)² = 108 → t = 0
    expect(otsuThreshold([0, 0, 0, 0, 3, 3, 4, 4])).toBe(0);
  });
  it('returns a bin centre between the classes for float data', () => {
    const t = otsuThreshold([0.1, 0.2, 0.9, 1.0]);
    // 256 bins of 0.9/256 from 0.1: 0.2 falls in bin 28, the first best split, whose centre is 0.1 + 28.5·0.9/256
    expect(t).toBeCloseTo(0.1 + 28.5 * 0.9 / 256, 12);
  });
  it('is the value of a constant image and NaN of an empty one', () => {
    expect(otsuThreshold([7, 7, 7])).toBe(7);
    expect(otsuThreshold([])).toBeNaN();
  });
  const em = readData('isbi2012_em/images/20.png');
  it.skipIf(!em)('maximises the between-class variance on ISBI EM 20.png, by brute force over every grey level (skipped without ../shared/datasets)', async () => {
    const img = await decodeImage(em!, '20.png');
    const t = otsuThreshold(img.data);
    const between = (s: number) => {
      let n0 = 0, s0 = 0, n1 = 0, s1 = 0;
      for (const v of img.data) if (v > s) { n1++; s1 += v; } else { n0++; s0 += v; }
      return n0 && n1 ? n0 * n1 * (s0 / n0 - s1 / n1) ** 2 : 0;
    };
    let best = -1, bestT = NaN;
    for (let s = 0; s < 255; s++) {
      const b = between(s);
      if (b > best) { best = b; bestT = s; }
    }
    expect(t).toBe(bestT);
    expect(t).toBeGreaterThan(60);
    expect(t).toBeLessThan(200);
  });
});
