import { describe, expect, it, vi } from 'vitest';
import { StudioError } from '../errors';
import type { LargeImageView, LargeProgress, LargeRunView } from '../worker/largeApi';
import { runStatusText } from '../hooks/useRunProgress';
import { createStudio } from './store';
import { fakeClient, openedStudio, wasmInfo } from './testClient';

const largeView: LargeImageView = {
  kind: 'large', sourceId: 'img-1', imageId: 'img-1:0:0:0', plane: { t: 0, z: 0, c: 0 }, name: 'slide.tif', format: 'tiff',
  width: 12000, height: 9000, sampleType: 'uint16', levels: [], window: [0, 1], openMs: 5,
};
const runView = (runId: string): LargeRunView => ({
  runId, imageId: largeView.imageId, width: 12000, height: 9000, tile: 448, halo: 24, tilesRun: 600, ms: 90_000, residentBytes: 1, spilledBytes: 2,
  modelId: 'fixture-tiny-unet', tileNote: 'tile 448 (halo 24)', blend: 'crop', backend: wasmInfo, inferenceMs: 80_000, spill: 'opfs',
});

/** A store with a large image open (as imageSlice.openFile leaves it) over a client whose large calls are given. */
async function withLarge(over: Parameters<typeof fakeClient>[0]) {
  return openedStudio(fakeClient({ openImage: async () => largeView, ...over }));
}

describe('streamed runs of a large image (largeRunSlice)', () => {
  it('Segment streams it with tile progress and an ETA; the threshold recounts and moves the overlay', async () => {
    const seen: string[] = [];
    const counts = vi.fn(async (_id: string, t: number) => ({ foregroundPixels: Math.round(1000 * (1 - t)), objects: t > 0.6 ? 7 : 9 }));
    let store!: Awaited<ReturnType<typeof withLarge>>;
    store = await withLarge({
      segmentLarge: async (imageId: string, o: { modelId: string }, onProgress: (p: LargeProgress) => void) => {
        expect([imageId, o.modelId]).toEqual([largeView.imageId, 'fixture-tiny-unet']);
        onProgress({ stage: 'inference', done: 10, total: 600, etaMs: 150_000 });
        seen.push(runStatusText(store.getState()));
        return runView('lrun-1');
      },
      largeRunCounts: counts,
    } as never);
    expect(store.getState().image).toBeNull();
    await store.getState().startRun();
    expect(seen).toEqual(['Segmenting… 10 / 600 tiles, about 3 min left']);
    const st = store.getState();
    expect(st.runStatus).toBe('done');
    expect(st.largeRun).toEqual({ runId: 'lrun-1', threshold: 0.5 });
    expect(st.largeCounts).toMatchObject({ runId: 'lrun-1', objects: 9, foregroundPixels: 500 });
    expect(runStatusText(st)).toBe('Done: 600 tiles of 448px in 90.0 s.');
    st.setThreshold(0.8);
    await vi.waitFor(() => expect(store.getState().largeCounts).toMatchObject({ threshold: 0.8, objects: 7 }));
    expect(store.getState().largeRun).toEqual({ runId: 'lrun-1', threshold: 0.8 });
  });

  it('a cancelled run keeps the previous one', async () => {
    let n = 0;
    const s = await withLarge({
      segmentLarge: async () => {
        if (++n === 2) throw new StudioError('cancelled', 'Run cancelled.');
        return runView('lrun-1');
      },
      largeRunCounts: async () => ({ foregroundPixels: 1, objects: 1 }),
    } as never);
    await s.getState().startRun();
    await s.getState().startRun();
    expect(s.getState().runStatus).toBe('cancelled');
    expect(s.getState().error).toBeNull();
    expect(s.getState().largeRun?.runId).toBe('lrun-1');
    expect(s.getState().largeRunView?.runId).toBe('lrun-1');
  });

  it('exports into a picked file, or saves the Blob the worker returns', async () => {
    const exportLargeRun = vi.fn(async (_r: string, _t: number, _f: string, sink?: unknown) => (sink ? undefined : new Blob([new Uint8Array(3)], { type: 'application/zip' })));
    const client = fakeClient({
      openImage: async () => largeView, segmentLarge: async () => runView('lrun-1'), largeRunCounts: async () => ({ foregroundPixels: 1, objects: 1 }), exportLargeRun,
    } as never);
    const saveBlob = vi.fn();
    const picked = { kind: 'file' } as FileSystemFileHandle;
    const pickLargeSink = vi.fn(async (format: string) => (format === 'bigtiff' ? picked : undefined));
    const s = createStudio({ client, saveFile: vi.fn(), saveBlob, pickLargeSink });
    await s.getState().init({ showFixtures: true });
    await s.getState().openFile(new File([new Uint8Array([1])], 'slide.tif'));
    s.getState().setModel('fixture-tiny-unet');
    await s.getState().startRun();
    await s.getState().exportLarge('bigtiff');
    expect(pickLargeSink).toHaveBeenCalledWith('bigtiff', 'slide_labels.tif');
    expect(exportLargeRun).toHaveBeenLastCalledWith('lrun-1', 0.5, 'bigtiff', picked);
    expect(saveBlob).not.toHaveBeenCalled();
    await s.getState().exportLarge('ome-zarr');
    expect(saveBlob).toHaveBeenCalledWith(expect.any(Blob), 'slide.ome.zarr.zip');
    expect(s.getState().largeExporting).toBeNull();
  });
});
