import { describe, expect, it } from 'vitest';
import { buildReport, type BenchParts, type MeasuredRun } from './benchReport';

const MP = 2048 * 2048 / 1e6;
const measured = (ms: number, inferenceMs: number, over: Partial<MeasuredRun> = {}): MeasuredRun => ({
  width: 2048, height: 2048, tiles: 121, tile: 256, halo: 32, blend: 'gaussian', ms, inferenceMs, foregroundPixels: 2048 * 1024, ...over,
});
const webgpuInfo = { backend: 'webgpu', adapter: 'SwiftShader', software: true, threads: 1, note: 'WebGPU chosen' };

function parts(over: Partial<BenchParts> = {}): BenchParts {
  return {
    model: 'em-unet',
    input: { description: 'mosaic', width: 2048, height: 2048 },
    batch: 4,
    wasm: { run: measured(40_000, 36_000) },
    webgpu: { run: measured(3000, 2400, { width: 256, height: 256, tiles: 4, backend: webgpuInfo, pipeline: 'gpu-resident' }) },
    webgpuInput: '256x256 crop (software adapter)',
    native: { run: measured(20_000, 19_000) },
    adapter: { description: 'SwiftShader', software: true },
    threads: { wasm: 2, native: 2 },
    metrics: { size: 2048, reps: 5, cpuMs: 12.345, gpuMs: 45.678, countsMatch: true, gpuNote: 'google / swiftshader' },
    memory: { browser_rss_wasm: 900 },
    env: { chromium: '156' },
    warmup: { wasm: '192x192', webgpu: '16x16', native: '192x192' },
    ...over,
  };
}

describe('buildReport', () => {
  it('reports the edit stroke at 16384² under edit_stroke_ms_16384, and nothing when it did not run', () => {
    const edit = { side: 16384, reps: 9, ms: 12.3456, renderMs: 2.111, tilesTouched: 10, pixelsChanged: 51555, allocatedTiles: 11, historyBytes: 82152 };
    const r = buildReport(parts({ edit }));
    expect(r.edit_stroke_ms_16384).toBe(12.35);
    expect(r.edit).toMatchObject({ tilesTouched: 10, renderMs: 2.11 });
    expect(buildReport(parts()).edit_stroke_ms_16384).toBeUndefined();
    expect(buildReport(parts({ edit: { ...edit, side: 4096 } })).edit_stroke_ms_16384).toBeUndefined();
  });

  it('derives ms/MP, the shares outside session.run and WASM vs native', () => {
    const r = buildReport(parts({ wasm: { run: measured(MP * 10_000, MP * 7_500) }, native: { run: measured(MP * 4_000, MP * 3_000) } }));
    expect(r.wasm_ms_per_mp).toBe(10_000);
    expect(r.native_ms_per_mp).toBe(4_000);
    expect(r.wasm_overhead_share).toBe(0.25);
    expect(r.native_overhead_share).toBe(0.25);
    expect(r.wasm_vs_native).toBe(0.4); // native ms ÷ WASM ms
    expect((r.runs as Record<string, { pipeline?: string }>).webgpu.pipeline).toBe('gpu-resident');
    // the WebGPU crop: 3000 ms on 256² = 0.065536 MP
    expect(r.webgpu_ms_per_mp).toBe(Math.round((3000 / 0.065536) * 10) / 10);
    expect(r.webgpu_overhead_share).toBe(0.2);
    // per tile: WASM 10 000·MP ms / 121 tiles vs WebGPU 3000 ms / 4 tiles
    expect(r.webgpu_vs_wasm).toBe(Math.round(((MP * 10_000) / 121 / 750) * 1e4) / 1e4);
    expect(r.webgpu_input).toBe('256x256 crop (software adapter)');
    expect(r.adapter).toEqual({ description: 'SwiftShader', software: true });
    expect(r.tiling).toEqual({ tile: 256, halo: 32, blend: 'gaussian', tiles: 121, batch: 4 });
    expect(r.metrics_cpu_ms_2048).toBe(12.35);
    expect(r.metrics_gpu_ms_2048).toBe(45.68);
    expect(r.chromium).toBe('156');
    expect((r.runs as Record<string, Record<string, unknown>>).webgpu.ms_per_tile).toBe(750);
    expect((r.runs as Record<string, Record<string, unknown>>).wasm.foreground_share).toBe(0.5);
    expect(r).not.toHaveProperty('wasm_int8_ms_per_mp');
  });

  it('a backend that failed is null with its reason; a WebGPU run that fell back to WASM is not counted', () => {
    const r = buildReport(parts({ native: { error: 'model file not found' } }));
    expect(r.native_ms_per_mp).toBeNull();
    expect(r.wasm_vs_native).toBeNull();
    expect(r.native_error).toBe('model file not found');
    const fb = buildReport(parts({ webgpu: { run: measured(9000, 8000, { backend: { ...webgpuInfo, backend: 'wasm', note: 'WebGPU run failed (lost): using WASM' } }) } }));
    expect(fb.webgpu_ms_per_mp).toBeNull();
    expect(fb.webgpu_overhead_share).toBeNull();
    expect(fb.webgpu_vs_wasm).toBeNull();
    expect(fb.webgpu_error).toMatch(/fell back to wasm: WebGPU run failed/);
  });

  it('reports the int8 model when the manifest has one, relative to fp32 WASM', () => {
    const r = buildReport(parts({ wasm: { run: measured(MP * 10_000, 0) }, wasmInt8: { model: 'em-unet-int8', run: measured(MP * 5_000, 0) } }));
    expect(r.wasm_int8_model).toBe('em-unet-int8');
    expect(r.wasm_int8_ms_per_mp).toBe(5_000);
    expect(r.wasm_int8_vs_fp32).toBe(0.5);
    // native fp32 ms ÷ int8 WASM ms: the CPU path against native
    const withNative = buildReport(parts({ native: { run: measured(MP * 2_000, 0) }, wasmInt8: { model: 'em-unet-int8', run: measured(MP * 5_000, 0) } }));
    expect(withNative.cpu_path_vs_native).toBe(0.4);
    expect(buildReport(parts({ native: { error: 'x' }, wasmInt8: { model: 'em-unet-int8', run: measured(MP * 5_000, 0) } })).cpu_path_vs_native).toBeNull();
  });

  it('metrics at another size are reported without the _2048 keys', () => {
    const r = buildReport(parts({ metrics: { size: 512, reps: 3, cpuMs: 1, gpuMs: null, countsMatch: null, gpuNote: 'no adapter' } }));
    expect(r).not.toHaveProperty('metrics_cpu_ms_2048');
    expect(r).not.toHaveProperty('metrics_gpu_ms_2048');
    expect(r.metrics).toMatchObject({ size: '512x512', gpu_ms: null, gpu_note: 'no adapter' });
  });
});
