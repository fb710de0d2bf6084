import { describe, expect, it, vi } from 'vitest';
import type { ModelCard } from '../models/manifest';
import type { BackendChoice, BackendInfo, ImageView, RunSummary, WorkerStatus } from '../worker/api';
import type { WorkerClient } from '../worker/client';
import { noticeFor } from './noticeSlice';
import { createStudio } from './store';

const webgpu: BackendInfo = { backend: 'webgpu', adapter: 'SwiftShader', software: true, threads: 1, note: 'WebGPU chosen' };
const wasm = (note: string): BackendInfo => ({ backend: 'wasm', adapter: 'WebAssembly SIMD, 2 threads', software: false, threads: 2, note });
const card = (id: string, quantized = false) =>
  ({ id, name: id, fixture: false, threshold: 0.5, tiling: { tile: 64, halo: 8, blend: 'gaussian' }, input: { tileMultiple: 4 },
    ...(quantized ? { quantization: {} } : {}) }) as unknown as ModelCard;
const view: ImageView = { imageId: 'img-1', sourceId: 'img-1', plane: { t: 0, z: 0, c: 0 }, axes: { sizeT: 1, sizeZ: 1, sizeC: 1, channelNames: ['C0'], rgb: false }, display: [], name: 'a.png', width: 4, height: 3, sampleType: 'uint8', format: 'png', note: '', rgba: new Uint8ClampedArray(48) };
const summary: RunSummary = { runId: 'run-1', imageId: 'img-1', modelId: 'em-unet', width: 4, height: 3, tiles: 1, tile: 64, halo: 8, blend: 'gaussian', ms: 5, inferenceMs: 3, backend: webgpu, pipeline: 'gpu-resident' };

/**
 * A fake worker whose probe follows the worker's rules (session.ts backendFor): WASM when chosen, after a device
 * loss, or for an int8 card; WebGPU otherwise. `lose(why)` is the worker losing its device and pushing the status.
 */
function fakeWorker() {
  let lost: string | undefined;
  let listener: ((s: WorkerStatus) => void) | undefined;
  const probes: [BackendChoice, string | undefined][] = [];
  const client = {
    onStatus: async (cb: (s: WorkerStatus) => void) => void (listener = cb),
    onLost: () => undefined,
    listModels: async () => [card('em-unet'), card('em-unet-int8', true)],
    listExamples: async () => [],
    probeBackend: async (choice: BackendChoice, modelId?: string) => {
      probes.push([choice, modelId]);
      if (choice === 'wasm') return wasm('WASM chosen');
      if (lost) return wasm(`WebGPU device lost (${lost}): using WASM and the CPU path`);
      if (modelId === 'em-unet-int8') return wasm(`WebGPU chosen, but ${modelId} is an int8 model (QLinearConv), which WebGPU cannot run: using WASM`);
      return webgpu;
    },
    openImage: async () => view,
    segment: async () => summary,
    renderOverlay: async () => ({ width: 4, height: 3, rgba: new Uint8ClampedArray(48), foregroundPixels: 2 }),
    restart: () => undefined,
    generation: () => 0,
  } as unknown as WorkerClient;
  const lose = (why: string) => {
    lost = why;
    listener?.({ kind: 'device-lost', message: why });
  };
  return { client, lose, probes, push: (s: WorkerStatus) => listener?.(s), registered: () => listener !== undefined };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('worker status notices', () => {
  it('device lost: a dismissible notice and a WASM badge at once, with no run; image and result are kept', async () => {
    const w = fakeWorker();
    const s = createStudio({ client: w.client, saveFile: vi.fn() });
    await s.getState().init();
    expect(w.registered()).toBe(true);
    await s.getState().setBackend('webgpu');
    await s.getState().openFile(new File([new Uint8Array([1])], 'a.png'));
    await s.getState().startRun();
    expect(s.getState().backendInfo?.backend).toBe('webgpu');
    const segment = vi.spyOn(w.client, 'segment');

    w.lose('Device was destroyed.');
    await settle();
    const st = s.getState();
    expect(st.notice).toEqual({ kind: 'device-lost', message: 'The GPU device was lost (Device was destroyed.). This run finishes on WASM (CPU); the next run asks for a new GPU device. Your image, results and ground truth are kept.' });
    expect(st.gpuRenew).toBe(true);
    expect(st.backendInfo?.backend).toBe('wasm');
    expect(st.backendInfo?.note).toContain('WebGPU device lost');
    expect(segment).not.toHaveBeenCalled();
    expect(st.image?.imageId).toBe('img-1');
    expect(st.result?.runId).toBe('run-1');
    expect(st.error).toBeNull(); // a notice, not an error of the person's action

    s.getState().dismissNotice();
    expect(s.getState().notice).toBeNull();
  });

  it('a GPU error shows a notice, but never replaces a device-loss notice', async () => {
    const w = fakeWorker();
    const s = createStudio({ client: w.client, saveFile: vi.fn() });
    await s.getState().init();
    w.push({ kind: 'gpu-error', message: 'Buffer is too small', count: 3 });
    expect(s.getState().notice).toEqual({ kind: 'gpu-error', message: 'WebGPU reported an error (3 errors like it in the last seconds): Buffer is too small' });
    w.lose('reason: destroyed');
    w.push({ kind: 'gpu-error', message: 'Device is lost', count: 1 });
    expect(s.getState().notice?.kind).toBe('device-lost');
  });

  it('a failed status registration is shown, and the rest of init still happens', async () => {
    const w = fakeWorker();
    w.client.onStatus = async () => {
      throw { code: 'internal', message: 'worker stopped' };
    };
    const s = createStudio({ client: w.client, saveFile: vi.fn() });
    await s.getState().init();
    expect(s.getState().error).toEqual({ code: 'internal', message: 'worker stopped' });
    expect(s.getState().models).toHaveLength(2);
    expect(s.getState().backendInfo).not.toBeNull();
  });
});

describe('backend badge follows the selected model', () => {
  it('an int8 card with WebGPU (or Auto) chosen probes to WASM before any run; another card goes back to WebGPU', async () => {
    const w = fakeWorker();
    const s = createStudio({ client: w.client, saveFile: vi.fn() });
    await s.getState().init();
    expect(w.probes.at(-1)).toEqual(['auto', 'em-unet']); // init probes with the default model
    await s.getState().setBackend('webgpu');
    expect(s.getState().backendInfo?.backend).toBe('webgpu');
    s.getState().setModel('em-unet-int8');
    await settle();
    expect(w.probes.at(-1)).toEqual(['webgpu', 'em-unet-int8']);
    expect(s.getState().backendInfo?.backend).toBe('wasm');
    expect(s.getState().backendInfo?.note).toContain('int8');
    s.getState().setModel('em-unet');
    await settle();
    expect(s.getState().backendInfo?.backend).toBe('webgpu');
  });

  it('only the newest probe is kept: a slow earlier answer does not overwrite it', async () => {
    const w = fakeWorker();
    const s = createStudio({ client: w.client, saveFile: vi.fn() });
    await s.getState().init();
    let release!: () => void;
    const slow = new Promise<void>((r) => (release = r));
    const probe = w.client.probeBackend;
    w.client.probeBackend = async (choice, modelId) => {
      if (choice === 'webgpu') await slow;
      return probe(choice, modelId);
    };
    const first = s.getState().setBackend('webgpu');
    await s.getState().setBackend('wasm');
    release();
    await first;
    expect(s.getState().backendChoice).toBe('wasm');
    expect(s.getState().backendInfo?.backend).toBe('wasm');
  });
});

describe('noticeFor', () => {
  it('one GPU error is reported without a count', () => {
    expect(noticeFor({ kind: 'gpu-error', message: 'x', count: 1 }).message).toBe('WebGPU reported an error: x');
  });
});
