/**
 * The mask overlay of one on-screen region of a large result (issue #12): the worker reads the region from
 * the level of the probability pyramid that suits the zoom (store/pyramidStore.ts), strided, and this turns
 * that grid into the outWidth × outHeight RGBA the viewer draws. Same colour and threshold rule as the
 * whole-image overlay (worker/render.ts MASK_RGB, tiling/threshold.ts: prob ≥ threshold on the decoded value).
 * Pure: no DOM.
 */
import { levelRect as levelRectOf } from '../io/levels';
import type { Rect } from '../io/source';

/** The rect of a level at `factor` that covers the level-0 `rect` (clipped to the level's size): io/levels.ts levelRect. */
export const levelRect = (rect: Rect, factor: number, levelWidth: number, levelHeight: number): Rect =>
  levelRectOf(rect, { width: levelWidth, height: levelHeight, downsample: factor });

/**
 * RGBA of a sampled grid (gw × gh encoded probabilities covering the region) resampled nearest-neighbour to
 * outW × outH: opaque `rgb` where value / scale ≥ threshold, transparent elsewhere. Also counts the drawn pixels.
 */
export function maskGridRgba(
  grid: ArrayLike<number>, gw: number, gh: number, outW: number, outH: number, threshold: number, scale: number,
  rgb: readonly [number, number, number],
): { rgba: Uint8ClampedArray<ArrayBuffer>; drawn: number } {
  const rgba = new Uint8ClampedArray(outW * outH * 4);
  const cols = new Int32Array(outW);
  for (let i = 0; i < outW; i++) cols[i] = Math.min(gw - 1, Math.floor(((i + 0.5) * gw) / outW));
  let drawn = 0;
  for (let j = 0; j < outH; j++) {
    const row = Math.min(gh - 1, Math.floor(((j + 0.5) * gh) / outH)) * gw;
    for (let i = 0; i < outW; i++) {
      if (grid[row + cols[i]] / scale < threshold) continue;
      const o = (j * outW + i) * 4;
      rgba[o] = rgb[0]; rgba[o + 1] = rgb[1]; rgba[o + 2] = rgb[2]; rgba[o + 3] = 255;
      drawn++;
    }
  }
  return { rgba, drawn };
}
