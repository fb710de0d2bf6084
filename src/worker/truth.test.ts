import { describe, expect, it } from 'vitest';
import { decodeImage } from '../io/decode';
import { encodeGrayPng } from '../io/encodePng';
import { encodeTiff } from '../io/encodeTiff';
import { ab } from '../io/testBytes';
import { confusion } from '../metrics/confusion';
import { scores } from '../metrics/scores';
import { labelsTiff, probTiff } from './exports';
import type { HeldImage, HeldRun } from './held';
import { dropTruth, errorOverlay, openTruth, runMetrics } from './truth';

// 6×4 image; GT: two 2×2 cells. The prediction finds the left cell and a stray pixel.
const w = 6, h = 4;
const gt = Uint8Array.from([
  1, 1, 0, 0, 0, 0,
  1, 1, 0, 0, 1, 1,
  0, 0, 0, 0, 1, 1,
  0, 0, 0, 0, 0, 0,
]);
const prob = Float32Array.from(gt, (g, i) => (g && i % w < 3 ? 0.9 : 0.1));
prob[3 * w + 2] = 0.7; // a false positive
const img: HeldImage = { id: 'img-t', sourceId: 'src', plane: { t: 0, z: 0, c: 0 }, name: 'cells.png', width: w, height: h, data: new Float32Array(w * h), sampleType: 'uint8', format: 'png', note: '' };
const run: HeldRun = { id: 'run-t', imageId: img.id, imageName: img.name, modelId: 'm', width: w, height: h, prob };
const png = (v: Uint8Array, ww = w, hh = h) => ab(encodeGrayPng(v, ww, hh));

describe('ground truth in the worker', () => {
  it('opens a 0/255 PNG and scores a run exactly as the eval CLI', async () => {
    const t = await openTruth(img, png(Uint8Array.from(gt, (g) => g * 255)), 'gt.png', false);
    expect(t).toEqual({ imageId: img.id, planes: [0], name: 'gt.png', width: w, height: h, isInstance: false, objects: 2, foregroundPixels: 8, warnings: [] });
    const m = runMetrics(run, 0.5);
    expect(m.pixel).toEqual({ ...confusion(prob, gt, 0.5), ...scores(confusion(prob, gt, 0.5)) });
    expect([m.pixel.tp, m.pixel.fp, m.pixel.fn]).toEqual([4, 1, 4]);
    expect(m.objects).toMatchObject({ nPred: 2, nGt: 2, tp: 1, fp: 1, fn: 1, truthObjects: 'connected components' });
    expect(m.sweep.iou).toHaveLength(101);
    expect(m.sweep.iou[50]).toBeCloseTo(m.pixel.iou, 6);
    expect(m.truthName).toBe('gt.png');
    expect(runMetrics(run, 0.8).pixel.fp).toBe(0); // a new threshold, the same prob
  });

  it('refuses a mask of another size and keeps the previous one', async () => {
    await openTruth(img, png(gt), 'gt01.png', false);
    await expect(openTruth(img, png(new Uint8Array(4), 2, 2), 'small.png', false))
      .rejects.toMatchObject({ code: 'size-mismatch', message: expect.stringMatching(/^Ground truth is 2 × 2 but the image is 6 × 4/) });
    expect(runMetrics(run, 0.5).truthName).toBe('gt01.png');
  });

  it('instance labels keep their objects; invert makes a binary mask of the background', async () => {
    const labels = Uint16Array.from(gt, (g, i) => (g ? (i % w < 3 ? 7 : 300) : 0));
    const t = await openTruth(img, ab(encodeTiff(labels, w, h)), 'labels.tif', false);
    expect(t).toMatchObject({ isInstance: true, objects: 2, foregroundPixels: 8 });
    expect(runMetrics(run, 0.5).objects.truthObjects).toBe('instance labels');
    const inv = await openTruth(img, ab(encodeTiff(labels, w, h)), 'labels.tif', true);
    expect(inv).toMatchObject({ isInstance: false, foregroundPixels: 16 });
    expect(runMetrics(run, 0.5).pixel.tp).toBe(1);
  });

  it('error overlay counts equal the pixel counts; no mask → a clear message', async () => {
    await openTruth(img, png(gt), 'gt01.png', false);
    const o = errorOverlay(run, 0.5);
    expect(o.counts).toEqual(confusion(prob, gt, 0.5));
    expect(o.foregroundPixels).toBe(5);
    dropTruth(img.id);
    expect(() => runMetrics(run, 0.5)).toThrow(/No ground truth is open for “cells.png”/);
  });
});

describe('TIFF exports', () => {
  it('labels as 16-bit components, prob as float32', async () => {
    const lab = await decodeImage(ab(labelsTiff(run, 0.5)), 'l.tif');
    expect(lab.sampleType).toBe('uint16');
    expect(Array.from(lab.data.slice(0, 6))).toEqual([1, 1, 0, 0, 0, 0]);
    expect(new Set(lab.data)).toEqual(new Set([0, 1, 2]));
    const p = await decodeImage(ab(probTiff(run)), 'p.tif');
    expect(p.sampleType).toBe('float32');
    expect(p.data).toEqual(prob);
  });
});
