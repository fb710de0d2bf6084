/**
 * Helpers for the kernel parity tests (*.gpu.test.ts, run by `npm run test:gpu` in Chromium). Test-only: the
 * app gets its device from src/gpu/device.ts. Outside a WebGPU browser (e.g. `npm run test:unit` in Node)
 * `getTestDevice` reports why, and the suites skip with that reason in their title.
 */
import { mulberry32 } from '../synth/prng';
import { readBuffer } from './buffers';

export interface TestGpu {
  device: GPUDevice | null;
  /** "google / swiftshader" etc., or why there is no device. */
  note: string;
  /** Suite title suffix: `[WebGPU: …]` or `[skipped: reason]`. */
  tag: string;
}

let cached: Promise<TestGpu> | undefined;

/** One device per test file (each file runs in its own page). Never throws. */
export function getTestDevice(): Promise<TestGpu> {
  cached ??= (async (): Promise<TestGpu> => {
    const skip = (reason: string): TestGpu => {
      console.warn(`WebGPU parity tests skipped: ${reason}`);
      return { device: null, note: reason, tag: `[skipped: ${reason}]` };
    };
    const gpu = (globalThis.navigator as Navigator | undefined)?.gpu;
    if (!gpu) return skip('navigator.gpu is missing (not a WebGPU browser; run `npm run test:gpu`)');
    try {
      const adapter = await gpu.requestAdapter();
      if (!adapter)
        return skip('requestAdapter() returned null (no WebGPU adapter; on Linux without a GPU try GPU_TEST_SWIFTSHADER=1)');
      const device = await adapter.requestDevice({ label: 'parity-test device' });
      device.addEventListener('uncapturederror', (e) => console.error('WebGPU uncaptured error:', (e as GPUUncapturedErrorEvent).error.message));
      const info = adapter.info;
      const note = [info.vendor, info.architecture, info.description].filter(Boolean).join(' / ') || 'unknown adapter';
      return { device, note, tag: `[WebGPU: ${note}]` };
    } catch (e) {
      return skip(`requesting a device failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  })();
  return cached;
}

/** Run `fn` inside validation and out-of-memory error scopes and throw the first GPU error it caused. */
export async function expectNoGpuError<T>(device: GPUDevice, fn: () => T | Promise<T>): Promise<T> {
  device.pushErrorScope('validation');
  device.pushErrorScope('out-of-memory');
  let result: T;
  try {
    result = await fn();
  } finally {
    const oom = await device.popErrorScope();
    const validation = await device.popErrorScope();
    const err = validation ?? oom;
    if (err) throw new Error(`WebGPU error: ${err.message}`);
  }
  return result;
}

/** Storage buffer with `data` that tests can read back and overwrite. */
export function uploadStorage(device: GPUDevice, data: Float32Array | Uint8Array | Int32Array, label: string): GPUBuffer {
  const buffer = device.createBuffer({ label, size: Math.max(4, Math.ceil(data.byteLength / 4) * 4), usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST, mappedAtCreation: true });
  new Uint8Array(buffer.getMappedRange()).set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  buffer.unmap();
  return buffer;
}

export async function readF32(device: GPUDevice, buffer: GPUBuffer, length: number): Promise<Float32Array> {
  return new Float32Array(await readBuffer(device, buffer, 0, length * 4));
}

export async function readU8(device: GPUDevice, buffer: GPUBuffer, length: number): Promise<Uint8Array> {
  return new Uint8Array(await readBuffer(device, buffer, 0, Math.ceil(length / 4) * 4)).subarray(0, length);
}

/** Deterministic uniform [0, 1) generator (mulberry32), so a failing case can be replayed. */
export const rng = mulberry32;

export function randomF32(n: number, rand: () => number, lo: number, hi: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = lo + (hi - lo) * rand();
  return out;
}

/** Largest |a[i] − b[i]| and where it is (for a readable failure message). NaN anywhere counts as Infinity. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): { max: number; at: number } {
  if (a.length !== b.length) throw new Error(`length ${a.length} ≠ ${b.length}`);
  let max = 0, at = -1;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    const v = Number.isNaN(d) ? Infinity : d;
    if (v > max) { max = v; at = i; }
  }
  return { max, at };
}
