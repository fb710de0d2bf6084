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

/** Step between the levels built on the fly (÷4, ÷16, ÷64 …): each is a sixteenth of the one before. */
export const BUILD_STEP = 4;
/** Levels are built until the coarsest one fits this edge (a Fit of any image then reads at most ~1 MP). */
export const OVERVIEW_EDGE = 1024;

/**
 * The levels to build on the fly below the coarsest level `base` the file has: ÷4, ÷16 … of `base` until the
 * longer edge is ≤ OVERVIEW_EDGE. Empty when the file's own pyramid already goes that far.
 */
export function levelsToBuild(base: SourceLevel, edge = OVERVIEW_EDGE): SourceLevel[] {
  const out: SourceLevel[] = [];
  let f = 1;
  while (Math.max(Math.ceil(base.width / f), Math.ceil(base.height / f)) > edge) {
    f *= BUILD_STEP;
    out.push({ width: Math.ceil(base.width / f), height: Math.ceil(base.height / f), downsample: base.downsample * f });
  }
  return out;
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
