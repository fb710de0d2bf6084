import { clampViewport, scaleLimits, type Size, type Viewport } from './viewport';

/** How much of the view (per axis) a zoomed-to object fills at most, so its surroundings stay visible. */
export const BOX_FILL = 1 / 3;
/** A one-pixel object is not blown up beyond this (screen pixels per image pixel). */
export const BOX_MAX_SCALE = 16;

/**
 * The viewport that centres a box of the image (pixels, [minRow, minCol, maxRow, maxCol), skimage bbox order)
 * and shows it at up to BOX_FILL of the view, within the viewer's scale limits and the image's edges.
 */
export function zoomToBox(bbox: readonly [number, number, number, number], image: Size, view: Size): Viewport {
  const [r0, c0, r1, c1] = bbox;
  const bw = Math.max(1, c1 - c0), bh = Math.max(1, r1 - r0);
  const [lo, hi] = scaleLimits(image, view);
  const want = Math.min((view.width * BOX_FILL) / bw, (view.height * BOX_FILL) / bh, BOX_MAX_SCALE);
  const scale = Math.min(hi, Math.max(lo, want));
  return clampViewport({ scale, centerX: (c0 + c1) / 2, centerY: (r0 + r1) / 2 }, image, view);
}
