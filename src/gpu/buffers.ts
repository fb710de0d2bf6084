/**
 * Small buffer helpers shared by the kernel wrappers (src/gpu/<kernel>.ts): uploads, uniform params,
 * readback. WebGPU requires buffer sizes and copy sizes to be multiples of 4, so everything rounds up.
 */

const roundUp = (v: number, m: number) => Math.ceil(v / m) * m;

/** A buffer holding `data` (size rounded up to a multiple of 4, the padding is zero). */
export function createBufferFrom(device: GPUDevice, data: ArrayBufferView, usage: GPUBufferUsageFlags, label: string): GPUBuffer {
  const buffer = device.createBuffer({ label, size: Math.max(4, roundUp(data.byteLength, 4)), usage, mappedAtCreation: true });
  new Uint8Array(buffer.getMappedRange()).set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  buffer.unmap();
  return buffer;
}

/** A uniform buffer for a `Params` struct of 4-byte scalars (size rounded up to 16 bytes). */
export function createUniform(device: GPUDevice, params: ArrayBuffer, label: string): GPUBuffer {
  const size = roundUp(Math.max(16, params.byteLength), 16);
  const padded = new Uint8Array(size);
  padded.set(new Uint8Array(params));
  return createBufferFrom(device, padded, GPUBufferUsage.UNIFORM, label);
}

/**
 * Copy `byteLength` bytes of `buffer` from `byteOffset` back to the CPU (the buffer needs COPY_SRC). Waits for
 * all work submitted before it. Both numbers must be multiples of 4.
 */
export async function readBuffer(device: GPUDevice, buffer: GPUBuffer, byteOffset = 0, byteLength = buffer.size - byteOffset): Promise<ArrayBuffer> {
  const staging = device.createBuffer({ label: `readback of ${buffer.label}`, size: Math.max(4, byteLength), usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  const encoder = device.createCommandEncoder({ label: 'readBuffer' });
  encoder.copyBufferToBuffer(buffer, byteOffset, staging, 0, byteLength);
  device.queue.submit([encoder.finish()]);
  try {
    await staging.mapAsync(GPUMapMode.READ);
    return staging.getMappedRange(0, byteLength).slice(0);
  } finally {
    staging.destroy();
  }
}
