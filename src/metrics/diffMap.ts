import { StudioError } from '../errors';

/**
 * Colours of the model-difference map (A vs B), from the Okabe–Ito palette (colour-blind safe, see
 * errorMap.ts): only A foreground = orange, only B = blue, both = yellow. Pixels neither model calls
 * foreground are transparent. Exported for the legend, so legend and pixels cannot drift apart.
 */
export const DIFF_COLORS = {
  onlyA: { hex: '#E69F00', rgb: [230, 159, 0], name: 'orange', label: 'Only A' },
  onlyB: { hex: '#0072B2', rgb: [0, 114, 178], name: 'blue', label: 'Only B' },
  both: { hex: '#F0E442', rgb: [240, 228, 66], name: 'yellow', label: 'Both' },
} as const;

export interface DiffCounts {
  onlyA: number;
  onlyB: number;
  both: number;
  neither: number;
}

/**
 * RGBA map of where two probability maps of the same image disagree at one threshold (foreground = prob ≥
 * threshold, the rule of confusion()), with the pixel count of each class from the same pass.
 * @throws StudioError('size-mismatch') if a map does not have width×height pixels.
 */
export function diffMapRgba(probA: Float32Array, probB: Float32Array, threshold: number, width: number, height: number): { rgba: Uint8ClampedArray<ArrayBuffer>; counts: DiffCounts } {
  const n = width * height;
  if (probA.length !== n || probB.length !== n) {
    throw new StudioError('size-mismatch', `diffMapRgba: maps have ${probA.length} and ${probB.length} pixels, expected ${width}×${height} = ${n}`);
  }
  const rgba = new Uint8ClampedArray(4 * n);
  const [aR, aG, aB] = DIFF_COLORS.onlyA.rgb, [bR, bG, bB] = DIFF_COLORS.onlyB.rgb, [cR, cG, cB] = DIFF_COLORS.both.rgb;
  let onlyA = 0, onlyB = 0, both = 0;
  for (let i = 0, o = 0; i < n; i++, o += 4) {
    const a = probA[i] >= threshold, b = probB[i] >= threshold;
    if (a && b) { rgba[o] = cR; rgba[o + 1] = cG; rgba[o + 2] = cB; rgba[o + 3] = 255; both++; }
    else if (a) { rgba[o] = aR; rgba[o + 1] = aG; rgba[o + 2] = aB; rgba[o + 3] = 255; onlyA++; }
    else if (b) { rgba[o] = bR; rgba[o + 1] = bG; rgba[o + 2] = bB; rgba[o + 3] = 255; onlyB++; }
  }
  return { rgba, counts: { onlyA, onlyB, both, neither: n - onlyA - onlyB - both } };
}
