/**
 * The tiling a whole-image run uses (issue #12, "fewer wasted pixels"), one rule for the studio's worker, the
 * CLIs (`npm run segment`, `npm run eval`) and the bench, so all of them compute the same bytes:
 * - a tile the person gave (the page's Advanced tiling, a CLI flag) is used as given;
 * - a model with a fixed input size runs its size;
 * - below AUTO_TILE_MIN_PIXELS the card's tile (small images: the result stays what it always was, and a
 *   bigger tile would mostly compute mirror padding);
 * - above it chooseTile picks, between the card's tile and `maxTile`, the tile with the fewest computed pixels
 *   per kept pixel (2048² with halo 32: tile 480 computes 1.37× what it keeps, the card's 256 1.89×).
 * Halo and blend stay the card's unless given, so the context every kept pixel sees is unchanged.
 */
import type { ModelCard } from '../models/manifest';
import { batchFor } from './batch';
import type { BlendMode } from './blendTiles';
import { chooseTile } from './chooseTile';
import type { TiledOptions } from './segmentTiled';

/** Images of at least this many pixels get the tile choice (1024²). */
export const AUTO_TILE_MIN_PIXELS = 1024 * 1024;

/** Largest tile the choice may take: about 1 MB of float input per tile, and within WebGPU's default binding limits for batch 1. */
export const AUTO_MAX_TILE = 512;

export interface RunTilingRequest {
  width: number;
  height: number;
  /** Overrides (the person's); undefined: the rule above. */
  tile?: number;
  halo?: number;
  blend?: BlendMode;
  maxTile?: number;
}

export interface RunTiling extends TiledOptions {
  /** One line saying which tile is used and why, e.g. "tile 480 (chosen, halo 32): computes 1.37× …". */
  note: string;
}

/** The tiling of one run of `card` on a width×height image. */
export function runTiling(card: Pick<ModelCard, 'tiling' | 'input'>, r: RunTilingRequest): RunTiling {
  const halo = r.halo ?? card.tiling.halo, multiple = card.input.tileMultiple, blend = r.blend ?? card.tiling.blend;
  let tile: number, note: string;
  if (r.tile !== undefined) {
    tile = r.tile;
    note = `tile ${tile} (given, halo ${halo})`;
  } else if (card.input.fixedSize !== undefined || r.width * r.height < AUTO_TILE_MIN_PIXELS) {
    tile = card.input.fixedSize ?? card.tiling.tile;
    note = `tile ${tile} (the model's, halo ${halo})`;
  } else {
    const c = chooseTile({ width: r.width, height: r.height, halo, multiple, maxTile: r.maxTile ?? AUTO_MAX_TILE, minTile: card.tiling.tile });
    tile = c.tile;
    note = `${c.note} (chosen for this ${r.width}×${r.height} image)`;
  }
  return { tile, halo, multiple, blend, batch: card.input.batch ?? batchFor(tile), note };
}
