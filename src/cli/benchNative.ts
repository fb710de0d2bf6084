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
import { runTiling } from '../tiling/runTiling';
import type { MeasuredRun, Outcome } from './benchReport';
import { confusion } from '../metrics/confusion';
import { scores } from '../metrics/scores';
import type { ModelSession } from './nodeSession';


/** The card's own tiling (the warm-up tile and the "card" side of the tile-choice comparison). */
export function cardTiling(card: ModelCard) {
  return { tile: card.tiling.tile, halo: card.tiling.halo, multiple: card.input.tileMultiple, blend: card.tiling.blend, batch: batchFor(card.tiling.tile) };
}

/**
 * One timed run with the worker's tiling rule (tiling/runTiling.ts: the tile is chosen from 1 MP up), or the
 * card's own tiling with `tile: 'card'`; foreground counted at the card's threshold (prob ≥ t, as the overlay).
 * With `truth` (1 = foreground) the run's pixel IoU is reported too.
 */
export async function runNative(model: ModelSession, img: Gray, o: { tile?: 'card'; truth?: Uint8Array } = {}): Promise<MeasuredRun> {
  const tiling = o.tile === 'card' ? cardTiling(model.card) : runTiling(model.card, { width: img.width, height: img.height });
  const t0 = performance.now();
  const norm = normalize(img, model.card.input.normalization);
  const { prob, plan, inferenceMs } = await segmentTiled(norm, img.width, img.height, tiling, model.infer);
  const ms = performance.now() - t0;
  let fg = 0;
  for (let i = 0; i < prob.length; i++) if (prob[i] >= model.card.threshold) fg++;
  return {
    width: img.width, height: img.height, tiles: plan.tiles.length, tile: plan.tile, halo: plan.halo, blend: tiling.blend,
    ms, inferenceMs, foregroundPixels: fg,
    ...(o.truth ? { iou: scores(confusion(prob, o.truth, model.card.threshold)).iou } : {}),
  };
}

/**
 * The tile choice's gain on the bench image (issue #12): native ms per megapixel and IoU with the chosen tile
 * and with the card's own, and the IoU difference (target: within ±0.001). Empty when the card's tile was used.
 */
export function tileChoiceReport(native: Outcome & { cardTile?: Outcome }): Record<string, unknown> {
  if (!('run' in native) || !native.cardTile || !('run' in native.cardTile)) return {};
  const a = native.run, c = native.cardTile.run;
  const perMp = (r: MeasuredRun) => Math.round((r.ms / ((r.width * r.height) / 1e6)) * 10) / 10;
  const side = (r: MeasuredRun) => ({ tile: r.tile, tiles: r.tiles, ms_per_mp: perMp(r), iou: r.iou ?? null });
  return {
    tile_choice: {
      chosen: side(a), card: side(c),
      speedup: Math.round((c.ms / a.ms) * 1000) / 1000,
      iou_delta: a.iou !== undefined && c.iou !== undefined ? Math.round((a.iou - c.iou) * 1e5) / 1e5 : null,
    },
  };
}
