import { describe, expect, it } from 'vitest';
import { labelComponents } from './components';
import { matchObjects, overlapTable } from './objectMatch';

/** Label image from digits, one string per row ('0' = background). Returns labels and max label. */
function lab(...rows: string[]): { l: Uint32Array; n: number } {
  const l = Uint32Array.from(rows.join(''), (c) => Number(c));
  return { l, n: Math.max(0, ...l) };
}
const match = (p: ReturnType<typeof lab>, g: ReturnType<typeof lab>, thr?: number) => matchObjects(p.l, g.l, p.n, g.n, thr);

describe('overlapTable', () => {
  it('areas and pairwise intersections, runs summed across rows', () => {
    const t = overlapTable(lab('1122', '1122').l, lab('1110', '0000').l, 2, 1);
    expect(Array.from(t.predArea)).toEqual([0, 4, 4]);
    expect(Array.from(t.gtArea)).toEqual([5, 3]);
    const pairs = Array.from(t.pairInter, (v, k) => [t.pairPred[k], t.pairGt[k], v]).sort();
    expect(pairs).toEqual([[1, 1, 2], [2, 1, 1]]);
  });
  it('rejects size mismatch, out-of-range labels and bad counts', () => {
    expect(() => overlapTable(new Uint32Array(3), new Uint32Array(4), 0, 0)).toThrow(/3 pixels, ground truth 4/);
    expect(() => overlapTable(Uint32Array.of(0, 3), new Uint32Array(2), 2, 0)).toThrow(/pixel 1 has labels pred=3.*1\.\.nPred=2/);
    expect(() => overlapTable(new Uint32Array(2), new Uint32Array(2), -1, 0)).toThrow(/non-negative integers/);
  });
});

describe('matchObjects', () => {
  it('no objects on either side → precision = recall = f1 = 1', () => {
    expect(match(lab('000'), lab('000'))).toEqual({ tp: 0, fp: 0, fn: 0, precision: 1, recall: 1, f1: 1, meanMatchedIoU: 1, nPred: 0, nGt: 0 });
  });
  it('empty prediction → all GT objects missed', () => {
    expect(match(lab('0000'), lab('1022'))).toMatchObject({ tp: 0, fp: 0, fn: 2, precision: 0, recall: 0, f1: 0, meanMatchedIoU: 0 });
  });
  it('empty ground truth → all predictions false', () => {
    expect(match(lab('1000'), lab('0000'))).toMatchObject({ tp: 0, fp: 1, fn: 0, precision: 0, recall: 0, f1: 0 });
  });
  it('all foreground on both sides → one perfect match', () => {
    expect(match(lab('11', '11'), lab('11', '11'))).toMatchObject({ tp: 1, fp: 0, fn: 0, f1: 1, meanMatchedIoU: 1 });
  });
  it('one-pixel objects: same pixel matches, a neighbouring pixel does not', () => {
    expect(match(lab('0100'), lab('0100'))).toMatchObject({ tp: 1, fp: 0, fn: 0 });
    expect(match(lab('0010'), lab('0100'))).toMatchObject({ tp: 0, fp: 1, fn: 1 });
  });
  it('labels may be permuted between prediction and truth', () => {
    const r = match(lab('2201', '0001'), lab('1102', '0002'));
    expect(r).toMatchObject({ tp: 2, fp: 0, fn: 0, meanMatchedIoU: 1 });
  });
  it('partial overlap: IoU 3/5 matches at 0.5, not at 0.75', () => {
    // pred 1 = 4 px, gt 1 = 4 px, intersection 3 → IoU 3/5
    const p = lab('11110'), g = lab('01111');
    expect(match(p, g)).toMatchObject({ tp: 1, meanMatchedIoU: 0.6 });
    expect(match(p, g, 0.75)).toMatchObject({ tp: 0, fp: 1, fn: 1, f1: 0 });
  });
  it('prediction split in two uneven parts: the bigger one matches', () => {
    // gt 1 = 4 px; pred 1 = 3 px (IoU 0.75), pred 2 = 1 px (IoU 0.25)
    const r = match(lab('1112'), lab('1111'));
    expect(r).toMatchObject({ tp: 1, fp: 1, fn: 0, precision: 0.5, recall: 1, meanMatchedIoU: 0.75 });
    expect(r.f1).toBeCloseTo(2 / 3, 12);
  });
  it('prediction split in exact halves: IoU = 0.5 tie, still one match (lower label wins)', () => {
    const r = match(lab('1122'), lab('1111'));
    expect(r).toMatchObject({ tp: 1, fp: 1, fn: 0, meanMatchedIoU: 0.5 });
    expect(match(lab('1122'), lab('1111'), 0.51)).toMatchObject({ tp: 0, fp: 2, fn: 1 });
  });
  it('merged objects: one prediction over two GT cells matches at most one', () => {
    // gt 1 = 2 px, gt 2 = 3 px, pred covers all 5 → IoU 0.4 and 0.6
    const p = lab('11111'), g = lab('11222');
    expect(match(p, g)).toMatchObject({ tp: 1, fp: 0, fn: 1, precision: 1, recall: 0.5, meanMatchedIoU: 0.6 });
    expect(match(p, g, 0.3)).toMatchObject({ tp: 1, fp: 0, fn: 1 }); // still one-to-one below 0.5
  });
  it('below 0.5 the greedy choice is documented, not optimal', () => {
    // IoU(p2,g1) = 3/10, IoU(p1,g1) = 2/7, IoU(p2,g2) = 2/7. Greedy takes p2–g1 first; the maximum matching
    // (p1–g1, p2–g2) would give tp = 2.
    const r = match(lab('11102222222'), lab('01111110022'), 0.25);
    expect(r).toMatchObject({ tp: 1, fp: 1, fn: 1 });
    expect(r.meanMatchedIoU).toBeCloseTo(0.3, 12);
  });
  it('thresholds outside (0, 1] are rejected', () => {
    for (const t of [0, -0.1, 1.5, NaN]) expect(() => match(lab('1'), lab('1'), t)).toThrow(/\(0, 1\]/);
  });

  it('for thresholds ≥ 0.5 equals a maximum bipartite matching (random label images)', () => {
    let s = 99;
    const rand = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
    for (let trial = 0; trial < 40; trial++) {
      const w = 24, h = 24;
      const gm = Uint8Array.from({ length: w * h }, () => (rand() < 0.45 ? 1 : 0));
      // Prediction: the truth with a random fraction of pixels flipped, so objects split, merge and shift.
      const pm = gm.map((v) => (rand() < 0.15 ? 1 - v : v));
      const g = labelComponents(gm, w, h, 4), p = labelComponents(pm, w, h, 4);
      for (const thr of [0.5, 0.6, 0.8]) {
        const r = matchObjects(p.labels, g.labels, p.count, g.count, thr);
        expect(r.tp).toBe(maxMatching(p.labels, g.labels, p.count, g.count, thr));
        expect(r.tp + r.fp).toBe(p.count);
        expect(r.tp + r.fn).toBe(g.count);
      }
    }
  });
});

/** Maximum-cardinality matching over pairs with IoU ≥ thr (Kuhn's augmenting paths), for cross-checking. */
function maxMatching(pred: Uint32Array, gt: Uint32Array, nP: number, nG: number, thr: number): number {
  const t = overlapTable(pred, gt, nP, nG);
  const adj: number[][] = Array.from({ length: nG + 1 }, () => []);
  for (let k = 0; k < t.pairInter.length; k++) {
    const p = t.pairPred[k], g = t.pairGt[k], i = t.pairInter[k];
    if (i / (t.predArea[p] + t.gtArea[g] - i) >= thr) adj[g].push(p);
  }
  const owner = new Int32Array(nP + 1).fill(-1);
  const tryG = (g: number, seen: Uint8Array): boolean => {
    for (const p of adj[g]) {
      if (seen[p]) continue;
      seen[p] = 1;
      if (owner[p] < 0 || tryG(owner[p], seen)) { owner[p] = g; return true; }
    }
    return false;
  };
  let n = 0;
  for (let g = 1; g <= nG; g++) if (tryG(g, new Uint8Array(nP + 1))) n++;
  return n;
}
