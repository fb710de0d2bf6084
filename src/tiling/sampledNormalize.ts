/**
 * Normalisation for images too large to hold: the statistics (percentiles, min/max, mean/std) come from a
 * sampled pass — a grid of windows read through the source, never the whole plane — and are then applied
 * region by region with exactly the arithmetic of normalize.ts. When the sample budget covers the image, the
 * whole plane is read and the result is bit-identical to normalize().
 */
import type { Normalization } from '../models/manifest';
import type { Rect } from '../io/source';
import { percentiles } from './normalize';

/** What a pointwise normalisation needs, per kind. */
export type NormParams =
  | { kind: 'percentile'; a: number; b: number }
  | { kind: 'minmax'; a: number; b: number }
  | { kind: 'fixed'; scale: number; offset: number }
  | { kind: 'zscore'; mean: number; d: number };

/** Statistics of `sample` for normalisation `n` (exact statistics of the image when the sample is the image). */
export function normParams(n: Normalization, sample: Float32Array): NormParams {
  if (n.kind === 'fixed') return { kind: 'fixed', scale: n.scale, offset: n.offset };
  if (n.kind === 'zscore') {
    let sum = 0;
    for (let i = 0; i < sample.length; i++) sum += sample[i];
    const mean = sample.length ? sum / sample.length : 0;
    let ss = 0;
    for (let i = 0; i < sample.length; i++) ss += (sample[i] - mean) ** 2;
    return { kind: 'zscore', mean, d: Math.sqrt(sample.length ? ss / sample.length : 0) + n.eps };
  }
  if (n.kind === 'percentile') {
    const [a, b] = percentiles(sample, [n.low, n.high]);
    return { kind: 'percentile', a, b };
  }
  let a = Infinity, b = -Infinity;
  for (let i = 0; i < sample.length; i++) { if (sample[i] < a) a = sample[i]; if (sample[i] > b) b = sample[i]; }
  return { kind: 'minmax', a, b };
}

/** Normalise `src` into `out` (may be the same array) with fixed parameters: normalize.ts's formulas, same float64 arithmetic. */
export function applyNorm(src: Float32Array, p: NormParams, out: Float32Array = src): Float32Array {
  const n = src.length;
  if (p.kind === 'fixed') for (let i = 0; i < n; i++) out[i] = src[i] * p.scale + p.offset;
  else if (p.kind === 'zscore') for (let i = 0; i < n; i++) out[i] = (src[i] - p.mean) / p.d;
  else if (p.kind === 'minmax') {
    const d = p.b > p.a ? p.b - p.a : 1;
    for (let i = 0; i < n; i++) out[i] = (src[i] - p.a) / d;
  } else {
    const scale = p.b > p.a ? 1 / (p.b - p.a) : 1;
    for (let i = 0; i < n; i++) out[i] = (src[i] - p.a) * scale;
  }
  return out;
}

/** Reads raw values of one plane inside a level-0 rect (an ImageSource's readRegion with the plane bound). */
export type RegionReader = (rect: Rect, signal?: AbortSignal) => Promise<Float32Array>;

export interface SampleOptions {
  /** Most pixels read (default 4 Mi = 16 MB of float32). At or above width·height the whole plane is read. */
  maxSamples?: number;
  /**
   * Edge of each sampled window, and the grid windows are aligned to (default 256: a window then decodes
   * exactly one tile of a 256- or 512-tiled TIFF; unaligned or smaller windows would decode up to four tiles
   * each, and decoding, not reading, is what a sampled pass costs).
   */
  window?: number;
}

/**
 * The sample a large plane's statistics come from: the whole plane when it fits `maxSamples`, else a gx×gy
 * stratified grid of window² squares, one at a seeded random window-aligned place inside each grid cell,
 * about maxSamples pixels in all. Windows rather than single pixels because tiled files decode whole tiles
 * anyway; jittered rather than regular so that periodic structure (stripes, illumination) is not aliased.
 */
export async function samplePlane(read: RegionReader, width: number, height: number, o: SampleOptions = {}, signal?: AbortSignal): Promise<Float32Array> {
  const max = o.maxSamples ?? 4 * 2 ** 20;
  if (width * height <= max) return read({ x: 0, y: 0, width, height }, signal);
  const win = Math.max(1, Math.min(o.window ?? 256, width, height));
  const count = Math.max(1, Math.floor(max / (win * win)));
  // grid with gx/gy ≈ width/height and gx·gy ≈ count, each axis at least 1 and at most what fits
  const gx = Math.max(1, Math.min(Math.floor(width / win), Math.round(Math.sqrt((count * width) / height))));
  const gy = Math.max(1, Math.min(Math.floor(height / win), Math.floor(count / gx)));
  const out = new Float32Array(gx * gy * win * win);
  let k = 0, seed = 0x9e3779b9;
  const rand = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const place = (cell: number, g: number, n: number) => {
    // window-aligned positions whose window lies inside the cell (the cell's first aligned one if none does)
    const lo = Math.ceil(Math.floor((cell * n) / g) / win), hi = Math.floor((Math.floor(((cell + 1) * n) / g) - win) / win);
    const k = hi > lo ? lo + Math.floor(rand() * (hi - lo + 1)) : lo;
    return Math.min(n - win, Math.max(0, k * win));
  };
  for (let j = 0; j < gy; j++)
    for (let i = 0; i < gx; i++) {
      const x = place(i, gx, width), y = place(j, gy, height);
      out.set(await read({ x, y, width: win, height: win }, signal), k);
      k += win * win;
    }
  return out;
}
