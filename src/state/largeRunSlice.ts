import type { StateCreator } from 'zustand';
import { StudioError, toErrorInfo } from '../errors';
import { ensureLargeInWorker } from './largeSlice';
import { latestWins } from './latestWins';
import { largeTruthOf, largeTruthStale } from './largeTruth';
import type { AnalysisProgress } from '../worker/largePace';
import { ensureModelsInWorker, modelsToResend, tilingOverrides } from './modelSlice';
import type { LargeRunSlice, Studio, StudioDeps } from './types';

/** How long the threshold must rest before a streamed run is recounted, ms. */
export const LARGE_COUNT_DELAY_MS = 400;

/** "slide.tif" → "slide" */
const baseName = (name: string) => name.replace(/\.[^./\\]+$/, '') || 'image';

/**
 * Streamed runs of a large image (issue #12, run half; worker/largeRun.ts). "Segment" on a large image comes
 * here (runSlice.ts startRun): the plane streams through the tile engine in the worker with tile progress and
 * an ETA, `cancelRun` stops it as any run (the image's previous streamed run stays), and the result is the
 * `largeRun` the LOD viewer draws (largeSlice.ts). The threshold slider moves `largeRun.threshold` (the viewer
 * redraws the visible region's overlay) and recounts foreground and objects tile by tile. Exports stream to a
 * file or folder the person picks, or come back as a Blob for a download.
 */
export const createLargeRunSlice = (deps: StudioDeps): StateCreator<Studio, [], [], LargeRunSlice> => (set, get) => {
  /**
   * Follow the threshold once it rests: metrics against the mask when there is one (they bring the counts
   * along), then the counts. Both read every tile in the worker, cooperatively: progress in `largeAnalysis`,
   * the person's "Cancel" ends them (largeAnalysisCancelled), a newer threshold cancels them (refreshLargeRun).
   */
  const refresh = latestWins(async () => {
    const { largeRun, threshold } = get();
    if (!largeRun) return;
    if (largeRun.threshold !== threshold) set({ largeRun: { ...largeRun, threshold } }); // the viewer redraws its overlay
    // Count once the slider rests: the overlay of the new threshold goes first.
    await new Promise((r) => setTimeout(r, LARGE_COUNT_DELAY_MS));
    const current = () => get().threshold === threshold && get().largeRun?.runId === largeRun.runId;
    if (!current()) return; // latestWins runs again
    const onProgress = (p: AnalysisProgress) => {
      if (current()) set({ largeAnalysis: { ...p, threshold } });
    };
    set({ largeAnalysisCancelled: null });
    try {
      let gt = largeTruthOf(get());
      if (gt && largeTruthStale(get(), gt, deps.client.generation())) {
        await get().syncTruth(); // the worker lost the mask: send it again
        gt = largeTruthOf(get());
      }
      if (gt && !get().truthLoading) {
        const metrics = await deps.client.largeMetrics(largeRun.runId, threshold, onProgress);
        if (current() && get().groundTruth === gt) set({ metrics });
      }
      const counts = await deps.client.largeRunCounts(largeRun.runId, threshold, onProgress);
      if (current()) set({ largeCounts: { ...counts, runId: largeRun.runId, threshold } });
    } catch (e) {
      // cancelled (by the person, or because the threshold moved on) or a run replaced meanwhile: nothing to say
      if (toErrorInfo(e).code !== 'cancelled' && get().largeRun?.runId === largeRun.runId) throw e;
    } finally {
      set({ largeAnalysis: null });
    }
  }, (e) => get().showError(e));

  return {
    largeRunView: null,
    largeAnalysis: null,
    largeAnalysisCancelled: null,
    largeCounts: null,
    largeExporting: null,
    startLargeRun: async () => {
      const s = get();
      if (!s.largeImage || !s.modelId || s.runStatus === 'running' || s.runStatus === 'cancelling') return;
      set({ runStatus: 'running', progress: { stage: 'loading-model', done: 0, total: 0 }, error: null });
      const file = s.imageSource;
      const stale = () => get().imageSource !== file; // another file was opened meanwhile
      try {
        const view = await ensureLargeInWorker(get, set, deps);
        if (!view) throw new StudioError('internal', 'Open an image first.');
        if (modelsToResend(get(), deps.client.generation(), [s.modelId]).length) await ensureModelsInWorker(get, set, deps, [s.modelId]);
        const run = await deps.client.segmentLarge(view.imageId, { modelId: s.modelId, backend: s.backendChoice, ...tilingOverrides(s) }, (p) => {
          if (!stale() && (get().runStatus === 'running' || get().runStatus === 'cancelling')) set({ progress: p });
        });
        if (stale()) return set({ runStatus: 'idle', progress: null });
        set({ largeRunView: run, largeCounts: null, largeRun: { runId: run.runId, threshold: get().threshold }, backendInfo: run.backend, runStatus: 'done' });
        await get().refreshLargeRun();
      } catch (e) {
        const err = toErrorInfo(e);
        if (stale()) set({ runStatus: 'idle', progress: null });
        else if (err.code === 'cancelled') set({ runStatus: 'cancelled' });
        else if (err.code === 'worker-lost') set({ runStatus: 'idle', progress: null });
        else {
          set({ runStatus: 'failed' });
          get().showError(err);
        }
      }
    },
    refreshLargeRun: () => {
      // A count or metrics pass for a threshold the slider has left is stale: stop it (the worker yields between
      // tiles, so the cancel gets through), and the refresh below runs for the new threshold.
      const a = get().largeAnalysis;
      if (a && a.stage !== 'truth' && a.threshold !== get().threshold) void deps.client.cancelLargeAnalysis().catch(() => undefined);
      return refresh();
    },
    cancelLargeAnalysis: async () => {
      const a = get().largeAnalysis;
      if (!a) return;
      if (a.stage !== 'truth') set({ largeAnalysisCancelled: a.threshold });
      try {
        await deps.client.cancelLargeAnalysis();
      } catch (e) {
        get().showError(e);
      }
    },
    exportLarge: async (format) => {
      const { largeRun, largeImage, threshold } = get();
      if (!largeRun || !largeImage || get().largeExporting) return;
      const name = format === 'bigtiff' ? `${baseName(largeImage.name)}_labels.tif` : `${baseName(largeImage.name)}.ome.zarr`;
      try {
        const sink = await deps.pickLargeSink?.(format, name);
        if (sink === null) return; // the person closed the picker
        set({ largeExporting: format });
        const blob = await deps.client.exportLargeRun(largeRun.runId, threshold, format, sink);
        if (!blob) return;
        const file = format === 'bigtiff' ? name : `${name}.zip`;
        if (deps.saveBlob) deps.saveBlob(blob, file);
        else deps.saveFile(new Uint8Array(await blob.arrayBuffer()), file, blob.type);
      } catch (e) {
        get().showError(e);
      } finally {
        set({ largeExporting: null });
      }
    },
  };
};
