/**
 * One plane of any size through the streamed pipeline, in Node (npm run segment for large inputs, and the
 * large bench): sampled normalisation → tile choice → segmentStreamed (onnxruntime-node) into a 16-bit
 * probability TileStore → objects by tiledComponents into a 32-bit label TileStore → labels written as a
 * tiled BigTIFF, tile by tile. Both stores spill to temp files beyond `budgetMB`, so memory is bounded by
 * the budget, one tile row of input per panel (streamSegment.ts) and the model's own working set, not by
 * the image. Optionally the image and labels also go out as OME-Zarr 0.4 (omeZarrWriter.ts), chunk by chunk.
 */
import { StudioError } from '../errors';
import type { ImageSource, PlaneSelection, Rect } from '../io/source';
import { stridedFromRegions, writeOmeZarr } from '../io/omeZarrWriter';
import { writeTiledBigTiff } from '../io/tiledTiffWriter';
import type { Confusion } from '../metrics/confusion';
import { tiledComponents } from '../metrics/tiledComponents';
import { countForeground, tiledConfusion } from '../metrics/tiledMetrics';
import type { ObjectMatch } from '../metrics/objectMatch';
import { tiledMatchObjects } from '../metrics/tiledObjectMatch';
import { tiledTruth } from '../metrics/tiledTruth';
import { dtypeBytes, TileStore, type TileArray } from '../store/tileStore';
import { batchFor } from '../tiling/batch';
import { chooseTile } from '../tiling/chooseTile';
import { normParams, samplePlane } from '../tiling/sampledNormalize';
import { segmentStreamed } from '../tiling/streamSegment';
import { dirSink, fileSink, tempSpill } from './nodeFiles';
import type { ModelSession } from './nodeSession';

export interface LargeOptions {
  /** Probability threshold (default: the card's). */
  threshold?: number;
  /** 'card': the card's tile (what the whole-image path uses); 'auto' (default): chooseTile up to maxTile; or a size. */
  tile?: 'card' | 'auto' | number;
  /** Largest tile 'auto' may choose (default 512). */
  maxTile?: number;
  /** Resident bytes of both stores together before they spill to temp files (default 256 MB). */
  budgetMB?: number;
  /** Truth of the same size (values > 0 = foreground), read region by region, for pixel metrics. */
  truth?: (rect: Rect) => Promise<ArrayLike<number>>;
  /** Also write image + labels as OME-Zarr 0.4 into this directory (streamed, chunk by chunk). */
  zarrDir?: string;
  onProgress?: (stage: 'normalise' | 'inference' | 'objects' | 'write', done: number, total: number) => void;
  isCancelled?: () => boolean;
}

export interface LargeResult {
  width: number;
  height: number;
  objects: number;
  foreground: number;
  tile: number;
  tileNote: string;
  tilesRun: number;
  labelsBytes: number;
  labelsDtype: 'uint16' | 'uint32';
  confusion?: Confusion;
  /** Objects matched at IoU ≥ 0.5 against the truth's objects (tiledObjectMatch.ts), with a truth. */
  objectMatch?: ObjectMatch;
  /** Largest resident bytes of the probability and label stores. */
  storePeakBytes: number;
  spilledBytes: number;
  ms: { normalise: number; inference: number; objects: number; write: number };
}

/** Segment plane `sel` of `src` and write its labels as a tiled BigTIFF at `labelsPath`. */
export async function segmentLarge(src: ImageSource, sel: PlaneSelection, model: ModelSession, labelsPath: string, o: LargeOptions = {}): Promise<LargeResult> {
  const card = model.card;
  const { width, height } = src;
  const t = o.threshold ?? card.threshold;
  const read = (rect: Rect) => src.readRegion(sel, rect, 0);
  const budget = (o.budgetMB ?? 256) * 2 ** 20;
  const T0 = performance.now();
  o.onProgress?.('normalise', 0, 1);
  const norm = normParams(card.input.normalization, await samplePlane(read, width, height));
  const T1 = performance.now();
  const halo = card.tiling.halo, multiple = card.input.tileMultiple;
  const choice = o.tile === 'card' ? { tile: card.tiling.tile, note: `tile ${card.tiling.tile} (the card's, halo ${halo})` }
    : typeof o.tile === 'number' ? { tile: o.tile, note: `tile ${o.tile} (given, halo ${halo})` }
    : chooseTile({ width, height, halo, multiple, maxTile: o.maxTile ?? 512, minTile: card.tiling.tile, fixed: card.input.fixedSize });
  const tileBytes = (dt: 2 | 4) => 512 * 512 * dt;
  const prob = new TileStore({ width, height, dtype: 'uint16', tileSize: 512, budgetBytes: budget / 2, spill: tempSpill(tileBytes(2)) });
  const labels = new TileStore({ width, height, dtype: 'uint32', tileSize: 512, budgetBytes: budget / 2, spill: tempSpill(tileBytes(4)) });
  try {
    const run = await segmentStreamed(read, width, height, norm, {
      tile: choice.tile, halo, multiple, blend: card.tiling.blend, batch: card.input.batch ?? batchFor(choice.tile),
    }, model.infer, prob, { onProgress: (d, n) => o.onProgress?.('inference', d, n), isCancelled: o.isCancelled });
    const T2 = performance.now();
    o.onProgress?.('objects', 0, 1);
    const { count } = tiledComponents(prob, t, { labels, isCancelled: o.isCancelled });
    const foreground = countForeground(prob, t);
    const confusion = o.truth ? await tiledConfusion(prob, o.truth, t, o.isCancelled) : undefined;
    // object F1 at IoU ≥ 0.5, tile by tile (the truth's labels spill like the other stores)
    let objectMatch: ObjectMatch | undefined;
    if (o.truth) {
      const gt = await tiledTruth(o.truth, width, height, (so) => new TileStore({ ...so, budgetBytes: budget / 4, spill: tempSpill(512 * 512 * dtypeBytes(so.dtype)) }), 512, o.isCancelled);
      try {
        objectMatch = tiledMatchObjects(labels, gt.labels, count, gt.count, o.isCancelled);
      } finally {
        gt.labels.close();
      }
    }
    const T3 = performance.now();
    const dtype = count > 0xffff ? 'uint32' : 'uint16';
    const sink = fileSink(labelsPath);
    let bytes: number;
    try {
      const tile16 = new Uint16Array(512 * 512);
      bytes = await writeTiledBigTiff(sink, {
        width, height, dtype, tileSize: 512, compression: 'deflate', level: 1,
        description: `object labels of ${src.name} (${card.id}, threshold ${t}, 8-connected)`,
      }, (tx, ty): TileArray => (dtype === 'uint32' ? labels.getTile(tx, ty) : (tile16.set(labels.getTile(tx, ty)), tile16)),
      (d, n) => o.onProgress?.('write', d, n), o.isCancelled);
    } finally {
      sink.close();
    }
    if (o.zarrDir) {
      const st = src.sampleType;
      await writeOmeZarr(dirSink(o.zarrDir), {
        width, height, chunk: 512, pixelSize: src.pixelSize,
        image: { dtype: st === 'uint8' || st === 'uint16' || st === 'uint32' ? st : 'float32', read: stridedFromRegions(read), name: src.name },
        labels: { dtype: 'uint32', read: (r, s) => labels.readRegion(r, s), name: 'segmentation' },
      }, (d, n) => o.onProgress?.('write', d, n), o.isCancelled);
    }
    const T4 = performance.now();
    return {
      width, height, objects: count, foreground, tile: run.plan.tile, tileNote: choice.note, tilesRun: run.tilesRun,
      labelsBytes: bytes, labelsDtype: dtype, confusion, objectMatch,
      storePeakBytes: prob.stats.peakResidentBytes + labels.stats.peakResidentBytes,
      spilledBytes: prob.spilledBytes + labels.spilledBytes,
      ms: { normalise: T1 - T0, inference: T2 - T1, objects: T3 - T2, write: T4 - T3 },
    };
  } catch (e) {
    if (e instanceof StudioError) throw e;
    throw new StudioError('internal', `streamed segmentation of "${src.name}" failed: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    prob.close();
    labels.close();
  }
}
