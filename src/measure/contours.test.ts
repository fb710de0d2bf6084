import { describe, expect, it } from 'vitest';
import { ringArea2, traceContours } from './contours';

function img(rows: string[]) {
  const height = rows.length, width = rows[0].length;
  const labels = new Uint16Array(width * height);
  rows.forEach((r, y) => [...r].forEach((ch, x) => { labels[y * width + x] = ch === '.' ? 0 : Number(ch); }));
  return { labels, width, height };
}

const area = (polys: { outer: number[]; holes: number[][] }[]) =>
  polys.reduce((s, p) => s + ringArea2(p.outer) / 2 + p.holes.reduce((t, h) => t + ringArea2(h) / 2, 0), 0);

describe('traceContours', () => {
  it('traces a square on pixel corners, corners only, clockwise on screen', () => {
    const c = traceContours(img(['....', '.11.', '.11.', '....']));
    expect(c.get(1)).toEqual([{ outer: [1, 1, 3, 1, 3, 3, 1, 3], holes: [] }]);
  });

  it('keeps holes; the area is the pixel count', () => {
    const c = traceContours(img(['111', '1.1', '111']));
    const [p] = c.get(1)!;
    expect(p.holes).toHaveLength(1);
    expect(area(c.get(1)!)).toBe(8);
  });

  it('diagonal-only pixels become separate polygons touching at a vertex', () => {
    const polys = traceContours(img(['1.', '.1'])).get(1)!;
    expect(polys).toHaveLength(2);
    expect(area(polys)).toBe(2);
  });

  it('a hole open to the outside only at a corner stays a hole', () => {
    const polys = traceContours(img(['.111', '1..1', '1..1', '1111'])).get(1)!;
    expect(polys).toHaveLength(1);
    expect(polys[0].holes).toHaveLength(1);
    expect(area(polys)).toBe(11);
  });

  it('touching labels each get their own outline; options restrict to one label', () => {
    const all = traceContours(img(['1122', '1122']));
    expect([...all.keys()]).toEqual([1, 2]);
    const one = traceContours(img(['1122', '1122']), { label: 2, bbox: [0, 2, 2, 4] });
    expect([...one.keys()]).toEqual([2]);
    expect(one.get(2)![0].outer).toEqual([2, 0, 4, 0, 4, 2, 2, 2]);
  });
});
