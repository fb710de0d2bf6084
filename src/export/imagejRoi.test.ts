import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { encodeRoi, roiZip } from './imagejRoi';

describe('ImageJ ROI writer', () => {
  it('a simple outline is a traced polygon (type 8), coordinates relative to the bounds, named', () => {
    const b = encodeRoi('12', [{ outer: [3, 2, 5, 2, 5, 6, 3, 6], holes: [] }]);
    const dv = new DataView(b.buffer);
    expect(String.fromCharCode(...b.subarray(0, 4))).toBe('Iout');
    expect(dv.getInt16(4)).toBe(228);
    expect(b[6]).toBe(8);
    expect([dv.getInt16(8), dv.getInt16(10), dv.getInt16(12), dv.getInt16(14)]).toEqual([2, 3, 6, 5]); // top left bottom right
    expect(dv.getInt16(16)).toBe(4);
    expect([0, 1, 2, 3].map((i) => dv.getInt16(64 + 2 * i))).toEqual([0, 2, 2, 0]);
    expect([0, 1, 2, 3].map((i) => dv.getInt16(72 + 2 * i))).toEqual([0, 0, 4, 4]);
    const hdr2 = dv.getInt32(60);
    expect(hdr2).toBe(64 + 16);
    const off = dv.getInt32(hdr2 + 16), len = dv.getInt32(hdr2 + 20);
    expect(String.fromCharCode(dv.getUint16(off), dv.getUint16(off + 2))).toBe('12');
    expect(len).toBe(2);
  });

  it('holes make a composite ROI (type 1, shape array of moveto/lineto/close floats)', () => {
    const b = encodeRoi('1', [{ outer: [0, 0, 3, 0, 3, 3, 0, 3], holes: [[1, 1, 1, 2, 2, 2, 2, 1]] }]);
    const dv = new DataView(b.buffer);
    expect(b[6]).toBe(1);
    const size = dv.getInt32(36);
    expect(size).toBe(2 * (3 + 3 * 3 + 1));
    const shape = Array.from({ length: size }, (_, i) => dv.getFloat32(64 + 4 * i));
    expect(shape.slice(0, 6)).toEqual([0, 0, 0, 1, 3, 0]);
    expect(shape[12]).toBe(4);
  });

  it('the zip holds <label>.roi in order', () => {
    const z = unzipSync(roiZip([{ label: 5, polygons: [{ outer: [0, 0, 1, 0, 1, 1, 0, 1], holes: [] }] }, { label: 2, polygons: [{ outer: [2, 0, 3, 0, 3, 1, 2, 1], holes: [] }] }]));
    expect(Object.keys(z)).toEqual(['5.roi', '2.roi']);
  });
});
