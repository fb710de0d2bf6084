/**
 * Overlap-tile segmentation streamed over a region reader, for images far larger than memory: the same plan,
 * mirror rule, tiles, batches and blend arithmetic as segmentTiled.ts (so the result equals it to the output
 * store's quantisation), but the input is read one tile row at a time and finished output rows are written
 * into a TileStore as soon as no later tile can touch them.
 *
 * Shape of the work: the image is cut into vertical panels (at most `panelWidth` output columns, cut where a
 * tile's valid window starts); each panel runs top to bottom. Per tile row it reads the input rows the row
 * needs (+ halo, mirrored at the image border), normalises them, runs the tiles in batches and adds them to a
 * panel-wide accumulator of T rows; rows above the next tile row's first weighted row are final and go to the
 * store. Tiles whose weighted area straddles a panel seam run once per panel (with crop blending at most the
 * image's shifted last tile column, otherwise one tile column per seam).
 *
 * Memory bound, independent of the image height (and of its width beyond panelWidth):
 *   input  (P + T) · T · 4 B   accumulators  P · T · 8 B   one batch  2 · batch · T² · 4 B   + the store's budget,
 * with P = panel width, T = tile: for P = 8192, T = 256 about 26 MB.
 */
import { StudioError } from '../errors';
import type { TileStore } from '../store/tileStore';
import { tileWeights } from './blendTiles';
import { mirrorIndex } from './mirror';
import { planTiles, type TilePlan } from './plan';
import { applyNorm, type NormParams, type RegionReader } from './sampledNormalize';
import { inferenceError, type InferFn, type TiledOptions } from './segmentTiled';

export interface StreamOptions extends TiledOptions {
  /** Most output columns per panel (default 8192). */
  panelWidth?: number;
}

export interface StreamHooks {
  /** Tiles run so far, of all tiles the streamed run will run (seam tiles counted per panel). */
  onProgress?: (done: number, total: number) => void;
  isCancelled?: () => boolean;
  signal?: AbortSignal;
}

export interface StreamResult {
  plan: TilePlan;
  /** Tiles run, including seam tiles run twice (≥ plan.tiles.length). */
  tilesRun: number;
  panels: number;
  inferenceMs: number;
  /** Largest input region read at once, in pixels (for the memory report). */
  maxRegionPixels: number;
}

/** How a probability in [0, 1] is stored: float32 as is, uint16 as round(p·65535), uint8 as round(p·255). */
export const probScale = (store: Pick<TileStore, 'dtype'>): number => (store.dtype === 'uint16' ? 65535 : store.dtype === 'uint8' ? 255 : 1);

/** Inclusive min and max of mirrorIndex(i, n) for i in [a, b). */
function mirrorRange(a: number, b: number, n: number): [number, number] {
  if (a >= 0 && b <= n) return [a, b - 1];
  let lo = Infinity, hi = -Infinity;
  for (let i = a; i < b; i++) {
    const m = mirrorIndex(i, n);
    if (m < lo) lo = m;
    if (m > hi) hi = m;
  }
  return [lo, hi];
}

/** Panels [x0, x1) of at most `pw` columns, cut at multiples of the step (where valid windows start). */
function panelBounds(width: number, step: number, pw: number): [number, number][] {
  if (width <= pw) return [[0, width]];
  const per = Math.max(step, Math.floor(pw / step) * step);
  const out: [number, number][] = [];
  for (let x = 0; x < width; x += per) out.push([x, Math.min(width, x + per)]);
  return out;
}

/**
 * Segment a width×height plane read through `read` (raw values, normalised here with `norm`) into `store`
 * (probabilities, encoded per probScale). Throws StudioError 'cancelled' between batches when asked; the
 * store then holds a partial result (write into a fresh store and swap on success to keep the previous one).
 */
export async function segmentStreamed(
  read: RegionReader, width: number, height: number, norm: NormParams, opts: StreamOptions, infer: InferFn,
  store: TileStore, hooks: StreamHooks = {},
): Promise<StreamResult> {
  if (store.width !== width || store.height !== height)
    throw new StudioError('internal', `segmentStreamed: store is ${store.width}×${store.height}, image ${width}×${height}`);
  const plan = planTiles(width, height, opts.tile, opts.halo, opts.multiple);
  const T = plan.tile, halo = plan.halo;
  const weights = tileWeights(T, halo, opts.blend);
  const batch = Math.max(1, Math.floor(opts.batch) || 1);
  // Rows/columns of a tile that carry weight: its valid centre with crop blending, all of it otherwise.
  const lead = opts.blend === 'crop' ? halo : 0;
  const xs = [...new Set(plan.tiles.map((t) => t.x0))];
  const ys = [...new Set(plan.tiles.map((t) => t.y0))];
  const panels = panelBounds(width, plan.step, opts.panelWidth ?? 8192).map(([p0, p1]) => ({
    p0, p1, xs: xs.filter((x) => x + lead < p1 && x + T - lead > p0),
  }));
  const total = panels.reduce((s, p) => s + p.xs.length * ys.length, 0);
  const scale = probScale(store);
  let done = 0, inferenceMs = 0, maxRegion = 0;

  for (const { p0, p1, xs: pxs } of panels) {
    const PW = p1 - p0;
    const acc = new Float32Array(PW * T), wsum = new Float32Array(PW * T);
    let base = 0; // image row of accumulator row 0
    const flush = (until: number) => {
      // rows [base, until) are final: blend, encode, store, then shift the accumulators up
      const rows = Math.min(until, height) - base;
      if (rows <= 0) return;
      const out = new Float32Array(PW * rows);
      for (let i = 0; i < out.length; i++) {
        const p = wsum[i] > 0 ? acc[i] / wsum[i] : 0;
        out[i] = scale === 1 ? p : Math.round(p * scale);
      }
      store.writeRegion({ x: p0, y: base, width: PW, height: rows }, out);
      acc.copyWithin(0, rows * PW);
      wsum.copyWithin(0, rows * PW);
      acc.fill(0, (T - rows) * PW);
      wsum.fill(0, (T - rows) * PW);
      base += rows;
    };
    const [cx0, cx1] = mirrorRange(pxs[0], pxs[pxs.length - 1] + T, width);
    for (const y0 of ys) {
      flush(Math.max(0, y0 + lead));
      // input rows this tile row reads, mirrored; one read per tile row
      const [ry0, ry1] = mirrorRange(y0, y0 + T, height);
      const rect = { x: cx0, y: ry0, width: cx1 - cx0 + 1, height: ry1 - ry0 + 1 };
      maxRegion = Math.max(maxRegion, rect.width * rect.height);
      const raw = await read(rect, hooks.signal);
      // into a new array: a source may hand back its own buffer (an in-memory plane read whole)
      const region = applyNorm(raw, norm, new Float32Array(raw.length));
      const rowMap = new Int32Array(T), colMap = new Int32Array(T);
      for (let y = 0; y < T; y++) rowMap[y] = (mirrorIndex(y0 + y, height) - rect.y) * rect.width;
      for (let b = 0; b < pxs.length; b += batch) {
        if (hooks.isCancelled?.() || hooks.signal?.aborted) throw new StudioError('cancelled', 'Run cancelled.');
        const bx = pxs.slice(b, b + batch);
        const n = bx.length;
        const input = new Float32Array(n * T * T);
        bx.forEach((x0, k) => {
          for (let x = 0; x < T; x++) colMap[x] = mirrorIndex(x0 + x, width) - rect.x;
          const o = k * T * T;
          for (let y = 0; y < T; y++) for (let x = 0; x < T; x++) input[o + y * T + x] = region[rowMap[y] + colMap[x]];
        });
        const t0 = performance.now();
        let logits: Float32Array;
        try {
          logits = await infer(input, n, T);
        } catch (e) {
          throw inferenceError(e, done, n, total);
        }
        inferenceMs += performance.now() - t0;
        if (logits.length < n * T * T)
          throw new StudioError('inference-failed', `The model returned ${logits.length} values for ${n} tile(s) of ${T}×${T}; expected ${n * T * T} (n×1×T×T).`);
        bx.forEach((x0, k) => accumulate(acc, wsum, PW, p0, base, width, height, logits, k * T * T, x0, y0, T, weights));
        done += n;
        hooks.onProgress?.(done, total);
      }
    }
    flush(height);
  }
  return { plan, tilesRun: done, panels: panels.length, inferenceMs, maxRegionPixels: maxRegion };
}

/**
 * accumulateTile (blendTiles.ts) into a panel accumulator whose row 0 is image row `base` and column 0 image
 * column `p0`: the same w·sigmoid(logit) arithmetic, clipped to the panel and the image.
 */
function accumulate(
  acc: Float32Array, wsum: Float32Array, PW: number, p0: number, base: number, width: number, height: number,
  logits: Float32Array, off: number, tx0: number, ty0: number, T: number, weights: Float32Array,
): void {
  const x0 = Math.max(p0, tx0), x1 = Math.min(p0 + PW, width, tx0 + T);
  const y0 = Math.max(base, ty0), y1 = Math.min(height, ty0 + T);
  for (let y = y0; y < y1; y++) {
    const tRow = (y - ty0) * T - tx0;
    const aRow = (y - base) * PW - p0;
    for (let x = x0; x < x1; x++) {
      const w = weights[tRow + x];
      if (w === 0) continue;
      const p = 1 / (1 + Math.exp(-logits[off + tRow + x]));
      acc[aRow + x] += w * p;
      wsum[aRow + x] += w;
    }
  }
}
