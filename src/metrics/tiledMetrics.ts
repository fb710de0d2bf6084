/**
 * Pixel counts over a probability TileStore, tile by tile: foreground at a threshold, and confusion counts
 * against a ground truth of the same size read region by region (an ImageSource of any size), so neither
 * the prediction nor the truth is ever whole in memory. Same rules as confusion.ts: predicted foreground is
 * prob ≥ threshold, truth foreground is value > 0.
 */
import { StudioError } from '../errors';
import type { Rect } from '../io/source';
import type { TileStore } from '../store/tileStore';
import { probScale } from '../tiling/streamSegment';
import type { Confusion } from './confusion';
import { drain, type Steps } from './steps';

/** Pixels with prob ≥ threshold. */
export function countForeground(prob: TileStore, threshold: number): number {
  return drain(countForegroundSteps(prob, threshold));
}

/** `countForeground` as steps (steps.ts): yields after each tile. */
export function* countForegroundSteps(prob: TileStore, threshold: number): Steps<number> {
  const s = probScale(prob), T = prob.tileSize;
  let n = 0;
  for (let ty = 0; ty < prob.tilesY; ty++)
    for (let tx = 0; tx < prob.tilesX; tx++) {
      const t = prob.getTile(tx, ty), r = prob.tileRect(tx, ty);
      for (let y = 0; y < r.height; y++) for (let x = 0; x < r.width; x++) if (t[y * T + x] / s >= threshold) n++;
      yield;
    }
  return n;
}

/** Confusion counts of prob ≥ threshold against truth > 0, reading the truth one store tile at a time. */
export async function tiledConfusion(
  prob: TileStore, truth: (rect: Rect) => Promise<ArrayLike<number>>, threshold: number, isCancelled?: () => boolean,
): Promise<Confusion> {
  const s = probScale(prob), T = prob.tileSize;
  let tp = 0, fp = 0, fn = 0;
  for (let ty = 0; ty < prob.tilesY; ty++)
    for (let tx = 0; tx < prob.tilesX; tx++) {
      if (isCancelled?.()) throw new StudioError('cancelled', 'Metrics cancelled.');
      const r = prob.tileRect(tx, ty);
      const g = await truth(r);
      if (g.length !== r.width * r.height) throw new StudioError('size-mismatch', `ground truth region ${r.width}×${r.height} has ${g.length} values`);
      const t = prob.getTile(tx, ty); // after the await: the tile is fetched now, not held across it
      for (let y = 0; y < r.height; y++)
        for (let x = 0; x < r.width; x++) {
          const p = t[y * T + x] / s >= threshold, gt = g[y * r.width + x] > 0;
          if (p) { if (gt) tp++; else fp++; } else if (gt) fn++;
        }
    }
  return { tp, fp, fn, tn: prob.width * prob.height - tp - fp - fn };
}
