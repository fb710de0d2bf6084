/**
 * Memory before decoding (issue #17): from an image's header and what the device says about its memory,
 * estimate what opening and segmenting it needs, and refuse with a message naming the size and what to do
 * rather than let the tab die. Pure (the device is a parameter; `currentDevice()` reads it where it exists);
 * the large-image work reuses `estimateNeed` to decide when to stream instead.
 */

export interface ImageHeader {
  width: number;
  height: number;
  /** Planes decoded at once (T·Z·C of a stack read whole); 1 for a single plane. */
  planes?: number;
  /** Bytes per stored sample (1 for 8-bit, 2 for 16-bit, 4 for float32 …). */
  bytesPerSample?: number;
  /** Size of the file itself (its bytes are held while decoding). */
  fileBytes?: number;
}

export interface DeviceMemory {
  /** navigator.deviceMemory: RAM in GiB, rounded down and capped (Chromium reports 0.25 … 8); undefined when unknown. */
  deviceMemoryGiB?: number;
}

export interface MemoryNeed {
  /** Estimated peak bytes for open + segment. */
  bytes: number;
  /** What this tab may use, by the device's report (or the default when it says nothing). */
  budget: number;
  fits: boolean;
  /** Why it does not fit and what to do; '' when it fits. */
  message: string;
}

/**
 * Bytes per pixel of the working set beyond the stored samples: the float32 plane, its display RGBA, the
 * normalised copy, the probability map, and the blend accumulator and weights (4 bytes each).
 */
export const WORKING_BYTES_PER_PIXEL = 4 + 4 + 4 + 4 + 8;

/** A tab's share of the device memory, and the most one worker heap takes whatever the device (V8 limits). */
const SHARE = 0.5;
const HEAP_CAP = 4 * 2 ** 30;
/** Budget when the device does not say (Firefox, Safari, Node): the heap cap. */
export const DEFAULT_BUDGET = HEAP_CAP;

const gib = (b: number) => `${(b / 2 ** 30).toFixed(b < 2 ** 30 ? 2 : 1)} GB`;

/** Estimate the need of `header` on `device` and whether it fits (see the header comment). */
export function estimateNeed(header: ImageHeader, device: DeviceMemory = {}): MemoryNeed {
  const px = header.width * header.height;
  const planes = Math.max(1, header.planes ?? 1);
  const bytes = px * planes * (header.bytesPerSample ?? 4) + px * WORKING_BYTES_PER_PIXEL + (header.fileBytes ?? 0);
  const budget = device.deviceMemoryGiB && device.deviceMemoryGiB > 0
    ? Math.min(HEAP_CAP, device.deviceMemoryGiB * 2 ** 30 * SHARE)
    : DEFAULT_BUDGET;
  const fits = bytes <= budget;
  const mp = (px / 1e6).toFixed(1);
  const message = fits ? '' :
    `needs about ${gib(bytes)} of memory to open and segment (${header.width} × ${header.height} = ${mp} megapixels` +
    `${planes > 1 ? ` × ${planes} planes` : ''}), more than this tab can use (about ${gib(budget)}` +
    `${device.deviceMemoryGiB ? `, with ${device.deviceMemoryGiB} GB reported by the device` : ''}). ` +
    'Crop or downsample it first (e.g. Fiji: Image › Crop or Image › Scale), or open a single plane of the stack.';
  return { bytes, budget, fits, message };
}

/** The running device's report (navigator.deviceMemory, in windows and workers where the browser has it). */
export function currentDevice(): DeviceMemory {
  const nav = (globalThis as { navigator?: { deviceMemory?: unknown } }).navigator;
  return typeof nav?.deviceMemory === 'number' ? { deviceMemoryGiB: nav.deviceMemory } : {};
}
