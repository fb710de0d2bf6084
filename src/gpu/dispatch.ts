/**
 * Device-limit arithmetic shared by the kernel wrappers: how many workgroups fit in one dispatch dimension,
 * and how large a storage binding may be (STYLE §2.7: respect `device.limits`).
 */
import { StudioError } from '../errors';

/**
 * Split `groups` workgroups over (x, y) so that neither exceeds `maxComputeWorkgroupsPerDimension`.
 * Shaders rebuild the linear workgroup index as `wid.x + wid.y * num_workgroups.x` and must drop the
 * invocations past their element count (gx·gy can exceed `groups` by up to gx-1).
 */
export function grid2D(device: GPUDevice, groups: number, what: string): [number, number] {
  const max = device.limits.maxComputeWorkgroupsPerDimension;
  if (groups <= max) return [Math.max(1, groups), 1];
  const gy = Math.ceil(groups / max);
  if (gy > max) throw new StudioError('image-too-large', `${what}: ${groups} workgroups exceed ${max}² (maxComputeWorkgroupsPerDimension).`);
  return [Math.ceil(groups / gy), gy];
}

/**
 * Largest storage binding in bytes: the device's `maxStorageBufferBindingSize` (and `maxBufferSize`), or a
 * smaller `override` (tests use it to exercise the windowed/chunked paths on small images).
 */
export function maxBindingBytes(device: GPUDevice, override?: number): number {
  const limit = Math.min(device.limits.maxStorageBufferBindingSize, device.limits.maxBufferSize);
  return override === undefined ? limit : Math.min(limit, override);
}

/** Throw a clear error when one binding of `bytes` cannot be bound at all. */
export function checkBinding(bytes: number, limit: number, what: string, hint: string): void {
  if (bytes > limit)
    throw new StudioError('image-too-large', `${what} needs ${bytes} bytes in one binding; this GPU allows ${limit} (maxStorageBufferBindingSize). ${hint}`);
}

/**
 * A byte window of a row-major W×H f32 buffer covering rows [row0, row1), with its start rounded down to
 * `minStorageBufferOffsetAlignment`. `base` is the element index (into the whole image) of the binding's
 * element 0, which the shader subtracts.
 */
export function rowWindow(device: GPUDevice, width: number, row0: number, row1: number): { offset: number; size: number; base: number } {
  const align = device.limits.minStorageBufferOffsetAlignment;
  const offset = Math.floor((row0 * width * 4) / align) * align;
  const size = row1 * width * 4 - offset;
  return { offset, size, base: offset / 4 };
}

/** Rows per window so that a window of rows (plus alignment slack) fits in `limit` bytes; at least 1. */
export function rowsPerWindow(device: GPUDevice, width: number, limit: number, what: string): number {
  const slack = device.limits.minStorageBufferOffsetAlignment;
  const rows = Math.floor((limit - slack) / (width * 4));
  if (rows < 1) throw new StudioError('image-too-large', `${what}: one row of ${width} pixels does not fit in a ${limit}-byte binding.`);
  return rows;
}
