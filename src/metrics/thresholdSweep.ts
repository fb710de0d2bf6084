import { StudioError } from '../errors';
import { scores } from './scores';

/** IoU/Dice of a probability map against ground truth at evenly spaced thresholds. */
export interface ThresholdSweep {
  /** threshold_i = i/(steps−1), rounded up to the nearest float32 (see `thresholdSweep`). */
  thresholds: Float32Array;
  iou: Float32Array;
  dice: Float32Array;
  /** Pixel counts per threshold, equal to `confusion(prob, gt, thresholds[i])` (float64 so counts stay exact). */
  counts: { tp: Float64Array; fp: Float64Array; fn: Float64Array; tn: Float64Array };
  /** Threshold with the highest IoU (lowest threshold on ties); Dice = 2J/(1+J) peaks at the same place. */
  best: { threshold: number; iou: number; dice: number };
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** Smallest float32 ≥ x, for x ≥ 0: the next float32 above a non-negative float is its bit pattern + 1. */
function ceilToFloat32(x: number): number {
  f32[0] = x;
  if (f32[0] < x) u32[0]++;
  return f32[0];
}

/**
 * Sweep the binarisation threshold in one pass over the pixels instead of `steps` calls to `confusion()`.
 *
 * Each pixel goes into the bin of the largest threshold it reaches (p ≥ t_i, the rule of `confusion` and
 * `tiling/threshold.ts`), separately for GT foreground (gt > 0) and background; suffix sums of the two
 * histograms are TP and FP at every threshold, FN = GT-foreground − TP. The counts are exact, not binned
 * approximations: the bin index from floor(p·(steps−1)) is corrected against the stored thresholds.
 *
 * Why thresholds are rounded *up* to float32: probabilities are float32, and for a float32 p and any
 * t ≥ 0, p ≥ t ⇔ p ≥ ceil32(t). So the counts equal `confusion(prob, gt, t)` both for the exact value
 * t = i/(steps−1) and for `thresholds[i]` read back from the Float32Array (rounding to nearest would
 * disagree for p = fround(t) whenever fround(t) < t, e.g. t = 0.7).
 * Pixels below 0 or NaN are never foreground, as in `confusion`.
 * @param steps number of thresholds, ≥ 2 (default 101: 0, 0.01, …, 1).
 * @throws StudioError('size-mismatch') on different lengths; StudioError('internal') for bad `steps`.
 */
export function thresholdSweep(prob: Float32Array, gt: Uint8Array, steps = 101): ThresholdSweep {
  if (prob.length !== gt.length) {
    throw new StudioError('size-mismatch', `thresholdSweep: prediction has ${prob.length} pixels, ground truth ${gt.length}; they must be the same size`);
  }
  if (!Number.isInteger(steps) || steps < 2) {
    throw new StudioError('internal', `thresholdSweep: steps must be an integer ≥ 2, got ${steps}`);
  }
  const m = steps - 1;
  const thresholds = sweepThresholds(steps);

  const fgHist = new Float64Array(steps), bgHist = new Float64Array(steps);
  let fgTotal = 0;
  for (let k = 0; k < prob.length; k++) {
    const p = prob[k], g = gt[k] > 0;
    if (g) fgTotal++;
    if (!(p >= 0)) continue; // below thresholds[0] = 0, or NaN: never predicted
    let i = p >= 1 ? m : Math.floor(p * m);
    // floor(p·m) is right for usual step counts, but the float64 rounding of p·m can land a bin off when
    // steps is very large; these loops settle the bin against the stored thresholds, so it is always exact.
    while (i < m && p >= thresholds[i + 1]) i++;
    while (p < thresholds[i]) i--;
    if (g) fgHist[i]++;
    else bgHist[i]++;
  }

  return sweepFromHistograms(thresholds, fgHist, bgHist, fgTotal, prob.length);
}

/** The sweep's thresholds: i/(steps−1) rounded up to float32 (see `thresholdSweep`). */
export function sweepThresholds(steps = 101): Float32Array {
  const t = new Float32Array(steps);
  for (let i = 0; i < steps; i++) t[i] = ceilToFloat32(i / (steps - 1));
  return t;
}

/**
 * The sweep from its two histograms: `fgHist[i]` / `bgHist[i]` count the GT-foreground / background pixels
 * whose largest reached threshold is `thresholds[i]`; `n` pixels in all, `fgTotal` of them GT foreground.
 * Shared by `thresholdSweep` and the tiled sweep of large results (tiledSweep.ts).
 */
export function sweepFromHistograms(thresholds: Float32Array, fgHist: Float64Array, bgHist: Float64Array, fgTotal: number, n: number): ThresholdSweep {
  const steps = thresholds.length, m = steps - 1;
  const tp = new Float64Array(steps), fp = new Float64Array(steps), fn = new Float64Array(steps), tn = new Float64Array(steps);
  const iou = new Float32Array(steps), dice = new Float32Array(steps);
  let cumFg = 0, cumBg = 0;
  for (let i = m; i >= 0; i--) {
    cumFg += fgHist[i];
    cumBg += bgHist[i];
    tp[i] = cumFg;
    fp[i] = cumBg;
    fn[i] = fgTotal - cumFg;
    tn[i] = n - cumFg - cumBg - fn[i];
  }
  let bestI = 0, bestIou = -1, bestDice = 0;
  for (let i = 0; i < steps; i++) {
    const s = scores({ tp: tp[i], fp: fp[i], fn: fn[i], tn: tn[i] });
    iou[i] = s.iou;
    dice[i] = s.dice;
    if (s.iou > bestIou) { bestI = i; bestIou = s.iou; bestDice = s.dice; }
  }
  return { thresholds, iou, dice, counts: { tp, fp, fn, tn }, best: { threshold: thresholds[bestI], iou: bestIou, dice: bestDice } };
}