import { describe, expect, it, vi } from 'vitest';
import { StudioError } from '../errors';
import type { MetricsView } from '../worker/api';
import type { LargeImageView, LargeRunView } from '../worker/largeApi';
import type { AnalysisProgress } from '../worker/largePace';
import { fakeClient, fakeMetrics, openedStudio, wasmInfo } from './testClient';

const largeView: LargeImageView = {
  kind: 'large', sourceId: 'img-1', imageId: 'img-1:0:0:0', plane: { t: 0, z: 0, c: 0 }, name: 'slide.tif', format: 'tiff',
  width: 12000, height: 9000, sampleType: 'uint16', levels: [], window: [0, 1], openMs: 5,
};
const runView: LargeRunView = {
  runId: 'lrun-1', imageId: largeView.imageId, width: 12000, height: 9000, tile: 448, halo: 24, tilesRun: 600, ms: 90_000, residentBytes: 1, spilledBytes: 2,
  modelId: 'fixture-tiny-unet', tileNote: 'tile 448', blend: 'crop', backend: wasmInfo, inferenceMs: 80_000, spill: 'opfs',
};
const metricsAt = (threshold: number): MetricsView => fakeMetrics('lrun-1', threshold, 'gt.tif', 'slide.tif');
const truthInfo = { imageId: largeView.imageId, name: 'gt.tif', width: 12000, height: 9000, objects: 40, foregroundPixels: 1000, source: 'connected components' as const, invert: false };

/**
 * A worker double whose large metrics wait for `release()` (so a test can look at the progress and cancel
 * meanwhile) and reject 'cancelled' after cancelLargeAnalysis, as the cooperative worker does.
 */
function slowWorker() {
  let pending: { resolve: () => void; reject: (e: unknown) => void } | undefined;
  const calls: number[] = [];
  const client = fakeClient({
    openImage: async () => largeView,
    segmentLarge: async () => runView,
    largeRunCounts: async (_r: string, t: number) => ({ foregroundPixels: 1, objects: Math.round(t * 10) }),
    setLargeTruth: vi.fn(async () => truthInfo),
    clearLargeTruth: vi.fn(async () => undefined),
    largeMetrics: async (_r: string, t: number, onProgress?: (p: AnalysisProgress) => void) => {
      calls.push(t);
      onProgress?.({ stage: 'metrics', done: 3, total: 10 });
      await new Promise<void>((resolve, reject) => (pending = { resolve, reject }));
      return metricsAt(t);
    },
    cancelLargeAnalysis: vi.fn(async () => {
      pending?.reject(new StudioError('cancelled', 'Metrics cancelled.'));
      pending = undefined;
      return 1;
    }),
  } as never);
  return { client, calls, release: () => { pending?.resolve(); pending = undefined; } };
}

const opened = (client: ReturnType<typeof fakeClient>, saveFile = vi.fn()) => openedStudio(client, saveFile);

describe('ground truth of a large image (state/largeTruth.ts)', () => {
  it('opens before a run, shows metrics of the run with progress, recomputes on threshold change, cancels', async () => {
    const w = slowWorker();
    const s = await opened(w.client);
    const mask = new File([new Uint8Array([1])], 'gt.tif');
    await s.getState().openTruth(mask);
    expect(w.client.setLargeTruth).toHaveBeenCalledWith(largeView.imageId, mask, 'gt.tif', false, expect.any(Function));
    expect(s.getState().groundTruth).toMatchObject({ large: true, name: 'gt.tif', objects: 40, isInstance: false, imageId: largeView.imageId });

    const run = s.getState().startRun(); // ends after the run's first metrics and counts
    await vi.waitFor(() => expect(s.getState().largeAnalysis).toMatchObject({ stage: 'metrics', done: 3, total: 10, threshold: 0.5 }));
    expect(s.getState().runStatus).toBe('done');
    w.release();
    await run;
    await vi.waitFor(() => expect(s.getState().metrics).toMatchObject({ threshold: 0.5 }));
    await vi.waitFor(() => expect(s.getState().largeCounts).toMatchObject({ threshold: 0.5, objects: 5 }));
    expect(s.getState().largeAnalysis).toBeNull();

    // The person cancels: no error, "cancelled at 0.7" kept, the old metrics stay; Recompute runs again.
    s.getState().setThreshold(0.7);
    await vi.waitFor(() => expect(s.getState().largeAnalysis).toMatchObject({ threshold: 0.7 }));
    await s.getState().cancelLargeAnalysis();
    await vi.waitFor(() => expect(s.getState().largeAnalysis).toBeNull());
    expect(s.getState()).toMatchObject({ largeAnalysisCancelled: 0.7, error: null, metrics: { threshold: 0.5 } });
    void s.getState().refreshLargeRun();
    await vi.waitFor(() => expect(s.getState().largeAnalysis).toMatchObject({ threshold: 0.7 }));
    expect(s.getState().largeAnalysisCancelled).toBeNull();

    // The slider moves on while 0.7 is computed: that pass is cancelled and 0.3 computed instead.
    s.getState().setThreshold(0.3);
    await vi.waitFor(() => expect(s.getState().largeAnalysis).toMatchObject({ threshold: 0.3 }));
    w.release();
    await vi.waitFor(() => expect(s.getState().metrics).toMatchObject({ threshold: 0.3 }));
    expect(w.calls).toEqual([0.5, 0.7, 0.7, 0.3]);
    expect(s.getState().largeAnalysisCancelled).toBeNull();

    await s.getState().clearTruth();
    expect(w.client.clearLargeTruth).toHaveBeenCalledWith(largeView.imageId);
    expect(s.getState().groundTruth).toBeNull();
  });

  it('a mask of another size is refused with its message; the mask and metrics stay', async () => {
    const w = slowWorker();
    const s = await opened(w.client);
    await s.getState().openTruth(new File([new Uint8Array([1])], 'gt.tif'));
    const before = s.getState().groundTruth;
    (w.client.setLargeTruth as ReturnType<typeof vi.fn>).mockRejectedValueOnce(new StudioError('size-mismatch', 'Ground truth is 10 × 10 but the image is 12000 × 9000'));
    await s.getState().openTruth(new File([new Uint8Array([1])], 'small.tif'));
    expect(s.getState().error).toMatchObject({ code: 'size-mismatch' });
    expect(s.getState().groundTruth).toBe(before);
    expect(s.getState().truthLoading).toBe(false);
  });

  it('Metrics (CSV / JSON) save the metrics at the slider: the panel\'s when they are at that threshold, else asked anew', async () => {
    const w = slowWorker();
    const saveFile = vi.fn();
    const s = await opened(w.client, saveFile);
    await s.getState().openTruth(new File([new Uint8Array([1])], 'gt.tif'));
    const run = s.getState().startRun();
    await vi.waitFor(() => expect(s.getState().largeAnalysis).toMatchObject({ threshold: 0.5 }));
    w.release();
    await run;
    await vi.waitFor(() => expect(s.getState().metrics).toMatchObject({ threshold: 0.5 }));
    await s.getState().downloadMetrics('csv');
    expect(w.calls).toEqual([0.5]); // the panel's metrics, not a new pass
    expect(saveFile.mock.calls[0].slice(1)).toEqual(['slide_metrics.csv', 'text/csv']);
    expect(new TextDecoder().decode(saveFile.mock.calls[0][0]).split('\r\n')[1]).toMatch(/^slide\.tif,gt\.tif,em,4,3,0\.5,0\.5,/);

    s.setState({ threshold: 0.6 }); // the slider moved and its metrics are not there yet
    const json = s.getState().downloadMetrics('json');
    await vi.waitFor(() => expect(w.calls).toEqual([0.5, 0.6]));
    w.release();
    await json;
    expect(saveFile.mock.calls[1].slice(1)).toEqual(['slide_metrics.json', 'application/json']);
    expect(JSON.parse(new TextDecoder().decode(saveFile.mock.calls[1][0])).threshold).toBe(0.6);
  });
});
