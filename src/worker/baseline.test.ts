import { describe, expect, it } from 'vitest';
import { BASELINE_MODEL_ID } from '../baseline/otsuSegment';
import { encodeGrayPng } from '../io/encodePng';
import { ab } from '../io/testBytes';
import { diffMapRgba } from '../metrics/diffMap';
import { holdBaseline, runBaseline } from './baseline';
import { runs, type HeldImage } from './held';
import { overlayRgba } from './render';
import { openTruth, runMetrics } from './truth';

// 6×4: a bright 2×3 cell (200), a bright single pixel (200), dark background (20).
const w = 6, h = 4;
const data = new Float32Array(w * h).fill(20);
for (const i of [1, 2, 7, 8, 13, 14, 23]) data[i] = 200;
const img: HeldImage = { id: 'img-b', sourceId: 'src', plane: { t: 0, z: 0, c: 0 }, name: 'b.png', width: w, height: h, data, sampleType: 'uint8', format: 'png', note: '' };

describe('baseline run in the worker', () => {
  it('holds a 0/1 probability map that overlays, metrics and the difference map read unchanged', async () => {
    const { summary, run } = runBaseline(img, 'run-b', { polarity: 'bright', minArea: 2 });
    expect(summary).toMatchObject({ runId: 'run-b', imageId: img.id, modelId: BASELINE_MODEL_ID, tiles: 0 });
    expect(summary.baseline).toEqual({ polarity: 'bright', minArea: 2, threshold: 20, objects: 1, removedObjects: 1, foregroundPixels: 6 });
    expect(new Set(run.prob)).toEqual(new Set([0, 1]));
    expect(overlayRgba(run.prob, w, h, 0.5, 'mask').foregroundPixels).toBe(6);
    expect(overlayRgba(run.prob, w, h, 1, 'mask').foregroundPixels).toBe(6); // any threshold in (0, 1]

    // GT: the cell plus the single pixel → the baseline misses one pixel: IoU 6/7, Dice 12/13.
    const gt = Uint8Array.from(data, (v) => (v > 100 ? 255 : 0));
    await openTruth(img, ab(encodeGrayPng(gt, w, h)), 'gt.png', false);
    const m = runMetrics(run, 0.5);
    expect([m.pixel.tp, m.pixel.fp, m.pixel.fn]).toEqual([6, 0, 1]);
    expect(m.pixel.iou).toBeCloseTo(6 / 7, 12);
    expect(m.pixel.dice).toBeCloseTo(12 / 13, 12);
    expect(m.objects).toMatchObject({ nPred: 1, nGt: 2, tp: 1, fn: 1 });

    const dark = runBaseline(img, 'run-d', { polarity: 'dark', minArea: 0 }).run;
    expect(diffMapRgba(run.prob, dark.prob, 0.5, w, h).counts).toMatchObject({ onlyA: 6, onlyB: 17, both: 0 });
  });

  it('holds one baseline run per image: a new one replaces the previous (network runs stay in the LRU)', () => {
    runs.put('run-net', { id: 'run-net', imageId: img.id, imageName: img.name, modelId: 'em-unet', width: w, height: h, prob: new Float32Array(w * h) });
    const first = holdBaseline(img, { polarity: 'bright', minArea: 0 });
    expect(runs.peek(first.runId)?.modelId).toBe(BASELINE_MODEL_ID);
    let last = first;
    for (let i = 0; i < 5; i++) last = holdBaseline(img, { polarity: i % 2 ? 'bright' : 'dark', minArea: i });
    expect(runs.peek(first.runId)).toBeUndefined();
    expect(runs.peek(last.runId)?.prob).toHaveLength(w * h);
    expect(runs.peek('run-net')).toBeDefined();
  });

  it('refuses options it cannot use, saying what it expected', () => {
    expect(() => runBaseline(img, 'r', { polarity: 'grey' as 'bright', minArea: 0 })).toThrow(/"bright" or "dark"/);
    expect(() => runBaseline(img, 'r', { polarity: 'dark', minArea: -1 })).toThrow(/≥ 0/);
  });
});
