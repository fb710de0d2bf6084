import { strFromU8, unzipSync } from 'fflate';
import { decode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { decodeImage } from '../io/decode';
import { objectFiles } from './objectFiles';

// 6×4: label 1 (6 px, touches the border), label 2 (1 px), label 4 (2 px)
const W = 6, H = 4;
const labels = Uint32Array.from([
  1, 1, 1, 0, 0, 0,
  1, 1, 1, 0, 2, 0,
  0, 0, 0, 0, 0, 0,
  0, 4, 4, 0, 0, 0,
]);

describe('objectFiles', () => {
  it('writes every format under its suffix; the filter applies to all of them', async () => {
    const { files, rows } = objectFiles({ labels, width: W, height: H }, ['labels', 'mask', 'csv', 'geojson', 'roi'], { filter: { minArea: 2 } });
    expect(rows.map((r) => r.label)).toEqual([1, 4]);
    expect(Object.keys(files).sort()).toEqual(['.geojson', '.labels.tif', '.mask.png', '.objects.csv', '.roi.zip']);
    const csv = (files['.objects.csv'] as string).trim().split('\n');
    expect(csv.slice(1).map((l) => l.split(',').slice(0, 2).join(','))).toEqual(['1,6', '4,2']);
    const geo = JSON.parse(files['.geojson'] as string);
    expect(geo.features.map((f: { properties: { name: string } }) => f.properties.name)).toEqual(['1', '4']);
    expect(Object.keys(unzipSync(files['.roi.zip'] as Uint8Array))).toEqual(['1.roi', '4.roi']);
    const tif = files['.labels.tif'] as Uint8Array;
    const lab = await decodeImage(tif.buffer.slice(tif.byteOffset, tif.byteOffset + tif.byteLength) as ArrayBuffer, 'l.tif');
    expect(Array.from(lab.data)).toEqual(Array.from(labels, (v) => (v === 2 ? 0 : v)));
    expect(Array.from(decode(files['.mask.png'] as Uint8Array).data)).toEqual(Array.from(labels, (v) => (v && v !== 2 ? 255 : 0)));
    expect(strFromU8(unzipSync(files['.roi.zip'] as Uint8Array)['4.roi'].subarray(0, 4))).toBe('Iout');
  });

  it('refuses unknown formats', () => {
    expect(() => objectFiles({ labels, width: W, height: H }, ['svg' as never])).toThrow(/unknown export format "svg"/);
  });
});
