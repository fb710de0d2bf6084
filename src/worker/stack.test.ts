import { describe, expect, it } from 'vitest';
import { StudioError } from '../errors';
import { encodeTiff, encodeTiffPages } from '../io/encodeTiff';
import { arraySource } from '../test/arraySource';
import type { HeldImage } from './held';
import { planeImage, viewFirstPlane, viewPlane } from './planes';
import type { runSegmentation } from './run';
import { heldRun, runStack, stackMetrics } from './stack';
import { openTruth } from './truth';

const W = 8, H = 6;
/** Plane (t, z, c): value = 1000·c + 100·z + 10·t + pixel index mod 10, so every read is traceable. */
const value = (t: number, z: number, c: number, i: number) => 1000 * c + 100 * z + 10 * t + (i % 10);
const src = () => arraySource({ width: W, height: H, sizeT: 2, sizeZ: 3, sizeC: 2, pixelSize: { x: 0.5, y: 0.5, unit: 'µm' } },
  (t, z, c) => Float32Array.from({ length: W * H }, (_, i) => value(t, z, c, i)));

/** A stand-in for run.ts: prob = (pixel mod 10)/10 + z/10 — different per plane, known exactly. */
const fakeSegment: typeof runSegmentation = async (img: HeldImage, runId) => {
  const prob = Float32Array.from(img.data, (v) => ((v % 10) / 10) + img.plane.z / 10);
  const summary = { runId, imageId: img.id, modelId: 'm', width: img.width, height: img.height, tiles: 1, tile: 8, halo: 0, blend: 'crop' as const, ms: 1, inferenceMs: 1, backend: { backend: 'wasm' as const, adapter: '', software: false, threads: 1, note: '' }, pipeline: 'cpu' as const };
  return { summary, run: { id: runId, imageId: img.id, imageName: img.name, modelId: 'm', width: img.width, height: img.height, prob } };
};

describe('planes of an open file', () => {
  it('opens at t=0, z=0, channel 0 with the axes and pixel size; other planes and channels read their own values', async () => {
    const v = await viewFirstPlane(src());
    expect(v.axes).toMatchObject({ sizeT: 2, sizeZ: 3, sizeC: 2, rgb: false, pixelSize: { x: 0.5, y: 0.5 } });
    expect(v.plane).toEqual({ t: 0, z: 0, c: 0 });
    const p = await viewPlane(v.sourceId, { t: 1, z: 2, c: 1 });
    const img = await planeImage(p.imageId);
    expect(img.data[3]).toBe(value(1, 2, 1, 3));
    expect(p.display.map((d) => d.channel)).toEqual([1]);
    // The same plane gives the same id (a contrast change keeps the runs); a different window changes only rgba.
    const again = await viewPlane(v.sourceId, { t: 1, z: 2, c: 1 }, { channels: [{ channel: 1, color: '#ffffff', window: [2100, 2105] }] });
    expect(again.imageId).toBe(p.imageId);
    expect(again.rgba).not.toEqual(p.rgba);
    expect(again.display[0].window).toEqual([2100, 2105]);
  });

  it('draws a two-channel composite and refuses planes the file does not have', async () => {
    const v = await viewFirstPlane(src());
    const c = await viewPlane(v.sourceId, { t: 0, z: 0, c: 0 }, { channels: [{ channel: 0, color: '#ff0000' }, { channel: 1, color: '#00ff00' }] });
    expect(c.display.map((d) => d.name)).toEqual(['C0', 'C1']);
    expect(c.rgba[4 * 9]).toBe(255); // pixel 9 is the top of both windows: red + green
    expect(c.rgba[4 * 9 + 1]).toBe(255);
    await expect(viewPlane(v.sourceId, { t: 0, z: 3, c: 0 })).rejects.toThrow(/3 z slice\(s\).*z = 3/);
    await expect(viewPlane(v.sourceId, { t: 0, z: 0, c: 'luminance' })).rejects.toBeInstanceOf(StudioError);
  });

  it('an RGB file reads luminance by default and shows R, G, B in colour over 0–255', async () => {
    const rgb = arraySource({ width: 2, height: 1, sizeC: 3, rgb: true }, (_t, _z, c) => Float32Array.from([[200, 0], [100, 0], [50, 255]][c]));
    const v = await viewFirstPlane(Object.assign(rgb, { sampleType: 'uint8' as const }));
    expect(v.plane.c).toBe('luminance');
    expect((await planeImage(v.imageId)).data[0]).toBeCloseTo(0.299 * 200 + 0.587 * 100 + 0.114 * 50, 4);
    expect(v.display.map((d) => [d.name, d.color, d.window])).toEqual([['R', '#ff0000', [0, 255]], ['G', '#00ff00', [0, 255]], ['B', '#0000ff', [0, 255]]]);
    expect(Array.from(v.rgba.subarray(0, 8))).toEqual([200, 100, 50, 255, 0, 0, 255, 255]);
  });
});

describe('stack runs', () => {
  it('runs every Z/T plane of the channel, holds uint8 probabilities and reports plane progress', async () => {
    const v = await viewFirstPlane(src());
    const progress: string[] = [];
    const s = await runStack(v.sourceId, 1, { modelId: 'm', backend: 'wasm' }, (p) => progress.push(`${p.plane?.done}/${p.plane?.total}`), { cancelled: false }, undefined, fakeSegment);
    expect(s.planes.map((p) => [p.t, p.z, p.index])).toEqual([[0, 0, 0], [0, 1, 1], [0, 2, 2], [1, 0, 3], [1, 1, 4], [1, 2, 5]]);
    expect(progress.at(-1)).toBe('6/6');
    const run = heldRun(s.planes[5].summary.runId);
    expect(run.imageId).toBe(s.planes[5].imageId);
    for (let i = 0; i < W * H; i++) {
      const want = Math.min(1, (i % 10) / 10 + 0.2);
      expect(Math.abs(run.prob[i] - want)).toBeLessThanOrEqual(0.5 / 255 + 1e-7); // uint8 quantisation
    }
  });

  it('a cancelled stack keeps the planes done before the cancel', async () => {
    const v = await viewFirstPlane(src());
    const token = { cancelled: false };
    let n = 0;
    const stopAfterTwo: typeof runSegmentation = async (img, id, o, p, tk) => {
      if (++n > 2) token.cancelled = true;
      if (tk.cancelled) throw new StudioError('cancelled', 'Run cancelled.');
      return fakeSegment(img, id, o, p, tk);
    };
    const s = await runStack(v.sourceId, 0, { modelId: 'm', backend: 'wasm' }, () => undefined, token, 'stk-c', stopAfterTwo);
    expect(s.cancelled).toBe(true);
    expect(s.planes.map((p) => p.index)).toEqual([0, 1]);
    expect(() => heldRun('stk-c#1')).not.toThrow();
    expect(() => heldRun('stk-c#2')).toThrow(/not segmented/);
  });

  it('stack metrics sum the confusion counts over the planes with a mask', async () => {
    const v = await viewFirstPlane(src());
    const s = await runStack(v.sourceId, 0, { modelId: 'm', backend: 'wasm' }, () => undefined, { cancelled: false }, undefined, fakeSegment);
    // A mask for plane (t=0, z=1) only: foreground where pixel mod 10 ≥ 5.
    const plane1 = await planeImage(s.planes[1].imageId);
    const gt = Uint8Array.from({ length: W * H }, (_, i) => (i % 10 >= 5 ? 255 : 0));
    const bytes = encodeTiff(gt, W, H);
    const info = await openTruth(plane1, bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer, 'gt.tif', false);
    expect(info.planes).toEqual([1]);
    const m = stackMetrics(s.stackId, 0.5);
    expect([m.planes, m.totalPlanes]).toEqual([1, 6]);
    // prob of plane z=1 = (i mod 10)/10 + 0.1 ≥ 0.5 ⇔ i mod 10 ≥ 4: one false positive column (mod 10 = 4).
    let tp = 0, fp = 0;
    for (let i = 0; i < W * H; i++) if (i % 10 >= 4) (i % 10 >= 5 ? tp++ : fp++);
    expect(m.pixel).toMatchObject({ tp, fp, fn: 0, tn: W * H - tp - fp });
  });

  it('a multi-page mask with one page per Z/T plane is the whole stack\'s ground truth; another page count is refused', async () => {
    const v = await viewFirstPlane(src());
    const s = await runStack(v.sourceId, 0, { modelId: 'm', backend: 'wasm' }, () => undefined, { cancelled: false }, undefined, fakeSegment);
    const page = (k: number) => Uint8Array.from({ length: W * H }, (_, i) => (i % 10 >= 5 + (k % 3) ? 1 : 0));
    const tif = (n: number) => {
      const b = encodeTiffPages(Array.from({ length: n }, (_, k) => page(k)), W, H);
      return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
    };
    const img = await planeImage(s.planes[0].imageId);
    await expect(openTruth(img, tif(2), 'two.tif', false)).rejects.toThrow(/has 2 planes but .* has 6/);
    const info = await openTruth(img, tif(6), 'six.tif', false);
    expect(info.planes).toEqual([0, 1, 2, 3, 4, 5]);
    const m = stackMetrics(s.stackId, 0.5);
    expect(m.planes).toBe(6);
    // Plane k (z = k mod 3): prediction i mod 10 ≥ 5 − z, truth i mod 10 ≥ 5 + (k mod 3).
    let tp = 0, fp = 0, fn = 0;
    for (let k = 0; k < 6; k++) for (let i = 0; i < W * H; i++) {
      const p = (i % 10) / 10 + (k % 3) / 10 >= 0.5, g = i % 10 >= 5 + (k % 3);
      if (p && g) tp++; else if (p) fp++; else if (g) fn++;
    }
    expect(m.pixel).toMatchObject({ tp, fp, fn });
  });
});
