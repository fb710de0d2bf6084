/**
 * Ground truth in the worker: decode and hold a mask per image, then score runs against it — pixel metrics,
 * object matching, SEG and the threshold sweep (all src/metrics), and the TP/FP/FN error-map overlay.
 * Pixel counts of a GPU-resident run come from the confusion kernel on its GPU map (gpuMetrics.ts), of other
 * runs from the CPU reference (metrics/confusion.ts); a threshold change costs one count and one labelling of
 * the prediction, the sweep is computed once per run and mask.
 */
import { StudioError } from '../errors';
import { maskFromValues, type DecodedMask } from '../io/decodeMask';
import { openSource } from '../io/openSource';
import { errorMapRgba } from '../metrics/errorMap';
import type { Confusion } from '../metrics/confusion';
import { objectMetrics, pixelMetrics, type MetricsView, type SweepView } from '../metrics/evaluate';
import { scores } from '../metrics/scores';
import { thresholdSweep } from '../metrics/thresholdSweep';
import { truthObjects } from '../metrics/truthLabels';
import type { OverlayView, TruthInfo } from './api';
import { gpuConfusion } from './gpuMetrics';
import { nextId, sources, truths, type HeldImage, type HeldRun, type HeldTruth } from './held';
import { planeImageId, truthKey } from './planes';

/** Most planes of one stack mask (the ground-truth LRU of held.ts holds 256 planes). */
export const MAX_TRUTH_PLANES = 256;

/** Steps of the IoU/Dice sweep: thresholds 0, 0.01, …, 1. */
export const SWEEP_STEPS = 101;

/** Sweeps by run and mask id; a handful, as the LRUs of runs and masks are small too. */
const sweeps = new Map<string, SweepView>();
const SWEEP_CACHE = 8;

const info = (t: HeldTruth, isInstance: boolean, planes: number[]): TruthInfo => ({
  imageId: t.imageId, planes, name: t.name, width: t.width, height: t.height, isInstance, objects: t.objects.count, foregroundPixels: t.foregroundPixels,
});

/**
 * Decode `bytes` as the ground truth of `img`'s plane. A multi-page mask with one page per Z/T plane of the
 * image's file (pages in plane-index order t·Z + z) is a stack mask: each page becomes the mask of its plane.
 * A mask of another size (or page count) is refused before anything is replaced, so the previous masks (and
 * every run) stay usable.
 */
export async function openTruth(img: HeldImage, bytes: ArrayBuffer, name: string, invert: boolean): Promise<TruthInfo> {
  const ms = await openSource(bytes, name);
  const pages = ms.sizeT * ms.sizeZ;
  const src = sources.peek(img.sourceId)?.source;
  const imagePlanes = src ? src.sizeT * src.sizeZ : 1;
  if (ms.width !== img.width || ms.height !== img.height) {
    throw new StudioError('size-mismatch',
      `Ground truth is ${ms.width} × ${ms.height} but the image is ${img.width} × ${img.height}: “${name}” is not a mask of “${img.name}” (nothing was changed).`);
  }
  if (pages > 1 && pages !== imagePlanes) {
    throw new StudioError('size-mismatch',
      `Ground truth “${name}” has ${pages} planes but “${img.name}” has ${imagePlanes}: a stack mask needs one page per Z/T plane (nothing was changed).`);
  }
  if (pages > MAX_TRUTH_PLANES) {
    throw new StudioError('image-too-large', `Ground truth “${name}” has ${pages} planes; the studio holds masks for at most ${MAX_TRUTH_PLANES} planes (nothing was changed).`);
  }
  // Decode every page before replacing anything.
  const decoded: { key: string; index: number; mask: DecodedMask }[] = [];
  for (let t = 0; t < ms.sizeT; t++) {
    for (let z = 0; z < ms.sizeZ; z++) {
      const data = await ms.readRegion({ t, z, c: 0 });
      const mask = maskFromValues({ data, width: ms.width, height: ms.height }, invert, name);
      // Pages count planes in the image's order (t·Z + z), whatever axes the mask file itself declares (a plain
      // multi-page TIFF reads as Z only).
      const k = t * ms.sizeZ + z;
      const plane = pages > 1 && src ? { t: Math.floor(k / src.sizeZ), z: k % src.sizeZ } : img.plane;
      const key = pages > 1 ? truthKey(planeImageId(img.sourceId, { ...plane, c: 0 })) : truthKey(img.id);
      decoded.push({ key, index: src ? plane.t * src.sizeZ + plane.z : 0, mask });
    }
  }
  ms.close?.();
  let first: TruthInfo | undefined;
  for (const { key, mask } of decoded) {
    // An inverted instance image is binary (maskFromValues sets its labels to 0/1): split it into components.
    const isInstance = mask.isInstance && !invert;
    const objects = truthObjects({ ...mask, isInstance });
    let foregroundPixels = 0;
    for (let i = 0; i < objects.binary.length; i++) foregroundPixels += objects.binary[i];
    const held: HeldTruth = { id: nextId('gt'), imageId: img.id, name, width: mask.width, height: mask.height, objects, foregroundPixels };
    truths.put(key, held);
    first ??= info(held, isInstance, []);
  }
  // Data warnings of the first page that has any (a stack mask is usually one kind of file throughout).
  const warnings = decoded.find((d) => d.mask.warnings.length)?.mask.warnings.map((w) => w.message) ?? [];
  return { ...first!, planes: decoded.map((d) => d.index), warnings };
}

/** Drop every mask of the image's file. */
export function dropTruth(imageId: string): void {
  const source = truthKey(imageId).split(':')[0];
  for (const k of truths.keys()) if (k.split(':')[0] === source) truths.delete(k);
}

/** The mask of the run's image; a clear message when there is none (never opened, cleared, or dropped). */
function truthOf(run: HeldRun): HeldTruth {
  const t = truths.peek(truthKey(run.imageId));
  if (!t) throw new StudioError('internal', `No ground truth is open for “${run.imageName}” (this plane); open its mask with “Open ground truth”.`);
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
