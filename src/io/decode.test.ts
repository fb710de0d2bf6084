import { encode as encodePng } from 'fast-png';
import { writeArrayBuffer } from 'geotiff';
import { encode as encodeJpeg } from 'jpeg-js';
import { describe, expect, it } from 'vitest';
import { StudioError } from '../errors';
import { decodeImage, sniffFormat } from './decode';
import { encodeGrayPng } from './encodePng';
import { encodeTiff } from './encodeTiff';
import { ab, bigTiffU16, readData } from './testBytes';

const W = 13, H = 7; // odd sizes catch stride bugs
const ramp = (k: number) => Array.from({ length: W * H }, (_, i) => (i * k) % 256);

async function code(p: Promise<unknown>): Promise<string> {
  try { await p; } catch (e) {
    expect(e).toBeInstanceOf(StudioError);
    return (e as StudioError).code;
  }
  return 'no error';
}

describe('decodeImage: PNG', () => {
  it('8-bit grey, via encodeGrayPng', async () => {
    const px = Uint8Array.from(ramp(7));
    const r = await decodeImage(ab(encodeGrayPng(px, W, H)), 'g.png');
    expect([r.width, r.height, r.sampleType, r.format, r.note]).toEqual([W, H, 'uint8', 'png', '']);
    expect(Array.from(r.data)).toEqual(Array.from(px));
  });
  it('16-bit grey keeps full range', async () => {
    const px = Uint16Array.from({ length: W * H }, (_, i) => i * 701);
    const r = await decodeImage(ab(encodePng({ width: W, height: H, data: px, depth: 16, channels: 1 })), 'g16.png');
    expect(r.sampleType).toBe('uint16');
    expect(Array.from(r.data)).toEqual(Array.from(px));
  });
  it('RGB and RGBA → mean of R, G, B', async () => {
    const rgba = Uint8Array.from({ length: W * H * 4 }, (_, i) => (i * 31) % 256);
    const r = await decodeImage(ab(encodePng({ width: W, height: H, data: rgba, depth: 8, channels: 4 })), 'c.png');
    expect(r.data[5]).toBeCloseTo((rgba[20] + rgba[21] + rgba[22]) / 3, 5);
    expect(r.note).toMatch(/mean of R, G, B/);
    const rgb = Uint8Array.of(30, 60, 90, 0, 0, 3);
    const r2 = await decodeImage(ab(encodePng({ width: 2, height: 1, data: rgb, depth: 8, channels: 3 })), 'c3.png');
    expect(Array.from(r2.data)).toEqual([60, 1]);
  });
});

describe('decodeImage: TIFF', () => {
  it('round-trips encodeTiff 8-bit, 16-bit and float32', async () => {
    const u8 = Uint8Array.from(ramp(3));
    const u16 = Uint16Array.from({ length: W * H }, (_, i) => 65535 - i * 500);
    const f32 = Float32Array.from({ length: W * H }, (_, i) => (i - 40) * 0.123);
    for (const [arr, st] of [[u8, 'uint8'], [u16, 'uint16'], [f32, 'float32']] as const) {
      const r = await decodeImage(ab(encodeTiff(arr, W, H)), 't.tif');
      expect([r.width, r.height, r.sampleType, r.format, r.note]).toEqual([W, H, st, 'tiff', '']);
      expect(Array.from(r.data)).toEqual(Array.from(arr));
    }
  });
  it('reads a geotiff-written TIFF', async () => {
    const v = Uint8Array.from(ramp(5));
    const buf = writeArrayBuffer(v, { width: W, height: H });
    const r = await decodeImage(buf, 'gt.tif');
    expect([r.width, r.height, r.sampleType]).toEqual([W, H, 'uint8']);
    expect(Array.from(r.data)).toEqual(Array.from(v));
  });
  it('reads BigTIFF', async () => {
    const v = Uint16Array.from({ length: W * H }, (_, i) => i * 3 + 1000);
    const r = await decodeImage(ab(bigTiffU16(v, W, H)), 'big.tif');
    expect(r.sampleType).toBe('uint16');
    expect(Array.from(r.data)).toEqual(Array.from(v));
  });
  it('ignores the file name: a PNG called .tif is a PNG', async () => {
    const r = await decodeImage(ab(encodeGrayPng(new Uint8Array(4), 2, 2)), 'lies.tif');
    expect(r.format).toBe('png');
  });
});

describe('decodeImage: JPEG', () => {
  it('decodes a jpeg-js encoded image (lossy: close)', async () => {
    const rgba = new Uint8Array(16 * 16 * 4).map((_, i) => (i % 4 === 3 ? 255 : 128));
    const r = await decodeImage(ab(encodeJpeg({ width: 16, height: 16, data: rgba }, 95).data), 'x.jpg');
    expect([r.width, r.height, r.format, r.sampleType]).toEqual([16, 16, 'jpeg', 'uint8']);
    for (const v of r.data) expect(Math.abs(v - 128)).toBeLessThanOrEqual(2);
  });
  it('a cut-off JPEG is truncated-file', async () => {
    const j = encodeJpeg({ width: 16, height: 16, data: new Uint8Array(1024).fill(90) }, 90).data;
    for (const n of [3, 20, 200, j.length - 2]) expect(await code(decodeImage(ab(j.subarray(0, n)), 'cut.jpg'))).toBe('truncated-file');
  });
});

describe('sniffFormat', () => {
  it('reads magic bytes only', () => {
    expect(sniffFormat(Uint8Array.of(0x49, 0x49, 42, 0))).toBe('tiff');
    expect(sniffFormat(Uint8Array.of(0x4d, 0x4d, 0, 42))).toBe('tiff');
    expect(sniffFormat(Uint8Array.of(0x49, 0x49, 43, 0))).toBe('tiff');
    expect(sniffFormat(Uint8Array.of(0xff, 0xd8, 0xff, 0xe0))).toBe('jpeg');
    expect(sniffFormat(encodeGrayPng(new Uint8Array(1), 1, 1))).toBe('png');
    expect(sniffFormat(Uint8Array.of(0x42, 0x4d, 0, 0))).toBe(null); // BMP
  });
});

describe('decodeImage: real files', () => {
  const em = readData('isbi2012_em/images/20.png');
  const dsb = readData('dsb2018_stardist_sample/images/img2d.tif');
  it.skipIf(!em)('ISBI 2012 EM 20.png: 512×512 8-bit (skipped when ../shared/datasets is absent)', async () => {
    const r = await decodeImage(em!, '20.png');
    expect([r.width, r.height, r.sampleType, r.format]).toEqual([512, 512, 'uint8', 'png']);
    expect([r.data[0], r.data[1000]]).toEqual([223, 1]); // checked against PIL
  });
  it.skipIf(!dsb)('DSB 2018 img2d.tif: 512×512 uint16, max 235 (skipped when ../shared/datasets is absent)', async () => {
    const r = await decodeImage(dsb!, 'img2d.tif');
    expect([r.width, r.height, r.sampleType, r.format]).toEqual([512, 512, 'uint16', 'tiff']);
    expect(r.data.reduce((a, b) => Math.max(a, b), 0)).toBe(235);
    expect([r.data[0], r.data[1000]]).toEqual([14, 29]);
  });
});
