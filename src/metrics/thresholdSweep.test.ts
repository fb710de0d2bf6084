import { describe, expect, it } from 'vitest';
import { confusion } from './confusion';
import { scores } from './scores';
import { thresholdSweep } from './thresholdSweep';

const f32 = new Float32Array(1), u32 = new Uint32Array(f32.buffer);
/** Neighbouring float32 values of a non-negative float32 (bit pattern ± 1). */
const nextUp = (x: number) => { f32[0] = x; u32[0]++; return f32[0]; };
const nextDown = (x: number) => { f32[0] = x; if (u32[0] > 0) u32[0]--; return f32[0]; };

function lcg(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
}

/** Random probabilities, a large share of them exactly on or one ulp around a threshold, plus oddities. */
function edgeHeavyProbs(n: number, steps: number, rand: () => number): Float32Array {
  const p = new Float32Array(n);
  for (let k = 0; k < n; k++) {
    const t = Math.floor(rand() * steps) / (steps - 1), r = rand();
    p[k] = r < 0.2 ? t : r < 0.35 ? nextUp(Math.fround(t)) : r < 0.5 ? nextDown(Math.fround(t)) : r < 0.97 ? rand() : [NaN, -0.5, 1.5, Infinity, -0][k % 5];
  }
  return p;
}

describe('thresholdSweep', () => {
  it('counts equal confusion() at every threshold, as exact values and as stored float32 (random data, bin edges)', () => {
    const rand = lcg(7);
    for (const steps of [101, 2, 3, 7, 256, 1001]) {
      const n = 5000;
      const prob = edgeHeavyProbs(n, steps, rand);
      const gt = Uint8Array.from({ length: n }, () => (rand() < 0.4 ? 1 + Math.floor(rand() * 255) : 0));
      const r = thresholdSweep(prob, gt, steps);
      expect(r.thresholds.length).toBe(steps);
      for (let i = 0; i < steps; i++) {
        const got = { tp: r.counts.tp[i], fp: r.counts.fp[i], fn: r.counts.fn[i], tn: r.counts.tn[i] };
        expect(got).toEqual(confusion(prob, gt, i / (steps - 1)));
        expect(got).toEqual(confusion(prob, gt, r.thresholds[i]));
        const s = scores(got);
        expect(r.iou[i]).toBe(Math.fround(s.iou));
        expect(r.dice[i]).toBe(Math.fround(s.dice));
      }
    }
  });

  it('thresholds are i/(steps−1) rounded up to float32: 0 and 1 exact, never below the real value', () => {
    const { thresholds } = thresholdSweep(new Float32Array(1), new Uint8Array(1));
    expect(thresholds[0]).toBe(0);
    expect(thresholds[100]).toBe(1);
    for (let i = 1; i <= 100; i++) {
      expect(thresholds[i]).toBeGreaterThanOrEqual(i / 100);
      expect(nextDown(thresholds[i])).toBeLessThan(i / 100); // smallest such float32
    }
    // 0.7 is where round-to-nearest would go below: a pixel at fround(0.7) is not ≥ 0.7.
    expect(Math.fround(0.7)).toBeLessThan(0.7);
    const r = thresholdSweep(Float32Array.of(0.7), Uint8Array.of(1));
    expect(r.counts.tp[70]).toBe(0);
    expect(r.counts.tp[69]).toBe(1);
  });

  it('hand example: best threshold and IoU/Dice values', () => {
    // fg pixels at 0.9, 0.6, 0.3; bg pixels at 0.5, 0.1 → at t ∈ (0.5, 0.6]: TP 2, FP 0, FN 1 → IoU 2/3.
    // At t ∈ (0.1, 0.3]: TP 3, FP 1, FN 0 → IoU 3/4, the best; lowest such threshold is 0.11.
    const r = thresholdSweep(Float32Array.of(0.9, 0.6, 0.3, 0.5, 0.1), Uint8Array.of(1, 1, 1, 0, 0));
    expect(r.iou[55]).toBeCloseTo(2 / 3, 6);
    expect(r.best.iou).toBeCloseTo(0.75, 12);
    expect(r.best.dice).toBeCloseTo(6 / 7, 12);
    expect(r.best.threshold).toBe(r.thresholds[11]);
    expect(r.iou[0]).toBeCloseTo(3 / 5, 6); // t = 0: everything predicted
  });

  it('empty ground truth: IoU 1 only once nothing is predicted', () => {
    const r = thresholdSweep(Float32Array.of(0.2, 0.4), Uint8Array.of(0, 0), 11);
    expect(Array.from(r.iou)).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1]);
    expect(r.best).toEqual({ threshold: r.thresholds[5], iou: 1, dice: 1 });
  });

  it('all foreground, perfect prediction: IoU 1 at every threshold ≤ the lowest probability', () => {
    const r = thresholdSweep(Float32Array.of(1, 1, 1), Uint8Array.of(1, 1, 1), 5);
    expect(Array.from(r.iou)).toEqual([1, 1, 1, 1, 1]);
    expect(r.best.threshold).toBe(0);
  });

  it('empty image: every threshold scores 1', () => {
    const r = thresholdSweep(new Float32Array(0), new Uint8Array(0), 3);
    expect(Array.from(r.iou)).toEqual([1, 1, 1]);
  });

  it('rejects size mismatch and bad steps', () => {
    expect(() => thresholdSweep(new Float32Array(2), new Uint8Array(3))).toThrow(/2 pixels, ground truth 3/);
    for (const s of [1, 0, 2.5, NaN]) expect(() => thresholdSweep(new Float32Array(1), new Uint8Array(1), s)).toThrow(/integer ≥ 2/);
  });
});
