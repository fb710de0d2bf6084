/**
 * Resolution levels of a source (io/source.ts SourceLevel) as pure arithmetic shared by the TIFF source (its
 * own SubIFD levels), the worker's built pyramid (worker/largeView.ts) and the viewer's level choice
 * (viewer/lod.ts): which level pixels cover a level-0 rect, and which levels a pyramid built on the fly has.
 */
import type { Rect, SourceLevel } from './source';

/**
 * The level pixels that cover the level-0 rect `r` at `level`: start rounded down, end rounded up, clipped to
 * the level. With an integer downsample d and r = (L scaled by d, clipped to the image) this gives L back,
 * so a level rect survives the round trip through level-0 coordinates.
 */
export function levelRect(r: Rect, level: SourceLevel): Rect {
  const d = level.downsample;
  const x0 = Math.min(level.width - 1, Math.max(0, Math.floor(r.x / d)));
  const y0 = Math.min(level.height - 1, Math.max(0, Math.floor(r.y / d)));
  const x1 = Math.min(level.width, Math.max(x0 + 1, Math.ceil((r.x + r.width) / d)));
  const y1 = Math.min(level.height, Math.max(y0 + 1, Math.ceil((r.y + r.height) / d)));
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/** The level-0 rect whose levelRect at `level` is `l` (l scaled up, clipped to the level-0 size). */
export function levelToBase(l: Rect, level: SourceLevel, width: number, height: number): Rect {
  const d = level.downsample;
  const x = Math.min(width - 1, l.x * d), y = Math.min(height - 1, l.y * d);
  return { x, y, width: Math.min(width, (l.x + l.width) * d) - x, height: Math.min(height, (l.y + l.height) * d) - y };
}

/** A file level's downsample from its size: the integer ratio when the level is a ceil/floor halving, else the exact one. */
export function downsampleOf(width0: number, height0: number, width: number, height: number): number {
  const exact = Math.max(width0 / width, height0 / height);
  const k = Math.round(exact);
  return k >= 1 && (Math.ceil(width0 / k) === width || Math.floor(width0 / k) === width) ? k : exact;
}

/** Levels are built until the coarsest one fits this edge (a Fit of any image then reads at most ~1 MP). */
export const OVERVIEW_EDGE = 1024;

/**
 * Downsample factors of the overview levels of a width × height raster: ÷4, then ÷2 steps (÷8, ÷16 …) until
 * the longer edge is ≤ `edge`; empty when it already fits. The one rule for the image's built levels and the
 * streamed run's probability levels (store/pyramidStore.ts), so image and overlay are drawn from matching
 * levels. Why these steps: with ÷2 steps the level a view picks (viewer/lod.ts pickLevel) has at most 2×2
 * level pixels per bitmap pixel, so a Fit reads ≤ 4× its bitmap (a ÷4 step read up to 16×: 64 MB of float32
 * for a 1440-px Fit of 16384²). No ÷2 level: it would cost a quarter of the base again (on disk at 1 GP);
 * between 1:1 and ÷4 the base itself is read.
 */
export function levelFactors(width: number, height: number, edge = OVERVIEW_EDGE): number[] {
  const out: number[] = [];
  for (let f = 1; Math.max(Math.ceil(width / f), Math.ceil(height / f)) > edge; ) {
    f *= f === 1 ? 4 : 2;
    out.push(f);
  }
  return out;
}

/**
 * The levels to build on the fly below the coarsest level `base` the file has (levelFactors of its size,
 * each relative to `base`). Empty when the file's own pyramid already goes that far.
 */
export function levelsToBuild(base: SourceLevel, edge = OVERVIEW_EDGE): SourceLevel[] {
  return levelFactors(base.width, base.height, edge).map((f) => ({ width: Math.ceil(base.width / f), height: Math.ceil(base.height / f), downsample: base.downsample * f }));
}

/** Level-0 pixels per output pixel of a request (the smaller of the two axes, so neither axis is undersampled). */
export const viewRatio = (rect: Pick<Rect, 'width' | 'height'>, outWidth: number, outHeight: number): number =>
  Math.min(rect.width / Math.max(1, outWidth), rect.height / Math.max(1, outHeight));

/**
 * The level-pick rule of every large-image layer (the image's levels: viewer/lod.ts pickLevel; the run's
 * probability levels: store/pyramidStore.ts levelFor): the index of the coarsest downsample that still gives
 * at least one level pixel per output pixel (downsample ≤ ratio, level-0 pixels per output pixel). At 1:1 or
 * deeper that is downsample 1, so zoomed-in pixels are the file's own. `downsamples` need not be sorted;
 * index 0 is the fallback.
 */
export function levelForRatio(downsamples: readonly number[], ratio: number): number {
  let best = 0;
  downsamples.forEach((d, i) => {
    if (d <= ratio + 1e-9 && d > downsamples[best]) best = i;
  });
  return best;
}

/**
 * Box mean of `src` (sw × sh, row-major) by `factor`: ceil(sw/f) × ceil(sh/f), each the mean of the pixels of
 * its block that lie inside (edge blocks are partial). Display only: levels are never fed to the model.
 */
export function downsampleMean(src: ArrayLike<number>, sw: number, sh: number, factor: number): Float32Array {
  const ow = Math.ceil(sw / factor), oh = Math.ceil(sh / factor);
  const sum = new Float64Array(ow), out = new Float32Array(ow * oh);
  for (let oy = 0; oy < oh; oy++) {
    sum.fill(0);
    const y1 = Math.min(sh, (oy + 1) * factor);
    for (let y = oy * factor; y < y1; y++) {
      const row = y * sw;
      for (let x = 0; x < sw; x++) sum[(x / factor) | 0] += src[row + x];
    }
    const rows = y1 - oy * factor;
    for (let ox = 0; ox < ow; ox++) out[oy * ow + ox] = sum[ox] / (rows * (Math.min(sw, (ox + 1) * factor) - ox * factor));
  }
  return out;
}
