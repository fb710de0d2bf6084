/**
 * Connected components of a thresholded probability TileStore, one tile at a time: each tile is labelled by
 * labelComponents (components.ts) with ids offset to be unique across tiles, and objects that cross a tile
 * border are merged by a union-find over those ids, looking across each tile's top row (at the full-width
 * row above, kept from the previous tile row) and its left column (kept from the previous tile). 8-connected
 * diagonals across tile corners are covered by reading x−1..x+1 in the row above and y−1..y+1 in the
 * column to the left.
 *
 * Memory: one tile's mask and labels, one image row and one tile column of ids, and the union-find (4 bytes
 * per tile-local component, i.e. O(objects + objects cut by tile borders)), never the whole label image.
 * With `labels` (a uint32 TileStore of the same size and tile size) a second pass writes final labels
 * 1..count into it; objects are numbered by their first tile in raster order, then raster order inside it.
 */
import { StudioError } from '../errors';
import { probScale } from '../tiling/streamSegment';
import type { TileStore } from '../store/tileStore';
import { labelComponents } from './components';
import { drain, type Steps } from './steps';

/** Growable union-find over ids 1..n (0 = background); links to the smaller root, so roots are the first ids. */
class UnionFind {
  parent = new Uint32Array(1024);
  size = 1;
  add(): number {
    if (this.size === this.parent.length) {
      const p = new Uint32Array(this.parent.length * 2);
      p.set(this.parent);
      this.parent = p;
    }
    this.parent[this.size] = this.size;
    return this.size++;
  }
  find(x: number): number {
    const p = this.parent;
    while (p[x] !== x) {
      p[x] = p[p[x]];
      x = p[x];
    }
    return x;
  }
  union(a: number, b: number): void {
    const ra = this.find(a), rb = this.find(b);
    if (ra < rb) this.parent[rb] = ra;
    else if (rb < ra) this.parent[ra] = rb;
  }
}

export interface TiledComponentsOptions {
  connectivity?: 4 | 8;
  /** Where to write the final labels (uint32, same size and tile size as the probability store). */
  labels?: TileStore;
  isCancelled?: () => boolean;
}

/** Foreground mask of one tile's image rect (prob ≥ threshold, as tiling/threshold.ts, on the decoded values). */
export function tileMask(prob: TileStore, tx: number, ty: number, threshold: number): { mask: Uint8Array; w: number; h: number } {
  const t = prob.getTile(tx, ty), r = prob.tileRect(tx, ty), T = prob.tileSize, s = probScale(prob);
  const mask = new Uint8Array(r.width * r.height);
  for (let y = 0; y < r.height; y++) for (let x = 0; x < r.width; x++) mask[y * r.width + x] = t[y * T + x] / s >= threshold ? 1 : 0;
  return { mask, w: r.width, h: r.height };
}

/**
 * Count (and optionally label) the objects of `prob ≥ threshold` tile by tile; equals labelComponents on the
 * whole mask (same count, same partition of pixels into objects).
 */
export function tiledComponents(prob: TileStore, threshold: number, o: TiledComponentsOptions = {}): { count: number } {
  return drain(tiledComponentsSteps(prob, threshold, o));
}

/** Tiles `tiledComponentsSteps` yields for: one per tile, twice with a labels store (the renumbering pass). */
export const componentsStepCount = (prob: TileStore, withLabels: boolean): number => prob.tilesX * prob.tilesY * (withLabels ? 2 : 1);

/** `tiledComponents` as steps (steps.ts): yields after each tile of each pass, for cooperative callers. */
export function* tiledComponentsSteps(prob: TileStore, threshold: number, o: TiledComponentsOptions = {}): Steps<{ count: number }> {
  const conn = o.connectivity ?? 8;
  const { labels } = o;
  if (labels && (labels.dtype !== 'uint32' || labels.width !== prob.width || labels.height !== prob.height || labels.tileSize !== prob.tileSize))
    throw new StudioError('internal', 'tiledComponents: the labels store must be uint32 with the size and tile size of the probability store');
  const W = prob.width, T = prob.tileSize;
  const uf = new UnionFind();
  let rowAbove = new Uint32Array(W), rowBelow = new Uint32Array(W); // ids of the last row of the previous / current tile row
  const leftCol = new Uint32Array(T);
  for (let ty = 0; ty < prob.tilesY; ty++) {
    for (let tx = 0; tx < prob.tilesX; tx++) {
      if (o.isCancelled?.()) throw new StudioError('cancelled', 'Counting cancelled.');
      const { mask, w, h } = tileMask(prob, tx, ty, threshold);
      const local = labelComponents(mask, w, h, conn);
      const off = uf.size - 1; // local id k ↦ global id off + k
      for (let k = 0; k < local.count; k++) uf.add();
      const id = (i: number) => (local.labels[i] ? local.labels[i] + off : 0);
      const x0 = tx * T;
      if (ty > 0)
        for (let x = 0; x < w; x++) {
          const a = id(x);
          if (!a) continue;
          const gx = x0 + x;
          if (rowAbove[gx]) uf.union(a, rowAbove[gx]);
          if (conn === 8) {
            if (gx > 0 && rowAbove[gx - 1]) uf.union(a, rowAbove[gx - 1]);
            if (gx + 1 < W && rowAbove[gx + 1]) uf.union(a, rowAbove[gx + 1]);
          }
        }
      if (tx > 0)
        for (let y = 0; y < h; y++) {
          const a = id(y * w);
          if (!a) continue;
          if (leftCol[y]) uf.union(a, leftCol[y]);
          if (conn === 8) {
            if (y > 0 && leftCol[y - 1]) uf.union(a, leftCol[y - 1]);
            if (y + 1 < h && leftCol[y + 1]) uf.union(a, leftCol[y + 1]);
          }
        }
      for (let y = 0; y < h; y++) leftCol[y] = id(y * w + w - 1);
      for (let x = 0; x < w; x++) rowBelow[x0 + x] = id((h - 1) * w + x);
      if (labels) {
        const lt = labels.getTile(tx, ty, true);
        for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) lt[y * T + x] = id(y * w + x);
      }
      yield;
    }
    [rowAbove, rowBelow] = [rowBelow, rowAbove];
  }
  // Roots are the smallest id of their set: number them in id order (first tile, then raster order in it).
  const remap = new Uint32Array(uf.size);
  let count = 0;
  for (let i = 1; i < uf.size; i++) remap[i] = uf.find(i) === i ? ++count : remap[uf.find(i)];
  if (labels)
    for (let ty = 0; ty < labels.tilesY; ty++)
      for (let tx = 0; tx < labels.tilesX; tx++) {
        const lt = labels.getTile(tx, ty, true);
        for (let i = 0; i < lt.length; i++) if (lt[i]) lt[i] = remap[lt[i]];
        yield;
      }
  return { count };
}
