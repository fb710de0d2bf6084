import type { StateCreator } from 'zustand';
import { StudioError, toErrorInfo } from '../errors';
import { cancelWithGrace } from './cancelWithGrace';
import { ensureImageInWorker } from './imageSlice';
import { currentTilingProblem, ensureModelsInWorker, modelsToResend, tilingOverrides } from './modelSlice';
import type { RunSlice, Studio, StudioDeps } from './types';

/**
 * Segmentation runs. Cancel sets the worker's flag (checked between tile batches); a run that has not
 * stopped after `cancelGraceMs` (one huge batch on a software GPU) is ended by restarting the worker.
 */
export const createRunSlice = (deps: StudioDeps): StateCreator<Studio, [], [], RunSlice> => (set, get) => {
  let clearCancel = () => {};
  return {
    runStatus: 'idle',
    progress: null,
    result: null,
    startRun: async () => {
      const s = get();
      if (!s.image || !s.modelId || s.runStatus === 'running' || s.runStatus === 'cancelling') return;
      const tilingProblem = currentTilingProblem(s);
      if (tilingProblem) return get().showError(new StudioError('internal', tilingProblem)); // the button is disabled; belt and braces
      get().renewGpuBeforeRun(); // after a device loss: a fresh worker, a new GPU device
      set({ runStatus: 'running', progress: { stage: 'loading-model', done: 0, total: 0 }, error: null });
      let imageId: string | null = null;
      // A run whose image was replaced meanwhile (a new file opened) ends quietly: its result is for nobody.
      const stale = () => imageId !== null && get().image?.imageId !== imageId;
      try {
        imageId = await ensureImageInWorker(get, set, deps);
        if (!imageId) throw new StudioError('internal', 'Open an image first.');
        if (modelsToResend(get(), deps.client.generation(), [s.modelId]).length) await ensureModelsInWorker(get, set, deps, [s.modelId]);
        const summary = await deps.client.segment(imageId, { modelId: s.modelId, backend: s.backendChoice, ...tilingOverrides(s) }, (p) => {
          if (!stale() && (get().runStatus === 'running' || get().runStatus === 'cancelling')) set({ progress: p });
        });
        if (stale()) return set({ runStatus: 'idle', progress: null });
        set({ result: summary, backendInfo: summary.backend, runStatus: 'done', planeResults: { ...get().planeResults, [imageId]: summary } });
        get().warnData(summary.warnings, 'this run');
        await get().syncTruth();
        await Promise.all([get().refreshOverlay(), get().refreshMetrics()]);
      } catch (e) {
        const err = toErrorInfo(e);
        if (stale()) set({ runStatus: 'idle', progress: null });
        else if (err.code === 'cancelled') set({ runStatus: 'cancelled' });
        else if (err.code === 'worker-lost') set({ runStatus: 'idle', progress: null }); // recoverySlice's notice says it
        else {
          set({ runStatus: 'failed' });
          get().showError(err);
        }
      } finally {
        clearCancel();
      }
    },
    startStackRun: async () => {
      const s = get();
      if (!s.image || !s.modelId || s.runStatus === 'running' || s.runStatus === 'cancelling') return;
      const tilingProblem = currentTilingProblem(s);
      if (tilingProblem) return get().showError(new StudioError('internal', tilingProblem));
      set({ runStatus: 'running', progress: { stage: 'loading-model', done: 0, total: 0 }, error: null });
      const file = s.imageSource;
      const stale = () => get().imageSource !== file; // another file was opened meanwhile
      try {
        if (!(await ensureImageInWorker(get, set, deps))) throw new StudioError('internal', 'Open an image first.');
        if (modelsToResend(get(), deps.client.generation(), [s.modelId]).length) await ensureModelsInWorker(get, set, deps, [s.modelId]);
        const image = get().image!;
        const stack = await deps.client.segmentStack(image.sourceId, image.plane.c, { modelId: s.modelId, backend: s.backendChoice, ...tilingOverrides(s) }, (p) => {
          if (!stale() && (get().runStatus === 'running' || get().runStatus === 'cancelling')) set({ progress: p });
        });
        if (stale()) return set({ runStatus: 'idle', progress: null });
        const planeResults = { ...get().planeResults };
        for (const p of stack.planes) planeResults[p.imageId] = p.summary;
        const current = get().image;
        const result = current ? planeResults[current.imageId] ?? null : null;
        set({ stack, planeResults, result, overlay: null, backendInfo: stack.planes[0]?.summary.backend ?? get().backendInfo, runStatus: stack.cancelled ? 'cancelled' : 'done' });
        await get().syncTruth();
        await Promise.all([get().refreshOverlay(), get().refreshMetrics(), get().refreshStackMetrics()]);
      } catch (e) {
        const err = toErrorInfo(e);
        if (stale()) set({ runStatus: 'idle', progress: null });
        else if (err.code === 'cancelled') set({ runStatus: 'cancelled' });
        else {
          set({ runStatus: 'failed' });
          get().showError(err);
        }
      } finally {
        clearCancel();
      }
    },
    cancelRun: async () => {
      if (get().runStatus !== 'running') return;
      set({ runStatus: 'cancelling' });
      const c = cancelWithGrace(deps, () => get().runStatus === 'cancelling', set, (e) => get().showError(e));
      clearCancel = c.clear;
      await c.sent;
    },
  };
};
