import { describe, expect, it } from 'vitest';
import { confusion } from './confusion';
import { scores } from './scores';

const P = (...v: number[]) => Float32Array.from(v);
const G = (...v: number[]) => Uint8Array.from(v);

describe('confusion', () => {
  it('counts with prob ≥ threshold and gt > 0', () => {
    expect(confusion(P(0.9, 0.5, 0.49, 0.1, 0.7, 0), G(1, 0, 255, 0, 3, 0), 0.5)).toEqual({ tp: 2, fp: 1, fn: 1, tn: 2 });
  });
  it('rejects size mismatch', () => {
    expect(() => confusion(P(1), G(1, 0), 0.5)).toThrow(/1 pixels.*2/);
  });
});

describe('scores', () => {
  it('hand-computed: tp 2, fp 1, fn 1', () => {
    const s = scores({ tp: 2, fp: 1, fn: 1, tn: 2 });
    expect(s.iou).toBeCloseTo(0.5, 12); // 2/4
    expect(s.dice).toBeCloseTo(2 / 3, 12); // 4/6
    expect(s.precision).toBeCloseTo(2 / 3, 12);
    expect(s.recall).toBeCloseTo(2 / 3, 12);
  });
  it('both empty → 1 everywhere', () => {
    expect(scores(confusion(P(0, 0.2), G(0, 0), 0.5))).toEqual({ iou: 1, dice: 1, precision: 1, recall: 1 });
  });
  it('empty prediction, non-empty truth → 0', () => {
    expect(scores(confusion(P(0, 0.2), G(1, 0), 0.5))).toEqual({ iou: 0, dice: 0, precision: 0, recall: 0 });
  });
  it('non-empty prediction, empty truth → 0', () => {
    expect(scores(confusion(P(0.9, 0.2), G(0, 0), 0.5))).toEqual({ iou: 0, dice: 0, precision: 0, recall: 0 });
  });
  it('all foreground on both sides → 1', () => {
    expect(scores(confusion(P(1, 1, 1), G(1, 1, 1), 0.5))).toEqual({ iou: 1, dice: 1, precision: 1, recall: 1 });
  });
  it('one pixel of truth, predicted plus one false positive', () => {
    const c = confusion(P(0.6, 0.6, 0, 0), G(1, 0, 0, 0), 0.5);
    expect(c).toEqual({ tp: 1, fp: 1, fn: 0, tn: 2 });
    expect(scores(c)).toEqual({ iou: 0.5, dice: 2 / 3, precision: 0.5, recall: 1 });
  });
});
