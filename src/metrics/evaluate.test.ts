import { describe, expect, it } from 'vitest';
import { confusion } from './confusion';
import { objectMetrics, pixelMetrics } from './evaluate';
import { scores } from './scores';
import { truthObjects } from './truthLabels';

// 6×2: GT has two objects; the prediction finds the left one exactly and half of the right one at t = 0.5.
const w = 6, h = 2;
const gt = Uint8Array.of(1, 1, 0, 0, 1, 1, 1, 1, 0, 0, 1, 1);
const prob = Float32Array.of(0.9, 0.8, 0.1, 0.6, 0.7, 0.2, 0.9, 0.8, 0.1, 0.2, 0.7, 0.2);
const truth = truthObjects({ binary: gt, labels: Uint32Array.from(gt), width: w, height: h, isInstance: false });

describe('pixelMetrics', () => {
  it('equals the eval CLI formula scores(confusion(prob, gt, t)) and keeps the counts', () => {
    for (const t of [0, 0.15, 0.5, 0.75, 1]) {
      const c = confusion(prob, gt, t);
      expect(pixelMetrics(prob, gt, t)).toEqual({ ...c, ...scores(c) });
    }
    const m = pixelMetrics(prob, gt, 0.5);
    expect([m.tp, m.fp, m.fn, m.tn]).toEqual([6, 1, 2, 3]);
    expect(m.iou).toBeCloseTo(6 / 9, 12);
    expect(m.dice).toBeCloseTo(12 / 15, 12);
  });
});

describe('objectMetrics', () => {
  it('matches components at IoU ≥ 0.5 and reports SEG on the GT objects', () => {
    const o = objectMetrics(prob, w, h, truth, 0.5);
    // Pred components at 0.5: {0,1,6,7} (= GT 1, IoU 1) and {3,4,10} (vs GT 2 {4,5,10,11}: inter 2, union 5, IoU 0.4).
    expect(o).toMatchObject({ nPred: 2, nGt: 2, tp: 1, fp: 1, fn: 1, iouThreshold: 0.5, truthObjects: 'connected components' });
    expect(o.precision).toBe(0.5);
    expect(o.recall).toBe(0.5);
    expect(o.f1).toBe(0.5);
    expect(o.meanMatchedIoU).toBe(1);
    // SEG: GT 1 → J = 1; GT 2 is covered by exactly half (2 of 4 pixels): not > 50 %, J = 0.
    expect(o.seg).toBe(0.5);
  });
  it('a lower object IoU threshold matches the partial object too', () => {
    const o = objectMetrics(prob, w, h, truth, 0.5, 0.4);
    expect(o.tp).toBe(2);
    expect(o.meanMatchedIoU).toBeCloseTo((1 + 0.4) / 2, 6);
  });
  it('nothing predicted → no objects, recall 0', () => {
    const o = objectMetrics(prob, w, h, truth, 0.95);
    expect(o).toMatchObject({ nPred: 0, nGt: 2, tp: 0, fn: 2, recall: 0, seg: 0 });
  });
});
