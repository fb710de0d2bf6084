/**
 * Ground truth of a large image (issue #12: "pixel metrics against a large ground truth … work tile by
 * tile"): the person's mask File/Blob is opened as a source (regions on demand, never read whole), its objects
 * become label tiles once (metrics/tiledTruth.ts, spilled like the run's own stores) and belong to the image,
 * so a mask opened before a run serves every streamed run of that image. Per run, one pass builds the histogram
 * of its stored probabilities against the truth (metrics/tiledSweep.ts), from which the pixel metrics at any
 * threshold and the IoU/Dice sweep follow without another pass; each threshold then costs one tiledComponents
 * labelling of the prediction and one overlap table (object matching and SEG). All of it cooperative
 * (largePace.ts): progress, other calls served meanwhile, cancellable.
 */
import { StudioError } from '../errors';
import { openSourceFromBlob } from '../io/openSource';
import type { MetricsView } from '../metrics/evaluate';
import { matchObjects } from '../metrics/objectMatch';
import { scores } from '../metrics/scores';
import { segMeasure } from '../metrics/segMeasure';
import { drainAsync } from '../metrics/steps';
import { componentsStepCount, tiledComponentsSteps } from '../metrics/tiledComponents';
import { tiledOverlapSteps } from '../metrics/tiledObjectMatch';
import { confusionAt, sweepOf, valueHistogramSteps, type ValueHistogram } from '../metrics/tiledSweep';
import { TRUTH_PASSES, tiledTruth, type TiledTruth } from '../metrics/tiledTruth';
import { dtypeBytes, TileStore, type TileStoreOptions } from '../store/tileStore';
import { sources } from './held';
import { cacheCounts, heldLargeRun, LARGE_STORE_TILE, workerEnv, type LargeRunEnv } from './largeRun';
import { cooperative, type AnalysisProgress } from './largePace';
import { parsePlaneId } from './planes';

/** What the page learns about a large image's mask. */
export interface LargeTruthInfo {
  imageId: string;
  name: string;
  width: number;
  height: number;
  objects: number;
  foregroundPixels: number;
  source: TiledTruth['source'];
  invert: boolean;
}

/** The worker methods (mixed into SegmentWorkerApi). */
export interface LargeTruthWorkerApi {
  /** The person's mask File for the large image plane `imageId` (same size required); replaces its previous mask. */
  setLargeTruth(imageId: string, file: Blob, name: string, invert?: boolean, onProgress?: (p: AnalysisProgress) => void): Promise<LargeTruthInfo>;
  /** Pixel and object metrics of streamed run `runId` at `threshold` against its image's mask, with the sweep. */
  largeMetrics(runId: string, threshold: number, onProgress?: (p: AnalysisProgress) => void): Promise<MetricsView>;
  clearLargeTruth(imageId: string): Promise<void>;
}

interface HeldLargeTruth {
  info: LargeTruthInfo;
  imageName: string;
  truth: TiledTruth;
  /** The value histogram of one run against this truth (the run shown; another run builds its own). */
  hist?: { runId: string; h: ValueHistogram };
}

/** One truth per image plane, the last few (their label tiles spill like the runs'). */
const held = new Map<string, HeldLargeTruth>();
const MAX_HELD = 3;

const storeMaker = (env: LargeRunEnv, tag: string) => async (o: Pick<TileStoreOptions, 'width' | 'height' | 'dtype' | 'tileSize'>) => {
  const tileBytes = (o.tileSize ?? LARGE_STORE_TILE) ** 2 * dtypeBytes(o.dtype);
  const spill = await env.spill(`${tag}-${o.dtype}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}.bin`, tileBytes);
  return new TileStore({ ...o, budgetBytes: env.budgetBytes / 4, spill });
};

/** Open `file` as the ground truth of the large image plane `imageId`; a mask of another size is refused and the previous one stays. */
export async function setLargeTruth(
  imageId: string, file: Blob, name: string, invert = false, onProgress?: (p: AnalysisProgress) => void, env: LargeRunEnv = workerEnv(),
): Promise<LargeTruthInfo> {
  const id = parsePlaneId(imageId);
  if (!id) throw new StudioError('internal', `"${imageId}" is not a plane of an open image.`);
  const image = sources.get(id.sourceId).source;
  const { width, height } = image;
  const src = await openSourceFromBlob(file, name);
  try {
    if (src.width !== width || src.height !== height)
      throw new StudioError('size-mismatch', `Ground truth is ${src.width} × ${src.height} but the image is ${width} × ${height}: “${name}” is not a mask of this image (nothing was changed).`);
    const steps = TRUTH_PASSES * Math.ceil(width / LARGE_STORE_TILE) * Math.ceil(height / LARGE_STORE_TILE);
    const truth = await cooperative('truth', steps, onProgress, (pause, token) =>
      tiledTruth((r) => src.readRegion({ t: 0, z: 0, c: 0 }, r), width, height, storeMaker(env, `truth-${id.sourceId}`), LARGE_STORE_TILE,
        () => token.cancelled, { invert, pause }));
    clearLargeTruth(imageId);
    const info: LargeTruthInfo = { imageId, name, width, height, objects: truth.count, foregroundPixels: truth.foregroundPixels, source: truth.source, invert };
    held.set(imageId, { info, imageName: image.name, truth });
    while (held.size > MAX_HELD) clearLargeTruth(held.keys().next().value as string);
    return info;
  } finally {
    src.close?.();
  }
}

/** Metrics of run `runId` at `threshold` against its image's truth (setLargeTruth first), as the whole-image panel shows them. */
export async function largeMetrics(
  runId: string, threshold: number, onProgress?: (p: AnalysisProgress) => void, env: LargeRunEnv = workerEnv(),
): Promise<MetricsView> {
  const run = heldLargeRun(runId);
  const h = held.get(run.view.imageId);
  if (!h) throw new StudioError('internal', 'Open a ground-truth mask for this image first.');
  const gt = h.truth.labels, nGt = h.truth.count;
  const tiles = gt.tilesX * gt.tilesY;
  const needHist = h.hist?.runId !== runId;
  const steps = (needHist ? tiles : 0) + componentsStepCount(gt, true) + tiles;
  return cooperative('metrics', steps, onProgress, async (pause, token) => {
    const isCancelled = () => token.cancelled;
    if (needHist) h.hist = { runId, h: await drainAsync(valueHistogramSteps(run.store, gt, isCancelled), pause) };
    const hist = h.hist!.h;
    const c = confusionAt(hist, threshold);
    const pred = await storeMaker(env, `pred-${runId}`)({ width: gt.width, height: gt.height, dtype: 'uint32', tileSize: gt.tileSize });
    try {
      const { count } = await drainAsync(tiledComponentsSteps(run.store, threshold, { labels: pred, isCancelled }), pause);
      const table = await drainAsync(tiledOverlapSteps(pred, gt, count, nGt, isCancelled), pause);
      // matchObjects and segMeasure read only the table when one is given; the label arrays are placeholders
      const none = new Uint32Array(0);
      const match = matchObjects(none, none, count, nGt, 0.5, table);
      const { seg } = segMeasure(none, none, count, nGt, table);
      cacheCounts(run, threshold, { foregroundPixels: c.tp + c.fp, objects: count }); // the Info panel's counts, for free
      const { thresholds, iou, dice, best } = sweepOf(hist);
      return {
        runId, imageName: h.imageName, truthName: h.info.name, modelId: run.view.modelId, width: gt.width, height: gt.height, threshold,
        pixel: { ...c, ...scores(c) },
        objects: { ...match, iouThreshold: 0.5, seg, truthObjects: h.truth.source },
        sweep: { thresholds, iou, dice, best },
        device: 'cpu',
      };
    } finally {
      pred.close();
    }
  });
}

/** Drop an image's truth (the person cleared the mask, or another replaced it). */
export function clearLargeTruth(imageId: string): void {
  held.get(imageId)?.truth.labels.close();
  held.delete(imageId);
}
