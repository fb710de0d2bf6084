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
import { matchObjects, type ObjectMatch, type OverlapTable } from './objectMatch';

/** Areas and pairwise intersections of two uint32 label stores of one size and tile size; labels 1..n. */
export function tiledOverlapTable(pred: TileStore, gt: TileStore, nPred: number, nGt: number, isCancelled?: () => boolean): OverlapTable {
  if (pred.width !== gt.width || pred.height !== gt.height || pred.tileSize !== gt.tileSize)
    throw new StudioError('size-mismatch', `tiledOverlapTable: prediction ${pred.width}×${pred.height} (tile ${pred.tileSize}), ground truth ${gt.width}×${gt.height} (tile ${gt.tileSize})`);
  const predArea = new Uint32Array(nPred + 1), gtArea = new Uint32Array(nGt + 1);
  const stride = nGt + 1;
  const pairs = new Map<number, number>();
  const T = pred.tileSize;
  for (let ty = 0; ty < pred.tilesY; ty++)
    for (let tx = 0; tx < pred.tilesX; tx++) {
      if (isCancelled?.()) throw new StudioError('cancelled', 'Object matching cancelled.');
      const r = pred.tileRect(tx, ty);
      const g = gt.getTile(tx, ty);
      const p = pred.getTile(tx, ty); // after gt: both stay resident for this tile (a store evicts only its own tiles)
      let runKey = -1, run = 0;
      for (let y = 0; y < r.height; y++)
        for (let x = 0; x < r.width; x++) {
          const i = y * T + x, a = p[i], b = g[i];
          if (a > nPred || b > nGt) throw new StudioError('internal', `tiledOverlapTable: labels pred=${a}, gt=${b} beyond ${nPred} / ${nGt}`);
          predArea[a]++;
          gtArea[b]++;
          if (a === 0 || b === 0) continue;
          const key = a * stride + b;
          if (key === runKey) { run++; continue; }
          if (run > 0) pairs.set(runKey, (pairs.get(runKey) ?? 0) + run);
          runKey = key;
          run = 1;
        }
      if (run > 0) pairs.set(runKey, (pairs.get(runKey) ?? 0) + run);
    }
  const m = pairs.size;
  const pairPred = new Uint32Array(m), pairGt = new Uint32Array(m), pairInter = new Uint32Array(m);
  let k = 0;
  for (const [key, inter] of pairs) {
    pairPred[k] = Math.floor(key / stride);
    pairGt[k] = key % stride;
    pairInter[k++] = inter;
  }
  return { predArea, gtArea, pairPred, pairGt, pairInter };
}

/** Object TP/FP/FN and F1 at IoU ≥ 0.5 between two label stores (same result as matchObjects on whole images). */
export function tiledMatchObjects(pred: TileStore, gt: TileStore, nPred: number, nGt: number, isCancelled?: () => boolean): ObjectMatch {
  const table = tiledOverlapTable(pred, gt, nPred, nGt, isCancelled);
  // matchObjects reads only the table when one is given; the label arrays are placeholders of equal length
  return matchObjects(new Uint32Array(0), new Uint32Array(0), nPred, nGt, 0.5, table);
}
