/**
 * Worker methods for tests and the benchmark only. They answer only in a worker started in test mode (the
 * page was opened with `?fixtures=1`; client.ts then names the worker TEST_WORKER_NAME), so a person's studio
 * can never destroy its own GPU device through them.
 */
import { StudioError } from '../errors';
import { benchConfusion, type ConfusionBench } from '../gpu/benchConfusion';
import { probeAdapter } from '../gpu/device';
import { webgpuDevice, webgpuLost } from './session';
import { LARGE_PIXELS } from './largeApi';

/** The worker name client.ts gives a worker of a `?fixtures=1` page. */
export const TEST_WORKER_NAME = 'segment-test';

function requireTestMode(what: string): void {
  const name = (globalThis as { name?: string }).name;
  if (name !== TEST_WORKER_NAME)
    throw new StudioError('internal', `${what} is a test hook: open the studio with ?fixtures=1 to use it.`);
}

/**
 * Destroy ORT's GPUDevice as a lost GPU would, and resolve once the loss is handled (WebGPU sessions dropped,
 * later runs on WASM). Returns the loss message.
 */
export async function loseDevice(): Promise<string> {
  requireTestMode('loseDevice');
  const device = await webgpuDevice();
  if (!device) throw new StudioError('webgpu-unavailable', `No WebGPU device to lose${webgpuLost() ? ' (it is lost already)' : ': run a WebGPU segmentation first'}.`);
  device.destroy();
  const info = await device.lost; // session.ts's handler (registered first) has run by now
  return info.message || info.reason;
}

/**
 * Raise `n` uncaptured validation errors on ORT's GPUDevice, as a faulty kernel would (a buffer that is both
 * MAP_READ and MAP_WRITE is invalid); they reach the page through the status channel, rate-limited (status.ts).
 */
export async function raiseGpuErrors(n: number): Promise<void> {
  requireTestMode('raiseGpuErrors');
  const device = await webgpuDevice();
  if (!device) throw new StudioError('webgpu-unavailable', 'No WebGPU device to raise errors on: run a WebGPU segmentation first.');
  for (let i = 0; i < n; i++)
    device.createBuffer({ label: `raiseGpuErrors ${i}`, size: 4, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.MAP_WRITE }).destroy();
  await device.queue.onSubmittedWorkDone();
}

/**
 * End this worker as a crash would: `self.close()` after the answer is posted. No error event reaches the page
 * (a closed worker fires none); the page notices through the life lock (client.ts).
 */
export async function crash(): Promise<void> {
  requireTestMode('crash');
  setTimeout(() => (self as unknown as { close(): void }).close(), 0);
}

let ownDevice: Promise<GPUDevice> | undefined;

/** ORT's device when a WebGPU session made one, else a device of the probed adapter (kept for later calls). */
async function benchDevice(): Promise<{ device: GPUDevice; which: 'ort' | 'own' }> {
  const ort = await webgpuDevice();
  if (ort) return { device: ort, which: 'ort' };
  ownDevice ??= (async () => {
    const probe = await probeAdapter();
    if (!probe.adapter) throw new StudioError('webgpu-unavailable', `No WebGPU adapter for the benchmark: ${probe.reason}.`);
    return probe.adapter.requestDevice({ label: 'benchMetrics device' });
  })();
  ownDevice.catch(() => (ownDevice = undefined));
  return { device: await ownDevice, which: 'own' };
}

/** `benchConfusion` (gpu/benchConfusion.ts) at size×size, on ORT's device when there is one. */
export async function benchMetrics(size: number, repeats = 5): Promise<ConfusionBench & { device: 'ort' | 'own'; adapter: string }> {
  requireTestMode('benchMetrics');
  const { device, which } = await benchDevice();
  const r = await benchConfusion(device, size, repeats);
  return { ...r, device: which, adapter: (await probeAdapter()).description };
}

let largeLimit: number | undefined;

/**
 * Planes over `pixels` open as large images (none: back to LARGE_PIXELS), so an e2e spec streams a file of a
 * few megapixels through the whole large-image path (open, run, truth, metrics) in seconds instead of minutes.
 */
export function setLargePixels(pixels?: number): void {
  requireTestMode('setLargePixels');
  largeLimit = pixels;
}

/** The large-image limit in force (largeView.ts isLarge). */
export const largePixelLimit = (): number => largeLimit ?? LARGE_PIXELS;
