/**
 * The GPU-resident overlap-tile run (ARCHITECTURE.md data path, issue #7): the normalised image is uploaded once,
 * each batch of tiles is cut out by shaders/extractTiles.wgsl into an input buffer that ORT reads in place, the
 * logits stay in ORT's output buffer and shaders/blendAccumulate.wgsl adds them into acc/wsum; after the last
 * batch shaders/blendFinalize.wgsl makes the probability map, read back ONCE. Nothing crosses to the CPU between
 * tiles. The CPU twin (and the reference this path is tested against) is src/tiling/segmentTiled.ts.
 * ORT itself stays behind `infer` (worker/session.ts `inferOnGpu`), so this module imports no ORT.
 */
import { StudioError } from '../errors';
import { tileWeights } from '../tiling/blendTiles';
import { planTiles, type TilePlan } from '../tiling/plan';
import { inferenceError, tileBatches, type TiledOptions } from '../tiling/segmentTiled';
import { runBlendAccumulate } from './blendAccumulate';
import { runBlendFinalize } from './blendFinalize';
import { createBufferFrom, readBuffer } from './buffers';
import { takeGpuErrors } from './device';
import { maxBindingBytes } from './dispatch';
import { runExtractTiles } from './extractTiles';

/** A model output on the GPU: n×1×T×T f32 logits at offset 0 of `buffer`, valid until `release()`. */
export interface GpuLogits {
  buffer: GPUBuffer;
  release(): void;
}

/** Run the model on the n tiles in `input` (n×1×T×T f32, exactly n·T²·4 bytes) and leave the logits on the GPU. */
export type GpuInferFn = (input: GPUBuffer, n: number, tile: number) => Promise<GpuLogits>;

export interface GpuTiledResult {
  /** The probability map, read back once (width×height, row-major). */
  prob: Float32Array;
  /** The same map on the GPU (STORAGE | COPY_SRC), kept for the confusion kernel; the caller destroys it. */
  probBuffer: GPUBuffer;
  plan: TilePlan;
  /** Time inside `infer` (session.run) until the GPU finished its work, ms. */
  inferenceMs: number;
  /** Tiles per `infer` call actually used. */
  batch: number;
}

/**
 * Tiles per session.run on this device: the requested batch, lowered so that one batch of tiles (input and
 * output, n·T²·4 bytes each) fits in one storage binding and one buffer (maxStorageBufferBindingSize,
 * maxBufferSize). At least 1; a single tile that does not fit is refused by the kernels with 'image-too-large'.
 */
export function gpuBatchFor(device: GPUDevice, tile: number, requested: number): number {
  const fit = Math.floor(maxBindingBytes(device) / (tile * tile * 4));
  return Math.max(1, Math.min(Math.floor(requested) || 1, fit));
}

/** Read when a run starts, not at import: Node (CLI, unit tests) has no GPUBufferUsage global. */
const storageRw = () => GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;

/**
 * Overlap-tile segmentation of a normalised W×H image on `device` (which must be the device `infer` runs on).
 * Checks `isCancelled` before each batch (throws StudioError 'cancelled'), reports progress after each batch.
 * GPU validation and out-of-memory errors of the whole run are caught in error scopes and thrown as
 * StudioError 'inference-failed', so a broken GPU run is never returned as a result.
 */
export async function segmentTiledGpu(
  device: GPUDevice, norm: Float32Array, width: number, height: number, opts: TiledOptions, infer: GpuInferFn,
  onProgress?: (done: number, total: number) => void, isCancelled?: () => boolean,
): Promise<GpuTiledResult> {
  if (norm.length !== width * height)
    throw new StudioError('internal', `segmentTiledGpu: image buffer has ${norm.length} values, expected ${width}×${height}`);
  const plan = planTiles(width, height, opts.tile, opts.halo, opts.multiple);
  const T = plan.tile;
  const batch = gpuBatchFor(device, T, opts.batch);
  const pixels = width * height;
  const owned: GPUBuffer[] = [];
  const own = (b: GPUBuffer) => (owned.push(b), b);
  const inputs = new Map<number, GPUBuffer>(); // by tiles per batch: ORT wants exactly n·T²·4 bytes
  let probBuffer: GPUBuffer | undefined;
  device.pushErrorScope('out-of-memory');
  device.pushErrorScope('validation');
  let scoped = true;
  const popScopes = async () => {
    scoped = false;
    const validation = await device.popErrorScope();
    const oom = await device.popErrorScope();
    const err = validation ?? oom;
    if (err) throw new StudioError('inference-failed', `WebGPU error in the GPU-resident run: ${err.message}`);
  };
  try {
    const src = own(createBufferFrom(device, norm, GPUBufferUsage.STORAGE, 'image (normalised)'));
    const weights = own(createBufferFrom(device, tileWeights(T, plan.halo, opts.blend), GPUBufferUsage.STORAGE, `tile weights ${opts.blend}`));
    const acc = own(device.createBuffer({ label: 'blend acc', size: pixels * 4, usage: storageRw() }));
    const wsum = own(device.createBuffer({ label: 'blend wsum', size: pixels * 4, usage: storageRw() }));
    const total = plan.tiles.length;
    let inferenceMs = 0;
    for (const { start, rects } of tileBatches(plan.tiles, batch, isCancelled)) {
      const n = rects.length;
      let input = inputs.get(n);
      if (!input) {
        input = own(device.createBuffer({ label: `tiles ${n}×1×${T}×${T}`, size: n * T * T * 4, usage: storageRw() }));
        inputs.set(n, input);
      }
      runExtractTiles(device, src, width, height, rects, T, 1, 0, { out: input });
      // session.run resolves once ORT has *submitted* its work; waiting for the queue before and after it makes
      // inferenceMs the network's real time (not the tiles' extraction), and progress and cancel follow the GPU
      // instead of racing ahead of it. Costs two queue syncs per batch, no readback.
      await device.queue.onSubmittedWorkDone();
      const t0 = performance.now();
      let out: GpuLogits;
      try {
        out = await infer(input, n, T);
        await device.queue.onSubmittedWorkDone();
      } catch (e) {
        throw inferenceError(e, start, n, total);
      }
      inferenceMs += performance.now() - t0;
      try {
        if (out.buffer.size < n * T * T * 4)
          throw new StudioError('inference-failed', `The model returned ${out.buffer.size} bytes for ${n} tile(s) of ${T}×${T}; expected ${n * T * T * 4} (n×1×T×T f32).`);
        runBlendAccumulate(device, acc, wsum, width, height, out.buffer, rects, weights);
      } finally {
        out.release(); // the accumulate pass is submitted: ORT's later reuse of the buffer is queued after it
      }
      onProgress?.(Math.min(total, start + n), total);
    }
    const fin = runBlendFinalize(device, acc, wsum, pixels);
    probBuffer = fin.prob;
    owned.push(fin.bytes);
    const prob = new Float32Array(await readBuffer(device, probBuffer, 0, pixels * 4));
    await popScopes();
    // Errors that escaped the scopes (e.g. work another caller submitted meanwhile) arrive as uncapturederror
    // events (gpu/device.ts watchDevice): a run they may have touched is not returned as a result either.
    const uncaptured = takeGpuErrors(device);
    if (uncaptured.length) throw new StudioError('inference-failed', `WebGPU reported errors during the run: ${uncaptured.join('; ')}`);
    return { prob, probBuffer, plan, inferenceMs, batch };
  } catch (e) {
    probBuffer?.destroy();
    // The run's own error is the one to throw; a GPU error seen alongside it is logged, not dropped.
    if (scoped) await popScopes().catch((g: unknown) => console.error(g instanceof Error ? g.message : g));
    throw e;
  } finally {
    for (const b of owned) b.destroy();
  }
}
