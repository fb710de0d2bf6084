/**
 * WebGPU adapter probing (worker side). For now this only answers "is there an adapter, and is it real
 * hardware?"; the shared GPUDevice (ORT's own, `ort.env.webgpu.device`) will live here too (STYLE §2.9).
 */

export interface AdapterProbe {
  adapter: GPUAdapter | null;
  /** Human description, e.g. "SwiftShader Device (Subzero) — google / swiftshader"; '' when there is none. */
  description: string;
  /** CPU emulation (SwiftShader, llvmpipe, lavapipe, WARP, or the adapter says it is a fallback adapter). */
  software: boolean;
  /** Why there is no adapter, when there is none. */
  reason: string;
}

const SOFTWARE_NAMES = /swiftshader|llvmpipe|lavapipe|softpipe|microsoft basic render|\bwarp\b/i;

/** Describe an adapter from `adapter.info` (vendor / architecture / device / description). */
export function describeAdapter(info: Partial<GPUAdapterInfo> & { isFallbackAdapter?: boolean }, fallbackFlag = false) {
  const parts = [info.description, info.device].filter((s): s is string => !!s);
  const head = parts[0] ?? '';
  const tail = [info.vendor, info.architecture].filter((s): s is string => !!s).join(' / ');
  const description = head && tail ? `${head} — ${tail}` : head || tail || 'unknown adapter';
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
