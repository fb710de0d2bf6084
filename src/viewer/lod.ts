/**
 * Level of detail for large images (issue #12), pure: which rect of the image the view shows and at what
 * bitmap size to ask for it (the page), which resolution level serves that request and how its pixels map to
 * the bitmap (the worker). Both halves use the same rule, so the overlay of a streamed run is drawn from
 * the same level as the image under it.
 */
import { levelForRatio, levelRect, viewRatio } from '../io/levels';
import type { Rect, SourceLevel } from '../io/source';
import { imageToScreen, screenToImage, type Size, type Viewport } from './viewport';

/** The level-pick rule (io/levels.ts levelForRatio) for a request: which of `levels` draws `rect` into an outWidth × outHeight bitmap. */
export function pickLevel(levels: readonly SourceLevel[], rect: Rect, outWidth: number, outHeight: number): number {
  return levelForRatio(levels.map((l) => l.downsample), viewRatio(rect, outWidth, outHeight));
}

/** What the page asks the worker for (largeApi RegionRequest) and where the answer lands on the canvas. */
export interface ViewRegion {
  /** Level-0 pixels, integer, clipped to the image. */
  rect: Rect;
  /** Bitmap size: the rect's device pixels, but never more than its image pixels (deeper zoom scales up on the canvas). */
  outWidth: number;
  outHeight: number;
}

/**
 * The image rect a viewport shows (whole pixels, rounded outwards, clipped to the image) and the bitmap size
 * that gives one bitmap pixel per device pixel (`dpr` device pixels per CSS pixel), capped at one per image
 * pixel. Null when the image is not in view or the view has no size.
 */
export function viewRegion(vp: Viewport, view: Size, image: Size, dpr = 1): ViewRegion | null {
  if (!(view.width > 0 && view.height > 0 && vp.scale > 0)) return null;
  const [ax, ay] = screenToImage(vp, view, 0, 0);
  const [bx, by] = screenToImage(vp, view, view.width, view.height);
  const x0 = Math.max(0, Math.floor(ax)), y0 = Math.max(0, Math.floor(ay));
  const x1 = Math.min(image.width, Math.ceil(bx)), y1 = Math.min(image.height, Math.ceil(by));
  if (x1 <= x0 || y1 <= y0) return null;
  const rect = { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
  const px = vp.scale * dpr;
  return { rect, outWidth: Math.max(1, Math.min(rect.width, Math.ceil(rect.width * px))), outHeight: Math.max(1, Math.min(rect.height, Math.ceil(rect.height * px))) };
}

/** Where a bitmap of level-0 rect `rect` is drawn now, in device pixels (edges rounded from image coordinates, as tiles are). */
export function drawRect(rect: Rect, vp: Viewport, view: Size, dpr = 1): Rect {
  const [ax, ay] = imageToScreen(vp, view, rect.x, rect.y);
  const [bx, by] = imageToScreen(vp, view, rect.x + rect.width, rect.y + rect.height);
  const x = Math.round(ax * dpr), y = Math.round(ay * dpr);
  return { x, y, width: Math.round(bx * dpr) - x, height: Math.round(by * dpr) - y };
}

/**
 * Nearest-neighbour map from output pixels to level pixels along one axis: output pixel i samples the level
 * pixel under its centre, `floor((start + (i + ½)·len/out) / d) − levelStart`. With out = len and d = 1 this
 * is i itself (1:1 shows the file's pixels).
 */
export function sampleIndex(start: number, len: number, out: number, d: number, levelStart: number, levelLen: number): Int32Array {
  const idx = new Int32Array(out);
  for (let i = 0; i < out; i++) idx[i] = Math.min(levelLen - 1, Math.max(0, Math.floor((start + ((i + 0.5) * len) / out) / d) - levelStart));
  return idx;
}

/**
 * The grey RGBA bitmap of `req` from `values` (the level rect `levelRect(req.rect, level)`, row-major) with
 * the display window [lo, hi] → 0..255: the arithmetic of viewer/composite.ts compositeRgba for one white
 * channel (float32 product, clamped and rounded by Uint8ClampedArray; hi ≤ lo shows half intensity). NaN
 * (a level not built there yet) is transparent.
 */
export function renderGrey(values: ArrayLike<number>, level: SourceLevel, req: ViewRegion, window: [number, number]): Uint8ClampedArray<ArrayBuffer> {
  const l = levelRect(req.rect, level);
  if (values.length !== l.width * l.height) throw new Error(`renderGrey: ${values.length} values for a ${l.width}×${l.height} level rect`);
  return renderGreyInto(new Uint8ClampedArray(req.outWidth * req.outHeight * 4), values, l, level, req, window);
}

/** RGBA pixel (g, g, g, 255) as the platform's Uint32 of those four bytes, for g = 0..255 (endianness-free). */
const GREY32 = (() => {
  const b = new Uint8ClampedArray(256 * 4);
  for (let g = 0; g < 256; g++) b.set([g, g, g, 255], g * 4);
  return new Uint32Array(b.buffer);
})();

/**
 * The grey level of raw value v in window [lo, hi] (inv = 1 / (hi − lo), 0 when hi ≤ lo): composite.ts's
 * float32 product, clamped and rounded as a Uint8ClampedArray store does.
 */
function greyOf(v: number, lo: number, inv: number, f32: Float32Array, u8: Uint8ClampedArray): number {
  f32[0] = (inv ? Math.min(1, Math.max(0, (v - lo) * inv)) : 0.5) * 255;
  u8[0] = f32[0];
  return u8[0];
}

/**
 * renderGrey for part of the level rect: `values` cover `part` (level pixels, row-major), and only the bitmap
 * pixels that sample inside it are written into `out` (so a large level rect can be read band by band).
 * Integer levels (Uint16Array / Uint8Array, the built display levels) go through a table of every value's
 * pixel, so a Fit costs one lookup and one 32-bit store per bitmap pixel.
 */
export function renderGreyInto(out: Uint8ClampedArray<ArrayBuffer>, values: ArrayLike<number>, part: Rect, level: SourceLevel, req: ViewRegion, window: [number, number]): Uint8ClampedArray<ArrayBuffer> {
  const l = levelRect(req.rect, level);
  const xs = sampleIndex(req.rect.x, req.rect.width, req.outWidth, level.downsample, l.x, l.width);
  const ys = sampleIndex(req.rect.y, req.rect.height, req.outHeight, level.downsample, l.y, l.height);
  const [lo, hi] = window;
  const inv = hi > lo ? 1 / (hi - lo) : 0;
  const f32 = new Float32Array(1), u8 = new Uint8ClampedArray(1);
  const out32 = new Uint32Array(out.buffer, out.byteOffset, out.length >> 2);
  let lut: Uint32Array | null = null;
  if (values instanceof Uint16Array || values instanceof Uint8Array) {
    lut = new Uint32Array(values instanceof Uint16Array ? 65536 : 256);
    for (let v = 0; v < lut.length; v++) lut[v] = GREY32[greyOf(v, lo, inv, f32, u8)];
  }
  // bitmap columns that sample inside the part, as part columns
  const dx = l.x - part.x;
  let i0 = 0, i1 = req.outWidth;
  while (i0 < i1 && xs[i0] + dx < 0) i0++;
  while (i1 > i0 && xs[i1 - 1] + dx >= part.width) i1--;
  const cols = xs.subarray(i0, i1).map((x) => x + dx);
  for (let j = 0; j < req.outHeight; j++) {
    const y = ys[j] + l.y - part.y;
    if (y < 0 || y >= part.height) continue;
    const row = y * part.width;
    const o = j * req.outWidth + i0;
    if (lut) {
      for (let i = 0; i < cols.length; i++) out32[o + i] = lut[values[row + cols[i]]];
      continue;
    }
    for (let i = 0; i < cols.length; i++) {
      const v = values[row + cols[i]];
      if (v !== v) continue; // NaN: not there yet, left transparent
      out32[o + i] = GREY32[greyOf(v, lo, inv, f32, u8)];
    }
  }
  return out;
}
