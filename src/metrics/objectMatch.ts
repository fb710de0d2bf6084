import { StudioError } from '../errors';
import { scores } from './scores';

/** Sparse overlap table of two label images: one entry per (pred, gt) pair that shares at least one pixel. */
export interface OverlapTable {
  /** Pixel count per predicted label, indexed 0..nPred (index 0 = background). */
  predArea: Uint32Array;
  /** Pixel count per ground-truth label, indexed 0..nGt (index 0 = background). */
  gtArea: Uint32Array;
  /** Parallel arrays: pair k is predicted object pairPred[k] ∩ GT object pairGt[k], pairInter[k] pixels. */
  pairPred: Uint32Array;
  pairGt: Uint32Array;
  pairInter: Uint32Array;
}

/**
 * Object areas and pairwise intersections in one pass over the pixels. Touching pairs are few (each
 * object overlaps a handful of others), so a Map keyed by `pred * (nGt + 1) + gt` stays small; runs
 * of identical pairs along a row are summed first so the Map is hit once per run, not per pixel.
 * Shared by `matchObjects` and `segMeasure`.
 * @throws StudioError('size-mismatch') on different sizes; StudioError('internal') for a label > n.
 */
export function overlapTable(pred: Uint32Array, gt: Uint32Array, nPred: number, nGt: number): OverlapTable {
  if (!Number.isInteger(nPred) || !Number.isInteger(nGt) || nPred < 0 || nGt < 0) {
    throw new StudioError('internal', `overlapTable: nPred and nGt must be non-negative integers, got ${nPred} and ${nGt}`);
  }
  if (pred.length !== gt.length) {
    throw new StudioError('size-mismatch', `overlapTable: prediction has ${pred.length} pixels, ground truth ${gt.length}; they must be the same size`);
  }
  const acc = new OverlapAccumulator(nPred, nGt);
  acc.add(pred, gt, 0, pred.length);
  return acc.table();
}

/**
 * Areas and pairwise intersections summed over any number of pixel runs (a whole image, or tile after tile:
 * metrics/tiledObjectMatch.ts). Runs of identical pairs are summed before they touch the Map.
 */
export class OverlapAccumulator {
  readonly predArea: Uint32Array;
  readonly gtArea: Uint32Array;
  private readonly stride: number; // keys stay below 2^53 for any image that fits in memory
  private readonly pairs = new Map<number, number>();

  constructor(private readonly nPred: number, private readonly nGt: number) {
    this.predArea = new Uint32Array(nPred + 1);
    this.gtArea = new Uint32Array(nGt + 1);
    this.stride = nGt + 1;
  }

  /** Add pixels [from, to) of two label arrays (same indexing). */
  add(pred: ArrayLike<number>, gt: ArrayLike<number>, from: number, to: number): void {
    const { predArea, gtArea, pairs, stride, nPred, nGt } = this;
    let runKey = -1, run = 0;
    for (let i = from; i < to; i++) {
      const p = pred[i], g = gt[i];
      if (p > nPred || g > nGt) {
        throw new StudioError('internal', `overlapTable: pixel ${i} has labels pred=${p}, gt=${g}; expected 0 (background) or 1..nPred=${nPred} / 1..nGt=${nGt}`);
      }
      predArea[p]++;
      gtArea[g]++;
      if (p === 0 || g === 0) continue;
      const key = p * stride + g;
      if (key === runKey) { run++; continue; }
      if (run > 0) pairs.set(runKey, (pairs.get(runKey) ?? 0) + run);
      runKey = key;
      run = 1;
    }
    if (run > 0) pairs.set(runKey, (pairs.get(runKey) ?? 0) + run);
  }

  table(): OverlapTable {
    const m = this.pairs.size;
    const pairPred = new Uint32Array(m), pairGt = new Uint32Array(m), pairInter = new Uint32Array(m);
    let k = 0;
    for (const [key, inter] of this.pairs) {
      pairPred[k] = Math.floor(key / this.stride);
      pairGt[k] = key % this.stride;
      pairInter[k++] = inter;
    }
    return { predArea: this.predArea, gtArea: this.gtArea, pairPred, pairGt, pairInter };
  }
}

/** Object-level detection scores (counts of objects, not pixels). */
export interface ObjectMatch {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
  /** Mean IoU of the matched pairs; 1 when there are no objects on either side, 0 when nothing matched. */
  meanMatchedIoU: number;
  nPred: number;
  nGt: number;
}

/**
 * Match predicted to ground-truth objects at an IoU threshold and count object-level TP/FP/FN
 * (the instance metric of StarDist's `matching()` and the DSB 2018 / Caicedo et al. 2019 evaluation).
 *
 * Matching is one-to-one. For `iouThreshold ≥ 0.5` it is exact: IoU ≥ 0.5 implies |P∩G| ≥ ½·max(|P|,|G|),
 * so an object can have two partners only when it is split into two exact halves (IoU = 0.5 each) and
 * those halves touch nothing else; every component of the candidate graph is then an edge or a 2-star,
 * and taking any edge is a maximum matching. For `iouThreshold < 0.5` candidates are taken greedily by
 * IoU descending (ties: lower GT label, then lower pred label). That can miss the maximum-cardinality
 * matching StarDist gets from `linear_sum_assignment`; it is a documented approximation.
 *
 * Empty cases follow `scores()`: no objects on either side → precision = recall = f1 = 1; objects on
 * one side only → 0. Labels are 1..n; a label that never occurs still counts as an (unmatched) object.
 * @param pred predicted label image (0 = background), e.g. `labelComponents(...).labels`.
 * @param gt ground-truth label image, same size.
 * @param iouThreshold in (0, 1]; pairs with IoU ≥ threshold may match.
 * @param table the overlap table of these labels when the caller already has it (objectMetrics shares one with SEG).
 */
export function matchObjects(pred: Uint32Array, gt: Uint32Array, nPred: number, nGt: number, iouThreshold = 0.5,
  table?: OverlapTable): ObjectMatch {
  if (!(iouThreshold > 0 && iouThreshold <= 1)) {
    throw new StudioError('internal', `matchObjects: iouThreshold must be in (0, 1], got ${iouThreshold}`);
  }
  const t = table ?? overlapTable(pred, gt, nPred, nGt);
  const cand: { p: number; g: number; iou: number }[] = [];
  for (let k = 0; k < t.pairInter.length; k++) {
    const p = t.pairPred[k], g = t.pairGt[k], inter = t.pairInter[k];
    const iou = inter / (t.predArea[p] + t.gtArea[g] - inter);
    if (iou >= iouThreshold) cand.push({ p, g, iou });
  }
  cand.sort((a, b) => b.iou - a.iou || a.g - b.g || a.p - b.p);
  const usedP = new Uint8Array(nPred + 1), usedG = new Uint8Array(nGt + 1);
  let tp = 0, iouSum = 0;
  for (const c of cand) {
    if (usedP[c.p] || usedG[c.g]) continue;
    usedP[c.p] = usedG[c.g] = 1;
    tp++;
    iouSum += c.iou;
  }
  const fp = nPred - tp, fn = nGt - tp;
  // Object F1 = 2TP/(2TP+FP+FN) is the Dice formula, so scores() gives it with the shared empty-case rules.
  const s = scores({ tp, fp, fn, tn: 0 });
  return {
    tp, fp, fn,
    precision: s.precision,
    recall: s.recall,
    f1: s.dice,
    meanMatchedIoU: tp > 0 ? iouSum / tp : nPred === 0 && nGt === 0 ? 1 : 0,
    nPred, nGt,
  };
}
