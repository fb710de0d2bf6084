import { describe, expect, it, vi } from 'vitest';
import type { ModelCard } from '../models/manifest';
import type { BackendInfo, ImageView, MetricsView, RunSummary, TruthInfo } from '../worker/api';
import type { WorkerClient } from '../worker/client';
import { exportFileName } from './exportSlice';
import { createStudio } from './store';
import { fakeMetrics } from './testClient';

const wasm: BackendInfo = { backend: 'wasm', adapter: 'WASM', software: false, threads: 2, note: '' };
const view = (id: string, name: string): ImageView =>
  ({ imageId: id, sourceId: id, plane: { t: 0, z: 0, c: 0 }, axes: { sizeT: 1, sizeZ: 1, sizeC: 1, channelNames: ['C0'], rgb: false }, display: [], name, width: 4, height: 3, sampleType: 'uint8', format: 'png', note: '', rgba: new Uint8ClampedArray(48) });
const summary = (runId: string, imageId: string): RunSummary =>
  ({ runId, imageId, modelId: 'em', width: 4, height: 3, tiles: 1, tile: 64, halo: 8, blend: 'gaussian', ms: 5, inferenceMs: 3, backend: wasm, pipeline: 'cpu' });
const metricsAt = (runId: string, t: number, truthName = 'gt.png'): MetricsView => fakeMetrics(runId, t, truthName);
const gtInfo = (imageId: string, name = 'gt.png'): TruthInfo => ({ imageId, planes: [0], name, width: 4, height: 3, isInstance: false, objects: 1, foregroundPixels: 2 });

function fakeClient(over: Partial<WorkerClient> = {}): WorkerClient {
  let n = 0;
  return {
    listModels: async () => [{ id: 'em', name: 'em', threshold: 0.5, tiling: { tile: 64, halo: 8, blend: 'gaussian' }, input: { tileMultiple: 4 } } as unknown as ModelCard],
    probeBackend: async () => wasm,
    onStatus: async () => undefined,
    onLost: () => undefined,
    openImage: async (_b: ArrayBuffer, name: string) => view(`img-${++n}`, name),
    listExamples: async () => [],
    openExample: async (id: string) => view(`img-${++n}`, id),
    segment: async (imageId: string) => summary('run-1', imageId),
    cancel: async () => undefined,
    renderOverlay: async () => ({ width: 4, height: 3, rgba: new Uint8ClampedArray(48), foregroundPixels: 2 }),
    exportMaskPng: async () => new Uint8Array([1]),
    setGroundTruth: async (imageId: string, _b: ArrayBuffer, name: string) => gtInfo(imageId, name),
    clearGroundTruth: async () => undefined,
    metrics: async (runId: string, t: number) => metricsAt(runId, t),
    exportLabelsTiff: async () => new Uint8Array([2]),
    exportProbTiff: async () => new Uint8Array([3]),
    restart: () => undefined,
    generation: () => 0,
    ...over,
  } as WorkerClient;
}
const file = (name: string) => new File([new Uint8Array([1, 2, 3])], name);

async function ready(client: WorkerClient, saveFile = vi.fn()) {
  const s = createStudio({ client, saveFile });
  await s.getState().init();
  await s.getState().openFile(file('a.png'));
  return s;
}

describe('ground truth and metrics', () => {
  it('a mask opened before the run gives metrics when the run ends; the slider re-requests them', async () => {
    const metrics = vi.fn(async (runId: string, t: number) => metricsAt(runId, t));
    const s = await ready(fakeClient({ metrics }));
    await s.getState().openTruth(file('gt.png'));
    expect(s.getState().groundTruth).toMatchObject({ name: 'gt.png', imageId: 'img-1', invert: false });
    expect(metrics).not.toHaveBeenCalled(); // no result yet
    await s.getState().startRun();
    expect(s.getState().metrics?.pixel.iou).toBe(0.5);
    s.getState().setThreshold(0.7);
    await vi.waitFor(() => expect(s.getState().metrics?.threshold).toBe(0.7));
  });

  it('coalesces metric requests while the slider moves: the newest threshold wins', async () => {
    let release!: () => void;
    const seen: number[] = [];
    const s = await ready(fakeClient({
      metrics: async (runId, t) => {
        seen.push(t);
        if (seen.length === 2) await new Promise<void>((r) => (release = r));
        return metricsAt(runId, t);
      },
    }));
    await s.getState().openTruth(file('gt.png'));
    await s.getState().startRun(); // request #1 (0.5)
    s.getState().setThreshold(0.1); // #2, held
    s.getState().setThreshold(0.2);
    s.getState().setThreshold(0.3);
    release();
    await vi.waitFor(() => expect(s.getState().metrics?.threshold).toBe(0.3));
    expect(seen).toEqual([0.5, 0.1, 0.3]);
  });

  it('a refused mask changes nothing: image, result, previous mask and metrics stay', async () => {
    const client = fakeClient();
    const s = await ready(client);
    await s.getState().openTruth(file('gt.png'));
    await s.getState().startRun();
    const before = { image: s.getState().image, result: s.getState().result, gt: s.getState().groundTruth, m: s.getState().metrics };
    client.setGroundTruth = async () => {
      throw { code: 'size-mismatch', message: 'Ground truth is 2 × 2 but the image is 4 × 3: …' };
    };
    await s.getState().openTruth(file('small.png'));
    expect(s.getState().error).toEqual({ code: 'size-mismatch', message: 'Ground truth is 2 × 2 but the image is 4 × 3: …' });
    expect({ image: s.getState().image, result: s.getState().result, gt: s.getState().groundTruth, m: s.getState().metrics }).toEqual(before);
    expect(s.getState().truthLoading).toBe(false);
  });

  it('invert re-sends the open mask; a refusal puts the switch back', async () => {
    const setGroundTruth = vi.fn(async (imageId: string, _b: ArrayBuffer, name: string) => gtInfo(imageId, name));
    const s = await ready(fakeClient({ setGroundTruth }));
    await s.getState().setInvertTruth(true); // no mask yet: only the switch
    expect(setGroundTruth).not.toHaveBeenCalled();
    await s.getState().openTruth(file('gt.png'));
    expect(setGroundTruth).toHaveBeenLastCalledWith('img-1', expect.any(ArrayBuffer), 'gt.png', true);
    await s.getState().setInvertTruth(false);
    expect(s.getState().groundTruth?.invert).toBe(false);
    setGroundTruth.mockRejectedValueOnce({ code: 'not-an-image', message: 'no' });
    await s.getState().setInvertTruth(true);
    expect(s.getState().invertTruth).toBe(false);
    expect(s.getState().groundTruth?.invert).toBe(false);
  });

  it('the error map needs a mask; clearing or opening another image drops the mask and leaves the error map', async () => {
    const modes: string[] = [];
    const s = await ready(fakeClient({ renderOverlay: async (r) => (modes.push(r.mode), { width: 4, height: 3, rgba: new Uint8ClampedArray(48), foregroundPixels: 2 }) }));
    await s.getState().startRun();
    s.getState().setOverlayMode('errors');
    expect(s.getState().overlayMode).toBe('mask');
    await s.getState().openTruth(file('gt.png'));
    s.getState().setOverlayMode('errors');
    expect(s.getState().overlayMode).toBe('errors');
    await s.getState().clearTruth();
    expect(s.getState().overlayMode).toBe('mask');
    expect(s.getState().groundTruth).toBeNull();
    await s.getState().openTruth(file('gt.png'));
    s.getState().setOverlayMode('errors');
    await s.getState().openFile(file('b.png'));
    expect(s.getState()).toMatchObject({ groundTruth: null, metrics: null, overlayMode: 'mask' });
  });

  it('after a worker restart the mask is sent again with the re-opened image', async () => {
    let gen = 0;
    const sent: string[] = [];
    const s = await ready(fakeClient({
      generation: () => gen,
      setGroundTruth: async (imageId, _b, name) => (sent.push(imageId), gtInfo(imageId, name)),
    }));
    await s.getState().openTruth(file('gt.png'));
    gen = 1; // the worker was restarted: its image and mask are gone
    await s.getState().startRun();
    expect(sent).toEqual(['img-1', 'img-2']);
    expect(s.getState().metrics?.runId).toBe('run-1');
  });

  it('exports: labels and probability TIFFs, metrics CSV and JSON at the current threshold', async () => {
    const saveFile = vi.fn();
    const s = await ready(fakeClient(), saveFile);
    await s.getState().openTruth(file('gt.png'));
    await s.getState().startRun();
    await s.getState().downloadLabels();
    await s.getState().downloadProb();
    s.getState().setThreshold(0.25);
    await s.getState().downloadMetrics('csv');
    await s.getState().downloadMetrics('json');
    expect(saveFile.mock.calls.map((c) => [c[1], c[2]])).toEqual([
      ['a_labels.tif', 'image/tiff'], ['a_prob.tif', 'image/tiff'], ['a_metrics.csv', 'text/csv'], ['a_metrics.json', 'application/json'],
    ]);
    const csv = new TextDecoder().decode(saveFile.mock.calls[2][0]).split('\r\n');
    expect(csv[1]).toMatch(/^a\.png,gt\.png,em,4,3,0\.25,0\.25,/);
    expect(JSON.parse(new TextDecoder().decode(saveFile.mock.calls[3][0])).threshold).toBe(0.25);
  });

  it('export file names', () => {
    expect(exportFileName('cells.tif', 'labels.tif')).toBe('cells_labels.tif');
    expect(exportFileName('.tif', 'prob.tif')).toBe('image_prob.tif');
  });
});
