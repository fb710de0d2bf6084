/**
 * A ground truth of any size as label tiles (issue #12): read region by region from its source, its objects
 * found by the whole-image rules of truthLabels.ts — an instance label image keeps its labels (compacted to
 * 1..n in ascending value), a binary mask gets the 8-connected components of its foreground (tiledComponents,
 * merged across tile borders) — and written to a uint32 TileStore that tiledMatchObjects and tiledConfusion
 * read tile by tile.
 *
 * Memory: the stores' budgets, one region at a time, and the set of distinct labels (4–8 bytes per object).
 */
import { StudioError } from '../errors';
import type { Rect } from '../io/source';
import { TileStore, type TileStoreOptions } from '../store/tileStore';
import { tiledComponentsSteps } from './tiledComponents';
import { drainAsync } from './steps';

/** Options of `tiledTruth`. */
export interface TiledTruthOptions {
  /** The mask marks the background: foreground = value ≤ 0, always a binary mask (as truthLabels.ts with invert). */
  invert?: boolean;
  /** Awaited after each tile of each pass (a cooperative caller yields, reports progress or throws to cancel there). */
  pause?: () => Promise<void> | void;
}

/** Tile passes `tiledTruth` makes at most (read, then relabel, or binary copy + the two components passes). */
export const TRUTH_PASSES = 4;

export interface TiledTruth {
  /** Labels 1..count (0 = background), global across tiles. */
  labels: TileStore;
  count: number;
  foregroundPixels: number;
  source: 'instance labels' | 'connected components';
}

/**
 * Build the truth's label store. `read` returns the values of a level-0 rect (row-major); `store` makes the
 * label store (uint32) and a scratch store (uint8, only for a binary mask) with the caller's spill backing.
 */
export async function tiledTruth(
  read: (rect: Rect) => Promise<ArrayLike<number>>, width: number, height: number,
  store: (o: Pick<TileStoreOptions, 'width' | 'height' | 'dtype' | 'tileSize'>) => TileStore | Promise<TileStore>, tileSize = 512,
  isCancelled?: () => boolean, o: TiledTruthOptions = {},
): Promise<TiledTruth> {
  const pause = o.pause ?? (() => undefined);
  const labels = await store({ width, height, dtype: 'uint32', tileSize });
  const distinct = new Set<number>();
  let foreground = 0, instance = false;
  const T = tileSize;
  try {
    for (let ty = 0; ty < labels.tilesY; ty++)
      for (let tx = 0; tx < labels.tilesX; tx++) {
        if (isCancelled?.()) throw new StudioError('cancelled', 'Reading the ground truth cancelled.');
        const r = labels.tileRect(tx, ty);
        const v = await read(r);
        if (v.length !== r.width * r.height) throw new StudioError('size-mismatch', `ground truth region ${r.width}×${r.height} has ${v.length} values`);
        const t = labels.getTile(tx, ty, true);
        for (let y = 0; y < r.height; y++)
          for (let x = 0; x < r.width; x++) {
            const raw = v[y * r.width + x];
            const l = o.invert ? (raw > 0 ? 0 : 1) : Math.max(0, Math.round(raw));
            t[y * T + x] = l;
            if (l) {
              foreground++;
              distinct.add(l);
            }
          }
        // as maskFromValues: more than two values (background and one label) make an instance image
        if (distinct.size > 1) instance = true;
        await pause();
      }
    if (instance) {
      const order = [...distinct].sort((a, b) => a - b);
      const map = new Map(order.map((l, k) => [l, k + 1]));
      for (let ty = 0; ty < labels.tilesY; ty++)
        for (let tx = 0; tx < labels.tilesX; tx++) {
          const t = labels.getTile(tx, ty, true);
          for (let i = 0; i < t.length; i++) if (t[i]) t[i] = map.get(t[i])!;
          await pause();
        }
      return { labels, count: order.length, foregroundPixels: foreground, source: 'instance labels' };
    }
    // binary: foreground as a uint8 "probability" 255, then components merged across tiles
    const mask = await store({ width, height, dtype: 'uint8', tileSize });
    try {
      for (let ty = 0; ty < labels.tilesY; ty++)
        for (let tx = 0; tx < labels.tilesX; tx++) {
          const l = labels.getTile(tx, ty), m = mask.getTile(tx, ty, true);
          for (let i = 0; i < l.length; i++) m[i] = l[i] ? 255 : 0;
          await pause();
        }
      const { count } = await drainAsync(tiledComponentsSteps(mask, 0.5, { labels, isCancelled }), pause);
      return { labels, count, foregroundPixels: foreground, source: 'connected components' };
    } finally {
      mask.close();
    }
  } catch (e) {
    labels.close();
    throw e;
  }
}
