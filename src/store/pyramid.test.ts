import { describe, expect, it } from 'vitest';
import { downsampleMean } from '../io/levels';
import { planesSource } from '../io/planesSource';
import type { SampleType } from '../io/types';
import { memorySpill } from './spill';
import { Pyramid } from './pyramid';

const W = 4500, H = 1300;
const data = Float32Array.from({ length: W * H }, (_, i) => ((i % W) * 3 + Math.floor(i / W) * 7) % 1000 + (i % 3) / 4);
const source = (sampleType: SampleType = 'uint16', planes = [data]) => planesSource({ name: 'p', format: 'tiff', width: W, height: H, sampleType, planes, rgb: false, note: '' });
const whole = { x: 0, y: 0, width: W, height: H };

describe('Pyramid', () => {
  it('builds ÷4 and ÷8 levels in chunks equal to a whole-image box mean (rounded for 16-bit), within its budget', async () => {
    let spilled = 0;
    const ints = data.map(Math.floor);
    const p = await Pyramid.open(source('uint16', [ints]), { t: 0, z: 0, c: 0 }, {
      budgetBytes: 512 * 1024, tileSize: 64, chunk: { width: 1000, height: 200 },
      spill: () => { const s = memorySpill(); const w = s.write; s.write = (i, b) => { spilled++; w(i, b); }; return s; },
    });
    expect(p.levels.map((l) => [l.width, l.height, l.downsample])).toEqual([[W, H, 1], [1125, 325, 4], [563, 163, 8]]);
    await p.built;
    const l4 = downsampleMean(ints, W, H, 4), l8 = downsampleMean(l4, 1125, 325, 2);
    const r1 = await p.read(1, whole);
    expect(r1.rect).toEqual({ x: 0, y: 0, width: 1125, height: 325 });
    expect(r1.values).toBeInstanceOf(Uint16Array); // half the bytes of float32, a display level needs no more
    expect(Array.from(r1.values)).toEqual(Array.from(l4, Math.round));
    expect(Array.from((await p.read(2, whole)).values)).toEqual(Array.from(l8, Math.round));
    expect(spilled).toBeGreaterThan(0); // 864 KiB of ÷4 tiles over the ~300 KiB left to it
    expect(p.levels[2].store!.stats.spillWrites).toBe(0); // the coarse level a Fit reads stays resident
    const r0 = await p.read(0, { x: 10, y: 20, width: 3, height: 2 });
    expect(Array.from(r0.values)).toEqual([ints[20 * W + 10], ints[20 * W + 11], ints[20 * W + 12], ints[21 * W + 10], ints[21 * W + 11], ints[21 * W + 12]]);
    p.close();
  });
  it('keeps float32 means for float and signed sources', async () => {
    const p = await Pyramid.open(source('float32'), { t: 0, z: 0, c: 0 }, { chunk: { width: 1024, height: 256 } });
    await p.built;
    const r = await p.read(1, whole);
    expect(r.values).toBeInstanceOf(Float32Array);
    expect(r.values).toEqual(downsampleMean(data, W, H, 4));
    p.close();
  });
  it('answers a read of rows already built before the pass ends', async () => {
    const p = await Pyramid.open(source(), { t: 0, z: 0, c: 0 }, { chunk: { width: 4096, height: 256 } });
    const top = await p.read(1, { x: 0, y: 0, width: W, height: 256 });
    expect(p.levels[1].rows).toBeGreaterThanOrEqual(64);
    expect(p.levels[1].rows).toBeLessThan(p.levels[1].height);
    expect(p.ready(1, { x: 0, y: 0, width: 1125, height: 64 })).toBe(true);
    expect(p.ready(1, { x: 0, y: 0, width: 1125, height: 325 })).toBe(false);
    expect(p.building).toBe(true);
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
