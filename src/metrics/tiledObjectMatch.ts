/**
 * Object metrics of results too large to hold whole (issue #12): the overlap table of two label TileStores
 * (prediction labels from tiledComponents, ground-truth labels) accumulated tile by tile, then the same
 * one-to-one matching at IoU ≥ 0.5 as the whole-image path (objectMatch.ts matchObjects). Objects that cross
 * tile borders are whole objects here because both label stores carry global labels (tiledComponents merges
 * them across borders), so their areas and intersections simply add up over tiles.
 *
 * Memory: one tile of each store at a time, two area arrays (4 bytes per object) and the sparse pair map
 * (one entry per touching pair), never a whole label image.
 */
import { StudioError } from '../errors';
import type { TileStore } from '../store/tileStore';
import { matchObjects, OverlapAccumulator, type ObjectMatch, type OverlapTable } from './objectMatch';
import { drain, type Steps } from './steps';

/** Areas and pairwise intersections of two uint32 label stores of one size and tile size; labels 1..n. */
export function tiledOverlapTable(pred: TileStore, gt: TileStore, nPred: number, nGt: number, isCancelled?: () => boolean): OverlapTable {
  return drain(tiledOverlapSteps(pred, gt, nPred, nGt, isCancelled));
}

/** `tiledOverlapTable` as steps (steps.ts): yields after each tile. */
export function* tiledOverlapSteps(pred: TileStore, gt: TileStore, nPred: number, nGt: number, isCancelled?: () => boolean): Steps<OverlapTable> {
  if (pred.width !== gt.width || pred.height !== gt.height || pred.tileSize !== gt.tileSize)
    throw new StudioError('size-mismatch', `tiledOverlapTable: prediction ${pred.width}×${pred.height} (tile ${pred.tileSize}), ground truth ${gt.width}×${gt.height} (tile ${gt.tileSize})`);
  const acc = new OverlapAccumulator(nPred, nGt);
  const T = pred.tileSize;
  for (let ty = 0; ty < pred.tilesY; ty++)
    for (let tx = 0; tx < pred.tilesX; tx++) {
      if (isCancelled?.()) throw new StudioError('cancelled', 'Object matching cancelled.');
      const r = pred.tileRect(tx, ty);
      const g = gt.getTile(tx, ty);
      const p = pred.getTile(tx, ty); // after gt: both stay resident for this tile (a store evicts only its own tiles)
      for (let y = 0; y < r.height; y++) acc.add(p, g, y * T, y * T + r.width);
      yield;
    }
  return acc.table();
}

/** Object TP/FP/FN and F1 at IoU ≥ 0.5 between two label stores (same result as matchObjects on whole images). */
export function tiledMatchObjects(pred: TileStore, gt: TileStore, nPred: number, nGt: number, isCancelled?: () => boolean): ObjectMatch {
  const table = tiledOverlapTable(pred, gt, nPred, nGt, isCancelled);
  // matchObjects reads only the table when one is given; the label arrays are placeholders of equal length
  return matchObjects(new Uint32Array(0), new Uint32Array(0), nPred, nGt, 0.5, table);
}
