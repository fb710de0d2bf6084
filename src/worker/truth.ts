/**
 * Ground truth in the worker: decode and hold a mask per image, then score runs against it — pixel metrics,
 * object matching, SEG and the threshold sweep (all src/metrics), and the TP/FP/FN error-map overlay.
 * Pixel counts of a GPU-resident run come from the confusion kernel on its GPU map (gpuMetrics.ts), of other
 * runs from the CPU reference (metrics/confusion.ts); a threshold change costs one count and one labelling of
 * the prediction, the sweep is computed once per run and mask.
 */
import { StudioError } from '../errors';
import { decodeMask } from '../io/decodeMask';
import { errorMapRgba } from '../metrics/errorMap';
import type { Confusion } from '../metrics/confusion';
import { objectMetrics, pixelMetrics, type MetricsView, type SweepView } from '../metrics/evaluate';
import { scores } from '../metrics/scores';
import { thresholdSweep } from '../metrics/thresholdSweep';
import { truthObjects } from '../metrics/truthLabels';
import type { OverlayView, TruthInfo } from './api';
import { gpuConfusion } from './gpuMetrics';
import { nextId, truths, type HeldImage, type HeldRun, type HeldTruth } from './held';

/** Steps of the IoU/Dice sweep: thresholds 0, 0.01, …, 1. */
export const SWEEP_STEPS = 101;

/** Sweeps by run and mask id; a handful, as the LRUs of runs and masks are small too. */
const sweeps = new Map<string, SweepView>();
const SWEEP_CACHE = 8;

const info = (t: HeldTruth, isInstance: boolean): TruthInfo => ({
  imageId: t.imageId, name: t.name, width: t.width, height: t.height, isInstance, objects: t.objects.count, foregroundPixels: t.foregroundPixels,
});

/**
 * Decode `bytes` as the ground truth of `img`. A mask of another size is refused before anything is
 * replaced, so the image's previous mask (and every run) stays usable.
 */
export async function openTruth(img: HeldImage, bytes: ArrayBuffer, name: string, invert: boolean): Promise<TruthInfo> {
  const mask = await decodeMask(bytes, name, invert);
  if (mask.width !== img.width || mask.height !== img.height) {
    throw new StudioError('size-mismatch',
      `Ground truth is ${mask.width} × ${mask.height} but the image is ${img.width} × ${img.height}: “${name}” is not a mask of “${img.name}” (nothing was changed).`);
  }
  // An inverted instance image is binary (decodeMask sets its labels to 0/1): split it into components.
  const isInstance = mask.isInstance && !invert;
  const objects = truthObjects({ ...mask, isInstance });
  let foregroundPixels = 0;
  for (let i = 0; i < objects.binary.length; i++) foregroundPixels += objects.binary[i];
  const held: HeldTruth = { id: nextId('gt'), imageId: img.id, name, width: mask.width, height: mask.height, objects, foregroundPixels };
  truths.put(img.id, held);
  return { ...info(held, isInstance), warnings: mask.warnings.map((w) => w.message) };
}

export function dropTruth(imageId: string): void {
  truths.delete(imageId);
}

/** The mask of the run's image; a clear message when there is none (never opened, cleared, or dropped). */
function truthOf(run: HeldRun): HeldTruth {
  const t = truths.peek(run.imageId);
  if (!t) throw new StudioError('internal', `No ground truth is open for “${run.imageName}”; open its mask with “Open ground truth”.`);
  return t;
}

function sweepOf(run: HeldRun, truth: HeldTruth): SweepView {
  const key = `${run.id}|${truth.id}`;
  let s = sweeps.get(key);
  if (!s) {
    const { thresholds, iou, dice, best } = thresholdSweep(run.prob, truth.objects.binary, SWEEP_STEPS);
    s = { thresholds, iou, dice, best };
    sweeps.set(key, s);
    while (sweeps.size > SWEEP_CACHE) sweeps.delete(sweeps.keys().next().value as string);
  }
  return s;
}

/**
 * Everything the metrics panel shows, at one threshold. The sweep arrays are copied (the cache keeps its own).
 * `gpuCounts`: the pixel counts already computed on the GPU (then `device` is 'webgpu'), else the CPU counts.
 */
export function runMetrics(run: HeldRun, threshold: number, gpuCounts?: Confusion): MetricsView {
  const truth = truthOf(run);
  const s = sweepOf(run, truth);
  return {
    runId: run.id, imageName: run.imageName, truthName: truth.name, modelId: run.modelId,
    width: run.width, height: run.height, threshold,
    pixel: gpuCounts ? { ...gpuCounts, ...scores(gpuCounts) } : pixelMetrics(run.prob, truth.objects.binary, threshold),
    objects: objectMetrics(run.prob, run.width, run.height, truth.objects, threshold),
    sweep: { thresholds: s.thresholds.slice(), iou: s.iou.slice(), dice: s.dice.slice(), best: { ...s.best } },
    device: gpuCounts ? 'webgpu' : 'cpu',
  };
}

/** `runMetrics` with the pixel counts from the confusion kernel when the run is GPU-resident. */
export async function metricsFor(run: HeldRun, threshold: number): Promise<MetricsView> {
  return runMetrics(run, threshold, await gpuConfusion(run, truthOf(run), threshold));
}

/** TP/FP/FN overlay in the colour-blind-safe ERROR_COLORS, with the counts for its legend. */
export function errorOverlay(run: HeldRun, threshold: number): OverlayView {
  const { rgba, counts } = errorMapRgba(run.prob, truthOf(run).objects.binary, threshold, run.width, run.height);
  return { width: run.width, height: run.height, rgba, foregroundPixels: counts.tp + counts.fp, counts };
}
