import type { StateCreator } from 'zustand';
import { StudioError, toErrorInfo } from '../errors';
import type { RunSummary } from '../worker/api';
import { ensureImageInWorker } from './imageSlice';
import type { CompareSlice, Studio, StudioDeps } from './types';
import { latestWins } from './latestWins';

/**
 * Compare mode. "Run comparison" segments the open image with model A, then model B (the worker runs one at a
 * time), keeping both runs by id; overlays, the A/B difference map and the metrics are then re-rendered in the
 * worker at the shared threshold without running the networks again (coalesced like the main overlay).
 */
export const createCompareSlice = (deps: StudioDeps): StateCreator<Studio, [], [], CompareSlice> => (set, get) => {
  const empty = (): Pick<CompareSlice, 'compareRuns' | 'compareOverlays' | 'compareMetrics' | 'compareDiff'> =>
    ({ compareRuns: [null, null], compareOverlays: [null, null], compareMetrics: [null, null], compareDiff: null });
  return {
    compareOpen: false,
    compareModels: ['', ''],
    compareStatus: 'idle',
    compareProgress: null,
    ...empty(),
    setCompareOpen: (compareOpen) => set({ compareOpen }),
    setCompareModels: (a, b) => set({ compareModels: [a, b] }),
    runComparison: async () => {
      const s = get();
      const [a, b] = s.compareModels;
      if (!s.image || !a || !b || s.compareStatus === 'running' || s.runStatus === 'running') return;
      set({ compareStatus: 'running', compareProgress: null, error: null, ...empty() });
      try {
        const imageId = await ensureImageInWorker(get, set, deps);
        if (!imageId) throw new StudioError('internal', 'Open an image first.');
        const runs: RunSummary[] = [];
        for (const slot of [0, 1] as const) {
          set({ compareProgress: { slot, progress: { stage: 'loading-model', done: 0, total: 0 } } });
          const summary = await deps.client.segment(imageId, { modelId: slot === 0 ? a : b, backend: s.backendChoice }, (progress) => {
            if (get().compareStatus === 'running') set({ compareProgress: { slot, progress } });
          });
          if (get().image?.imageId !== imageId) return set({ compareStatus: 'idle', compareProgress: null });
          runs.push(summary);
        }
        set({ compareRuns: [runs[0], runs[1]], compareStatus: 'done', compareProgress: null });
        await get().syncTruth();
        await get().refreshCompare();
      } catch (e) {
        set({ compareStatus: 'failed', compareProgress: null });
        get().showError(toErrorInfo(e));
      }
    },
    refreshCompare: latestWins(async () => {
      const { compareRuns: [ra, rb], threshold, groundTruth } = get();
      if (!ra || !rb) return;
      const withTruth = !!groundTruth && groundTruth.imageId === ra.imageId;
      const [oa, ob, diff, ma, mb] = await Promise.all([
        deps.client.renderOverlay({ runId: ra.runId, threshold, mode: 'mask' }),
        deps.client.renderOverlay({ runId: rb.runId, threshold, mode: 'mask' }),
        deps.client.renderDiff(ra.runId, rb.runId, threshold),
        withTruth ? deps.client.metrics(ra.runId, threshold) : null,
        withTruth ? deps.client.metrics(rb.runId, threshold) : null,
      ]);
      if (get().compareRuns[0] !== ra) return;
      set({ compareOverlays: [oa, ob], compareDiff: diff, compareMetrics: [ma, mb] });
    }, (e) => get().showError(e)),
  };
};
