/**
 * ImageSource decoding of a corpus written by an independent writer (python3-tifffile, PIL): axes, sizes,
 * pixel size, channel names and exact pixels of chosen planes and regions.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSource } from './openSource';
import { describeSource, type ImageSource, type PlaneSelection, type Rect } from './source';
import { CH, CW, corpusUnavailable, expected, makeCorpus, readCorpus, v16, v8 } from './testCorpus';

const why = corpusUnavailable();
let dir = '';
beforeAll(() => { if (!why) dir = makeCorpus(); });
afterAll(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

const open = (f: string) => openSource(readCorpus(dir, f), f);
const axes = (s: ImageSource) => ({ T: s.sizeT, Z: s.sizeZ, C: s.sizeC, Y: s.height, X: s.width });
const read = async (s: ImageSource, sel: PlaneSelection, rect?: Rect) => Array.from(await s.readRegion(sel, rect));

describe.skipIf(why)(`openSource: OME-TIFF${why ? ` (skipped: ${why})` : ''}`, () => {
  it('ZCYX uint16: axes, pixel size in µm, channel names, every plane by DimensionOrder XYCZT', async () => {
    const s = await open('ome_zcyx.ome.tif');
    expect([s.format, s.sampleType, s.rgb]).toEqual(['ome-tiff', 'uint16', false]);
    expect(axes(s)).toEqual({ T: 1, Z: 3, C: 2, Y: CH, X: CW });
    expect(s.pixelSize).toEqual({ x: 0.325, y: 0.325, z: 1.5, unit: 'µm' });
    expect(s.channelNames).toEqual(['DAPI', 'GFP']);
    expect(s.note).toMatch(/DimensionOrder XYCZT/);
    for (let z = 0; z < 3; z++) for (let c = 0; c < 2; c++) expect(await read(s, { t: 0, z, c }), `z${z} c${c}`).toEqual(expected(v16, 0, z, c));
  });
  it('TZCYX uint8 with PhysicalSize in nm → µm', async () => {
    const s = await open('ome_tzcyx.ome.tif');
    expect(axes(s)).toEqual({ T: 2, Z: 3, C: 2, Y: CH, X: CW });
    expect(s.pixelSize).toEqual({ x: 0.65, y: 0.65, unit: 'µm' });
    expect(s.channelNames).toEqual(['A', 'B']);
    expect(await read(s, { t: 1, z: 2, c: 1 })).toEqual(expected(v8, 1, 2, 1));
    expect(await read(s, { t: 1, z: 0, c: 0 })).toEqual(expected(v8, 1, 0, 0));
    const rect = { x: 3, y: 2, width: 7, height: 5 };
    expect(await read(s, { t: 0, z: 1, c: 1 }, rect)).toEqual(expected(v8, 0, 1, 1, rect));
  });
  it('follows TiffData IFD mapping (planes stored in reverse order)', async () => {
    const s = await open('ome_tiffdata.ome.tif');
    expect(axes(s)).toEqual({ T: 1, Z: 2, C: 2, Y: CH, X: CW });
    expect(s.channelNames).toEqual(['first', 'second']);
    expect(s.pixelSize).toEqual({ x: 0.1, y: 0.2, unit: 'µm' });
    for (let z = 0; z < 2; z++) for (let c = 0; c < 2; c++) expect(await read(s, { t: 0, z, c }), `z${z} c${c}`).toEqual(expected(v8, 0, z, c));
  });
  it('RGB OME-TIFF (Channel SamplesPerPixel 3): channels R, G, B per Z, luminance allowed', async () => {
    const s = await open('ome_rgb.ome.tif');
    expect([s.rgb, s.sizeZ, s.sizeC, s.channelNames]).toEqual([true, 2, 3, ['R', 'G', 'B']]);
    for (let c = 0; c < 3; c++) expect(await read(s, { t: 0, z: 1, c })).toEqual(expected(v8, 0, 1, c));
    const lum = await read(s, { t: 0, z: 1, c: 'luminance' });
    const [r, g, b] = [0, 1, 2].map((c) => expected(v8, 0, 1, c));
    lum.forEach((v, i) => expect(v).toBeCloseTo(0.299 * r[i] + 0.587 * g[i] + 0.114 * b[i], 3));
  });
  it('out-of-range picks list the valid range', async () => {
    const s = await open('ome_zcyx.ome.tif');
    await expect(s.readRegion({ t: 0, z: 0, c: 3 })).rejects.toMatchObject({ code: 'out-of-range', message: '"ome_zcyx.ome.tif" has 2 channels (0–1); channel 3 does not exist.' });
    await expect(s.readRegion({ t: 0, z: 3, c: 0 })).rejects.toMatchObject({ message: expect.stringMatching(/3 z slices \(0–2\)/) });
    await expect(s.readRegion({ t: 1, z: 0, c: 0 })).rejects.toMatchObject({ message: expect.stringMatching(/1 time point \(only 0\)/) });
    await expect(s.readRegion({ t: 0, z: 0, c: 'luminance' })).rejects.toMatchObject({ message: expect.stringMatching(/not an RGB image.*0–1/) });
    await expect(s.readRegion({ t: 0, z: 0, c: 0 }, { x: 20, y: 0, width: 2, height: 1 })).rejects.toMatchObject({ code: 'out-of-range' });
  });
});

describe.skipIf(why)('openSource: ImageJ and plain TIFF', () => {
  it('ImageJ hyperstack TZCYX: order C, Z, T; 0.5 µm from XResolution + unit=micron; spacing → z', async () => {
    const s = await open('imagej_hyper.tif');
    expect([s.format, s.sampleType]).toEqual(['imagej-tiff', 'uint16']);
    expect(axes(s)).toEqual({ T: 2, Z: 3, C: 2, Y: CH, X: CW });
    expect(s.pixelSize).toEqual({ x: 0.5, y: 0.5, z: 2, unit: 'µm' });
    for (const [t, z, c] of [[0, 0, 0], [0, 2, 1], [1, 1, 0], [1, 2, 1]]) expect(await read(s, { t, z, c }), `t${t} z${z} c${c}`).toEqual(expected(v16, t, z, c));
  });
  it("ImageJ's one-IFD layout (planes back to back after page 0) reads every plane", async () => {
    const s = await open('imagej_onepage.tif');
    expect(axes(s)).toEqual({ T: 2, Z: 3, C: 2, Y: CH, X: CW });
    expect(s.note).toMatch(/contiguously/);
    const rect = { x: 2, y: 3, width: 11, height: 6 };
    for (const [t, z, c] of [[0, 0, 0], [0, 2, 1], [1, 1, 0], [1, 2, 1]]) {
      expect(await read(s, { t, z, c }), `t${t} z${z} c${c}`).toEqual(expected(v16, t, z, c));
      expect(await read(s, { t, z, c }, rect), `t${t} z${z} c${c} region`).toEqual(expected(v16, t, z, c, rect));
    }
  });
  it('ImageJ RGB Z-stack: R, G, B per slice; no unit= → pixel size unknown', async () => {
    const s = await open('imagej_rgb.tif');
    expect([s.format, s.rgb, s.sizeZ, s.sizeC, s.channelNames, s.pixelSize]).toEqual(['imagej-tiff', true, 2, 3, ['R', 'G', 'B'], undefined]);
    for (let c = 0; c < 3; c++) expect(await read(s, { t: 0, z: 1, c })).toEqual(expected(v8, 0, 1, c));
  });
  it('ImageJ Z-stack with unit=\\u00B5m', async () => {
    const s = await open('imagej_um.tif');
    expect(axes(s)).toEqual({ T: 1, Z: 4, C: 1, Y: CH, X: CW });
    expect(s.pixelSize).toEqual({ x: 0.25, y: 0.25, unit: 'µm' });
    expect(await read(s, { t: 0, z: 3, c: 0 })).toEqual(expected(v16, 0, 3, 0));
  });
  it('plain multi-page TIFF: pages are Z, no pixel size', async () => {
    const s = await open('multipage.tif');
    expect([s.format, s.pixelSize, s.channelNames]).toEqual(['tiff', undefined, ['C0']]);
    expect(axes(s)).toEqual({ T: 1, Z: 5, C: 1, Y: CH, X: CW });
    for (let z = 0; z < 5; z++) expect(await read(s, { t: 0, z, c: 0 })).toEqual(expected(v8, 0, z, 0));
  });
  it("tifffile's JSON axes: TCZYX pages, and CZYX whose Z=3 tifffile stored as planar samples", async () => {
    const a = await open('tifffile_tczyx.tif');
    expect([a.format, a.note, axes(a)]).toEqual(['tiff', 'tifffile axes TCZYX', { T: 2, Z: 3, C: 2, Y: CH, X: CW }]);
    for (const [t, z, c] of [[0, 0, 1], [1, 2, 0], [1, 1, 1]]) expect(await read(a, { t, z, c }), `t${t} z${z} c${c}`).toEqual(expected(v16, t, z, c));
    const b = await open('tifffile_czyx.tif');
    expect([axes(b), b.rgb]).toEqual([{ T: 1, Z: 3, C: 2, Y: CH, X: CW }, false]);
    for (const [z, c] of [[0, 1], [2, 0], [1, 1]]) expect(await read(b, { t: 0, z, c }), `z${z} c${c}`).toEqual(expected(v8, 0, z, c));
  });
  it('plain TIFF: a page of another size (thumbnail) is skipped, and said so', async () => {
    const s = await open('mixed_sizes.tif');
    expect([s.sizeZ, s.note]).toEqual([3, '3 pages read as Z; 1 page(s) of another size or type skipped']);
    expect(await read(s, { t: 0, z: 2, c: 0 })).toEqual(expected(v8, 0, 2, 0));
  });
  it('interleaved RGB: channels R, G, B, rgb=true, luminance = BT.601', async () => {
    const s = await open('rgb_interleaved.tif');
    expect([s.rgb, s.sizeC, s.channelNames]).toEqual([true, 3, ['R', 'G', 'B']]);
    for (let c = 0; c < 3; c++) expect(await read(s, { t: 0, z: 0, c })).toEqual(expected(v8, 0, 0, c));
    const lum = await s.readRegion({ t: 0, z: 0, c: 'luminance' }, { x: 4, y: 3, width: 1, height: 1 });
    expect(lum[0]).toBeCloseTo(0.299 * v8(0, 0, 0, 3, 4) + 0.587 * v8(0, 0, 1, 3, 4) + 0.114 * v8(0, 0, 2, 3, 4), 3);
  });
  it('planar (separate) 3-sample uint16: samples are channels, not RGB', async () => {
    const s = await open('planar_3ch.tif');
    expect([s.rgb, s.sizeC, s.sampleType]).toEqual([false, 3, 'uint16']);
    const rect = { x: 5, y: 1, width: 9, height: 10 };
    for (let c = 0; c < 3; c++) expect(await read(s, { t: 0, z: 0, c }, rect)).toEqual(expected(v16, 0, 0, c, rect));
  });
  it('plain TIFF with ResolutionUnit cm → µm', async () => {
    const s = await open('res_cm.tif');
    expect(s.pixelSize).toEqual({ x: 0.25, y: 0.25, unit: 'µm' });
    expect(await read(s, { t: 0, z: 0, c: 0 })).toEqual(expected(v16, 0, 0, 0));
  });
  it('BigTIFF float32, 2 pages', async () => {
    const s = await open('bigtiff.tif');
    expect([s.sampleType, s.sizeZ]).toEqual(['float32', 2]);
    expect(await read(s, { t: 0, z: 1, c: 0 })).toEqual(expected(v16, 0, 1, 0, undefined, (v) => v * 0.25 - 100));
  });
  it('tiled deflate TIFF: a region across tile borders reads exactly', async () => {
    const s = await open('tiled.tif');
    expect([s.width, s.height]).toEqual([50, 40]);
    const rect = { x: 13, y: 9, width: 22, height: 25 };
    expect(await read(s, { t: 0, z: 0, c: 0 }, rect)).toEqual(expected(v16, 0, 0, 0, rect));
    const whole = await read(s, { t: 0, z: 0, c: 0 });
    expect(whole).toEqual(expected(v16, 0, 0, 0, { x: 0, y: 0, width: 50, height: 40 }));
  });
  it('int8/16/32, uint32, float32/64 samples keep their values', async () => {
    const maps: [string, (v: number) => number][] = [
      ['int8', (v) => (v % 256) - 128], ['int16', (v) => v - 30000], ['int32', (v) => v * 1000 - 200000],
      ['uint32', (v) => v * 70000], ['float32', (v) => v * 0.25 - 100], ['float64', (v) => v * 0.125 - 7],
    ];
    for (const [dt, f] of maps) {
      const s = await open(`dtype_${dt}.tif`);
      expect(s.sampleType).toBe(dt);
      expect(await read(s, { t: 0, z: 0, c: 0 }), dt).toEqual(expected(v16, 0, 0, 0, undefined, f));
    }
  });
});

describe.skipIf(why)('openSource: compressed TIFFs written by PIL (libtiff)', () => {
  it('LZW 8- and 16-bit and PackBits decode exactly', async () => {
    for (const [f, fn] of [['pil_lzw.tif', v8], ['pil_lzw16.tif', v16], ['pil_packbits.tif', v8]] as const) {
      const s = await open(f);
      expect(await read(s, { t: 0, z: 0, c: 0 }), f).toEqual(expected(fn, 0, 0, 0));
    }
  });
  it('JPEG-compressed RGB TIFF → R, G, B close to the written values', async () => {
    const s = await open('pil_jpeg.tif');
    expect([s.rgb, s.sizeC]).toEqual([true, 3]);
    for (let c = 0; c < 3; c++) {
      const got = await read(s, { t: 0, z: 0, c });
      const want = expected(v8, 0, 0, c);
      expect(got.reduce((a, v, i) => a + Math.abs(v - want[i]), 0) / got.length, `channel ${c}`).toBeLessThan(8);
    }
  });
});

describe.skipIf(why)('openSource: PNG, JPEG', () => {
  it('RGB PNG → 3 channels, rgb, exact', async () => {
    const s = await open('rgb.png');
    expect([s.format, s.rgb, s.sizeC, s.sampleType]).toEqual(['png', true, 3, 'uint8']);
    for (let c = 0; c < 3; c++) expect(await read(s, { t: 0, z: 0, c })).toEqual(expected(v8, 0, 0, c));
  });
  it('16-bit grey PNG keeps 16 bits', async () => {
    const s = await open('grey16.png');
    expect([s.sizeC, s.rgb, s.sampleType]).toEqual([1, false, 'uint16']);
    expect(await read(s, { t: 0, z: 0, c: 0 })).toEqual(expected(v16, 0, 0, 0));
  });
  it('RGB JPEG → 3 channels (lossy: within 8 of the written values on average)', async () => {
    const s = await open('rgb.jpg');
    expect([s.format, s.rgb, s.sizeC, s.width, s.height]).toEqual(['jpeg', true, 3, CW, CH]);
    for (let c = 0; c < 3; c++) {
      const got = await read(s, { t: 0, z: 0, c });
      const want = expected(v8, 0, 0, c);
      expect(got.reduce((a, v, i) => a + Math.abs(v - want[i]), 0) / got.length, `channel ${c}`).toBeLessThan(8);
    }
  });
});

describe.skipIf(why)('openSource: stack e2e files', () => {
  it('stack_z3.ome.tif: 3 Z planes of 128×128 that differ, 0.5 µm', async () => {
    const s = await open('stack_z3.ome.tif');
    expect([axes(s), s.pixelSize]).toEqual([{ T: 1, Z: 3, C: 1, Y: 128, X: 128 }, { x: 0.5, y: 0.5, z: 2, unit: 'µm' }]);
    const planes = await Promise.all([0, 1, 2].map((z) => read(s, { t: 0, z, c: 0 })));
    expect(new Set(planes.map((p) => p.join())).size).toBe(3);
    expect(planes[1][90 * 128 + 55]).toBe(200); // disc centre (90, 40 + 15·z) at z = 1
    expect(planes[0][90 * 128 + 55]).toBe(20);
  });
  it('channel 1 of two_channel.ome.tif equals two_channel_c1.tif, and differs from channel 0', async () => {
    const two = await open('two_channel.ome.tif');
    const one = await open('two_channel_c1.tif');
    expect([two.sizeC, two.channelNames, one.sizeC]).toEqual([2, ['nuclei', 'membrane'], 1]);
    const c1 = await read(two, { t: 0, z: 0, c: 1 });
    expect(c1).toEqual(await read(one, { t: 0, z: 0, c: 0 }));
    expect(await read(two, { t: 0, z: 0, c: 0 })).not.toEqual(c1);
  });
});

describe.skipIf(why)('describeSource', () => {
  it('names format, size, the axes above 1, type and pixel size', async () => {
    expect(describeSource(await open('ome_tzcyx.ome.tif'))).toBe('OME-TIFF · 21×13 · T 2 · Z 3 · C 2 · uint8 · 0.65 µm per pixel');
    expect(describeSource(await open('ome_zcyx.ome.tif'))).toBe('OME-TIFF · 21×13 · Z 3 · C 2 · uint16 · 0.325 µm (z 1.5 µm) per pixel');
    expect(describeSource(await open('rgb.png'))).toBe('PNG · 21×13 · RGB · uint8 · pixel size unknown');
  });
});
