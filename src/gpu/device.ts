/**
 * WebGPU on the worker side: adapter probing ("is there an adapter, and is it real hardware?") and the watch on
 * the shared GPUDevice (ORT's own, `ort.env.webgpu.device`, handed out by worker/session.ts): `device.lost`
 * and `uncapturederror` (STYLE §2.9).
 */

export interface AdapterProbe {
  adapter: GPUAdapter | null;
  /** Human description, e.g. "Google SwiftShader"; '' when there is none. */
  description: string;
  /** CPU emulation (SwiftShader, llvmpipe, lavapipe, WARP, or the adapter says it is a fallback adapter). */
  software: boolean;
  /** Why there is no adapter, when there is none. */
  reason: string;
}

const SOFTWARE_NAMES = /swiftshader|llvmpipe|lavapipe|softpipe|microsoft basic render|\bwarp\b/i;

const PRETTY: Record<string, string> = { swiftshader: 'SwiftShader', llvmpipe: 'llvmpipe', lavapipe: 'lavapipe' };
const cap = (s: string) => (s ? s[0].toUpperCase() + s.slice(1) : s);

/**
 * Describe an adapter from `adapter.info`. Chromium often leaves `description`/`device` empty (privacy), so the
 * fallback is "Vendor architecture": SwiftShader reports vendor "google", architecture "swiftshader".
 */
export function describeAdapter(info: Partial<GPUAdapterInfo> & { isFallbackAdapter?: boolean }, fallbackFlag = false) {
  const arch = info.architecture ? PRETTY[info.architecture.toLowerCase()] ?? info.architecture : '';
  const description = info.description || info.device || [cap(info.vendor ?? ''), arch].filter(Boolean).join(' ') || 'unknown adapter';
  const text = [info.vendor, info.architecture, info.device, info.description].join(' ');
  const software = !!info.isFallbackAdapter || fallbackFlag || SOFTWARE_NAMES.test(text);
  return { description, software };
}

let cached: Promise<AdapterProbe> | undefined;

/** Ask `navigator.gpu` for an adapter once per worker; never throws. */
export function probeAdapter(): Promise<AdapterProbe> {
  cached ??= (async (): Promise<AdapterProbe> => {
    const gpu = (globalThis.navigator as Navigator | undefined)?.gpu;
    if (!gpu) return { adapter: null, description: '', software: false, reason: 'this browser has no WebGPU (navigator.gpu is missing)' };
    try {
      const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
      if (!adapter) return { adapter: null, description: '', software: false, reason: 'navigator.gpu.requestAdapter() returned no adapter' };
      const legacyFallback = (adapter as GPUAdapter & { isFallbackAdapter?: boolean }).isFallbackAdapter === true;
      const { description, software } = describeAdapter(adapter.info ?? {}, legacyFallback);
      return { adapter, description, software, reason: '' };
    } catch (e) {
      return { adapter: null, description: '', software: false, reason: `requestAdapter() failed: ${e instanceof Error ? e.message : String(e)}` };
    }
  })();
  return cached;
}

const watched = new WeakMap<GPUDevice, { lost?: string; errors: string[] }>();

/** Most uncaptured errors kept per device (the first ones say the most; the rest is counted). */
const MAX_ERRORS = 8;

/**
 * Watch a device once: when `device.lost` resolves, `onLost(why)` runs (why = the loss message, or its reason
 * when the message is empty); uncaptured errors are logged, kept for `takeGpuErrors` and passed to `onError`
 * (worker/session.ts sends both to the page's status callback). Idempotent per device.
 */
export function watchDevice(device: GPUDevice, onLost: (why: string) => void, onError?: (message: string) => void): void {
  if (watched.has(device)) return;
  const state: { lost?: string; errors: string[] } = { errors: [] };
  watched.set(device, state);
  void device.lost.then((info) => {
    state.lost = info.message || `reason: ${info.reason}`;
    console.warn(`WebGPU device lost: ${state.lost}`);
    onLost(state.lost);
  });
  device.addEventListener('uncapturederror', (ev) => {
    const message = (ev as GPUUncapturedErrorEvent).error.message;
    console.error(`WebGPU uncaptured error: ${message}`);
    if (state.errors.length < MAX_ERRORS) state.errors.push(message);
    onError?.(message);
  });
}

/** Whether a watched device was lost (an unwatched device counts as alive). */
export const isDeviceLost = (device: GPUDevice): boolean => watched.get(device)?.lost !== undefined;

/** Uncaptured errors seen on a watched device since the last call (and forgets them). */
export function takeGpuErrors(device: GPUDevice): string[] {
  const state = watched.get(device);
  if (!state) return [];
  return state.errors.splice(0);
}
