/**
 * Tile choice for large images: the overlap-tile plan computes T² pixels per tile and keeps the (T−2h)²
 * valid centre, so bigger tiles waste less (halo 32: 256 → 1.78×, 512 → 1.31×). chooseTile picks the tile
 * that minimises the plan's computed pixels per kept pixel for this image — counting the partial tiles at
 * the image edges, which is why the largest tile is not always best on a small image — among multiples of
 * the model's tile multiple up to `maxTile` (the GPU's binding limits, or what memory allows).
 */
import { StudioError } from '../errors';

export interface TileChoiceInput {
  width: number;
  height: number;
  halo: number;
  /** The model's input multiple (2^depth). */
  multiple: number;
  /** Largest tile allowed (GPU binding limits, memory). */
  maxTile: number;
  /** Smallest tile considered (default: the card's own tile, so a choice never makes a run slower per tile). */
  minTile?: number;
  /** A fixed-size model's only input size: no choice. */
  fixed?: number;
}

export interface TileChoice {
  tile: number;
  /** Computed pixels per kept pixel of the plan with this tile (≥ 1). */
  overhead: number;
  /** One line for the info panel / CLI, e.g. "tile 512 (halo 32): computes 1.33× the pixels it keeps; tile 256 would be 1.81×". */
  note: string;
}

const roundUp = (v: number, m: number) => Math.ceil(v / m) * m;

/** Computed ÷ kept pixels of planTiles(width, height, tile, halo, multiple), without building the plan. */
export function planOverhead(width: number, height: number, tile: number, halo: number, multiple: number): number {
  // planTiles shrinks the tile for images smaller than it; each axis has max(1, ceil(n/step)) tiles
  const t = Math.min(tile, roundUp(Math.max(width, height) + 2 * halo, multiple));
  const step = t - 2 * halo;
  const nx = Math.max(1, Math.ceil(width / step)), ny = Math.max(1, Math.ceil(height / step));
  return (nx * ny * t * t) / (width * height);
}

/** The tile with the least computed pixels per kept pixel (ties: the smaller tile, less memory). */
export function chooseTile(o: TileChoiceInput): TileChoice {
  const { width, height, halo, multiple } = o;
  if (o.fixed) {
    const overhead = planOverhead(width, height, o.fixed, halo, multiple);
    return { tile: o.fixed, overhead, note: `tile ${o.fixed} (the model's fixed input size, halo ${halo}): computes ${overhead.toFixed(2)}× the pixels it keeps` };
  }
  const lo = roundUp(Math.max(o.minTile ?? multiple, 2 * halo + multiple), multiple);
  const hi = Math.floor(o.maxTile / multiple) * multiple;
  if (hi < lo) throw new StudioError('internal', `chooseTile: no tile between ${lo} and ${o.maxTile} is a multiple of ${multiple} with halo ${halo}`);
  // multiples of 32 (or of the model's multiple, if coarser) keep the search short and the tiles GPU-friendly
  const stride = Math.max(multiple, roundUp(32, multiple));
  let best = { tile: lo, overhead: planOverhead(width, height, lo, halo, multiple) };
  const first = best;
  for (let t = roundUp(lo, stride); t <= hi; t += stride) {
    const ov = planOverhead(width, height, t, halo, multiple);
    if (ov < best.overhead - 1e-12) best = { tile: t, overhead: ov };
  }
  const note = `tile ${best.tile} (halo ${halo}): computes ${best.overhead.toFixed(2)}× the pixels it keeps` +
    (best.tile !== first.tile ? `; tile ${first.tile} would be ${first.overhead.toFixed(2)}×` : '');
  return { ...best, note };
}
