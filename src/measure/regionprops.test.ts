import { describe, expect, it } from 'vitest';
import { measureObjects } from './regionprops';
import { objectsCsv } from '../export/objectsCsv';

/** Label image from rows of characters: '.' = 0, digits = labels. */
function img(rows: string[]) {
  const height = rows.length, width = rows[0].length;
  const labels = new Uint32Array(width * height);
  rows.forEach((r, y) => [...r].forEach((ch, x) => { labels[y * width + x] = ch === '.' ? 0 : Number(ch); }));
  return { labels, width, height };
}

describe('measureObjects', () => {
  it('one pixel: area 1, perimeter 0 (skimage), solidity 1, eccentricity 0, circularity undefined', () => {
    const [r] = measureObjects(img(['...', '.1.', '...']));
    expect(r).toMatchObject({ label: 1, area: 1, perimeter: 0, solidity: 1, eccentricity: 0, bbox: [1, 1, 2, 2], touchesBorder: false });
    expect(r.circularity).toBeNaN();
    expect(r.intensityMean).toBeNaN();
  });

  it('2×2 square: every pixel is a border pixel with code 15 (weight 1), so perimeter 4', () => {
    const [r] = measureObjects(img(['....', '.11.', '.11.', '....']), null, { x: 0.5, y: 2 });
    expect(r.perimeter).toBe(4);
    expect(r.areaUm2).toBe(4);
    expect(r.centroidRow).toBe(1.5);
    expect(r.circularity).toBeCloseTo(Math.PI, 12);
  });

  it('a horizontal line has eccentricity 1; labels keep their numbers and order; intensities per object', () => {
    const raw = Float32Array.from({ length: 15 }, (_, i) => i);
    const rows = measureObjects(img(['7777.', '.....', '3...3']), raw);
    expect(rows.map((r) => r.label)).toEqual([3, 7]);
    expect(rows[1].eccentricity).toBe(1);
    expect(rows[0]).toMatchObject({ intensityMin: 10, intensityMax: 14, intensityMean: 12, touchesBorder: true });
    // Two separate pieces are one region (as skimage): hull spans both, so solidity 2/5.
    expect(rows[0].solidity).toBeCloseTo(2 / 5, 12);
  });

  it('refuses an intensity image of another size', () => {
    expect(() => measureObjects(img(['1']), new Float32Array(2))).toThrow(/intensity image has 2 pixels/);
  });

  it('CSV: skimage column names, label and area first, NaN as empty', () => {
    const csv = objectsCsv(measureObjects(img(['1.', '..'])));
    const [head, line] = csv.trim().split('\n');
    expect(head.split(',').slice(0, 5)).toEqual(['label', 'area', 'area_um2', 'perimeter', 'centroid-0']);
    expect(head).toContain('bbox-3,equivalent_diameter_area,eccentricity,solidity,circularity,intensity_mean');
    expect(line.split(',').slice(0, 4)).toEqual(['1', '1', '', '0']);
  });
});
