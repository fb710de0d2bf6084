/**
 * A TileStore that keeps max-pooled overview levels of itself up to date while it is written (issue #12:
 * "the overlay has the same pyramid"). A streamed run writes its probabilities once, row band by row band
 * (streamSegment.ts flush); each band is pooled into every level as it arrives, so when the run ends the
 * overviews are complete without a second pass over the (possibly spilled) full-resolution tiles, and a Fit
 * view of a 1-gigapixel result reads the ÷64 level (~0.25 MB) instead of every tile.
 *
 * Max pooling, not mean or nearest: an overview cell holds the largest encoded probability of its block, so
 * a thresholded overview shows every object that has at least one foreground pixel in the block (small
 * nuclei stay visible when zoomed out; the display is slightly dilated, never missing objects). Bands are not
 * aligned to blocks, so pooling merges with what a cell already holds (values are ≥ 0, levels start at 0).
 *
 * Memory: each level is itself a TileStore with its own budget and spill backing; a level at factor f holds
 * width·height/f² values.
 */
import { levelFactors, levelForRatio } from '../io/levels';
import type { Rect } from '../io/source';
import { TileStore, allocTyped, type TileArray, type TileStoreOptions } from './tileStore';

/** One overview level: `factor` level-0 pixels per level pixel along each axis. */
export interface PyramidLevel {
  factor: number;
  store: TileStore;
}

/** Level size for a factor (ceil, so the last partial block has a cell). */
export const levelSize = (width: number, height: number, factor: number) => ({ width: Math.ceil(width / factor), height: Math.ceil(height / factor) });

/**
 * Max-pool `data` (rect.width × rect.height, row-major, level-0 rect) into the level store at `factor`,
 * merging with the cells' current values.
 */
export function poolMaxInto(level: TileStore, factor: number, rect: Rect, data: ArrayLike<number>): void {
  const cx0 = Math.floor(rect.x / factor), cy0 = Math.floor(rect.y / factor);
  const cx1 = Math.ceil((rect.x + rect.width) / factor), cy1 = Math.ceil((rect.y + rect.height) / factor);
  const cw = cx1 - cx0, ch = cy1 - cy0;
  const dest = { x: cx0, y: cy0, width: cw, height: ch };
  const cells: TileArray = level.readRegion(dest); // current maxima (0 where nothing was pooled yet)
  for (let y = 0; y < rect.height; y++) {
    const row = (Math.floor((rect.y + y) / factor) - cy0) * cw;
    const src = y * rect.width;
    for (let x = 0; x < rect.width; x++) {
      const c = row + Math.floor((rect.x + x) / factor) - cx0;
      const v = data[src + x];
      if (v > cells[c]) cells[c] = v;
    }
  }
  level.writeRegion(dest, cells);
}

export interface PyramidStoreOptions extends TileStoreOptions {
  /** Pooling factors of the overview levels, ascending (default io/levels.ts levelFactors: ÷4, ÷8 … down to ≤ 1024 px, as the image's built levels; levels smaller than 1 px are skipped). */
  factors?: number[];
  /** Makes the store of one level (its own budget and spill); default: an in-memory TileStore. */
  levelStore?: (o: TileStoreOptions, factor: number) => TileStore;
}

/** A TileStore whose writeRegion also max-pools into overview levels (see the header). */
export class PyramidStore extends TileStore {
  readonly levels: PyramidLevel[];

  constructor(o: PyramidStoreOptions) {
    super(o);
    const make = o.levelStore ?? ((lo) => new TileStore(lo));
    this.levels = (o.factors ?? levelFactors(o.width, o.height))
      .filter((f) => f > 1 && (o.width >= f || o.height >= f))
      .map((factor) => ({ factor, store: make({ ...levelSize(o.width, o.height, factor), dtype: o.dtype, tileSize: o.tileSize }, factor) }));
  }

  override writeRegion(rect: Rect, data: ArrayLike<number>): void {
    super.writeRegion(rect, data);
    for (const l of this.levels) poolMaxInto(l.store, l.factor, rect, data);
  }

  /**
   * The level that draws a view with `ratio` level-0 pixels per output pixel, by the image's rule
   * (viewer/lod.ts levelForRatio): index into [level 0, ...levels], with its factor and store.
   */
  levelFor(ratio: number): { index: number; factor: number; store: TileStore } {
    const index = levelForRatio([1, ...this.levels.map((l) => l.factor)], ratio);
    return index === 0 ? { index, factor: 1, store: this } : { index, ...this.levels[index - 1] };
  }

  /** Bytes in memory and in spill files, over this store and its levels. */
  get footprint(): { residentBytes: number; spilledBytes: number } {
    const all: TileStore[] = [this, ...this.levels.map((l) => l.store)];
    return {
      residentBytes: all.reduce((s, t) => s + t.stats.residentBytes, 0),
      spilledBytes: all.reduce((s, t) => s + t.spilledBytes, 0),
    };
  }

  override close(): void {
    super.close();
    for (const l of this.levels) l.store.close();
  }
}

/** Max-pool a whole plane in memory (the reference the tests compare PyramidStore's levels with). */
export function poolMax(data: ArrayLike<number>, width: number, height: number, factor: number, dtype: TileStoreOptions['dtype'] = 'uint8'): TileArray {
  const { width: w, height: h } = levelSize(width, height, factor);
  const out = allocTyped(dtype, w * h);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const c = Math.floor(y / factor) * w + Math.floor(x / factor);
      if (data[y * width + x] > out[c]) out[c] = data[y * width + x];
    }
  return out;
}
