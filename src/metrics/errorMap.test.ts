import { describe, expect, it } from 'vitest';
import { confusion } from './confusion';
import { contourRgba, ERROR_COLORS, errorMapRgba } from './errorMap';

const px = (rgba: Uint8ClampedArray, i: number) => Array.from(rgba.subarray(4 * i, 4 * i + 4));
const TP = [0, 158, 115, 255], FP = [204, 121, 167, 255], FN = [230, 159, 0, 255], TN = [0, 0, 0, 0];

describe('ERROR_COLORS', () => {
  it('are the Okabe–Ito colours, hex and rgb agreeing', () => {
    expect(ERROR_COLORS.tp.hex).toBe('#009E73');
    expect(ERROR_COLORS.fp.hex).toBe('#CC79A7');
    expect(ERROR_COLORS.fn.hex).toBe('#E69F00');
    for (const c of Object.values(ERROR_COLORS)) {
      expect(c.rgb).toEqual([1, 3, 5].map((k) => parseInt(c.hex.slice(k, k + 2), 16)));
    }
  });
});

describe('errorMapRgba', () => {
  it('colours each class and counts it (hand example, threshold inclusive)', () => {
    // TP, FP, FN, TN, TP at exactly the threshold, FN just below it
    const prob = Float32Array.of(0.9, 0.8, 0.1, 0.0, 0.5, 0.49);
    const gt = Uint8Array.of(1, 0, 255, 0, 1, 1);
    const { rgba, counts } = errorMapRgba(prob, gt, 0.5, 3, 2);
    expect([0, 1, 2, 3, 4, 5].map((i) => px(rgba, i))).toEqual([TP, FP, FN, TN, TP, FN]);
    expect(counts).toEqual({ tp: 2, fp: 1, fn: 2, tn: 1 });
  });

  it('counts equal confusion() on random data', () => {
    let s = 3;
    const rand = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const w = 37, h = 23, prob = Float32Array.from({ length: w * h }, rand), gt = Uint8Array.from({ length: w * h }, () => (rand() < 0.3 ? 1 : 0));
    for (const t of [0, 0.25, 0.5, 1]) {
      const { rgba, counts } = errorMapRgba(prob, gt, t, w, h);
      expect(counts).toEqual(confusion(prob, gt, t));
      let opaque = 0;
      for (let i = 3; i < rgba.length; i += 4) opaque += rgba[i] === 255 ? 1 : 0;
      expect(opaque).toBe(counts.tp + counts.fp + counts.fn);
    }
  });

  it('empty masks on both sides → fully transparent', () => {
    const { rgba, counts } = errorMapRgba(new Float32Array(4), new Uint8Array(4), 0.5, 2, 2);
    expect(rgba.every((v) => v === 0)).toBe(true);
    expect(counts).toEqual({ tp: 0, fp: 0, fn: 0, tn: 4 });
  });

  it('all-foreground truth, empty prediction → all FN; and the reverse → all FP', () => {
    const a = errorMapRgba(new Float32Array(2), Uint8Array.of(1, 1), 0.5, 2, 1);
    expect([px(a.rgba, 0), px(a.rgba, 1)]).toEqual([FN, FN]);
    const b = errorMapRgba(Float32Array.of(1, 1), new Uint8Array(2), 0.5, 2, 1);
    expect([px(b.rgba, 0), px(b.rgba, 1)]).toEqual([FP, FP]);
  });

  it('reuses `out` and overwrites stale pixels with transparent TN', () => {
    const out = new Uint8ClampedArray(8).fill(77);
    const r = errorMapRgba(Float32Array.of(0.9, 0), Uint8Array.of(1, 0), 0.5, 2, 1, out);
    expect(r.rgba).toBe(out);
    expect([px(out, 0), px(out, 1)]).toEqual([TP, TN]);
  });

  it('rejects buffers that do not match width×height', () => {
    expect(() => errorMapRgba(new Float32Array(4), new Uint8Array(4), 0.5, 3, 2)).toThrow(/4 pixels, expected width×height = 3×2 = 6/);
    expect(() => errorMapRgba(new Float32Array(4), new Uint8Array(3), 0.5, 2, 2)).toThrow(/\(gt\)/);
    expect(() => errorMapRgba(new Float32Array(4), new Uint8Array(4), 0.5, 2, 2, new Uint8ClampedArray(4))).toThrow(/expected width×height×4 = 16/);
  });
});

describe('contourRgba', () => {
  const outline = (rgba: Uint8ClampedArray, w: number) =>
    Array.from({ length: rgba.length / 4 / w }, (_, y) => Array.from({ length: w }, (_, x) => (rgba[4 * (y * w + x) + 3] ? '#' : '.')).join(''));
  const mask = (...rows: string[]) => Uint8Array.from(rows.join(''), (c) => (c === '#' ? 1 : 0));

  it('marks mask pixels with a 4-neighbour outside; the interior stays transparent', () => {
    const m = mask(
      '.......',
      '.#####.',
      '.#####.',
      '.#####.',
      '.......');
    expect(outline(contourRgba(m, 7, 5, [1, 2, 3]), 7)).toEqual(['.......', '.#####.', '.#...#.', '.#####.', '.......']);
    expect(px(contourRgba(m, 7, 5, [1, 2, 3]), 8)).toEqual([1, 2, 3, 255]);
  });

  it('diagonal-only neighbours do not make a boundary (4-neighbourhood)', () => {
    // (2,2) touches the background only diagonally, at (1,1): interior.
    const m = mask('......', '..###.', '.####.', '.####.', '.####.', '......');
    expect(outline(contourRgba(m, 6, 6, [0, 0, 0]), 6)).toEqual(['......', '..###.', '.#..#.', '.#..#.', '.####.', '......']);
  });

  it('one-pixel object is its own outline; empty mask gives nothing', () => {
    expect(outline(contourRgba(mask('...', '.#.', '...'), 3, 3, [9, 9, 9]), 3)).toEqual(['...', '.#.', '...']);
    expect(contourRgba(new Uint8Array(9), 3, 3, [9, 9, 9]).every((v) => v === 0)).toBe(true);
  });

  it('image edge counts as outside: all-foreground mask outlines the frame', () => {
    expect(outline(contourRgba(new Uint8Array(16).fill(1), 4, 4, [0, 0, 0]), 4)).toEqual(['####', '#..#', '#..#', '####']);
  });

  it('rejects a size mismatch', () => {
    expect(() => contourRgba(new Uint8Array(5), 2, 2, [0, 0, 0])).toThrow(/5 pixels/);
  });
});
