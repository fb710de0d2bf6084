import type { StateCreator } from 'zustand';
import { toErrorInfo } from '../errors';
import type { Studio, StudioDeps, ViewSlice } from './types';
import { latestWins } from './latestWins';
import { truthCoversImage } from './planeSlice';

/** "cells.tif" → "cells_mask.png" */
export const maskFileName = (imageName: string): string => `${imageName.replace(/\.[^./\\]+$/, '') || 'image'}_mask.png`;

/**
 * Overlay settings. Threshold and mode re-render the overlay in the worker from the kept probability map
 * (never re-running the network); requests are coalesced so a dragged slider keeps at most one in flight.
 */
export const createViewSlice = (deps: StudioDeps): StateCreator<Studio, [], [], ViewSlice> => (set, get) => {
  return {
    threshold: 0.5,
    opacity: 0.6,
    showMask: true,
    overlayMode: 'mask',
    overlay: null,
    error: null,
    setThreshold: (threshold) => {
      set({ threshold });
      void get().refreshOverlay();
      void get().refreshMetrics(); // metrics follow the slider without running the network (truthSlice)
      void get().refreshStackMetrics();
      void get().refreshLargeRun(); // a streamed run's overlay and counts
    },
    setOpacity: (opacity) => set({ opacity }),
    setShowMask: (showMask) => set({ showMask }),
    setOverlayMode: (overlayMode) => {
      if (overlayMode === 'errors' && !truthCoversImage(get())) return; // the error map needs this plane's ground truth
      set({ overlayMode });
      void get().refreshOverlay();
    },
    refreshOverlay: latestWins(async () => {
      const { result, threshold, overlayMode } = get();
      if (!result) return;
      const overlay = await deps.client.renderOverlay({ runId: result.runId, threshold, mode: overlayMode });
      if (get().result?.runId === result.runId) set({ overlay });
    }, (e) => get().showError(e)),
    downloadMask: async () => {
      const { result, threshold, image } = get();
      if (!result) return;
      try {
        const png = await deps.client.exportMaskPng(result.runId, threshold);
        deps.saveFile(png, maskFileName(image?.name ?? 'image'), 'image/png');
      } catch (e) {
        get().showError(e);
      }
    },
    showError: (e) => {
      const error = toErrorInfo(e);
      if (error.code !== 'worker-lost') set({ error }); // the notice (recoverySlice.ts) says it, once
    },
    dismissError: () => set({ error: null }),
  };
};
