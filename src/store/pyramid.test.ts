import { describe, expect, it } from 'vitest';
import { downsampleMean } from '../io/levels';
import { planesSource } from '../io/planesSource';
import { memorySpill } from './spill';
import { Pyramid } from './pyramid';

const W = 4500, H = 1300;
const data = Float32Array.from({ length: W * H }, (_, i) => ((i % W) * 3 + Math.floor(i / W) * 7) % 1000);
const source = () => planesSource({ name: 'p', format: 'tiff', width: W, height: H, sampleType: 'uint16', planes: [data], rgb: false, note: '' });

describe('Pyramid', () => {
  it('builds ÷4 and ÷16 levels in chunks equal to a whole-image box mean, within its budget', async () => {
    let spilled = 0;
    const p = await Pyramid.open(source(), { t: 0, z: 0, c: 0 }, {
      budgetBytes: 256 * 1024, tileSize: 64, chunk: { width: 1000, height: 200 },
      spill: () => { const s = memorySpill(); const w = s.write; s.write = (i, b) => { spilled++; w(i, b); }; return s; },
    });
    expect(p.levels.map((l) => [l.width, l.height, l.downsample])).toEqual([[W, H, 1], [1125, 325, 4], [282, 82, 16]]);
    await p.built;
    const l4 = downsampleMean(data, W, H, 4), l16 = downsampleMean(l4, 1125, 325, 4);
    const all = { x: 0, y: 0, width: W, height: H };
    const r1 = await p.read(1, all);
    expect(r1.rect).toEqual({ x: 0, y: 0, width: 1125, height: 325 });
    expect(r1.values).toEqual(l4);
    expect((await p.read(2, all)).values).toEqual(l16);
    expect(spilled).toBeGreaterThan(0); // 1.4 MB of ÷4 tiles over a 256 KiB budget
    const r0 = await p.read(0, { x: 10, y: 20, width: 3, height: 2 });
    expect(Array.from(r0.values)).toEqual([data[20 * W + 10], data[20 * W + 11], data[20 * W + 12], data[21 * W + 10], data[21 * W + 11], data[21 * W + 12]]);
    p.close();
  });
  it('answers a read of rows already built before the pass ends', async () => {
    const p = await Pyramid.open(source(), { t: 0, z: 0, c: 0 }, { chunk: { width: 4096, height: 256 } });
    const top = await p.read(1, { x: 0, y: 0, width: W, height: 256 });
    expect(p.levels[1].rows).toBeLessThan(p.levels[1].height);
    expect(top.values.length).toBe(1125 * 64);
    p.close();
    await expect(p.read(1, { x: 0, y: 1200, width: 10, height: 10 })).rejects.toThrow(/closed/);
  });
  it('builds nothing for an image that already fits the overview', async () => {
    const small = planesSource({ name: 's', format: 'tiff', width: 1000, height: 900, sampleType: 'uint8', planes: [new Float32Array(900000)], rgb: false, note: '' });
    const p = await Pyramid.open(small, { t: 0, z: 0, c: 0 });
    expect(p.levels.length).toBe(1);
    await p.built;
  });
});
