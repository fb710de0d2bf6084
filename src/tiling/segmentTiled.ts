import { StudioError } from '../errors';
import { accumulateTile, finalizeBlend, tileWeights, type BlendMode } from './blendTiles';
import { extractTile } from './extractTile';
import { planTiles, type TilePlan, type TileRect } from './plan';

export interface TiledOptions {
  tile: number;
  halo: number;
  multiple: number;
  blend: BlendMode;
  /** Tiles per infer call (≥ 1). */
  batch: number;
}

/** Run the model on n tiles: NCHW n×1×T×T normalised input → n×1×T×T logits. */
export type InferFn = (input: Float32Array, n: number, tile: number) => Promise<Float32Array>;

/** Consecutive batches of a plan's tiles; before each one, throws StudioError 'cancelled' once `isCancelled()` says so. */
export function* tileBatches(tiles: TileRect[], batch: number, isCancelled?: () => boolean): Generator<{ start: number; rects: TileRect[] }> {
  for (let start = 0; start < tiles.length; start += batch) {
    if (isCancelled?.()) throw new StudioError('cancelled', 'Run cancelled.');
    yield { start, rects: tiles.slice(start, start + batch) };
  }
}

/** What a failed infer call of tiles [start, start+n) throws: StudioErrors as they are, anything else as 'inference-failed'. */
export function inferenceError(e: unknown, start: number, n: number, total: number): StudioError {
  if (e instanceof StudioError) return e;
  return new StudioError('inference-failed', `Inference failed on tiles ${start + 1}–${start + n} of ${total}: ${e instanceof Error ? e.message : String(e)}`);
}

/**
 * Overlap-tile segmentation of a normalised image, shared by the worker (onnxruntime-web) and the Node eval
 * CLI (onnxruntime-node): plan → mirror-filled tiles in batches → infer → weighted blend of sigmoid(logits).
 * Checks `isCancelled` before each batch (throws StudioError 'cancelled'); reports progress after each batch.
 * `inferenceMs` counts only the time inside `infer`.
 */
export async function segmentTiled(
  norm: Float32Array, width: number, height: number, opts: TiledOptions, infer: InferFn,
  onProgress?: (done: number, total: number) => void, isCancelled?: () => boolean,
): Promise<{ prob: Float32Array; plan: TilePlan; inferenceMs: number }> {
  if (norm.length !== width * height)
    throw new StudioError('internal', `segmentTiled: image buffer has ${norm.length} values, expected ${width}×${height}`);
  const plan = planTiles(width, height, opts.tile, opts.halo, opts.multiple);
  const T = plan.tile;
  const weights = tileWeights(T, plan.halo, opts.blend);
  const batch = Math.max(1, Math.floor(opts.batch) || 1);
  const acc = new Float32Array(width * height);
  const wsum = new Float32Array(width * height);
  const total = plan.tiles.length;
  let inferenceMs = 0;
  for (const { start, rects } of tileBatches(plan.tiles, batch, isCancelled)) {
    const n = rects.length;
    const input = new Float32Array(n * T * T);
    rects.forEach((r, k) => extractTile(norm, width, height, r, input, k * T * T));
    const t0 = performance.now();
    let logits: Float32Array;
    try {
      logits = await infer(input, n, T);
    } catch (e) {
      throw inferenceError(e, start, n, total);
    }
    inferenceMs += performance.now() - t0;
    if (logits.length < n * T * T)
      throw new StudioError('inference-failed', `The model returned ${logits.length} values for ${n} tile(s) of ${T}×${T}; expected ${n * T * T} (n×1×T×T).`);
    rects.forEach((r, k) => accumulateTile(acc, wsum, width, height, logits, k * T * T, r, weights));
    onProgress?.(Math.min(total, start + n), total);
  }
  return { prob: finalizeBlend(acc, wsum), plan, inferenceMs };
}
