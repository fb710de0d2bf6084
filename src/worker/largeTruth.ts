/**
 * Ground truth for a streamed run (issue #12: "pixel metrics against a large ground truth … work tile by
 * tile"): the person's mask File/Blob is opened as a source (regions on demand, never read whole), its objects
 * become label tiles once (metrics/tiledTruth.ts, spilled like the run's own stores), and each threshold costs
 * one pass of tiledConfusion, one tiledComponents labelling of the prediction and one tiledMatchObjects.
 */
import { StudioError } from '../errors';
import { openSourceFromBlob } from '../io/openSource';
import type { Confusion } from '../metrics/confusion';
import { scores } from '../metrics/scores';
import { tiledComponents } from '../metrics/tiledComponents';
import { tiledConfusion } from '../metrics/tiledMetrics';
import { tiledMatchObjects } from '../metrics/tiledObjectMatch';
import { tiledTruth, type TiledTruth } from '../metrics/tiledTruth';
import { dtypeBytes, TileStore, type TileStoreOptions } from '../store/tileStore';
import { heldLargeRun, workerEnv, type LargeRunEnv } from './largeRun';

/** Pixel and object metrics of a streamed run at one threshold. */
export interface LargeMetricsView {
  runId: string;
  truthName: string;
  threshold: number;
  confusion: Confusion;
  iou: number;
  dice: number;
  precision: number;
  recall: number;
  /** Objects matched one-to-one at IoU ≥ 0.5. */
  objectF1: number;
  predObjects: number;
  truthObjects: number;
  truthSource: TiledTruth['source'];
}

/** The worker methods (mixed into SegmentWorkerApi). */
export interface LargeTruthWorkerApi {
  /** The person's mask File for streamed run `runId`: objects and foreground of the truth. */
  setLargeTruth(runId: string, file: Blob, name: string): Promise<{ objects: number; foregroundPixels: number; source: TiledTruth['source'] }>;
  largeMetrics(runId: string, threshold: number): Promise<LargeMetricsView>;
  clearLargeTruth(runId: string): Promise<void>;
}

interface HeldLargeTruth {
  runId: string;
  name: string;
  truth: TiledTruth;
}

/** One truth per run, the last few runs (their label tiles spill like the run's). */
const held = new Map<string, HeldLargeTruth>();
const MAX_HELD = 3;

const storeMaker = (env: LargeRunEnv, tag: string) => async (o: Pick<TileStoreOptions, 'width' | 'height' | 'dtype' | 'tileSize'>) => {
  const tileBytes = (o.tileSize ?? 512) ** 2 * dtypeBytes(o.dtype);
  const spill = await env.spill(`${tag}-${o.dtype}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}.bin`, tileBytes);
  return new TileStore({ ...o, budgetBytes: env.budgetBytes / 4, spill });
};

/** Open `file` as the ground truth of streamed run `runId` (same size required); replaces that run's previous truth. */
export async function setLargeTruth(runId: string, file: Blob, name: string, env: LargeRunEnv = workerEnv(), isCancelled?: () => boolean): Promise<{ objects: number; foregroundPixels: number; source: TiledTruth['source'] }> {
  const run = heldLargeRun(runId);
  const { width, height } = run.view;
  const src = await openSourceFromBlob(file, name);
  try {
    if (src.width !== width || src.height !== height)
      throw new StudioError('size-mismatch', `Ground truth is ${src.width} × ${src.height} but the image is ${width} × ${height}: “${name}” is not a mask of this image (nothing was changed).`);
    const truth = await tiledTruth((r) => src.readRegion({ t: 0, z: 0, c: 0 }, r), width, height, storeMaker(env, `truth-${runId}`), run.store.tileSize, isCancelled);
    held.get(runId)?.truth.labels.close();
    held.delete(runId);
    held.set(runId, { runId, name, truth });
    while (held.size > MAX_HELD) {
      const [k, v] = held.entries().next().value as [string, HeldLargeTruth];
      v.truth.labels.close();
      held.delete(k);
    }
    return { objects: truth.count, foregroundPixels: truth.foregroundPixels, source: truth.source };
  } finally {
    src.close?.();
  }
}

/** Metrics of run `runId` at `threshold` against its truth (setLargeTruth first). */
export async function largeMetrics(runId: string, threshold: number, env: LargeRunEnv = workerEnv(), isCancelled?: () => boolean): Promise<LargeMetricsView> {
  const run = heldLargeRun(runId);
  const h = held.get(runId);
  if (!h) throw new StudioError('internal', 'Open a ground-truth mask for this result first.');
  const gt = h.truth.labels;
  const confusion = await tiledConfusion(run.store, async (r) => gt.readRegion(r), threshold, isCancelled);
  const pred = await storeMaker(env, `pred-${runId}`)({ width: gt.width, height: gt.height, dtype: 'uint32', tileSize: gt.tileSize });
  try {
    const { count } = tiledComponents(run.store, threshold, { labels: pred, isCancelled });
    const m = tiledMatchObjects(pred, gt, count, h.truth.count, isCancelled);
    const s = scores(confusion);
    return {
      runId, truthName: h.name, threshold, confusion, iou: s.iou, dice: s.dice, precision: s.precision, recall: s.recall,
      objectF1: m.f1, predObjects: count, truthObjects: h.truth.count, truthSource: h.truth.source,
    };
  } finally {
    pred.close();
  }
}

/** Drop a run's truth (when the run is dropped or the person clears the mask). */
export function clearLargeTruth(runId: string): void {
  held.get(runId)?.truth.labels.close();
  held.delete(runId);
}
