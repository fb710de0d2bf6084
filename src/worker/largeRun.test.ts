/**
 * The worker's streamed run (largeRun.ts) with a real network: fixture-tiny-unet through onnxruntime-node as
 * the InferFn, memory spill. Its probabilities equal `npm run segment`'s whole-image ones (evalCore predict)
 * after uint8 quantisation; its counts equal the Node streamed pipeline's (cli/segmentLarge.ts); a cancelled
 * run keeps the previous one; overlays equal the whole-image overlay at 1:1.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StudioError } from '../errors';
import { rasterSource } from '../io/openSource';
import { testImage } from '../tiling/testImages';
import { predict } from '../cli/evalCore';
import { findCard, loadManifest, openModel, type ModelSession } from '../cli/nodeSession';
import { segmentLarge as segmentLargeNode } from '../cli/segmentLarge';
import { largeRunCounts, largeRunProb, largeRuns, renderRunOverlay, segmentLargePlane } from './largeRun';
import { holdSource, planeImageId } from './planes';
import { testLargeEnv } from './largeTestEnv';
import { MASK_RGB, overlayRgba } from './render';
import { poolMax } from '../store/pyramidStore';
import { maskGridRgba } from '../viewer/overlayRegion';

const W = 700, H = 530;
let m: ModelSession;
const data = testImage(W, H, 11);
const source = () => rasterSource({ data, width: W, height: H, format: 'tiff', sampleType: 'uint16', note: '' } as never, 'large.tif');

/** onnxruntime-node behind the worker's environment interface; `onInfer` sees every batch (to cancel mid-run). */
const env = (onInfer?: () => void) => testLargeEnv(m.card, (x, n, T) => m.infer(x, n, T), { onInfer, adapter: 'onnxruntime-node' });

beforeAll(async () => {
  m = await openModel(findCard(loadManifest(), 'fixture-tiny-unet'), undefined, { threads: 1 });
});
afterAll(async () => {
  await m.release();
});

describe('segmentLarge in the worker code path (fixture-tiny-unet, onnxruntime-node)', () => {
  it("equals npm run segment's probabilities, counts the Node streamed pipeline's objects, keeps a run on cancel", async () => {
    const imageId = planeImageId(holdSource(source()).id, { t: 0, z: 0, c: 0 });
    const progress: number[] = [];
    const view = await segmentLargePlane(imageId, { modelId: m.card.id, backend: 'wasm', tile: m.card.tiling.tile },
      (p) => p.stage === 'inference' && progress.push(p.etaMs ?? -1), { cancelled: false }, env());
    expect(view).toMatchObject({ width: W, height: H, tile: 64, halo: m.card.tiling.halo, blend: 'gaussian', spill: 'memory' });
    expect(view.tilesRun).toBeGreaterThan(100);
    expect(view.spilledBytes).toBeGreaterThan(0);
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.at(-1)).toBe(0); // ETA 0 when the last batch is done

    const ref = await predict(m, { data, width: W, height: H }, 4); // what npm run segment computes
    const got = largeRunProb(view.runId, { x: 0, y: 0, width: W, height: H });
    let maxErr = 0;
    for (let i = 0; i < W * H; i++) maxErr = Math.max(maxErr, Math.abs(got[i] - ref[i]));
    expect(maxErr).toBeLessThanOrEqual(0.5 / 255 + 1e-4);

    // A threshold halfway between two 8-bit levels is also halfway between two 16-bit levels (65535 = 255·257,
    // 257 odd): p ≥ t decides the same on both stores, so counts must agree exactly.
    const t = (Math.floor(Float32Array.from(ref).sort()[Math.floor(ref.length * 0.6)] * 255) + 0.5) / 255;
    const dir = mkdtempSync(join(tmpdir(), 'lrun-'));
    try {
      const node = await segmentLargeNode(source(), { t: 0, z: 0, c: 0 }, m, join(dir, 'l.tif'), { threshold: t, tile: 'card', budgetMB: 1 });
      const c = await largeRunCounts(view.runId, t);
      expect(node.objects).toBeGreaterThan(10);
      expect(c).toEqual({ foregroundPixels: node.foreground, objects: node.objects });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    // 1:1 overlay of a region equals the whole-image overlay's pixels there (same colour, same rule).
    const rect = { x: 123, y: 77, width: 200, height: 150 };
    const ov = renderRunOverlay(view.runId, { rect, outWidth: rect.width, outHeight: rect.height }, t);
    expect(ov.level).toBe(0);
    const crop = largeRunProb(view.runId, rect);
    expect(Array.from(ov.rgba)).toEqual(Array.from(overlayRgba(crop, rect.width, rect.height, t, 'mask').rgba));

    // Fit: a 10×8 view of the whole run reads the ÷64 max-pooled level (11×9 cells), not the tiles.
    const fit = renderRunOverlay(view.runId, { rect: { x: 0, y: 0, width: W, height: H }, outWidth: 10, outHeight: 8 }, t);
    expect(fit.level).toBe(3);
    const pooled = poolMax(Uint8Array.from(got, (v) => Math.round(v * 255)), W, H, 64);
    expect(Array.from(fit.rgba)).toEqual(Array.from(maskGridRgba(pooled, 11, 9, 10, 8, t, 255, MASK_RGB).rgba));
    expect(fit.rgba.some((v) => v > 0)).toBe(true);

    // Cancel mid-run: rejects with 'cancelled', the first run is still held and unchanged.
    const token = { cancelled: false };
    let batches = 0;
    const second = segmentLargePlane(imageId, { modelId: m.card.id, backend: 'wasm', tile: 64 }, () => undefined, token,
      env(() => { if (++batches === 3) token.cancelled = true; }));
    await expect(second).rejects.toMatchObject({ code: 'cancelled' } satisfies Partial<StudioError>);
    expect(largeRuns.keys()).toContain(view.runId);
    expect(largeRunProb(view.runId, { x: 0, y: 0, width: W, height: H })).toEqual(got);

    // A run that finishes replaces the image's previous one.
    const third = await segmentLargePlane(imageId, { modelId: m.card.id, backend: 'wasm' }, () => undefined, { cancelled: false }, env());
    expect(third.tileNote).toMatch(/^tile \d+ .*halo \d+/);
    expect(largeRuns.keys()).toEqual([third.runId]);
  }, 120_000);
});
