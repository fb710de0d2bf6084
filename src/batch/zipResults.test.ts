import { unzipSync, strFromU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { itemZipPaths, streamZip } from './zipResults';

describe('streamZip', () => {
  it('streams entries in order, skips missing ones, and the result unzips to the same bytes', async () => {
    const chunks: Uint8Array[] = [];
    const asked: string[] = [];
    const entry = (path: string, data?: string) => ({ path, bytes: async () => { asked.push(path); return data === undefined ? undefined : new TextEncoder().encode(data); } });
    const n = await streamZip({ entries: [entry('a.csv', 'x,y\n'), entry('masks/b.png'), entry('labels/c.tif', 'CCC')] }, async (c) => void chunks.push(c.slice()));
    expect(n).toBe(2);
    expect(asked).toEqual(['a.csv', 'masks/b.png', 'labels/c.tif']);
    expect(chunks.length).toBeGreaterThan(2); // written piecewise, not as one archive
    const total = new Uint8Array(chunks.reduce((a, c) => a + c.length, 0));
    let o = 0;
    for (const c of chunks) { total.set(c, o); o += c.length; }
    const files = unzipSync(total);
    expect(Object.keys(files)).toEqual(['a.csv', 'labels/c.tif']);
    expect(strFromU8(files['a.csv'])).toBe('x,y\n');
    expect(strFromU8(files['labels/c.tif'])).toBe('CCC');
  });
  it('names item files by base name', () => {
    expect(itemZipPaths('s1.ome.tif')).toEqual({ mask: 'masks/s1.mask.png', labels: 'labels/s1.labels.tif' });
  });
});
