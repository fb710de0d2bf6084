import { StudioError } from '../errors';

/** One tile: top-left in image coordinates; may be negative or reach past the image (mirror-filled there). */
export interface TileRect {
  x0: number;
  y0: number;
  size: number;
}

/** Overlap-tile plan (Ronneberger et al. 2015): each tile's valid centre is [x0+halo, x0+tile-halo). */
export interface TilePlan {
  tile: number;
  halo: number;
  /** tile - 2*halo: distance between neighbouring tiles' valid windows. */
  step: number;
  tiles: TileRect[];
  width: number;
  height: number;
}

/** Tile origins along one axis: first at -halo, stepping by `step`, the last shifted so its valid window ends at n. */
function axisOrigins(n: number, tile: number, halo: number): number[] {
  const step = tile - 2 * halo;
  const out: number[] = [];
  // Valid window of origin o is [o+halo, o+halo+step). Stop once a window reaches n.
  // 0 - halo rather than -halo: no -0 origin when halo = 0
  for (let o = 0 - halo; ; o += step) {
    if (o + halo + step >= n) {
      // Shift the last tile back so its window ends exactly at n (no wasted work past the edge). Never go
      // before the first tile: if one tile already covers everything, keep it at -halo.
      out.push(Math.max(0 - halo, n - halo - step));
      break;
    }
    out.push(o);
  }
  return out;
}

const roundUp = (v: number, m: number) => Math.ceil(v / m) * m;

/**
 * Plan overlap tiles for a width×height image (see ARCHITECTURE.md "Overlap-tile, precisely").
 * Every pixel lies in the valid centre of at least one tile. Images smaller than the tile get a smaller tile,
 * `min(tile, roundUp(max(w,h) + 2*halo, multiple))`, keeping the halo so the receptive field still fits.
 * @throws StudioError('internal') on bad arguments (tile not a multiple, 2*halo ≥ tile, empty image).
 */
export function planTiles(width: number, height: number, tile: number, halo: number, multiple: number): TilePlan {
  const bad = (msg: string) => new StudioError('internal', `planTiles: ${msg}`);
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1)
    throw bad(`image size must be positive integers, got ${width}×${height}`);
  if (!Number.isInteger(multiple) || multiple < 1) throw bad(`multiple must be a positive integer, got ${multiple}`);
  if (!Number.isInteger(tile) || tile < 1 || tile % multiple !== 0)
    throw bad(`tile ${tile} must be a positive multiple of ${multiple}`);
  if (!Number.isInteger(halo) || halo < 0 || 2 * halo >= tile)
    throw bad(`halo ${halo} must be an integer ≥ 0 and < tile/2 (${tile / 2})`);
  const t = Math.min(tile, roundUp(Math.max(width, height) + 2 * halo, multiple));
  const xs = axisOrigins(width, t, halo);
  const ys = axisOrigins(height, t, halo);
  const tiles: TileRect[] = [];
  for (const y0 of ys) for (const x0 of xs) tiles.push({ x0, y0, size: t });
  return { tile: t, halo, step: t - 2 * halo, tiles, width, height };
}
