/**
 * The browser path of `npm run bench`'s fine-tune figures runs: benchFinetuneBrowser (what the bench page calls)
 * trains the tiny fixture U-Net in its worker on tfjs WASM and on tfjs WebGPU (SwiftShader here) — 32² crops,
 * batch 1, one timed step, so it stays short — and returns finite steps/s, finite losses, and the adapter that
 * the test itself reads from navigator.gpu (vendor / architecture / isFallbackAdapter), with a software note
 * built from it. `npm run test:gpu`.
 */
import { describe, expect, it } from 'vitest';
import { describeAdapter } from '../gpu/device';
import { benchFinetuneBrowser } from './finetunePage';

const tiny = { crop: 32, batch: 1, reps: 1 };
const adapter = await navigator.gpu?.requestAdapter({ powerPreference: 'high-performance' });

describe('fine-tune bench in the browser', () => {
  it('times the training step on WASM and WebGPU and reports the detected adapter', async () => {
    const lines: string[] = [];
    const r = await benchFinetuneBrowser({ model: 'fixture-tiny-unet', full: tiny, software: tiny }, (s) => lines.push(s));
    console.log(lines.join('\n'));
    expect(r.wasm?.error).toBeUndefined();
    expect(r.wasm!.config).toEqual(tiny);
    expect(r.wasm!.stepsPerSecond).toBeGreaterThan(0);
    expect(Number.isFinite(r.wasm!.stepsPerSecond)).toBe(true);
    expect(r.wasm!.stepMs).toHaveLength(1);
    expect(r.wasm!.losses.every(Number.isFinite)).toBe(true);
    expect(r.wasm!.label).toMatch(/^SIMD, \d+ threads?$/);
    if (!adapter) {
      // no adapter: WebGPU is not run and the note says why (from the probe, not a constant)
      expect(r.adapter.info).toBeNull();
      expect(r.webgpu!.stepsPerSecond).toBeNull();
      expect(r.webgpu!.note).toContain(r.adapter.reason);
      return;
    }
    const info = adapter.info as GPUAdapterInfo & { isFallbackAdapter?: boolean };
    expect(r.adapter.info).toEqual({ vendor: info.vendor, architecture: info.architecture, description: info.description, isFallbackAdapter: info.isFallbackAdapter === true });
    const { description, software } = describeAdapter(info);
    expect([r.adapter.description, r.adapter.software]).toEqual([description, software]);
    expect(r.webgpu?.error).toBeUndefined();
    expect(r.webgpu!.config).toEqual(tiny);
    expect(Number.isFinite(r.webgpu!.stepsPerSecond)).toBe(true);
    expect(r.webgpu!.stepsPerSecond).toBeGreaterThan(0);
    expect(r.webgpu!.losses.every(Number.isFinite)).toBe(true);
    expect(r.webgpu!.label).toContain(`vendor "${info.vendor}", architecture "${info.architecture}"`); // tfjs' own adapter is the same
    if (software) {
      expect(r.adapter.reason).toContain(description);
      expect(r.webgpu!.note).toContain(r.adapter.reason);
    } else expect(r.webgpu!.note).toBe('');
    console.log(`fine-tune step, 1 × 32², fixture-tiny-unet: WASM ${r.wasm!.stepsPerSecond!.toFixed(1)} steps/s (${r.wasm!.label}), WebGPU ${r.webgpu!.stepsPerSecond!.toFixed(2)} steps/s on ${description}${software ? ' (software)' : ''}`);
  });
});
