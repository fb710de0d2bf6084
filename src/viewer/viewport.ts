/**
 * Viewport maths of the zoom/pan viewer, pure (no DOM, no React) so every pane — the main viewer and each
 * compare pane — computes the same thing from one shared state. A viewport is a scale (screen pixels per image
 * pixel) and the image point at the centre of the view, in image pixels: a pane of any size shows the same
 * image point at its centre at the same magnification, which is what keeps panes of equal size identical.
 *
 * Screen ↔ image: sx = (ix − centerX)·scale + viewWidth/2, and its inverse.
 */

export interface Viewport {
  /** Screen pixels per image pixel (1 = 1:1, 4 = each image pixel is a 4×4 block). */
  scale: number;
  /** Image point (in image pixels, 0..width) shown at the centre of the view. */
  centerX: number;
  centerY: number;
}

export interface Size {
  width: number;
  height: number;
}

/** Deepest zoom: one image pixel covers 64×64 screen pixels (enough to read single values). */
export const MAX_SCALE = 64;
/** Zoom out at most to this fraction of the fit scale (the image then floats in the middle of the view). */
export const MIN_FIT_FRACTION = 0.25;
/** Factor of one "Zoom in" / "Zoom out" button press. */
export const ZOOM_STEP = 2;

/** Scale at which the whole image fits the view, aspect kept (0 for an empty view or image). */
export function fitScale(image: Size, view: Size): number {
  if (image.width <= 0 || image.height <= 0 || view.width <= 0 || view.height <= 0) return 0;
  return Math.min(view.width / image.width, view.height / image.height);
}

/** The whole image, centred. */
export function fitViewport(image: Size, view: Size): Viewport {
  return { scale: fitScale(image, view), centerX: image.width / 2, centerY: image.height / 2 };
}

/** Allowed scales: from a quarter of the fit (or 1:1 for an image smaller than the view's quarter) to MAX_SCALE. */
export function scaleLimits(image: Size, view: Size): [number, number] {
  const lo = Math.min(1, fitScale(image, view) * MIN_FIT_FRACTION);
  return [lo, Math.max(lo, MAX_SCALE)];
}

/**
 * Keep the scale in its limits and the image in view: along an axis where the image is narrower than the
 * view it is centred; where it is wider, the view may not run past its edges.
 */
export function clampViewport(vp: Viewport, image: Size, view: Size): Viewport {
  const [lo, hi] = scaleLimits(image, view);
  const scale = Math.min(hi, Math.max(lo, vp.scale));
  const axis = (c: number, imageLen: number, viewLen: number) => {
    const half = viewLen / 2 / scale; // half the view, in image pixels
    if (2 * half >= imageLen) return imageLen / 2;
    return Math.min(imageLen - half, Math.max(half, c));
  };
  return { scale, centerX: axis(vp.centerX, image.width, view.width), centerY: axis(vp.centerY, image.height, view.height) };
}

/** Image point under a screen point of the view (screen pixels from the view's top-left corner). */
export function screenToImage(vp: Viewport, view: Size, sx: number, sy: number): [number, number] {
  return [vp.centerX + (sx - view.width / 2) / vp.scale, vp.centerY + (sy - view.height / 2) / vp.scale];
}

/** Screen point of an image point. */
export function imageToScreen(vp: Viewport, view: Size, ix: number, iy: number): [number, number] {
  return [(ix - vp.centerX) * vp.scale + view.width / 2, (iy - vp.centerY) * vp.scale + view.height / 2];
}

/**
 * Zoom by `factor` about a screen point (the cursor): the image point under it stays under it, unless the
 * clamp has to move the view (scale limit, or the image edge would enter a view the image is wider than).
 */
export function zoomAbout(vp: Viewport, factor: number, sx: number, sy: number, image: Size, view: Size): Viewport {
  const [ix, iy] = screenToImage(vp, view, sx, sy);
  const [lo, hi] = scaleLimits(image, view);
  const scale = Math.min(hi, Math.max(lo, vp.scale * factor));
  const centerX = ix - (sx - view.width / 2) / scale;
  const centerY = iy - (sy - view.height / 2) / scale;
  return clampViewport({ scale, centerX, centerY }, image, view);
}

/** 1:1 (one image pixel per screen pixel), keeping the image point at the centre of the view. */
export function oneToOne(vp: Viewport, image: Size, view: Size): Viewport {
  return clampViewport({ ...vp, scale: 1 }, image, view);
}

/** Drag by (dx, dy) screen pixels: the image moves with the pointer. */
export function pan(vp: Viewport, dx: number, dy: number, image: Size, view: Size): Viewport {
  return clampViewport({ ...vp, centerX: vp.centerX - dx / vp.scale, centerY: vp.centerY - dy / vp.scale }, image, view);
}

/** Wheel delta (pixels, as `WheelEvent.deltaY` in DOM_DELTA_PIXEL mode) → zoom factor: 100 px of wheel ≈ ×1.25. */
export function wheelFactor(deltaY: number): number {
  return Math.pow(2, -deltaY / 310);
}
