/**
 * Pixel metrics of a quantised probability TileStore (uint8/uint16) against a ground-truth label store, from
 * one pass: a histogram of the stored values, split by GT foreground (label > 0) and background. A stored
 * value v decodes to p = v / scale, so "p ≥ t" holds for every v from some v₀ up: the confusion counts at any
 * threshold are suffix sums of the histogram, and so is the 101-step IoU/Dice sweep (thresholdSweep.ts rules).
 * So the person's threshold slider costs no pass over the pixels for the pixel metrics of a large result.
 *
 * Exact: the same predicate `v / scale ≥ t` as tiledConfusion / countForeground, evaluated per stored value.
 * Memory: two float64 arrays of scale + 1 entries (2 KB for uint8, 1 MB for uint16), one tile of each store.
 */
import { StudioError } from '../errors';
import type { TileStore } from '../store/tileStore';
import { probScale } from '../tiling/streamSegment';
import type { Confusion } from './confusion';
import { drain, type Steps } from './steps';
import { sweepFromHistograms, sweepThresholds, type ThresholdSweep } from './thresholdSweep';

/** Pixels per stored probability value, for GT foreground and background. */
export interface ValueHistogram {
  /** Stored value → probability divisor (255 for uint8). */
  scale: number;
  fg: Float64Array;
  bg: Float64Array;
}

/** The histogram of `prob` split by `truth` > 0 (same size and tile size): steps (steps.ts), one per tile. */
export function* valueHistogramSteps(prob: TileStore, truth: TileStore, isCancelled?: () => boolean): Steps<ValueHistogram> {
  if (prob.width !== truth.width || prob.height !== truth.height || prob.tileSize !== truth.tileSize)
    throw new StudioError('size-mismatch', `valueHistogram: prediction ${prob.width}×${prob.height} (tile ${prob.tileSize}), ground truth ${truth.width}×${truth.height} (tile ${truth.tileSize})`);
  if (prob.dtype !== 'uint8' && prob.dtype !== 'uint16') throw new StudioError('internal', `valueHistogram: a ${prob.dtype} store has no value histogram`);
  const scale = probScale(prob), T = prob.tileSize;
  const fg = new Float64Array(scale + 1), bg = new Float64Array(scale + 1);
  for (let ty = 0; ty < prob.tilesY; ty++)
    for (let tx = 0; tx < prob.tilesX; tx++) {
      if (isCancelled?.()) throw new StudioError('cancelled', 'Metrics cancelled.');
      const r = prob.tileRect(tx, ty);
      const g = truth.getTile(tx, ty);
      const p = prob.getTile(tx, ty); // after the truth's: both resident for this tile
      for (let y = 0; y < r.height; y++)
        for (let x = y * T, end = x + r.width; x < end; x++) {
          if (g[x]) fg[p[x]]++;
          else bg[p[x]]++;
        }
      yield;
    }
  return { scale, fg, bg };
}

/** `valueHistogramSteps` run to the end. */
export const valueHistogram = (prob: TileStore, truth: TileStore): ValueHistogram => drain(valueHistogramSteps(prob, truth));

/** Confusion counts at `threshold` (prediction v / scale ≥ threshold, truth > 0), equal to tiledConfusion's. */
export function confusionAt(h: ValueHistogram, threshold: number): Confusion {
  let tp = 0, fp = 0, fn = 0, tn = 0;
  for (let v = 0; v <= h.scale; v++) {
    if (v / h.scale >= threshold) { tp += h.fg[v]; fp += h.bg[v]; } else { fn += h.fg[v]; tn += h.bg[v]; }
  }
  return { tp, fp, fn, tn };
}

/**
 * IoU/Dice at `steps` thresholds: equal to thresholdSweep on the store's values decoded to float32 (as
 * largeRunProb hands them out), whose float32 rules it follows (thresholds rounded up, best = highest IoU).
 */
export function sweepOf(h: ValueHistogram, steps = 101): ThresholdSweep {
  const thresholds = sweepThresholds(steps);
  const fgHist = new Float64Array(steps), bgHist = new Float64Array(steps);
  let fgTotal = 0, n = 0;
  let i = 0;
  for (let v = 0; v <= h.scale; v++) {
    const p = Math.fround(v / h.scale);
    // the bin of the largest threshold p reaches (values ascend, so the bin only moves up)
    while (i < steps - 1 && p >= thresholds[i + 1]) i++;
    fgHist[i] += h.fg[v];
    bgHist[i] += h.bg[v];
    fgTotal += h.fg[v];
    n += h.fg[v] + h.bg[v];
  }
  return sweepFromHistograms(thresholds, fgHist, bgHist, fgTotal, n);
}
