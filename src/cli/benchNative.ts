/**
 * Run (c) of the bench: onnxruntime-node on the same image, through the same src/tiling code as the worker
 * (normalise → planTiles → mirror-filled tiles → infer → blend), with the worker's batch size, and timed
 * the way src/worker/run.ts times a run (normalise to blended map), so ms and inferenceMs compare one to one.
 */
import type { ModelCard } from '../models/manifest';
import { normalize } from '../tiling/normalize';
import { segmentTiled } from '../tiling/segmentTiled';
import type { Gray } from '../bench/mosaic';
import { batchFor } from '../tiling/batch';
import type { MeasuredRun } from './benchReport';
import type { ModelSession } from './nodeSession';


/** The card's tiling, unless overridden (the worker applies the same `opts.x ?? card.x`). */
export function cardTiling(card: ModelCard) {
  return { tile: card.tiling.tile, halo: card.tiling.halo, multiple: card.input.tileMultiple, blend: card.tiling.blend, batch: batchFor(card.tiling.tile) };
}

/** One timed run; foreground counted at the card's threshold (prob ≥ t, as the worker's overlay). */
export async function runNative(model: ModelSession, img: Gray): Promise<MeasuredRun> {
  const tiling = cardTiling(model.card);
  const t0 = performance.now();
  const norm = normalize(img, model.card.input.normalization);
  const { prob, plan, inferenceMs } = await segmentTiled(norm, img.width, img.height, tiling, model.infer);
  const ms = performance.now() - t0;
  let fg = 0;
  for (let i = 0; i < prob.length; i++) if (prob[i] >= model.card.threshold) fg++;
  return {
    width: img.width, height: img.height, tiles: plan.tiles.length, tile: plan.tile, halo: plan.halo, blend: tiling.blend,
    ms, inferenceMs, foregroundPixels: fg,
  };
}
