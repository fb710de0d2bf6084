/**
 * GPU overlap-tile blending, step 1: add a batch of tile logits into the image's weighted sums
 * (acc += w·sigmoid(logit), wsum += w). Kernel: shaders/blendAccumulate.wgsl (gather per output pixel, so
 * overlapping tiles never race); CPU reference and fallback: src/tiling/blendTiles.ts accumulateTile.
 */
import code from '../../shaders/blendAccumulate.wgsl?raw';
import { StudioError } from '../errors';
import type { TileRect } from '../tiling/plan';
import { createBufferFrom } from './buffers';
import { checkBinding, maxBindingBytes, rowWindow, rowsPerWindow } from './dispatch';
import { kernel, type KernelDispatch } from './kernel';

/** Mirror `override WG_X, WG_Y` in shaders/blendAccumulate.wgsl (2-D workgroup over image pixels). */
const WG_X = 8;
const WG_Y = 8;

const accumulate = kernel('blendAccumulate', code, () => ({ WG_X, WG_Y }));

export interface BlendAccumulateOptions {
  /** Pretend the binding limit is this small (tests: exercises the split into row bands). */
  maxBindingBytes?: number;
}

/**
 * Accumulate `rects.length` tiles into `acc`/`wsum` (W×H f32, row-major, STORAGE usage, both updated in place):
 * `logits` is N×1×T×T f32 (tile k at element k·T², T = rects[k].size, the same for all), `weights` T×T f32
 * from `tileWeights`. Pixels of a tile outside the image are ignored; weight 0 skips a pixel (crop halo).
 * Work is submitted to `device.queue`; later submissions (the next batch, finalize) see the result.
 * @throws StudioError 'internal' on inconsistent arguments, 'image-too-large' beyond the device's limits.
 */
export function runBlendAccumulate(
  device: GPUDevice, acc: GPUBuffer, wsum: GPUBuffer, width: number, height: number,
  logits: GPUBuffer, rects: TileRect[], weights: GPUBuffer, options: BlendAccumulateOptions = {},
): void {
  const bad = (msg: string) => new StudioError('internal', `runBlendAccumulate: ${msg}`);
  if (!(Number.isInteger(width) && Number.isInteger(height) && width >= 1 && height >= 1))
    throw bad(`image size must be positive integers, got ${width}×${height}`);
  if (rects.length === 0) return;
  const tile = rects[0].size;
  const wrong = rects.find((r) => r.size !== tile || !Number.isInteger(r.x0) || !Number.isInteger(r.y0));
  if (!(Number.isInteger(tile) && tile >= 1) || wrong)
    throw bad(`every rect must be an integer-placed tile of one positive size, got ${JSON.stringify(wrong ?? rects[0])}`);
  const n = rects.length;
  const tileElems = tile * tile;
  if (acc.size < width * height * 4 || wsum.size < width * height * 4)
    throw bad(`acc/wsum hold ${acc.size}/${wsum.size} bytes, a ${width}×${height} f32 image needs ${width * height * 4}`);
  if (logits.size < n * tileElems * 4) throw bad(`logits hold ${logits.size} bytes, ${n} tiles of ${tile}×${tile} need ${n * tileElems * 4}`);
  if (weights.size < tileElems * 4) throw bad(`weights hold ${weights.size} bytes, a ${tile}×${tile} map needs ${tileElems * 4}`);
  checkBinding(n * tileElems * 4, maxBindingBytes(device), 'The logits batch', 'Use fewer tiles per batch.');

  // Bounding box of the batch inside the image; nothing to do when every tile lies outside.
  const bx0 = Math.max(0, Math.min(...rects.map((r) => r.x0)));
  const by0 = Math.max(0, Math.min(...rects.map((r) => r.y0)));
  const bx1 = Math.min(width, Math.max(...rects.map((r) => r.x0 + tile)));
  const by1 = Math.min(height, Math.max(...rects.map((r) => r.y0 + tile)));
  if (bx1 <= bx0 || by1 <= by0) return;
  const maxGroups = device.limits.maxComputeWorkgroupsPerDimension;
  const gx = Math.ceil((bx1 - bx0) / WG_X);
  if (gx > maxGroups) throw new StudioError('image-too-large', `runBlendAccumulate: ${width} columns need ${gx} workgroups; this GPU allows ${maxGroups} per dimension.`);
  const bandRows = Math.min(rowsPerWindow(device, width, maxBindingBytes(device, options.maxBindingBytes), 'runBlendAccumulate'), maxGroups * WG_Y);

  const rectData = new Int32Array(n * 2);
  rects.forEach((r, k) => { rectData[2 * k] = r.x0; rectData[2 * k + 1] = r.y0; });
  const rectBuffer = createBufferFrom(device, rectData, GPUBufferUsage.STORAGE, 'blendAccumulate rects');
  const dispatches: KernelDispatch[] = [];
  for (let y0 = by0; y0 < by1; y0 += bandRows) {
    const rows = Math.min(bandRows, by1 - y0);
    const win = rowWindow(device, width, y0, y0 + rows);
    dispatches.push({
      params: new Uint32Array([width, height, tile, n, bx0, y0, bx1 - bx0, rows, win.base]).buffer,
      bindings: [
        { buffer: rectBuffer },
        { buffer: logits, offset: 0, size: n * tileElems * 4 },
        { buffer: weights, offset: 0, size: tileElems * 4 },
        { buffer: acc, offset: win.offset, size: win.size },
        { buffer: wsum, offset: win.offset, size: win.size },
      ],
      workgroups: [gx, Math.ceil(rows / WG_Y)],
    });
  }
  accumulate.dispatch(device, dispatches, [rectBuffer]);
}
