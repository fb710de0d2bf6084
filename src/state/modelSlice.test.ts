import { describe, expect, it, vi } from 'vitest';
import type { ModelCard } from '../models/manifest';
import type { BackendInfo, ImageView, RunSummary, SegmentOptions } from '../worker/api';
import type { WorkerClient } from '../worker/client';
import { currentTilingProblem, tilingOverrides } from './modelSlice';
import { createStudio } from './store';

/** "Open model (.onnx)" in the store: a fake worker client stands in for the worker's check (userModels.ts). */
const bundled = { id: 'em-unet', name: 'EM U-Net', threshold: 0.4, tiling: { tile: 256, halo: 32, blend: 'gaussian' }, input: { tileMultiple: 16 } } as unknown as ModelCard;
const userCard = (name: string) => ({
  id: `user:${name.replace(/\.onnx$/, '')}`, name, user: true, threshold: 0.5,
  tiling: { tile: 128, halo: 32, blend: 'gaussian' }, input: { tileMultiple: 128 },
}) as unknown as ModelCard;
const wasm: BackendInfo = { backend: 'wasm', adapter: 'WebAssembly SIMD, 2 threads', software: false, threads: 2, note: '' };
const view: ImageView = { imageId: 'img-1', sourceId: 'img-1', plane: { t: 0, z: 0, c: 0 }, axes: { sizeT: 1, sizeZ: 1, sizeC: 1, channelNames: ['C0'], rgb: false }, display: [], name: 'a.png', width: 4, height: 3, sampleType: 'uint8', format: 'png', note: '', rgba: new Uint8ClampedArray(48) };
const summary = (modelId: string): RunSummary =>
  ({ runId: 'run-1', imageId: 'img-1', modelId, width: 4, height: 3, tiles: 1, tile: 128, halo: 32, blend: 'gaussian', ms: 5, inferenceMs: 3, backend: wasm, pipeline: 'cpu' });

function setup() {
  let generation = 0;
  const opened: string[] = [];
  const client = {
    listModels: async () => [bundled],
    probeBackend: vi.fn(async () => wasm),
    onStatus: async () => undefined,
    onLost: () => undefined,
    listExamples: async () => [],
    openImage: async () => view,
    openUserModel: vi.fn(async (_b: ArrayBuffer, name: string) => {
      opened.push(name);
      if (name.startsWith('bad')) throw { code: 'model-invalid', message: `Cannot use "${name}": This model expects 3 input channels; the studio runs single-channel models (N×1×H×W).` };
      return userCard(name);
    }),
    segment: vi.fn(async (_i: string, o: SegmentOptions) => summary(o.modelId)),
    renderOverlay: async () => ({ width: 4, height: 3, rgba: new Uint8ClampedArray(48), foregroundPixels: 2 }),
    generation: () => generation,
  } as unknown as WorkerClient;
  const s = createStudio({ client, saveFile: vi.fn() });
  return { s, client, opened, restartWorker: () => generation++ };
}
const file = (name: string) => new File([new Uint8Array([8, 1])], name);

describe('own models (openModelFile)', () => {
  it('lists the card after the bundled ones and selects it, with its threshold and tiling', async () => {
    const { s } = setup();
    await s.getState().init();
    await s.getState().openModelFile(file('mine.onnx'));
    const st = s.getState();
    expect(st.models.map((m) => m.id)).toEqual(['em-unet', 'user:mine']);
    expect(st.modelId).toBe('user:mine');
    expect(st.threshold).toBe(0.5);
    expect(st.tiling).toEqual({ tile: 128, halo: 32, blend: 'gaussian' });
    expect(st.userModelLoading).toBe(false);
    expect(st.error).toBeNull();
  });

  it('opening the same name again replaces the card instead of listing it twice', async () => {
    const { s } = setup();
    await s.getState().init();
    await s.getState().openModelFile(file('mine.onnx'));
    await s.getState().openModelFile(file('mine.onnx'));
    expect(s.getState().models.map((m) => m.id)).toEqual(['em-unet', 'user:mine']);
  });

  it('a refused model shows the message; the selected model, image and result stay', async () => {
    const { s } = setup();
    await s.getState().init();
    await s.getState().openFile(file('a.png'));
    await s.getState().startRun();
    const before = s.getState();
    await s.getState().openModelFile(file('bad-rgb.onnx'));
    const st = s.getState();
    expect(st.error?.message).toMatch(/This model expects 3 input channels/);
    expect(st.modelId).toBe('em-unet');
    expect(st.models).toEqual(before.models);
    expect(st.threshold).toBe(0.4);
    expect(st.image).toBe(before.image);
    expect(st.result).toBe(before.result);
    expect(st.overlay).toBe(before.overlay);
    expect(st.userModelLoading).toBe(false);
  });

  it('sends the model again to a restarted worker before a run or a probe, and only then', async () => {
    const { s, client, opened, restartWorker } = setup();
    await s.getState().init();
    await s.getState().openFile(file('a.png'));
    await s.getState().openModelFile(file('mine.onnx'));
    await s.getState().startRun();
    expect(opened).toEqual(['mine.onnx']);
    restartWorker();
    await s.getState().startRun();
    expect(opened).toEqual(['mine.onnx', 'mine.onnx']);
    expect(client.segment).toHaveBeenLastCalledWith('img-1', expect.objectContaining({ modelId: 'user:mine' }), expect.any(Function));
    restartWorker();
    await s.getState().refreshBackend();
    expect(opened).toHaveLength(3);
    s.getState().setModel('em-unet');
    restartWorker();
    await s.getState().startRun(); // a bundled model needs nothing sent
    expect(opened).toHaveLength(3);
  });

  it('a fixed-size model allows only its own tile size in the advanced tiling', () => {
    const fixed = { ...userCard('f.onnx'), input: { tileMultiple: 128, fixedSize: 128 } } as unknown as ModelCard;
    const at = (tile: number) => currentTilingProblem({ models: [fixed], modelId: fixed.id, tiling: { tile, halo: 32, blend: 'gaussian' } });
    expect(at(128)).toBeNull();
    expect(at(256)).toBe('Tile size must be 128: this model\'s input is fixed at 128×128.');
  });
});

describe('tilingOverrides', () => {
  const card = { id: 'm', tiling: { tile: 256, halo: 32, blend: 'gaussian' } } as unknown as ModelCard;
  it("sends only what the person changed, so an untouched tile lets the worker choose one for large images", () => {
    const base = { models: [card], modelId: 'm' };
    expect(tilingOverrides({ ...base, tiling: { tile: 256, halo: 32, blend: 'gaussian' } })).toEqual({});
    expect(tilingOverrides({ ...base, tiling: { tile: 512, halo: 32, blend: 'crop' } })).toEqual({ tile: 512, blend: 'crop' });
    expect(tilingOverrides({ ...base, tiling: null })).toEqual({});
  });
});
