import { describe, expect, it } from 'vitest';
import { median, msPerMp, overheadShare, round } from './stats';

const run = (ms: number, inferenceMs: number, width = 2048, height = 2048) => ({ width, height, tiles: 121, ms, inferenceMs });

describe('bench stats', () => {
  it('median of odd and even counts, unsorted input left alone', () => {
    const xs = [5, 1, 3];
    expect(median(xs)).toBe(3);
    expect(xs).toEqual([5, 1, 3]);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
    expect(() => median([])).toThrow(/no values/);
  });

  it('ms per megapixel of the image', () => {
    expect(msPerMp(run(4194.304, 0))).toBeCloseTo(1000, 9); // 2048² = 4.194304 MP
    expect(msPerMp(run(65.536, 0, 256, 256))).toBeCloseTo(1000, 9);
    expect(() => msPerMp(run(1, 0, 0, 5))).toThrow(/empty image/);
  });

  it('share outside session.run is (ms − inferenceMs) / ms', () => {
    expect(overheadShare(run(1000, 750))).toBe(0.25);
    expect(overheadShare(run(1000, 1000))).toBe(0);
    expect(() => overheadShare(run(0, 0))).toThrow(/must be > 0/);
    expect(() => overheadShare(run(100, 150))).toThrow(/not within the wall time/);
    expect(() => overheadShare(run(100, -1))).toThrow(/not within/);
  });

  it('round', () => {
    expect(round(1.23456, 2)).toBe(1.23);
    expect(round(0.98765, 4)).toBe(0.9877);
  });
});
