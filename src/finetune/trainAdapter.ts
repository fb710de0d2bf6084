/**
 * Which WebGPU adapter tfjs' WebGPU backend would train on, as the adapter itself reports it: the Fine-tune
 * worker trains on WebGPU only when it is hardware, and the fine-tune bench measures the full configuration only
 * there. Same request as tfjs-backend-webgpu's (powerPreference 'high-performance'), so it is the same adapter.
 */
import { describeAdapter } from '../gpu/device';

export interface TrainAdapter {
  /** null: no adapter (see `reason`). */
  info: { vendor: string; architecture: string; description: string; isFallbackAdapter: boolean } | null;
  /** "Google SwiftShader" etc. ('' without an adapter). */
  description: string;
  /** CPU emulation (a fallback adapter, SwiftShader, llvmpipe …): training there is ~100× slower than WASM. */
  software: boolean;
  /** Why WebGPU training is not used at full size here, from what was detected; '' on a hardware adapter. */
  reason: string;
}

/** Probe `navigator.gpu` (worker or page); never throws. */
export async function detectTrainAdapter(): Promise<TrainAdapter> {
  const gpu = (globalThis.navigator as Navigator | undefined)?.gpu;
  if (!gpu) return { info: null, description: '', software: false, reason: 'no WebGPU in this browser (navigator.gpu is missing)' };
  let adapter: GPUAdapter | null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch (e) {
    return { info: null, description: '', software: false, reason: `navigator.gpu.requestAdapter() failed: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (!adapter) return { info: null, description: '', software: false, reason: 'navigator.gpu.requestAdapter() returned no adapter' };
  const raw = (adapter.info ?? {}) as Partial<GPUAdapterInfo> & { isFallbackAdapter?: boolean };
  const legacy = (adapter as GPUAdapter & { isFallbackAdapter?: boolean }).isFallbackAdapter === true; // older Chromium: on the adapter
  const info = { vendor: raw.vendor ?? '', architecture: raw.architecture ?? '', description: raw.description ?? '', isFallbackAdapter: raw.isFallbackAdapter === true || legacy };
  const { description, software } = describeAdapter(info);
  const why = info.isFallbackAdapter ? 'isFallbackAdapter is true' : `vendor "${info.vendor}", architecture "${info.architecture}"${info.description ? `, "${info.description}"` : ''}`;
  return { info, description, software, reason: software ? `the WebGPU adapter is ${description}, a software (CPU-emulated) adapter (${why})` : '' };
}
