import { describe, expect, it } from 'vitest';
import { batchCsv, meanSd, sortRows, type BatchRow } from './table';

const row = (name: string, iou?: number, objects = 1): BatchRow => ({
  name, plane: 0, width: 4, height: 2, objects, foregroundFraction: 0.25, meanObjectArea: 2, iou, dice: iou, f1: iou,
});

describe('batch table', () => {
  it('sorts numerically both ways with rows without a mask last', () => {
    const rows = [row('a', 0.5), row('b'), row('c', 0.9), row('d', 0.1)];
    expect(sortRows(rows, 'iou', 'desc').map((r) => r.name)).toEqual(['c', 'a', 'd', 'b']);
    expect(sortRows(rows, 'iou', 'asc').map((r) => r.name)).toEqual(['d', 'a', 'c', 'b']);
    expect(sortRows(rows, 'name', 'desc').map((r) => r.name)).toEqual(['d', 'c', 'b', 'a']);
  });
  it('mean ± sample sd over the rows that have the value', () => {
    const m = meanSd([row('a', 0.2), row('b'), row('c', 0.4)], 'iou')!;
    expect(m.n).toBe(2);
    expect(m.mean).toBeCloseTo(0.3, 12);
    expect(m.sd).toBeCloseTo(Math.SQRT2 * 0.1, 12);
    expect(meanSd([row('b')], 'iou')).toBeUndefined();
  });
  it('CSV: header, 6-decimal values, empty cells without a mask, quoted names, mean and sd rows', () => {
    const csv = batchCsv([row('x,1.tif', 0.5, 3), row('y.tif')]).trim().split('\n');
    expect(csv[0]).toBe('name,plane,width,height,objects,foreground_fraction,mean_object_area,iou,dice,f1');
    expect(csv[1]).toBe('"x,1.tif",0,4,2,3,0.250000,2,0.500000,0.500000,0.500000');
    expect(csv[2]).toBe('y.tif,0,4,2,1,0.250000,2,,,');
    expect(csv[3]).toBe('mean,,4.000000,2.000000,2.000000,0.250000,2.000000,0.500000,0.500000,0.500000');
    expect(csv[4].startsWith('sd,,0.000000,0.000000,1.414214,')).toBe(true);
  });
});
