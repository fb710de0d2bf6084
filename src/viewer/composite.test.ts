import { describe, expect, it } from 'vitest';
import { percentiles } from '../tiling/normalize';
import { AUTO_PERCENTILES, channelStats, compositeRgba, parseColor } from './composite';

describe('display composite', () => {
  it('maps each window linearly, clamps, and adds the channel colours', () => {
    const a = Float32Array.from([0, 50, 100, 200]);
    const b = Float32Array.from([10, 10, 20, 30]);
    const rgba = compositeRgba([
      { data: a, window: [0, 100], color: '#ff0000' },
      { data: b, window: [10, 30], color: '#00ff00' },
    ], 2, 2);
    expect(Array.from(rgba)).toEqual([
      0, 0, 0, 255,
      128, 0, 0, 255, // 50/100·255 = 127.5 → rounds to 128
      255, 128, 0, 255,
      255, 255, 0, 255, // 200 clamps to the window's top
    ]);
  });

  it('a narrower window brightens the same values (display only)', () => {
    const a = Float32Array.from([10, 20]);
    const wide = compositeRgba([{ data: a, window: [0, 100], color: '#ffffff' }], 2, 1);
    const narrow = compositeRgba([{ data: a, window: [0, 20], color: '#ffffff' }], 2, 1);
    expect(narrow[4]).toBe(255);
    expect(wide[4]).toBe(51);
    expect(Array.from(a)).toEqual([10, 20]);
  });

  it('a constant plane shows mid-grey', () => {
    expect(compositeRgba([{ data: new Float32Array(1).fill(7), window: [7, 7], color: '#ffffff' }], 1, 1)[0]).toBe(128);
  });

  it('stats: range, automatic 0.3–99.7 % window and a histogram that counts every pixel', () => {
    const data = Float32Array.from({ length: 1000 }, (_, i) => (i * 37) % 1000);
    const s = channelStats(data, 10);
    expect(s.range).toEqual([0, 999]);
    expect(s.auto).toEqual(percentiles(data, AUTO_PERCENTILES));
    expect(s.auto[0]).toBeGreaterThan(0);
    expect(s.auto[1]).toBeLessThan(999);
    expect(s.histogram).toEqual(new Array(10).fill(100));
  });

  it('parses colours; anything else is white', () => {
    expect(parseColor('#00ff80')).toEqual([0, 255, 128]);
    expect(parseColor('red')).toEqual([255, 255, 255]);
  });
});
