/**
 * One segmentation run inside the worker: card → session → normalise → overlap tiles → infer → blend.
 * The network runs through session.ts. On WebGPU the tiles, the blend and the probability map stay on ORT's
 * GPUDevice (gpu/segmentTiledGpu.ts, one readback per image); on WASM, or when no GPU device is there, the
 * pure pipeline of src/tiling/ does it on the CPU. `RunSummary.pipeline` says which one ran.
 */
import { StudioError } from '../errors';
import { segmentTiledGpu } from '../gpu/segmentTiledGpu';
import { intensityWarning } from '../io/warnings';
import { normalize, percentiles } from '../tiling/normalize';
import { runTiling } from '../tiling/runTiling';
import { segmentTiled } from '../tiling/segmentTiled';
import type { TilePlan } from '../tiling/plan';
import type { Progress, RunPipeline, RunSummary, SegmentOptions } from './api';
import type { HeldImage, HeldRun } from './held';
import { getCard } from './models';
import { getSession, infer, inferOnGpu, wasmFallback, webgpuDevice, type LoadedSession } from './session';

export interface CancelToken {
  cancelled: boolean;
}

/**
 * Let the worker's event loop run (a macrotask, via MessageChannel: no 4 ms timer clamp). ORT's WASM run and
 * the tile loop otherwise chain only microtasks, so `cancel` messages would wait until the whole run ends.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => {
      ch.port1.close();
      resolve();
    };
    ch.port2.postMessage(null);
  });
}


interface Outcome {
  prob: Float32Array;
  plan: TilePlan;
  inferenceMs: number;
  pipeline: RunPipeline;
  /** GPU-resident runs keep the probability map on the device for the confusion kernel. */
  gpu?: HeldRun['gpu'];
}

export async function runSegmentation(
  img: HeldImage, runId: string, opts: SegmentOptions, onProgress: (p: Progress) => void, token: CancelToken,
): Promise<{ summary: RunSummary; run: HeldRun }> {
  const checkCancel = () => {
    if (token.cancelled) throw new StudioError('cancelled', 'Run cancelled.');
  };
  const card = await getCard(opts.modelId);
  onProgress({ stage: 'loading-model', done: 0, total: 1 });
  let s: LoadedSession = await getSession(card, opts.backend);
  checkCancel();
  // The person's overrides, else the card's tile — or, from 1 MP up, the tile that wastes least (tiling/runTiling.ts).
  const tiling = runTiling(card, { width: img.width, height: img.height, tile: opts.tile, halo: opts.halo, blend: opts.blend });
  const t0 = performance.now();
  const norm = normalize(img, card.input.normalization);
  const nz = card.input.normalization;
  const intensity = nz.kind === 'fixed' ? intensityWarning(nz, ...(percentiles(norm, [1, 99]) as [number, number]), card.name) : null;
  const progress = (done: number, total: number) => onProgress({ stage: 'inference', done, total });
  const go = async (sess: LoadedSession): Promise<Outcome> => {
    const device = sess.info.backend === 'webgpu' ? await webgpuDevice() : undefined;
    if (device) {
      const r = await segmentTiledGpu(device, norm, img.width, img.height, tiling, async (input, n, T) => {
        await yieldToEventLoop();
        checkCancel();
        return inferOnGpu(sess, input, n, T);
      }, progress, () => token.cancelled);
      return { ...r, pipeline: 'gpu-resident', gpu: { device, prob: r.probBuffer } };
    }
    const r = await segmentTiled(norm, img.width, img.height, tiling, async (x, n, T) => {
      await yieldToEventLoop();
      checkCancel();
      return infer(sess, x, n, T);
    }, progress, () => token.cancelled);
    return { ...r, pipeline: 'cpu' };
  };
  let result: Outcome;
  try {
    result = await go(s);
  } catch (e) {
    // A WebGPU run that fails midway (device lost, out of memory) is retried once on WASM, with a note.
    if (s.info.backend !== 'webgpu' || (e instanceof StudioError && e.code === 'cancelled')) throw e;
    s = await wasmFallback(card, e instanceof Error ? e.message : String(e));
    result = await go(s);
  }
  const ms = performance.now() - t0;
  const summary: RunSummary = {
    runId, imageId: img.id, modelId: card.id, width: img.width, height: img.height,
    tiles: result.plan.tiles.length, tile: result.plan.tile, halo: result.plan.halo, blend: tiling.blend,
    ms, inferenceMs: result.inferenceMs, backend: s.info, pipeline: result.pipeline,
    warnings: intensity ? [intensity.message] : [], tileNote: tiling.note,
  };
  return { summary, run: { id: runId, imageId: img.id, imageName: img.name, modelId: card.id, width: img.width, height: img.height, prob: result.prob, gpu: result.gpu } };
}
