import { describe, expect, it } from 'vitest';
import { decodeMask } from './decodeMask';
import { encodeGrayPng } from './encodePng';
import { encodeTiff } from './encodeTiff';
import { ab, readData } from './testBytes';

describe('decodeMask', () => {
  it('0/255 PNG → binary, not instance', async () => {
    const m = await decodeMask(ab(encodeGrayPng(Uint8Array.of(0, 255, 255, 0, 0, 255), 3, 2)), 'm.png');
    expect([m.width, m.height, m.isInstance]).toEqual([3, 2, false]);
    expect(Array.from(m.binary)).toEqual([0, 1, 1, 0, 0, 1]);
    expect(Array.from(m.labels)).toEqual([0, 255, 255, 0, 0, 255]);
  });
  it('0/1 masks and invert', async () => {
    const bytes = ab(encodeGrayPng(Uint8Array.of(0, 1, 1, 0), 2, 2));
    expect(Array.from((await decodeMask(bytes, 'm.png')).binary)).toEqual([0, 1, 1, 0]);
    const inv = await decodeMask(bytes, 'm.png', true);
    expect(Array.from(inv.binary)).toEqual([1, 0, 0, 1]);
    expect(Array.from(inv.labels)).toEqual([1, 0, 0, 1]);
  });
  it('16-bit instance labels → isInstance, foreground = label > 0', async () => {
    const m = await decodeMask(ab(encodeTiff(Uint16Array.of(0, 1, 2, 300, 0, 2), 3, 2)), 'l.tif');
    expect(m.isInstance).toBe(true);
    expect(Array.from(m.labels)).toEqual([0, 1, 2, 300, 0, 2]);
    expect(Array.from(m.binary)).toEqual([0, 1, 1, 1, 0, 1]);
  });
  const dsb = readData('dsb2018_stardist_sample/masks/img2d.tif');
  it.skipIf(!dsb)('the DSB 2018 label image is an instance mask (skipped when ../shared/datasets is absent)', async () => {
    const m = await decodeMask(dsb!, 'img2d.tif');
    expect([m.width, m.height, m.isInstance]).toEqual([512, 512, true]);
    const fg = m.binary.reduce((a, b) => a + b, 0);
    expect(fg).toBeGreaterThan(0);
    expect(fg).toBeLessThan(512 * 512);
  });
});
