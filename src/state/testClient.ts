/**
 * Test doubles for the store's tests (not shipped: only *.test.ts import this): a fake worker client whose
 * defaults answer like a worker holding one 4×3 image, plus the cards, views and summaries it returns.
 * Each test overrides only the calls it is about.
 */
import type { ModelCard } from '../models/manifest';
import type { BackendInfo, ImageView, MetricsView, RunSummary } from '../worker/api';
import type { WorkerClient } from '../worker/client';
import { createStudio } from './store';
import type { StudioDeps } from './types';

export const wasmInfo: BackendInfo = { backend: 'wasm', adapter: 'WebAssembly SIMD, 2 threads', software: false, threads: 2, note: '' };

/** A card with what the store reads: id, name, threshold, tiling and the tile multiple. */
export const fakeCard = (id: string, fixture = false, threshold = 0.5) => ({
  id, name: id, fixture, threshold,
  tiling: fixture ? { tile: 64, halo: 8, blend: 'gaussian' } : { tile: 256, halo: 32, blend: 'gaussian' },
  input: { tileMultiple: fixture ? 4 : 16 },
}) as unknown as ModelCard;

export const fakeView = (id: string, name: string): ImageView =>
  ({ imageId: id, sourceId: id, plane: { t: 0, z: 0, c: 0 }, axes: { sizeT: 1, sizeZ: 1, sizeC: 1, channelNames: ['C0'], rgb: false }, display: [], name, width: 4, height: 3, sampleType: 'uint8', format: 'png', note: '', rgba: new Uint8ClampedArray(48) });

export const fakeSummary = (runId: string, imageId = 'img-1', modelId = 'em'): RunSummary =>
  ({ runId, imageId, modelId, width: 4, height: 3, tiles: 1, tile: 64, halo: 8, blend: 'gaussian', ms: 5, inferenceMs: 3, backend: wasmInfo, pipeline: 'cpu' });

/** A fake worker client; images open as img-1, img-2, … */
export function fakeClient(over: Partial<WorkerClient> = {}): WorkerClient {
  let n = 0;
  return {
    listModels: async () => [fakeCard('fixture-tiny-unet', true), fakeCard('em-unet', false, 0.4), fakeCard('em-unet-noskip')],
    probeBackend: async () => wasmInfo,
    onStatus: async () => undefined,
    onLost: () => undefined,
    openImage: async (_b: ArrayBuffer, name: string) => fakeView(`img-${++n}`, name),
    listExamples: async () => [{ id: 'ex', name: 'Example' }],
    openExample: async (id: string) => fakeView(`img-${++n}`, id),
    segment: async () => fakeSummary('run-1'),
    cancel: async () => undefined,
    renderOverlay: async () => ({ width: 4, height: 3, rgba: new Uint8ClampedArray(48), foregroundPixels: 2 }),
    renderDiff: async () => ({ width: 4, height: 3, rgba: new Uint8ClampedArray(48), counts: { onlyA: 0, onlyB: 0, both: 0, neither: 0 } }),
    exportMaskPng: async () => new Uint8Array([1, 2, 3]),
    restart: () => undefined,
    generation: () => 0,
    ...over,
  } as WorkerClient;
}

/** A whole MetricsView whose IoU encodes the threshold, so tests can tell which request answered. */
export const fakeMetrics = (runId: string, t: number, truthName = 'gt.png', imageName = 'a.png'): MetricsView => ({
  runId, imageName, truthName, modelId: 'em', width: 4, height: 3, threshold: t, device: 'cpu',
  pixel: { tp: 1, fp: 1, fn: 1, tn: 9, iou: t, dice: 0.5, precision: 0.5, recall: 0.5 },
  objects: { tp: 1, fp: 0, fn: 0, precision: 1, recall: 1, f1: 1, meanMatchedIoU: 1, nPred: 1, nGt: 1, iouThreshold: 0.5, seg: 1, truthObjects: 'connected components' },
  sweep: { thresholds: new Float32Array(101), iou: new Float32Array(101), dice: new Float32Array(101), best: { threshold: 0.5, iou: 1, dice: 1 } },
});

/** A store over `client` with one file opened (a large image when the client's openImage answers with one) and the fixture model chosen. */
export async function openedStudio(client: WorkerClient, saveFile: StudioDeps['saveFile'] = () => undefined, name = 'slide.tif') {
  const s = createStudio({ client, saveFile });
  await s.getState().init({ showFixtures: true });
  await s.getState().openFile(new File([new Uint8Array([1])], name));
  s.getState().setModel('fixture-tiny-unet');
  return s;
}
