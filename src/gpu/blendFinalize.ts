/**
 * GPU overlap-tile blending, step 2: probability map prob = acc / wsum (0 where no tile contributed) and its
 * display bytes round(255·prob), packed 4 per u32. Kernel: shaders/blendFinalize.wgsl; CPU reference and
 * fallback: src/tiling/blendTiles.ts finalizeBlend.
 */
import code from '../../shaders/blendFinalize.wgsl?raw';
import { StudioError } from '../errors';
import { grid2D, maxBindingBytes } from './dispatch';
import { kernel, type KernelDispatch } from './kernel';

/** Mirrors `override WG` in shaders/blendFinalize.wgsl (invocations per workgroup, each one u32 word). */
const WORKGROUP_SIZE = 64;
/** Chunks start at multiples of this many pixels so f32 and u8 binding offsets are 256-byte aligned. */
const CHUNK_ALIGN = 256;

const finalize = kernel('blendFinalize', code, () => ({ WG: WORKGROUP_SIZE }));

export interface BlendFinalizeOptions {
  /** Write the probabilities here (≥ n·4 bytes, STORAGE) instead of a new buffer. Must not be acc or wsum. */
  prob?: GPUBuffer;
  /** Write the display bytes here (≥ ceil(n/4)·4 bytes, STORAGE) instead of a new buffer. */
  bytes?: GPUBuffer;
  /** Pretend the binding limit is this small (tests: exercises the chunked path). */
  maxBindingBytes?: number;
}

export interface BlendFinalizeResult {
  /** n f32: acc / wsum, 0 where wsum = 0. */
  prob: GPUBuffer;
  /** ceil(n/4)·4 bytes: byte i = round(255·prob[i]) (read back as a Uint8Array; padding bytes are 0). */
  bytes: GPUBuffer;
}

/**
 * Finalise `pixels` blended pixels (acc, wsum: f32, STORAGE usage). New buffers have STORAGE | COPY_SRC |
 * COPY_DST usage and belong to the caller. Work is submitted to `device.queue`.
 * @throws StudioError 'internal' on inconsistent arguments.
 */
export function runBlendFinalize(device: GPUDevice, acc: GPUBuffer, wsum: GPUBuffer, pixels: number, options: BlendFinalizeOptions = {}): BlendFinalizeResult {
  const bad = (msg: string) => new StudioError('internal', `runBlendFinalize: ${msg}`);
  if (!(Number.isInteger(pixels) && pixels >= 1)) throw bad(`pixel count must be a positive integer, got ${pixels}`);
  const probBytes = pixels * 4;
  const byteBytes = Math.ceil(pixels / 4) * 4;
  if (acc.size < probBytes || wsum.size < probBytes) throw bad(`acc/wsum hold ${acc.size}/${wsum.size} bytes, ${pixels} pixels need ${probBytes}`);
  const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
  const prob = options.prob ?? device.createBuffer({ label: `blendFinalize prob (${pixels} px)`, size: probBytes, usage });
  const bytes = options.bytes ?? device.createBuffer({ label: `blendFinalize bytes (${pixels} px)`, size: byteBytes, usage });
  if (prob.size < probBytes || bytes.size < byteBytes) throw bad(`prob/bytes hold ${prob.size}/${bytes.size} bytes, need ${probBytes}/${byteBytes}`);
  if (prob === acc || prob === wsum) throw bad('prob must be a separate buffer from acc and wsum');

  const chunk = Math.max(CHUNK_ALIGN, Math.floor(maxBindingBytes(device, options.maxBindingBytes) / 4 / CHUNK_ALIGN) * CHUNK_ALIGN);
  const dispatches: KernelDispatch[] = [];
  for (let start = 0; start < pixels; start += chunk) {
    const count = Math.min(chunk, pixels - start);
    const f32 = { offset: start * 4, size: count * 4 };
    dispatches.push({
      params: new Uint32Array([count]).buffer,
      bindings: [{ buffer: acc, ...f32 }, { buffer: wsum, ...f32 }, { buffer: prob, ...f32 }, { buffer: bytes, offset: start, size: Math.ceil(count / 4) * 4 }],
      workgroups: grid2D(device, Math.ceil(Math.ceil(count / 4) / WORKGROUP_SIZE), 'blendFinalize'),
    });
  }
  finalize.dispatch(device, dispatches);
  return { prob, bytes };
}
