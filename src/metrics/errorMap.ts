import { StudioError } from '../errors';
import type { Confusion } from './confusion';

/**
 * Error-map colours from the Okabe–Ito palette (Okabe & Ito, "Color Universal Design", 2008,
 * https://jfly.uni-koeln.de/color/), which stays distinguishable under protan, deutan and tritan
 * colour-vision deficiencies; the usual red/green TP/FP map does not. True negatives are transparent so
 * the image shows through. Exported for the legend, so the legend and the pixels cannot drift apart.
 */
export const ERROR_COLORS = {
  tp: { hex: '#009E73', rgb: [0, 158, 115], name: 'bluish green', label: 'True positive' },
  fp: { hex: '#CC79A7', rgb: [204, 121, 167], name: 'reddish purple', label: 'False positive' },
  fn: { hex: '#E69F00', rgb: [230, 159, 0], name: 'orange', label: 'False negative' },
} as const;

function checkSize(fn: string, n: number, width: number, height: number): void {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 0 || height < 0 || n !== width * height) {
    throw new StudioError('size-mismatch', `${fn}: buffer has ${n} pixels, expected width×height = ${width}×${height} = ${width * height}`);
  }
}

/**
 * RGBA overlay of prediction errors, with the counts of each class from the same pass (so a legend can
 * show them without a second `confusion()` call). Prediction = prob ≥ threshold and truth = gt > 0, the
 * rules of `confusion()`, so the counts are identical to `confusion(prob, gt, threshold)`.
 * TP, FP and FN pixels get their `ERROR_COLORS` colour with alpha 255; TN pixels are (0, 0, 0, 0).
 * @param out optional buffer of width·height·4 bytes to reuse between frames (every pixel is overwritten).
 * @returns `rgba` (row-major, ready for `new ImageData(rgba, width, height)`) and the counts.
 * @throws StudioError('size-mismatch') if a buffer does not match width×height.
 */
export function errorMapRgba(
  prob: Float32Array,
  gt: Uint8Array,
  threshold: number,
  width: number,
  height: number,
  out?: Uint8ClampedArray,
): { rgba: Uint8ClampedArray; counts: Confusion } {
  checkSize('errorMapRgba (prob)', prob.length, width, height);
  checkSize('errorMapRgba (gt)', gt.length, width, height);
  const n = prob.length;
  if (out && out.length !== 4 * n) {
    throw new StudioError('size-mismatch', `errorMapRgba: out has ${out.length} bytes, expected width×height×4 = ${4 * n}`);
  }
  const rgba = out ?? new Uint8ClampedArray(4 * n);
  const [tpR, tpG, tpB] = ERROR_COLORS.tp.rgb, [fpR, fpG, fpB] = ERROR_COLORS.fp.rgb, [fnR, fnG, fnB] = ERROR_COLORS.fn.rgb;
  let tp = 0, fp = 0, fn = 0;
  for (let i = 0, o = 0; i < n; i++, o += 4) {
    const p = prob[i] >= threshold, g = gt[i] > 0;
    if (p && g) { rgba[o] = tpR; rgba[o + 1] = tpG; rgba[o + 2] = tpB; rgba[o + 3] = 255; tp++; }
    else if (p) { rgba[o] = fpR; rgba[o + 1] = fpG; rgba[o + 2] = fpB; rgba[o + 3] = 255; fp++; }
    else if (g) { rgba[o] = fnR; rgba[o + 1] = fnG; rgba[o + 2] = fnB; rgba[o + 3] = 255; fn++; }
    else { rgba[o] = rgba[o + 1] = rgba[o + 2] = rgba[o + 3] = 0; }
  }
  return { rgba, counts: { tp, fp, fn, tn: n - tp - fp - fn } };
}

/**
 * RGBA outline of a binary mask (non-zero = inside): the inner boundary, i.e. mask pixels with at least
 * one 4-neighbour outside the mask, as skimage `find_boundaries(mode='inner', connectivity=1)`, except that
 * pixels on the image edge count as boundary, so objects cut by the edge still get a closed outline. Outline
 * pixels are `color` with alpha 255, everything else transparent.
 * @param color [r, g, b], 0–255 (e.g. `ERROR_COLORS.fn.rgb` or a user-picked outline colour).
 * @throws StudioError('size-mismatch') if `mask.length !== width * height`.
 */
export function contourRgba(mask: Uint8Array, width: number, height: number, color: readonly [number, number, number]): Uint8ClampedArray {
  checkSize('contourRgba', mask.length, width, height);
  const rgba = new Uint8ClampedArray(4 * mask.length);
  const [r, g, b] = color;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (mask[i] === 0) continue;
      const edge =
        x === 0 || y === 0 || x === width - 1 || y === height - 1 ||
        mask[i - 1] === 0 || mask[i + 1] === 0 || mask[i - width] === 0 || mask[i + width] === 0;
      if (!edge) continue;
      const o = 4 * i;
      rgba[o] = r; rgba[o + 1] = g; rgba[o + 2] = b; rgba[o + 3] = 255;
    }
  }
  return rgba;
}
