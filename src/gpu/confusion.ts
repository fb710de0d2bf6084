/**
 * GPU confusion counts (TP/FP/FN/TN at a threshold) of a probability map against a ground-truth mask, so
 * re-thresholding never reads the map back. Kernel: shaders/confusion.wgsl (workgroup reduction with u32
 * atomics); CPU reference and fallback: src/metrics/confusion.ts.
 */
import code from '../../shaders/confusion.wgsl?raw';
import { StudioError } from '../errors';
import type { Confusion } from '../metrics/confusion';
import { createBufferFrom, readBuffer } from './buffers';
import { maxBindingBytes } from './dispatch';
import { kernel, type KernelDispatch } from './kernel';

/** Preferred `override WG` of shaders/confusion.wgsl (invocations per workgroup), lowered to the device's limits. */
const WORKGROUP_SIZE = 256;
/** Cap on workgroups per dispatch: past this the grid-stride loop does the rest (fewer global atomics). */
const MAX_GROUPS = 1024;
/** Chunks start at multiples of this many pixels so f32 and u8 binding offsets are 256-byte aligned. */
const CHUNK_ALIGN = 256;

/** Compatibility-mode devices allow only 128 invocations per workgroup: WG is lowered to the device's limits. */
const confusionKernel = kernel('confusion', code, (device) => ({
  WG: Math.min(WORKGROUP_SIZE, device.limits.maxComputeInvocationsPerWorkgroup, device.limits.maxComputeWorkgroupSizeX),
}));

/**
 * The smallest float32 ≥ t. For every float32 p, `p >= f32AtLeast(t)` ⇔ `p >= t` in float64, so the kernel's
 * f32 comparison counts exactly what the CPU reference counts (Math.fround alone may round t down).
 */
export function f32AtLeast(t: number): number {
  const f = new Float32Array([t]);
  if (!(f[0] < t)) return f[0];
  const u = new Uint32Array(f.buffer);
  if (f[0] === 0) u[0] = 1; // ±0 → smallest positive subnormal
  else if (f[0] > 0) u[0] += 1;
  else u[0] -= 1; // negative: one step towards zero
  return f[0];
}

/** Upload a Uint8Array mask (gt > 0 = foreground) as the kernel's packed u32 words (STORAGE usage, zero-padded). */
export function uploadMask(device: GPUDevice, mask: Uint8Array, label = 'ground-truth mask'): GPUBuffer {
  return createBufferFrom(device, mask, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST, label);
}

export interface ConfusionOptions {
  /** Pretend the binding limit is this small (tests: exercises the chunked path). */
  maxBindingBytes?: number;
}

/**
 * Count TP/FP/FN/TN of `pixels` probabilities (`prob`: f32, STORAGE usage) at `threshold` against `gt`
 * (bytes, gt > 0 = foreground, as uploaded by `uploadMask`; ≥ ceil(pixels/4)·4 bytes). Resolves once the GPU
 * is done and the four counts are read back (16 bytes).
 * @throws StudioError 'internal' on inconsistent arguments or pixel counts beyond u32.
 */
export async function runConfusion(device: GPUDevice, prob: GPUBuffer, gt: GPUBuffer, pixels: number, threshold: number, options: ConfusionOptions = {}): Promise<Confusion> {
  const bad = (msg: string) => new StudioError('internal', `runConfusion: ${msg}`);
  if (!(Number.isInteger(pixels) && pixels >= 0 && pixels < 2 ** 32)) throw bad(`pixel count must be an integer in [0, 2³²), got ${pixels}`);
  if (Number.isNaN(threshold)) throw bad('threshold is NaN');
  if (prob.size < pixels * 4) throw bad(`prob holds ${prob.size} bytes, ${pixels} pixels need ${pixels * 4}`);
  if (gt.size < Math.ceil(pixels / 4) * 4) throw bad(`gt holds ${gt.size} bytes, ${pixels} pixels need ${Math.ceil(pixels / 4) * 4} (use uploadMask)`);
  if (pixels === 0) return { tp: 0, fp: 0, fn: 0, tn: 0 };

  // New buffers are zero-filled (WebGPU guarantees it), which is the counters' starting value.
  const counts = device.createBuffer({ label: 'confusion counts', size: 16, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
  const t = f32AtLeast(threshold);
  const chunk = Math.max(CHUNK_ALIGN, Math.floor(maxBindingBytes(device, options.maxBindingBytes) / 4 / CHUNK_ALIGN) * CHUNK_ALIGN);
  const maxGroups = Math.min(MAX_GROUPS, device.limits.maxComputeWorkgroupsPerDimension);
  const wg = confusionKernel.constants(device).WG;
  const dispatches: KernelDispatch[] = [];
  for (let start = 0; start < pixels; start += chunk) {
    const n = Math.min(chunk, pixels - start);
    const params = new ArrayBuffer(8);
    new Uint32Array(params, 0, 1)[0] = n;
    new Float32Array(params, 4, 1)[0] = t;
    dispatches.push({
      params,
      bindings: [{ buffer: prob, offset: start * 4, size: n * 4 }, { buffer: gt, offset: start, size: Math.ceil(n / 4) * 4 }, { buffer: counts }],
      workgroups: [Math.min(maxGroups, Math.ceil(Math.ceil(n / 4) / wg))],
    });
  }
  try {
    confusionKernel.dispatch(device, dispatches);
    const [tp, fp, fn, tn] = new Uint32Array(await readBuffer(device, counts));
    return { tp, fp, fn, tn };
  } finally {
    counts.destroy();
  }
}
