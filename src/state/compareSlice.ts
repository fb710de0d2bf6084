import { truthCoversImage } from './planeSlice';
import type { StateCreator } from 'zustand';
import { StudioError, toErrorInfo } from '../errors';
import { cancelWithGrace } from './cancelWithGrace';
import { DEFAULT_OTSU } from '../baseline/otsuSegment';
import type { RunSummary } from '../worker/api';
import { ensureImageInWorker } from './imageSlice';
import type { CompareSlice, Studio, StudioDeps } from './types';
import { latestWins } from './latestWins';
import { ensureModelsInWorker, modelsToResend } from './modelSlice';

/**
 * Compare mode. "Run comparison" segments the open image with model A, then model B (the worker runs one at a
 * time), keeping both runs by id; overlays, the A/B difference map and the metrics are then re-rendered in the
 * worker at the shared threshold without running the networks again (coalesced like the main overlay).
 * With `compareBaseline` on, the classical baseline (worker `baselineOtsu`) runs after B and is rendered and
 * scored the same way, as a third pane and table row. "Cancel" stops it between tile batches (cancelWithGrace).
 */
/** Compare mode without results (no runs, overlays, difference map or metrics). */
export const compareCleared = (): Pick<CompareSlice, 'compareRuns' | 'compareOverlays' | 'compareMetrics' | 'compareDiff' | 'compareBaselineRun' | 'compareBaselineOverlay' | 'compareBaselineMetrics'> =>
  ({ compareRuns: [null, null], compareOverlays: [null, null], compareMetrics: [null, null], compareDiff: null, compareBaselineRun: null, compareBaselineOverlay: null, compareBaselineMetrics: null });

export const createCompareSlice = (deps: StudioDeps): StateCreator<Studio, [], [], CompareSlice> => (set, get) => {
  const empty = compareCleared;
  /** Run the baseline on the image of the compared runs (the worker holds it by id). */
  const runBaseline = async (imageId: string) => {
    const run = await deps.client.baselineOtsu(imageId, get().compareBaselineOptions);
    if (get().compareRuns[0]?.imageId === imageId) set({ compareBaselineRun: run, compareBaselineOverlay: null, compareBaselineMetrics: null });
  };
  let clearCancel = () => {};
  const cancelled = () => get().compareStatus === 'cancelling';
  return {
    compareOpen: false,
    compareModels: ['', ''],
    compareStatus: 'idle',
    compareProgress: null,
    compareBaseline: true,
    compareBaselineOptions: DEFAULT_OTSU,
    ...empty(),
    setCompareOpen: (compareOpen) => set({ compareOpen }),
    setCompareBaseline: async (on, options) => {
      set({ compareBaseline: on, compareBaselineOptions: { ...get().compareBaselineOptions, ...options } });
      const ra = get().compareRuns[0];
      if (!on || !ra || get().compareStatus === 'running') return;
      try {
        await runBaseline(ra.imageId);
        await get().refreshCompare();
      } catch (e) {
        get().showError(toErrorInfo(e));
      }
    },
    setCompareModels: (a, b) => set({ compareModels: [a, b] }),
    runComparison: async () => {
      const s = get();
      const [a, b] = s.compareModels;
      if (!s.image || !a || !b || s.compareStatus === 'running' || s.compareStatus === 'cancelling' || s.runStatus === 'running') return;
      get().renewGpuBeforeRun(); // after a device loss: a fresh worker, a new GPU device
      set({ compareStatus: 'running', compareProgress: null, error: null, ...empty() });
      try {
        const imageId = await ensureImageInWorker(get, set, deps);
        if (!imageId) throw new StudioError('internal', 'Open an image first.');
        if (modelsToResend(get(), deps.client.generation(), [a, b]).length) await ensureModelsInWorker(get, set, deps, [a, b]);
        const runs: RunSummary[] = [];
        for (const slot of [0, 1] as const) {
          if (cancelled()) throw new StudioError('cancelled', 'Comparison cancelled.');
          set({ compareProgress: { slot, progress: { stage: 'loading-model', done: 0, total: 0 } } });
          const summary = await deps.client.segment(imageId, { modelId: slot === 0 ? a : b, backend: s.backendChoice }, (progress) => {
            if (get().compareStatus === 'running') set({ compareProgress: { slot, progress } });
          });
          if (get().image?.imageId !== imageId) return set({ compareStatus: 'idle', compareProgress: null });
          runs.push(summary);
        }
        if (cancelled()) throw new StudioError('cancelled', 'Comparison cancelled.');
        set({ compareRuns: [runs[0], runs[1]] });
        if (get().compareBaseline) await runBaseline(imageId);
        set({ compareStatus: 'done', compareProgress: null });
        await get().syncTruth();
        await get().refreshCompare();
      } catch (e) {
        const err = toErrorInfo(e);
        if (err.code === 'cancelled' || cancelled()) set({ compareStatus: 'cancelled', compareProgress: null, ...empty() }); // not an error
        else if (err.code === 'worker-lost') set({ compareStatus: 'idle', compareProgress: null }); // recoverySlice's notice says it
        else {
          set({ compareStatus: 'failed', compareProgress: null });
          get().showError(err);
        }
      } finally {
        clearCancel();
      }
    },
    cancelComparison: () => {
      if (get().compareStatus !== 'running') return;
      set({ compareStatus: 'cancelling' });
      clearCancel = cancelWithGrace(deps, cancelled, set, (e) => get().showError(e)).clear;
    },
    refreshCompare: latestWins(async () => {
      const { compareRuns: [ra, rb], threshold, groundTruth, compareBaseline, compareBaselineRun: rc } = get();
      if (!ra || !rb) return;
      const withTruth = !!groundTruth && truthCoversImage(get()) && get().image?.imageId === ra.imageId;
      const baseline = compareBaseline && rc?.imageId === ra.imageId ? rc : null;
      const [oa, ob, diff, ma, mb, oc, mc] = await Promise.all([
        deps.client.renderOverlay({ runId: ra.runId, threshold, mode: 'mask' }),
        deps.client.renderOverlay({ runId: rb.runId, threshold, mode: 'mask' }),
        deps.client.renderDiff(ra.runId, rb.runId, threshold),
        withTruth ? deps.client.metrics(ra.runId, threshold) : null,
        withTruth ? deps.client.metrics(rb.runId, threshold) : null,
        baseline ? deps.client.renderOverlay({ runId: baseline.runId, threshold, mode: 'mask' }) : null,
        baseline && withTruth ? deps.client.metrics(baseline.runId, threshold) : null,
      ]);
      if (get().compareRuns[0] !== ra) return;
      set({ compareOverlays: [oa, ob], compareDiff: diff, compareMetrics: [ma, mb], compareBaselineOverlay: oc, compareBaselineMetrics: mc });
    }, (e) => get().showError(e)),
  };
};
