/**
 * Display of one plane: per-channel contrast windows and an additive colour composite, plus the numbers the
 * contrast panel draws (value range, automatic window, histogram). Display only: nothing here reaches the
 * model or the mask. Pure (no DOM), tested in composite.test.ts.
 */
import { percentiles } from '../tiling/normalize';

/** Automatic contrast: the 0.3 and 99.7 percentiles of the plane (ImageJ's "Auto" saturates 0.35 %). */
export const AUTO_PERCENTILES: [number, number] = [0.3, 99.7];
/** Bins of the histogram the contrast panel draws. */
export const HISTOGRAM_BINS = 64;

/** One displayed channel: its values, its window [lo, hi] → 0..255, and its colour (hex "#rrggbb"). */
export interface DisplayLayer {
  data: Float32Array;
  window: [number, number];
  color: string;
}

export interface ChannelStats {
  /** Smallest and largest value of the plane. */
  range: [number, number];
  /** The automatic window (AUTO_PERCENTILES). */
  auto: [number, number];
  /** HISTOGRAM_BINS counts over `range` (equal-width bins; the last bin includes the maximum). */
  histogram: number[];
}

/** "#rrggbb" → [r, g, b]; anything else is white (grey display). */
export function parseColor(hex: string): [number, number, number] {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  return m ? [parseInt(m[1], 16), parseInt(m[2], 16), parseInt(m[3], 16)] : [255, 255, 255];
}

/** Range, automatic window and histogram of one channel's plane. */
export function channelStats(data: Float32Array, bins = HISTOGRAM_BINS): ChannelStats {
  let min = Infinity, max = -Infinity;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (data.length === 0) min = max = 0;
  const histogram = new Array<number>(bins).fill(0);
  const scale = max > min ? bins / (max - min) : 0;
  for (let i = 0; i < data.length; i++) histogram[Math.min(bins - 1, Math.floor((data[i] - min) * scale))]++;
  const [lo, hi] = percentiles(data, AUTO_PERCENTILES);
  return { range: [min, max], auto: [lo, hi], histogram };
}

/**
 * Additive composite: each layer maps its window linearly to 0..1 (clamped), times its colour; the sum is
 * clamped to 255 per component (as Fiji's "Composite" mode). A window with hi ≤ lo (a constant plane) shows
 * half intensity, as the old grey display did. Alpha is opaque.
 */
export function compositeRgba(layers: DisplayLayer[], width: number, height: number): Uint8ClampedArray<ArrayBuffer> {
  const n = width * height;
  const acc = new Float32Array(n * 3);
  for (const l of layers) {
    if (l.data.length !== n) throw new Error(`compositeRgba: layer has ${l.data.length} values for ${width}×${height}`);
    const [r, g, b] = parseColor(l.color);
    const [lo, hi] = l.window;
    const inv = hi > lo ? 1 / (hi - lo) : 0;
    for (let i = 0; i < n; i++) {
      const v = l.data[i];
      const f = inv ? Math.min(1, Math.max(0, (v - lo) * inv)) : 0.5;
      acc[3 * i] += f * r;
      acc[3 * i + 1] += f * g;
      acc[3 * i + 2] += f * b;
    }
  }
  const out = new Uint8ClampedArray(n * 4);
  for (let i = 0; i < n; i++) {
    out[4 * i] = acc[3 * i]; // Uint8ClampedArray clamps and rounds
    out[4 * i + 1] = acc[3 * i + 1];
    out[4 * i + 2] = acc[3 * i + 2];
    out[4 * i + 3] = 255;
  }
  return out;
}
