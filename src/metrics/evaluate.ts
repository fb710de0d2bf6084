import { thresholdMask } from '../tiling/threshold';
import { labelComponents } from './components';
import { confusion, type Confusion } from './confusion';
import { matchObjects, overlapTable, type ObjectMatch } from './objectMatch';
import { scores } from './scores';
import { segMeasure } from './segMeasure';
import type { TruthObjects } from './truthLabels';

/** Pixel metrics at one threshold: the counts and the overlap scores of `scores()`. */
export interface PixelMetrics extends Confusion {
  iou: number;
  dice: number;
  precision: number;
  recall: number;
}

/** Object metrics at one threshold: matching at `iouThreshold` plus the CTC SEG measure. */
export interface ObjectMetrics extends ObjectMatch {
  iouThreshold: number;
  /** Cell Tracking Challenge SEG (mean Jaccard over GT objects, segMeasure.ts). */
  seg: number;
  /** Which GT objects SEG and the matching used. */
  truthObjects: TruthObjects['source'];
}

/** IoU and Dice against threshold (metrics/thresholdSweep.ts), with the best threshold. */
export interface SweepView {
  thresholds: Float32Array;
  iou: Float32Array;
  dice: Float32Array;
  best: { threshold: number; iou: number; dice: number };
}

/** Everything the studio shows and exports about one run against its ground truth, at one threshold. */
export interface MetricsView {
  runId: string;
  imageName: string;
  truthName: string;
  modelId: string;
  width: number;
  height: number;
  threshold: number;
  pixel: PixelMetrics;
  objects: ObjectMetrics;
  sweep: SweepView;
  /** Where the counts were computed. */
  device: 'cpu' | 'webgpu';
}

/**
 * Pixel metrics exactly as the eval CLI computes them (src/cli/evalCore.ts: `scores(confusion(prob,
 * gt.binary, t))`), so the studio and `npm run eval` agree to the last digit on the same probabilities.
 */
export function pixelMetrics(prob: Float32Array, truth: Uint8Array, threshold: number): PixelMetrics {
  const c = confusion(prob, truth, threshold);
  return { ...c, ...scores(c) };
}

/**
 * Object metrics: 8-connected components of the thresholded prediction, matched one-to-one to the GT
 * objects at IoU ≥ `iouThreshold` (matchObjects), and SEG on the same objects.
 */
export function objectMetrics(prob: Float32Array, width: number, height: number, truth: TruthObjects, threshold: number, iouThreshold = 0.5): ObjectMetrics {
  const pred = labelComponents(thresholdMask(prob, threshold), width, height);
  // One pass over the pixels for the label-pair overlaps, shared by the matching and SEG.
  const table = overlapTable(pred.labels, truth.labels, pred.count, truth.count);
  const match = matchObjects(pred.labels, truth.labels, pred.count, truth.count, iouThreshold, table);
  const { seg } = segMeasure(pred.labels, truth.labels, pred.count, truth.count, table);
  return { ...match, iouThreshold, seg, truthObjects: truth.source };
}
