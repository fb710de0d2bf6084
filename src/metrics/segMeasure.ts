import { overlapTable, type OverlapTable } from './objectMatch';

/** Cell Tracking Challenge SEG score of one label image. */
export interface SegMeasure {
  /** Mean of `perObject`; see `segMeasure` for the empty case. */
  seg: number;
  /** Jaccard index per GT object (index = GT label − 1); 0 where no prediction covers > 50% of it. */
  perObject: Float32Array;
}

/**
 * The SEG measure of the Cell Tracking Challenge (Maška et al., "A benchmark for comparison of cell
 * tracking algorithms", Bioinformatics 30(11):1609–1617, 2014; Ulman et al., Nature Methods 14:1141, 2017;
 * https://celltrackingchallenge.net/evaluation-methodology/ and the CTC `SEGMeasure` tool).
 *
 * Each GT object R is paired with the predicted object S that covers more than half of it,
 * |R ∩ S| > 0.5·|R|. At most one S can (two disjoint objects cannot both hold more than half of R), so no
 * matching step is needed. The object scores J(R, S) = |R ∩ S| / |R ∪ S|, or 0 when no S qualifies;
 * SEG is the mean over GT objects. False-positive predictions are not penalised: that is by design in
 * the CTC (detection errors are scored by DET), so report SEG next to `matchObjects` results.
 *
 * To pool several frames the way the CTC does (mean over all GT objects of a sequence, not mean of
 * per-frame means), concatenate the `perObject` arrays and average them.
 *
 * Empty case: with no GT objects the CTC skips the frame; here SEG is 1 if the prediction is empty
 * too and 0 otherwise, the same convention as `scores()`, so a UI never shows NaN.
 * @param pred predicted label image (0 = background, objects 1..nPred).
 * @param gt ground-truth label image (0 = background, objects 1..nGt), same size.
 * @param table the overlap table of these labels when the caller already has it.
 * @throws StudioError('size-mismatch') on different sizes; StudioError('internal') for a label > n.
 */
export function segMeasure(pred: Uint32Array, gt: Uint32Array, nPred: number, nGt: number, table?: OverlapTable): SegMeasure {
  const t = table ?? overlapTable(pred, gt, nPred, nGt);
  const jaccard = new Float64Array(nGt + 1);
  for (let k = 0; k < t.pairInter.length; k++) {
    const p = t.pairPred[k], g = t.pairGt[k], inter = t.pairInter[k];
    // Integer form of |R∩S| > 0.5·|R|, so exact halves are rejected as in the CTC tool.
    if (2 * inter > t.gtArea[g]) jaccard[g] = inter / (t.gtArea[g] + t.predArea[p] - inter);
  }
  const perObject = new Float32Array(nGt);
  let sum = 0;
  for (let g = 1; g <= nGt; g++) {
    perObject[g - 1] = jaccard[g];
    sum += jaccard[g]; // sum the float64 values; perObject is rounded for storage only
  }
  const seg = nGt > 0 ? sum / nGt : nPred === 0 ? 1 : 0;
  return { seg, perObject };
}
