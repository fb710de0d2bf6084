import { describe, expect, it } from 'vitest';
import { segMeasure } from './segMeasure';

/** Label image from digits, one string per row ('0' = background); n = max label. */
function lab(...rows: string[]): { l: Uint32Array; n: number } {
  const l = Uint32Array.from(rows.join(''), (c) => Number(c));
  return { l, n: Math.max(0, ...l) };
}
const seg = (p: ReturnType<typeof lab>, g: ReturnType<typeof lab>) => segMeasure(p.l, g.l, p.n, g.n);

describe('segMeasure (CTC SEG)', () => {
  it('hand example: one good partial match, one object split in exact halves', () => {
    const g = lab(
      '11100',
      '11100',
      '00022',
      '00022');
    const p = lab(
      '11000',
      '11000',
      '00022',
      '00033');
    // GT 1 (6 px) ⊃ pred 1 (4 px): 4 > 3 → J = 4/6. GT 2 (4 px): each half holds 2, not > 2 → 0.
    const r = seg(p, g);
    expect(Array.from(r.perObject)).toEqual([Math.fround(2 / 3), 0]);
    expect(r.seg).toBeCloseTo(1 / 3, 12);
  });

  it('hand example: overlap beyond the GT object lowers J', () => {
    const g = lab('1111000');
    const p = lab('0111100'); // ∩ = 3 > 2, ∪ = 5 → 3/5
    expect(seg(p, g).seg).toBeCloseTo(0.6, 12);
  });

  it('merged prediction: each GT object fully covered scores |R|/|S|', () => {
    const g = lab('1102220');
    const p = lab('1111110'); // S = 6 px; R1 = 2 → 2/6, R2 = 3 → 3/6
    const r = seg(p, g);
    expect(r.perObject[0]).toBeCloseTo(1 / 3, 6);
    expect(r.perObject[1]).toBeCloseTo(1 / 2, 6);
    expect(r.seg).toBeCloseTo(5 / 12, 12);
  });

  it('prediction split unevenly: the part with > 50% counts, the rest is ignored', () => {
    expect(seg(lab('1112'), lab('1111')).seg).toBeCloseTo(0.75, 12);
  });

  it('false positives are not penalised (by CTC design)', () => {
    expect(seg(lab('1020'), lab('1000')).seg).toBe(1);
  });

  it('one-pixel objects', () => {
    expect(seg(lab('0100'), lab('0100')).seg).toBe(1);
    expect(seg(lab('0010'), lab('0100')).seg).toBe(0);
  });

  it('all foreground on both sides → 1', () => {
    expect(seg(lab('11', '11'), lab('11', '11'))).toEqual({ seg: 1, perObject: Float32Array.of(1) });
  });

  it('empty cases: nothing predicted → 0 per GT object; no GT → 1 if prediction empty, else 0', () => {
    expect(seg(lab('000'), lab('102'))).toEqual({ seg: 0, perObject: Float32Array.of(0, 0) });
    expect(seg(lab('000'), lab('000'))).toEqual({ seg: 1, perObject: new Float32Array(0) });
    expect(seg(lab('010'), lab('000')).seg).toBe(0);
  });

  it('GT labels not present in the image score 0 (perObject keeps its index)', () => {
    const r = segMeasure(Uint32Array.of(1, 0), Uint32Array.of(1, 0), 1, 2);
    expect(Array.from(r.perObject)).toEqual([1, 0]);
    expect(r.seg).toBe(0.5);
  });

  it('rejects size mismatch and labels above n', () => {
    expect(() => segMeasure(new Uint32Array(2), new Uint32Array(3), 0, 0)).toThrow(/2 pixels, ground truth 3/);
    expect(() => segMeasure(Uint32Array.of(0), Uint32Array.of(2), 0, 1)).toThrow(/1\.\.nGt=1/);
  });
});
