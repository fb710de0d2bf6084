/**
 * Pixels the person looks at, computed in the worker: the grey display of the raw image and the mask /
 * contour overlay of a probability map at a threshold. Pure functions (no DOM), tested in render.test.ts.
 */
import { edgePixels, traceContours } from '../measure/contours';
import { percentiles } from '../tiling/normalize';

/** Overlay colours (RGB). Mask: sky blue; contours: amber — both readable over grey EM and fluorescence. */
export const MASK_RGB = [56, 189, 248] as const;
export const CONTOUR_RGB = [250, 204, 21] as const;

/**
 * Grey RGBA of raw values with a 1–99.8 percentile window (the usual microscopy auto-contrast), so a 16-bit
 * image with a few hot pixels still shows its structure. Constant images render mid-grey.
 */
export function displayRgba(data: Float32Array, width: number, height: number): Uint8ClampedArray<ArrayBuffer> {
  const [lo, hi] = percentiles(data, [1, 99.8]);
  const out = new Uint8ClampedArray(width * height * 4);
  const scale = hi > lo ? 255 / (hi - lo) : 0;
  for (let i = 0, o = 0; i < width * height; i++, o += 4) {
    const v = scale ? (data[i] - lo) * scale : 128; // Uint8ClampedArray clamps and rounds
    out[o] = out[o + 1] = out[o + 2] = v;
    out[o + 3] = 255;
  }
  return out;
}

/**
 * Overlay RGBA: opaque colour where drawn, transparent elsewhere (the UI sets the CSS opacity).
 * - mask: every pixel with prob ≥ threshold (the rule of tiling/threshold.ts);
 * - contours: foreground pixels with a 4-neighbour in the background, found along the pixel-corner outlines of
 *   measure/contours.ts (the same outlines as the GeoJSON and ImageJ ROI exports). Outlines on the image's own
 *   border are not drawn, so objects cut by the border stay open instead of framing the whole image.
 */
export function overlayRgba(prob: Float32Array, width: number, height: number, threshold: number, mode: 'mask' | 'contours') {
  const rgba = new Uint8ClampedArray(width * height * 4);
  let foregroundPixels = 0;
  const [r, g, b] = mode === 'mask' ? MASK_RGB : CONTOUR_RGB;
  const paint = (i: number) => {
    const o = i * 4;
    rgba[o] = r; rgba[o + 1] = g; rgba[o + 2] = b; rgba[o + 3] = 255;
  };
  const fg = new Uint16Array(width * height);
  for (let i = 0; i < fg.length; i++) {
    if (prob[i] < threshold) continue;
    fg[i] = 1;
    foregroundPixels++;
    if (mode === 'mask') paint(i);
  }
  if (mode === 'contours') {
    const polys = traceContours({ labels: fg, width, height }).get(1) ?? [];
    edgePixels(polys, width, height, true, (x, y) => paint(y * width + x));
  }
  return { width, height, rgba, foregroundPixels };
}
