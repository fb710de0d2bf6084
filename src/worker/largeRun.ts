/**
 * The run half of the large-image path (worker/largeApi.ts, issue #12): one plane of an open source streamed
 * through the tile engine into a uint8 probability TileStore with a max-pooled overview pyramid
 * (store/pyramidStore.ts), then overlays of on-screen regions and object counts read tile by tile.
 *
 * - Normalisation from a sampled pass (tiling/sampledNormalize.ts), the tile by the whole-image path's rule
 *   (tiling/runTiling.ts: the person's, else chooseTile), the engine tiling/streamSegment.ts (the same
 *   arithmetic as the whole-image CPU path).
 * - Inference through session.ts's `infer` on whichever EP the backend choice resolves to: streamed runs
 *   always tile and blend on the CPU (the GPU-resident path needs the whole plane on the device), and a
 *   WebGPU run that fails midway is run again on WASM from the start, as run.ts does.
 * - Stores spill to OPFS (worker/opfsSpill.ts) beyond LARGE_BUDGET_BYTES, to memory where OPFS is missing.
 * - Cancel: every tile batch yields to the event loop and checks the token; the run writes into a fresh store
 *   that is dropped on failure, so the previous run of the image stays; on success it replaces that run.
 *
 * Memory bound: the store budget (+ overview levels' budgets), one tile row of input per panel and one tile
 * batch (streamSegment.ts header), whatever the image size.
 */
import { StudioError } from '../errors';
import type { ModelCard } from '../models/manifest';
import { drainAsync } from '../metrics/steps';
import { tiledComponentsSteps } from '../metrics/tiledComponents';
import { countForegroundSteps } from '../metrics/tiledMetrics';
import { PyramidStore } from '../store/pyramidStore';
import { memorySpill, type SpillBacking } from '../store/spill';
import { TileStore, type TileDType, type TileStoreOptions } from '../store/tileStore';
import { runTiling } from '../tiling/runTiling';
import { normParams, samplePlane } from '../tiling/sampledNormalize';
import type { InferFn } from '../tiling/segmentTiled';
import { probScale, segmentStreamed } from '../tiling/streamSegment';
import { levelRect, maskGridRgba } from '../viewer/overlayRegion';
import type { BackendChoice, BackendInfo, SegmentOptions } from './api';
import { Lru, nextId, sources } from './held';
import type { LargeCounts, LargeProgress, LargeRunView, RegionBitmap, RegionRequest } from './largeApi';
import { getCard } from './models';
import { cooperative, type AnalysisProgress } from './largePace';
import { opfsAvailable, opfsSpill, sweepStaleSpills } from './opfsSpill';
import { checkPlane, parsePlaneId } from './planes';
import { MASK_RGB } from './render';
import { yieldToEventLoop, type CancelToken } from './run';
import { getSession, infer, wasmFallback } from './session';

/** Resident bytes of a run's probability tiles before they spill (each overview level gets an eighth of it). */
export const LARGE_BUDGET_BYTES = 128 * 2 ** 20;
/** Tile size of a run's probability store (and of the label stores metrics compare with it). */
export const LARGE_STORE_TILE = 512;
/** Largest tile chooseTile may pick for a streamed run (CPU tiling on either EP; ORT's WASM heap stays small). */
export const LARGE_MAX_TILE = 512;

/** A held streamed run: its summary, the probability pyramid, and counts already computed per threshold. */
export interface HeldLargeRun {
  view: LargeRunView;
  sourceId: string;
  store: PyramidStore;
  counts: Map<number, LargeCounts>;
}

/** The last few streamed runs (their stores live in OPFS; dropping a run closes and deletes them). */
export const largeRuns = new Lru<HeldLargeRun>(3, 'large run', (r) => r.store.close());

/** What a streamed run needs from its surroundings (the worker's by default; tests give onnxruntime-node and memory). */
export interface LargeRunEnv {
  card(modelId: string): Promise<ModelCard>;
  /** The tile-batch inference for a card on a backend choice, and the backend that runs it. */
  session(card: ModelCard, choice: BackendChoice): Promise<{ infer: InferFn; backend: BackendInfo; fallback?: (why: string) => Promise<{ infer: InferFn; backend: BackendInfo }> }>;
  spill(name: string, tileBytes: number): Promise<SpillBacking>;
  spillKind: 'opfs' | 'memory';
  budgetBytes: number;
}

let swept: Promise<number> | undefined;

/** The worker's environment: session.ts on the chosen EP, OPFS spill where the browser has it. */
export function workerEnv(): LargeRunEnv {
  const opfs = opfsAvailable();
  if (opfs) swept ??= sweepStaleSpills(); // once per worker, before its own first spill file
  const wrap = (s: Awaited<ReturnType<typeof getSession>>) => ({ infer: (x: Float32Array, n: number, T: number) => infer(s, x, n, T), backend: s.info });
  return {
    card: getCard,
    session: async (card, choice) => {
      const s = await getSession(card, choice);
      return { ...wrap(s), fallback: s.info.backend === 'webgpu' ? async (why) => wrap(await wasmFallback(card, why)) : undefined };
    },
    spill: opfs ? async (name, bytes) => (await swept, opfsSpill(name, bytes)) : async () => memorySpill(),
    spillKind: opfs ? 'opfs' : 'memory',
    budgetBytes: LARGE_BUDGET_BYTES,
  };
}

/** A unique spill file name per store (a second tab's worker must never open the same OPFS file). */
const spillName = (runId: string, what: string) => `${runId}-${what}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}.bin`;

/** A uint8 probability pyramid (levels ÷4, ÷16, ÷64) of width × height whose stores spill through `env`. */
async function probPyramid(env: LargeRunEnv, runId: string, width: number, height: number): Promise<PyramidStore> {
  const dtype: TileDType = 'uint8', tileSize = LARGE_STORE_TILE, tileBytes = tileSize * tileSize;
  const opened: SpillBacking[] = [];
  const spill = async (what: string) => {
    const s = await env.spill(spillName(runId, what), tileBytes);
    opened.push(s);
    return s;
  };
  try {
    const main = await spill('prob');
    const levelSpills = new Map<number, SpillBacking>();
    for (const f of [4, 16, 64]) if (width >= f || height >= f) levelSpills.set(f, await spill(`l${f}`));
    return new PyramidStore({
      width, height, dtype, tileSize, budgetBytes: env.budgetBytes, spill: main,
      levelStore: (o: TileStoreOptions, f: number) => new TileStore({ ...o, budgetBytes: env.budgetBytes / 8, spill: levelSpills.get(f) }),
    });
  } catch (e) {
    for (const s of opened) s.close();
    throw e;
  }
}

/**
 * Stream the model plane `imageId` (planes.ts id) through the tile engine. Resolves with the held run's view;
 * rejects with 'cancelled' when `token` is set (the image's previous run is kept).
 */
export async function segmentLargePlane(
  imageId: string, options: SegmentOptions, onProgress: (p: LargeProgress) => void, token: CancelToken, env: LargeRunEnv = workerEnv(),
): Promise<LargeRunView> {
  const id = parsePlaneId(imageId);
  if (!id) throw new StudioError('internal', `"${imageId}" is not a plane of an open image.`);
  const src = sources.get(id.sourceId).source;
  checkPlane(src, id.plane);
  const { width, height } = src;
  const checkCancel = () => {
    if (token.cancelled) throw new StudioError('cancelled', 'Run cancelled.');
  };
  const card = await env.card(options.modelId);
  onProgress({ stage: 'loading-model', done: 0, total: 1 });
  let session = await env.session(card, options.backend);
  checkCancel();
  const t0 = performance.now();
  const read = (rect: { x: number; y: number; width: number; height: number }, signal?: AbortSignal) => src.readRegion(id.plane, rect, 0, signal);
  const norm = normParams(card.input.normalization, await samplePlane(read, width, height));
  checkCancel();
  // the whole-image path's rule (tiling/runTiling.ts): the person's tile, else chooseTile above 1 MP
  const tiling = runTiling(card, { width, height, tile: options.tile, halo: options.halo, blend: options.blend, maxTile: LARGE_MAX_TILE });
  const runId = nextId('lrun');

  const attempt = async (inferFn: InferFn) => {
    const store = await probPyramid(env, runId, width, height);
    const started = performance.now();
    try {
      const r = await segmentStreamed(read, width, height, norm, tiling, async (x, n, T) => {
        await yieldToEventLoop(); // lets `cancel` in between tile batches
        checkCancel();
        return inferFn(x, n, T);
      }, store, {
        isCancelled: () => token.cancelled,
        onProgress: (done, total) => {
          const ms = performance.now() - started;
          onProgress({ stage: 'inference', done, total, etaMs: done > 0 ? Math.round((ms / done) * (total - done)) : undefined });
        },
      });
      return { store, r };
    } catch (e) {
      store.close();
      throw e;
    }
  };
  let out: Awaited<ReturnType<typeof attempt>>;
  try {
    out = await attempt(session.infer);
  } catch (e) {
    if (!session.fallback || (e instanceof StudioError && e.code === 'cancelled')) throw e;
    session = await session.fallback(e instanceof Error ? e.message : String(e));
    out = await attempt(session.infer);
  }
  const { store, r } = out;
  const foot = store.footprint;
  const view: LargeRunView = {
    runId, imageId, width, height, tile: r.plan.tile, halo: r.plan.halo, tilesRun: r.tilesRun, ms: performance.now() - t0,
    residentBytes: foot.residentBytes, spilledBytes: foot.spilledBytes, modelId: card.id, tileNote: tiling.note, blend: tiling.blend,
    backend: session.backend, inferenceMs: r.inferenceMs, spill: env.spillKind,
  };
  // Swap on success: the image's earlier streamed run goes (its stores are closed), the new one is held.
  for (const k of largeRuns.keys()) if (largeRuns.peek(k)?.view.imageId === imageId) largeRuns.delete(k);
  largeRuns.put(runId, { view, sourceId: id.sourceId, store, counts: new Map() });
  return view;
}

/** The held run, or the LRU's "no longer holds" error. */
export const heldLargeRun = (runId: string): HeldLargeRun => largeRuns.get(runId);

/**
 * Mask overlay of the level-0 rect `req.rect` as an outWidth × outHeight RGBA: read from the coarsest pyramid
 * level with at least one level pixel per output pixel (level index 0 = full resolution, 1.. = ÷4, ÷16, ÷64),
 * strided within it, so the cost follows the output size, not the rect's.
 */
export function renderRunOverlay(runId: string, req: RegionRequest, threshold: number): RegionBitmap {
  const run = heldLargeRun(runId);
  const { rect, outWidth, outHeight } = req;
  if (!(outWidth >= 1 && outHeight >= 1 && Number.isInteger(outWidth) && Number.isInteger(outHeight)))
    throw new StudioError('internal', `renderRunOverlay: output size ${outWidth}×${outHeight} must be positive integers`);
  const ratio = Math.min(rect.width / outWidth, rect.height / outHeight);
  const lvl = run.store.levelFor(ratio);
  const lr = levelRect(rect, lvl.factor, lvl.store.width, lvl.store.height);
  const stride = Math.max(1, Math.floor(ratio / lvl.factor));
  const grid = lvl.store.readRegion(lr, stride);
  const gw = Math.ceil(lr.width / stride), gh = Math.ceil(lr.height / stride);
  const { rgba } = maskGridRgba(grid, gw, gh, outWidth, outHeight, threshold, probScale(run.store), MASK_RGB);
  return { rgba, width: outWidth, height: outHeight, level: lvl.index };
}

/**
 * Foreground pixels and 8-connected objects (merged across tile borders) at `threshold`, cached per threshold.
 * Cooperative (largePace.ts): yields between tiles with progress, and `cancelLargeAnalysis` stops it.
 */
export async function largeRunCounts(runId: string, threshold: number, onProgress?: (p: AnalysisProgress) => void): Promise<LargeCounts> {
  const run = heldLargeRun(runId);
  const hit = run.counts.get(threshold);
  if (hit) return hit;
  const tiles = run.store.tilesX * run.store.tilesY;
  const counts = await cooperative('counting', 2 * tiles, onProgress, async (pause) => ({
    foregroundPixels: await drainAsync(countForegroundSteps(run.store, threshold), pause),
    objects: (await drainAsync(tiledComponentsSteps(run.store, threshold), pause)).count,
  }));
  cacheCounts(run, threshold, counts);
  return counts;
}

/** Keep `counts` of `run` at `threshold` (the last 16 thresholds). */
export function cacheCounts(run: HeldLargeRun, threshold: number, counts: LargeCounts): void {
  if (run.counts.size >= 16 && !run.counts.has(threshold)) run.counts.delete(run.counts.keys().next().value as number);
  run.counts.set(threshold, counts);
}

/** Decoded probabilities of a level-0 rect (≤ 4 Mi pixels): the e2e tests' and the bench's probe of a run. */
export function largeRunProb(runId: string, rect: RegionRequest['rect']): Float32Array {
  if (rect.width * rect.height > 4 * 2 ** 20) throw new StudioError('internal', `largeRunProb: ${rect.width}×${rect.height} is more than 4 Mi pixels`);
  const run = heldLargeRun(runId);
  const s = probScale(run.store);
  return Float32Array.from(run.store.readRegion(rect), (v) => v / s);
}
