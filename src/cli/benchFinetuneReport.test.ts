/**
 * The fine-tune bench's report keys say what was measured: `finetune_steps_per_s_webgpu` only for the full
 * configuration on a hardware adapter; a software adapter's small run is `finetune_steps_per_s_webgpu_software`,
 * with the detected adapter and its reason beside it.
 */
import { describe, expect, it } from 'vitest';
import type { FinetuneBackendRun, FinetuneBrowserBench } from '../bench/finetuneProtocol';
import { finetuneBrowserReport } from './benchFinetuneReport';

const full = { crop: 256, batch: 4, reps: 3 }, small = { crop: 64, batch: 1, reps: 1 };
const run = (backend: 'wasm' | 'webgpu', config = full, note = ''): FinetuneBackendRun =>
  ({ backend, config, stepsPerSecond: 0.25, stepMs: [4000.4, 4000, 4000], warmupMs: 9000, losses: [1, 1, 1], label: backend === 'wasm' ? 'SIMD, 2 threads' : 'tfjs webgpu on vendor "x"', note });
const bench = (adapter: FinetuneBrowserBench['adapter'], webgpu: FinetuneBackendRun | null): FinetuneBrowserBench =>
  ({ model: 'cells-synthetic', crossOriginIsolated: true, hardwareConcurrency: 2, adapter, wasm: run('wasm'), webgpu });

describe('finetuneBrowserReport', () => {
  it('hardware adapter: the full configuration is finetune_steps_per_s_webgpu', () => {
    const a = { info: { vendor: 'nvidia', architecture: 'ampere', description: '', isFallbackAdapter: false }, description: 'Nvidia ampere', software: false, reason: '' };
    const r = finetuneBrowserReport(bench(a, run('webgpu')), full);
    expect(r.finetune_steps_per_s_wasm_browser).toBe(0.25);
    expect(r.finetune_steps_per_s_webgpu).toBe(0.25);
    expect(r.finetune_steps_per_s_webgpu_software).toBeUndefined();
    expect(r.finetune_webgpu).toMatchObject({ adapter: { vendor: 'nvidia', architecture: 'ampere', isFallbackAdapter: false, software: false }, measured: '4 x 256px crops, 3 timed steps after 1 warm-up', step_ms: [4000, 4000, 4000] });
    expect(r.finetune_wasm_browser).toMatchObject({ runs_on: 'tfjs wasm (SIMD, 2 threads)' });
  });

  it('software adapter: only the small run, under its own key, with the detected reason', () => {
    const reason = 'the WebGPU adapter is Google SwiftShader, a software (CPU-emulated) adapter (isFallbackAdapter is true)';
    const a = { info: { vendor: 'google', architecture: 'swiftshader', description: '', isFallbackAdapter: true }, description: 'Google SwiftShader', software: true, reason };
    const r = finetuneBrowserReport(bench(a, run('webgpu', small, `64² crops … only: ${reason}`)), full);
    expect(r.finetune_steps_per_s_webgpu).toBeNull();
    expect(r.finetune_steps_per_s_webgpu_software).toBe(0.25);
    expect(r.finetune_webgpu).toMatchObject({ measured: '1 x 64px crops, 1 timed step after 1 warm-up', adapter: { isFallbackAdapter: true, software: true } });
    expect((r.finetune_webgpu as { note: string }).note).toContain(reason);
  });

  it('no adapter: nothing measured, the probe says why', () => {
    const a = { info: null, description: '', software: false, reason: 'navigator.gpu.requestAdapter() returned no adapter' };
    const r = finetuneBrowserReport(bench(a, { ...run('webgpu'), config: null, stepsPerSecond: null, stepMs: [], warmupMs: null, note: `not run: ${a.reason}` }), full);
    expect(r.finetune_steps_per_s_webgpu).toBeNull();
    expect(r.finetune_webgpu).toMatchObject({ adapter: null, measured: null, note: 'not run: navigator.gpu.requestAdapter() returned no adapter' });
  });
});
