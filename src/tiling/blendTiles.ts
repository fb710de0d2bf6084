import type { TileRect } from './plan';

/**
 * CPU reference of the blend kernel (shaders/blendTiles.wgsl will mirror it) and the no-WebGPU fallback.
 * Layouts: tiles are T×T row-major f32; acc/wsum are W×H row-major f32.
 */
export type BlendMode = 'crop' | 'taper' | 'gaussian';

/** Smallest weight anywhere in a gaussian/taper map, so every in-image pixel of a tile counts a little
 * (nnU-Net clamps its gaussian the same way to avoid 0/0 at tile corners). */
export const MIN_WEIGHT = 1e-6;

/**
 * Per-pixel weights of one T×T tile.
 * - crop: 1 inside the valid centre [halo, T-halo)², 0 elsewhere — the exact overlap-tile result.
 * - taper: product of 1-D ramps rising linearly across the halo band, (d+0.5)/(halo+0.5) with d the distance
 *   to the tile edge; exactly 1 in the valid centre, > 0 everywhere.
 * - gaussian: exp(-d²/(2σ²)) with σ = T/8 centred on the tile (nnU-Net), normalised to max 1, min MIN_WEIGHT.
 */
export function tileWeights(tile: number, halo: number, mode: BlendMode): Float32Array {
  const T = tile;
  const w1 = new Float64Array(T);
  if (mode === 'crop') {
    for (let i = 0; i < T; i++) w1[i] = i >= halo && i < T - halo ? 1 : 0;
  } else if (mode === 'taper') {
    // Ramp from ~0 at the outer edge to 1 where the valid centre starts; halo 0 → all ones.
    for (let i = 0; i < T; i++) {
      const d = Math.min(i, T - 1 - i); // distance to the nearest tile edge
      w1[i] = d >= halo ? 1 : (d + 0.5) / (halo + 0.5);
    }
  } else {
    const sigma = T / 8;
    const c = (T - 1) / 2;
    for (let i = 0; i < T; i++) w1[i] = Math.exp(-((i - c) ** 2) / (2 * sigma * sigma));
  }
  const out = new Float32Array(T * T);
  for (let y = 0; y < T; y++)
    for (let x = 0; x < T; x++) {
      const v = w1[y] * w1[x];
      out[y * T + x] = mode === 'crop' ? v : Math.max(MIN_WEIGHT, v);
    }
  return out;
}

/**
 * Add one tile's prediction: acc += w·sigmoid(logit), wsum += w, for the tile pixels that lie in the image.
 * `logits` holds the tile at `logitsOffset` (T×T, row-major; T = rect.size = sqrt(weights.length)).
 */
export function accumulateTile(
  acc: Float32Array, wsum: Float32Array, width: number, height: number,
  logits: Float32Array, logitsOffset: number, rect: TileRect, weights: Float32Array,
): void {
  const T = rect.size;
  const x0 = Math.max(0, rect.x0), x1 = Math.min(width, rect.x0 + T);
  const y0 = Math.max(0, rect.y0), y1 = Math.min(height, rect.y0 + T);
  for (let y = y0; y < y1; y++) {
    const tRow = (y - rect.y0) * T - rect.x0;
    const iRow = y * width;
    for (let x = x0; x < x1; x++) {
      const w = weights[tRow + x];
      if (w === 0) continue; // crop mode: skip the halo (also keeps exactness: no 0·inf)
      const p = 1 / (1 + Math.exp(-logits[logitsOffset + tRow + x]));
      acc[iRow + x] += w * p;
      wsum[iRow + x] += w;
    }
  }
}

/** Blended probability per pixel: acc / wsum, 0 where no tile contributed (wsum = 0). */
export function finalizeBlend(acc: Float32Array, wsum: Float32Array): Float32Array {
  const out = new Float32Array(acc.length);
  for (let i = 0; i < acc.length; i++) out[i] = wsum[i] > 0 ? acc[i] / wsum[i] : 0;
  return out;
}
